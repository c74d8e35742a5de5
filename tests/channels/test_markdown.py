"""The Markdown people write beyond CommonMark (footnotes, task lists, $…$ math, GitHub
alerts, [TOC], <sub>/<sup>/<kbd>/<mark>, CJK emphasis, Mermaid) on the HTML channels
(WeChat, Zhihu, the site) and the Xiaohongshu cards, over fixtures/markdown-zh.md."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inpublic.channels import render_post
from inpublic.config import Config
from inpublic.document import parse_markdown

FIXTURE = Path(__file__).parent / "fixtures" / "markdown-zh.md"


@pytest.fixture
def rendered(tmp_path: Path):
    posts = tmp_path / "posts"
    posts.mkdir()
    post = posts / "post.md"
    post.write_text(FIXTURE.read_text("utf-8"), "utf-8")
    result = render_post(post, Config(), ["wechat", "zhihu", "xiaohongshu"], tmp_path / "out")
    return result


def _findings(result, channel: str) -> dict[str, str]:
    output = next(o for o in result.outputs if o.channel == channel)
    return {f.rule: f.message for f in output.findings}


def _body() -> str:
    return FIXTURE.read_text("utf-8").split("---", 2)[2]


def test_the_document_keeps_its_text_and_learns_the_structure() -> None:
    document = parse_markdown(_body(), lang="zh")
    texts = [b.text for b in document.blocks]
    # the syntax as written stays in the text: the check and the plain channels read it
    assert "[x] 脚注改成文末编号注释" in texts and "[ ] 公式改成图片" in texts
    assert "[!NOTE]\n公众号编辑器会去掉 <input> 和 SVG。" in texts
    assert "[^1]: 统计了最近 12 篇文章的平均值。" in texts
    # CJK emphasis is emphasis, not literal asterisks
    assert texts[2].startswith("注意：这里要加粗，斜体，后文照常。")
    # a formula is opaque to the prose tools; a display formula is a block of its own
    inline = next(b for b in document.blocks if "行内公式" in b.text)
    assert [s.kind for s in inline.inlines[0].spans] == ["text", "math", "text"]
    assert "mc^2" not in inline.inlines[0].prose
    maths = [b for b in document.blocks if b.kind == "math"]
    assert len(maths) == 2 and maths[0].text.startswith("$$") and maths[0].line == 24
    # the footnote's text is prose, with its sentence
    note = next(b for b in document.blocks if b.text.startswith("[^1]"))
    assert note.sentences and "12 篇" in note.sentences[0].text


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("**注意：**这里要加粗", "<strong>注意：</strong>这里要加粗"),
        ("*斜体，*后文", "<em>斜体，</em>后文"),
        ("这是**“引号”**的", "这是<strong>“引号”</strong>的"),
        ("（**括号**）后", "（<strong>括号</strong>）后"),
        ("a**b**c and **bold**", "a<strong>b</strong>c and <strong>bold</strong>"),
        ("2 * 3 * 4", "2 * 3 * 4"),
        ("**note:**next", "**note:**next"),  # Latin keeps CommonMark's rule
    ],
)
def test_cjk_friendly_emphasis(text: str, html: str) -> None:
    from inpublic.document import markdown

    assert markdown().render(text).strip() == f"<p>{html}</p>"


def test_dollars_that_are_money_are_not_math() -> None:
    document = parse_markdown("It costs $5 and $10 a month.\n", lang="en")
    assert all(s.kind != "math" for s in document.blocks[0].inlines[0].spans)


def test_wechat(rendered) -> None:
    html = (rendered.out / "wechat.html").read_text("utf-8")
    text = re.sub(r"<[^>]+>", "", html)
    # nothing of the syntax is left
    for residue in ("[^1]", "[x]", "[ ]", "[!NOTE]", "[TOC]", "$", "**", "<input"):
        assert residue not in text.replace("&lt;input&gt;", ""), residue
    # footnotes: a number at the reference, numbered notes at the end under 注释
    assert re.search(r"<sup[^>]*>1</sup>", html) and re.search(r"<sup[^>]*>2</sup>", html)
    notes = html[html.index(">注释</h4>") :]
    assert "1.</span>&nbsp;统计了最近 12 篇文章的平均值。" in notes
    assert "2.</span>&nbsp;公式由 matplotlib" in notes
    # task boxes as the items' markers
    assert ">☑&nbsp;</span>脚注改成" in html and ">☐&nbsp;</span>公式改成" in html
    # alerts: a box with its title in the post's language, coloured by kind
    assert re.search(r'<section style="[^"]*border-left:4px solid #0969da[^"]*">', html)
    assert ">注意</p>" in html and ">警告</p>" in html and "#9a6700" in html
    # formulas: PNG images, inline on the line, display centred
    formulas = re.findall(r'<img src="data:image/png;base64,[^"]+" alt="([^"]*)"', html)
    assert formulas[0] == "E=mc^2" and formulas[1].startswith("\\frac{t_{")
    # [TOC]: the headings, in order
    toc = html[html.index(">目录</p>") :]
    assert re.findall(r">(问题|方案|结果)</p>", toc)[:3] == ["问题", "方案", "结果"]
    # inline HTML kept as pairs, with styles; a dropped tag is one finding, counted
    assert "H<sub" in html and ">2</sub>O" in html and ">Ctrl</kbd>" in html
    assert re.search(r"<mark style=\"[^\"]*background:#fff3a3", html)
    assert "onclick" not in html and "<font" not in html
    findings = _findings(rendered, "wechat")
    assert (
        findings["wechat.unsafe-html"] == "原始 HTML <font> 没有放进公众号（2 处）：公众号不接受它"
    )
    assert "mermaid" in findings["wechat.diagram"] and "graph" in html


def test_wechat_keeps_tex_it_cannot_draw_as_code(tmp_path: Path) -> None:
    post = tmp_path / "post.md"
    post.write_text(
        "---\ntitle: Aligned\nlang: en\n---\n\n> [!TIP]\n> Read this.\n\n"
        "$$\n\\begin{aligned}a &= b\\end{aligned}\n$$\n",
        "utf-8",
    )
    result = render_post(post, Config(), ["wechat"], tmp_path / "out")
    html = (result.out / "wechat.html").read_text("utf-8")
    assert "\\begin{aligned}a &amp;= b\\end{aligned}" in html and "data:image" not in html
    assert ">Tip</p>" in html and "#1a7f37" in html  # an English post's title
    assert "line 9 " in _findings(result, "wechat")["wechat.math"]


def test_zhihu_golden(rendered) -> None:
    written = (rendered.out / "zhihu.md").read_text("utf-8")
    golden = Path(__file__).parent / "fixtures" / "markdown-zh.zhihu.md"
    assert written == golden.read_text("utf-8")
    findings = _findings(rendered, "zhihu")
    assert "第 9 行的 [TOC]" in findings["zhihu.toc"]
    assert "mermaid" in findings["zhihu.diagram"]


def test_site(tmp_path: Path) -> None:
    from inpublic.site._html import render_document

    document = parse_markdown(_body(), lang="zh")
    result = render_document(document, tmp_path / "post.md", tmp_path / "page")
    html = result.html
    assert '<nav class="toc"><ul><li style="margin-left:0em"><a href="#问题">问题</a>' in html
    assert '<p class="markdown-alert-title">注意</p>' in html
    assert '<li id="fn1" class="footnote-item"><p>统计了最近 12 篇文章的平均值。' in html
    assert 'href="#fn2"' in html and "[^" not in html
    assert 'class="task-list-item-checkbox" disabled="" type="checkbox" checked=""' in html
    assert html.count('<img class="math" src="data:image/png;base64,') == 3
    assert "<script" not in html
    assert "H<sub>2</sub>O" in html and "<kbd>Ctrl</kbd>" in html and "<mark>重点</mark>" in html
    assert "<font" not in html and "raw HTML <font> left out (2×)" in result.warnings


def test_cards_show_a_display_formula_as_an_image(rendered) -> None:
    from PIL import Image

    from inpublic.channels.model import RenderContext
    from inpublic.channels.xiaohongshu import card_pages
    from inpublic.document import parse_document
    from inpublic.workspace.post import load_post

    post = load_post(rendered.out.parent.parent / "posts" / "post.md")
    context = RenderContext(parse_document(post, "zh"), post, Config(), rendered.out)
    pieces = [piece for page in card_pages(context) for piece in page]
    images = [p.image for p in pieces if p.kind == "image"]
    assert len(images) == 2 and all(isinstance(png, bytes) for png in images)
    with Image.open(io.BytesIO(images[0])) as image:
        assert image.format == "PNG"
    with Image.open(io.BytesIO(images[1])) as image:
        assert image.width > 3 * image.height  # the long sum, drawn on one line
    assert not any("\\frac" in p.text or "$$" in p.text for p in pieces)


@pytest.mark.parametrize("width", [375, 677])
def test_wechat_preview_shows_the_formulas_within_the_column(rendered, browser, width) -> None:
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto((rendered.out / "wechat.preview.html").as_uri())
    found = page.evaluate("""() => {
      const content = document.getElementById('content');
      const column = content.getBoundingClientRect();
      const images = [...content.querySelectorAll('img')].map(img => ({
        alt: img.alt, loaded: img.complete && img.naturalWidth > 0,
        left: img.getBoundingClientRect().left, right: img.getBoundingClientRect().right,
        height: img.getBoundingClientRect().height}));
      const wide = [...content.querySelectorAll('*')]
        .filter(el => el.getBoundingClientRect().right > column.right + 0.5)
        .filter(el => !el.closest('pre'))
        .map(el => el.tagName);
      return {images, wide};
    }""")
    page.close()
    assert len(found["images"]) == 3 and all(image["loaded"] for image in found["images"])
    assert found["wide"] == []
    inline = found["images"][0]
    assert inline["alt"] == "E=mc^2" and 10 < inline["height"] < 30  # the text's size


@given(
    st.lists(
        st.sampled_from([*"ab1 .,:;!?()*_~`-\n", "**", "__", "~~", "é", "—", "“", "”"]),
        max_size=30,
    ).map("".join)
)
@settings(max_examples=300, deadline=None)
def test_emphasis_without_cjk_is_commonmark(text: str) -> None:
    """The CJK rule only relaxes CommonMark next to CJK text: elsewhere it changes nothing."""
    from markdown_it import MarkdownIt

    from inpublic.document import markdown

    stock = MarkdownIt("gfm-like", {"html": True})
    stock.linkify = markdown().linkify  # the same autolinks: only emphasis is compared
    assert markdown().render(text) == stock.render(text)


@given(
    st.sampled_from(["注意", "结果", "重要"]),
    st.sampled_from(list("：，。！？）」")),
    st.sampled_from(["这里", "后文", "数据"]),
)
def test_emphasis_closing_after_cjk_punctuation(word: str, mark: str, after: str) -> None:
    from inpublic.document import markdown

    opening = "（" if mark == "）" else "「" if mark == "」" else ""
    for delimiter, tag in (("**", "strong"), ("*", "em")):
        text = f"{delimiter}{opening}{word}{mark}{delimiter}{after}"
        rendered = markdown().render(text)
        assert f"<{tag}>{opening}{word}{mark}</{tag}>{after}" in rendered, rendered
