from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageFont

from inpublic.channels.xiaohongshu import (
    BACKGROUND,
    MARGIN,
    Piece,
    draw_cards,
    find_fonts,
    layout,
    plan_cards,
    title_length,
)

from .conftest import MIXED


def test_linkedin(render) -> None:
    result = render(channels=("linkedin",))
    text = (result.out / "linkedin.txt").read_text("utf-8")
    hook = text[:210]
    assert "每个 PR 都要等 14 分钟的 CI" in hook and "CI 中位数从 14 分钟降到 4 分钟" in hook
    assert "• " in text and "  ◦ " in text
    assert text.rstrip().endswith("#ci #python #githubactions")
    links = text.split("链接：")[1]
    assert "[1] https://ci.example.com/runs/42" in links
    assert "https://" not in text.split("链接：")[0]  # links are moved to the end
    assert len(text) <= 3000


def test_linkedin_too_long_is_a_finding(render) -> None:
    long = MIXED.replace("## 结果", "## 过程\n\n" + "这一步很长。" * 600 + "\n\n## 结果")
    result = render(long, channels=("linkedin",))
    (finding,) = [f for f in result.findings if f.rule == "linkedin.too-long"]
    assert "cut" in finding.message


def test_zhihu(render) -> None:
    result = render(channels=("zhihu",))
    markdown = (result.out / "zhihu.md").read_text("utf-8")
    assert markdown.startswith("# 缓存 wheel：CI 从 14 分钟到 4 分钟\n")
    assert "title:" not in markdown and "<!--" not in markdown
    assert "![CI 时间](chart.png)" in markdown and "(https://ci.example.com/runs/42)" in markdown
    summary = (result.out / "juejin-summary.txt").read_text("utf-8").strip()
    assert 0 < len(summary) <= 100

    (upload,) = [f for f in result.outputs[0].findings if f.rule == "zhihu.upload-image"]
    assert "chart.png" in upload.message


def test_zhihu_leaves_out_scripts_and_keeps_cjk_text_out_of_links(render) -> None:
    text = (
        "---\ntitle: t\n---\n\n代码在 https://git.example.org/acme/cache。见 "
        "https://example.org/a_(b)和 https://example.org/en.\n\n"
        "`https://example.org/code。`\n\n```\ncurl https://example.org/x。\n```\n\n"
        "<script>alert(1)</script>\n"
    )
    result = render(text, channels=("zhihu",), image=False)
    markdown = (result.out / "zhihu.md").read_text("utf-8")
    assert "<https://git.example.org/acme/cache>。" in markdown
    assert "<https://example.org/a_(b)>和" in markdown
    assert " https://example.org/en." in markdown  # followed by Latin text: as written
    assert "`https://example.org/code。`" in markdown and "curl https://example.org/x。" in markdown
    assert "<script" not in markdown
    assert [f.rule for f in result.outputs[0].findings] == ["zhihu.raw-html"]


def test_xiaohongshu_caption(render) -> None:
    result = render(channels=("xiaohongshu",))
    caption = (result.out / "xiaohongshu.txt").read_text("utf-8")
    title, blank, body = caption.split("\n", 2)
    assert title == "缓存 wheel：CI 从 14 分钟到 4 分钟" and blank == ""
    assert "📌 问题" in body and "🔧 方案" in body and "📊 结果" in body
    assert "https://" not in caption  # links are not clickable there
    assert (result.out / "xiaohongshu-links.txt").read_text("utf-8").splitlines() == [
        "https://ci.example.com/runs/42",
        "https://mp.weixin.qq.com/s/abc",
    ]
    assert caption.rstrip().endswith("#ci #python #githubactions")
    cards = sorted((result.out / "xiaohongshu").glob("card-*.png"))
    assert cards and all(Image.open(card).size == (1080, 1440) for card in cards)


def test_title_count() -> None:
    assert title_length("缓存" * 10) == 20
    assert title_length("a" * 40) == 20
    assert title_length("CI 从 14 分钟到 4 分钟") == 11  # 6 CJK + 10 ASCII halves
    assert title_length("🚀上线") == 4  # an emoji outside the BMP is two UTF-16 units
    assert title_length("✨上线") == 3  # U+2728 is one


def test_long_mixed_text_never_leaves_the_card(tmp_path: Path) -> None:
    font = find_fonts()
    assert font is not None, "install fonts-noto-cjk ('make test' does)"
    text = (
        "混合 mixed 文本 with emoji 🚀🧵👩‍💻 and `inline_code_that_is_rather_long()` "
        "以及一个非常非常长的没有空格的中文句子" * 6 + " " + "x" * 300
    )
    pieces = [Piece("heading", "标题 Title " * 8), Piece("paragraph", text)]
    pieces.append(Piece("code", "def f():\n" * 20))
    size = (1080, 1440)
    cards = layout(pieces, font, size)
    assert len(cards) > 1
    for card in cards:
        for line in card:
            assert line.x >= MARGIN and line.x + line.width <= size[0] - MARGIN, line
            assert line.y >= MARGIN and line.y + line.height <= size[1] - MARGIN, line
    paths = draw_cards(
        plan_cards([pieces], "标题", "3 小时 → 5 分钟", font, size), "", font, tmp_path, size
    )
    for path in paths:
        image = Image.open(path).convert("RGB")
        inside = image.crop((MARGIN, MARGIN, size[0] - MARGIN, size[1] - MARGIN))
        blank = Image.new("RGB", inside.size, BACKGROUND)
        # Everything outside the margins is background, except the footer line.
        outside = image.copy()
        outside.paste(blank, (MARGIN, MARGIN))
        footer_top = size[1] - MARGIN + 10
        band = outside.crop((0, 0, size[0], footer_top))
        assert band.getcolors(1) == [(size[0] * footer_top, BACKGROUND)], path
    assert ImageFont.truetype(str(font.text.path), 40).getlength("中") > 0


def test_no_cjk_font_is_a_clear_error(render, monkeypatch) -> None:
    import inpublic.channels.xiaohongshu as module

    monkeypatch.setattr(module, "find_font", lambda configured=None: None)
    result = render(channels=("xiaohongshu",))
    (finding,) = [f for f in result.findings if f.rule == "xiaohongshu.no-cjk-font"]
    assert "fonts-noto-cjk" in finding.suggestion
    assert (result.out / "xiaohongshu.txt").is_file()


def test_cards_break_pages_at_horizontal_rules() -> None:
    from inpublic.channels.model import RenderContext
    from inpublic.channels.xiaohongshu import card_pages
    from inpublic.config import Config
    from inpublic.document import parse_document
    from inpublic.workspace import parse_post

    def pages(text: str):
        post = parse_post(text, Path("p.md"))
        context = RenderContext(parse_document(post), post, Config(), Path("out"))
        return card_pages(context)

    plain = "---\ntitle: t\n---\n\n## A\n\nOne.\n\n## B\n\nTwo.\n"
    assert len(pages(plain)) == 1
    split = pages(plain.replace("\n## B", "\n---\n\n## B"))
    assert [[piece.text for piece in page] for page in split] == [["A", "One."], ["B", "Two."]]


class CountingFont:
    """A font whose every character is 10 px wide, counting the characters it measures."""

    def __init__(self) -> None:
        self.measured = 0

    def getlength(self, text: str) -> float:
        self.measured += len(text)
        return 10.0 * len(text)


def test_item10_wrapping_a_long_word_measures_each_character_a_few_times() -> None:
    """One 8,000-character code line took over 100 s: the word was cut one character at a
    time, measuring the whole rest each time. Now each measure is of about a line."""
    from inpublic.channels.xiaohongshu import wrap

    font = CountingFont()
    word = "x" * 8000
    lines = list(wrap("start " + word + " end", font, 900))
    assert lines[0] == "start" and "".join(lines[1:]) == word + " end"
    assert all(len(line) <= 90 for line in lines)
    assert font.measured < 5 * len(word)  # it was over 30 million for this one line


def test_item10_layout_stops_once_the_cards_are_full(tmp_path: Path) -> None:
    font = find_fonts()
    assert font is not None
    pieces = [Piece("paragraph", "A sentence about the build. " * 40)] * 200
    cards = layout(pieces, font, (1080, 1440), max_cards=3)
    assert len(cards) == 4  # the fourth says that there is more, and nothing further is laid out
    assert len(cards[-1]) == 1


def test_cards_break_lines_as_chinese_typesetting_does() -> None:
    """禁则: no card line starts with closing punctuation or ends with opening punctuation,
    and a number stays with the word after it (its unit)."""
    from inpublic.channels.xiaohongshu import wrap

    fonts = find_fonts()
    assert fonts is not None
    font = fonts.face("text", 38)
    paragraph = (
        "我们把构建缓存放到了「远端」，冷启动从 840 ms 降到 120 ms。"
        "第二步（也是最难的一步）是找出哪些层没有命中缓存……结果发现是时间戳。"
        "每次都要手工清理“旧镜像”，否则磁盘占用会到 95%！接下来：换成按内容哈希的标签？"
    ) * 6
    closing, opening = "，。、：；！？）」』》…”%", "（「『《“"
    for width in range(300, 901, 37):  # many widths, so that breaks fall everywhere
        lines = list(wrap(paragraph, font, width))
        assert "".join(lines).replace(" ", "") == paragraph.replace(" ", "")  # nothing lost
        for line in lines:
            assert line[0] not in closing, (width, line)
            assert line[-1] not in opening, (width, line)
            assert not line.endswith(("840", "120", "95")), (width, line)
            assert font.getlength(line) <= width or len(line) == 1
