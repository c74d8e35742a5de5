from __future__ import annotations

import re

import pytest


def fragment(render, text=None):
    result = render(channels=("wechat",)) if text is None else render(text, channels=("wechat",))
    return result, (result.out / "wechat.html").read_text("utf-8")


def test_inline_styles_only(render) -> None:
    _, html = fragment(render)
    assert "<style" not in html and "<script" not in html
    assert not re.search(r"\s(class|id)=", html)
    assert 'style="' in html.split(">", 1)[0]


def test_external_links_become_numbered_references(render) -> None:
    _, html = fragment(render)
    assert html.count("[1]") == 3  # two links to one URL share a number, plus the list entry
    assert "[2]" not in html  # the mp.weixin.qq.com link is not a reference
    assert '<a href="https://mp.weixin.qq.com/s/abc">公众号文章</a>' in html
    assert "参考资料" in html and "https://ci.example.com/runs/42" in html


def test_footnotes_can_be_switched_off(render) -> None:
    from .conftest import MIXED

    text = MIXED.replace("draft: false", "draft: false\nchannels:\n  wechat:\n    footnotes: false")
    _, html = fragment(render, text)
    assert '<a href="https://ci.example.com/runs/42">the CI log</a>' in html
    assert "参考资料" not in html


def test_code_keeps_its_whitespace(render) -> None:
    _, html = fragment(render)
    block = html[html.index("def</span>") : html.index("two&nbsp;spaces")]
    assert block.count("<br>") + block.count("<br/>") == 2
    assert "&nbsp;&nbsp;&nbsp;&nbsp;<span" in block  # the tab became four spaces, spelled out
    assert "\t" not in block and "\n" not in block


def test_lists_are_flattened_and_images_sized(render) -> None:
    _, html = fragment(render)
    assert "<ul" not in html and "<ol" not in html and "<li" not in html
    assert "1. " in html and "◦ " in html and "2. " in html
    image = re.search(r"<img [^>]*>", html).group()
    assert "width:300px" in image.replace(" ", "") and "height:auto" in image.replace(" ", "")


def test_raw_html_is_sanitised_with_a_warning(render) -> None:
    result, html = fragment(render)
    assert "alert(1)" not in html
    (output,) = result.outputs
    assert "wechat.unsafe-html" in {f.rule for f in output.findings}


def test_title_and_digest_limits(render) -> None:
    from .conftest import MIXED

    long_title = MIXED.replace("title: 缓存 wheel：CI 从 14 分钟到 4 分钟", "title: " + "长" * 40)
    result, _ = fragment(render, long_title)
    rules = {f.rule for f in result.findings}
    assert "wechat.title-too-long" in rules
    fixed = long_title.replace("draft: false", "draft: false\nchannels: {wechat: {title: 短标题}}")
    result, _ = fragment(render, fixed)
    assert "wechat.title-too-long" not in {f.rule for f in result.findings}


@pytest.mark.parametrize("theme", ["default", "blue", "plain"])
def test_themes(render, theme: str) -> None:
    from .conftest import MIXED

    text = MIXED.replace("draft: false", f"draft: false\nchannels: {{wechat: {{theme: {theme}}}}}")
    result, html = fragment(render, text)
    assert not result.findings or "wechat.unknown-theme" not in {f.rule for f in result.findings}
    assert "font-size: 19px" in html or "font-size:19px" in html


def test_preview_in_chromium(render, browser) -> None:
    """The computed styles come from the inline styles alone, and Copy fills the clipboard."""
    result, _ = fragment(render)
    preview = result.out / "wechat.preview.html"
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(preview.as_uri())
    style = page.evaluate("""() => {
      const content = document.getElementById('content');
      const css = (el, p) => getComputedStyle(el).getPropertyValue(p);
      const h2 = content.querySelector('h2');
      const pre = content.querySelector('pre');
      const code = pre.querySelector('code');
      const sup = content.querySelector('sup');
      const refs = [...content.querySelectorAll('p')]
        .filter(p => p.textContent.startsWith('[1]'))[0];
      return {
        width: content.getBoundingClientRect().width,
        h2Color: css(h2, 'color'), h2Border: css(h2, 'border-left-width'),
        preOverflow: css(pre, 'overflow-x'), preBackground: css(pre, 'background-color'),
        codeWhiteSpace: css(code, 'white-space'), codeFont: css(code, 'font-family'),
        supColor: css(sup, 'color'), refSize: css(refs, 'font-size'),
        codeLines: code.innerText.split('\\n').length,
      };
    }""")
    page.click("#copy")
    page.wait_for_function("document.getElementById('status').textContent.startsWith('Copied')")
    clip = page.evaluate("""async () => {
      const items = await navigator.clipboard.read();
      return items[0].types;
    }""")
    assert 600 < style["width"] <= 677
    assert style["h2Color"] == "rgb(15, 123, 108)"
    assert style["h2Border"] == "4px"
    assert style["preOverflow"] == "auto"
    assert style["preBackground"] == "rgb(246, 248, 250)"
    assert style["codeWhiteSpace"] == "nowrap"
    assert "Menlo" in style["codeFont"]
    assert style["supColor"] == "rgb(15, 123, 108)"
    assert style["refSize"] == "13px"
    assert style["codeLines"] == 3
    assert set(clip) >= {"text/html", "text/plain"}
