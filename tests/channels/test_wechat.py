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


def code_block(html: str) -> str:
    return re.search(r"<code [^>]*display:block[^>]*>(.*?)</code>", html).group(1)


def test_code_keeps_its_whitespace(render) -> None:
    _, html = fragment(render)
    block = code_block(html)
    assert block.count("<br>") + block.count("<br/>") == 2
    assert "&nbsp;&nbsp;&nbsp;&nbsp;<span" in block  # the tab became four spaces, spelled out
    assert "\t" not in block and "\n" not in block


def test_code_spans_are_merged_and_styles_compact(render) -> None:
    """One span per run of one colour (the string and its quotes, a keyword and the space
    after it), none for white space alone, and no blank in the styles css-inline writes."""
    _, html = fragment(render)
    block = code_block(html)
    assert '<span style="color:#4070a0">"&nbsp;&nbsp;two&nbsp;spaces"</span>' in block
    assert '<span style="color:#007020;font-weight:bold">def&nbsp;</span>' in block
    spans = re.findall(r'<span style="[^"]*">(.*?)</span>', block)
    assert all(text.replace("&nbsp;", "").replace("<br>", "").strip() for text in spans)
    assert not re.search(r'<span style="([^"]*)">((?!</span>).)*</span><span style="\1">', block)
    styles = re.findall(r'style="([^"]*)"', html)
    assert styles and not any(": " in s or s.endswith(";") for s in styles)
    assert html.startswith('<section style="font-size:16px;line-height:1.75;')


def test_lists_are_flattened_and_images_sized(render) -> None:
    _, html = fragment(render)
    assert "<ul" not in html and "<ol" not in html and "<li" not in html
    assert ">1.&nbsp;</span>按" in html and ">◦&nbsp;</span>嵌套" in html
    assert ">2.&nbsp;</span>把" in html
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
    # Issue 15: no title fits, so the key result is proposed; the author's override wins,
    # and only an override that does not fit is an error.
    assert "wechat.title-too-long" not in {f.rule for f in result.findings}
    (proposal,) = [p for p in result.outputs[0].proposals if p.key == "title"]
    assert proposal.text == "CI 中位数从 14 分钟降到 4 分钟"  # its first clause
    assert (result.out / "wechat-title.txt").read_text("utf-8") == proposal.text + "\n"
    fixed = long_title.replace("draft: false", "draft: false\nchannels: {wechat: {title: 短标题}}")
    result, _ = fragment(render, fixed)
    assert "wechat.title-too-long" not in {f.rule for f in result.findings}
    assert (result.out / "wechat-title.txt").read_text("utf-8") == "短标题\n"
    too_long = long_title.replace(
        "draft: false", "draft: false\nchannels: {wechat: {title: " + "长" * 33 + "}}"
    )
    result, _ = fragment(render, too_long)
    assert "wechat.title-too-long" in {f.rule for f in result.findings}


@pytest.mark.parametrize("theme", ["default", "blue", "plain"])
def test_themes(render, theme: str) -> None:
    from .conftest import MIXED

    text = MIXED.replace("draft: false", f"draft: false\nchannels: {{wechat: {{theme: {theme}}}}}")
    result, html = fragment(render, text)
    assert not result.findings or "wechat.unknown-theme" not in {f.rule for f in result.findings}
    assert '<h2 style="font-size:1.2em;' in html


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
    clip = copy(page)["types"]
    assert 600 < style["width"] <= 677
    assert style["h2Color"] == "rgb(15, 123, 108)"
    assert style["h2Border"] == "4px"
    assert style["preOverflow"] == "auto"
    assert style["preBackground"] == "rgb(240, 240, 240)"  # Pygments friendly
    assert style["codeWhiteSpace"] == "nowrap"
    assert "Menlo" in style["codeFont"]
    assert style["supColor"] == "rgb(15, 123, 108)"
    assert style["refSize"] == "12.8px"
    assert style["codeLines"] == 3
    assert set(clip) >= {"text/html", "text/plain"}


RICH = """---
title: 列表、代码与表格
date: 2026-11-30
slug: wechat-look
lang: zh
draft: false
---

## 松散列表

- 第一项：按 `requirements.lock` 的哈希缓存 wheel，这一行写得很长很长，
  长到在手机上一定会折行，折行之后的文字应当对齐到正文而不是圆点下面。

- 第二项，后面还有一段。

  第二项的第二段，缩进与正文对齐。

- 第三项
  - 嵌套的一项，同样写得足够长，长到在 375 像素宽的屏幕上会折成两行甚至三行文字。
    - 第三层的一项，再缩进一级，所有层级的缩进都是同一个步长。

3. 从三开始的有序列表
4. 第四项

##### 五级标题

###### 六级标题

完整日志在 https://ci.example.com/runs/42/artifacts/very-long-path/with/many/segments?x=123abc
里，说明见 [文档](https://docs.example.com/cache)，再次引用[文档](https://docs.example.com/cache)。

| 指标 | 之前 | 之后 | 说明 |
| --- | --- | --- | --- |
| CI 中位数 | 14 分钟 | 4 分钟 | 按 lock 文件哈希缓存 wheel，命中率 92% |
| p95 | 180 ms | 23 ms | 读路径换成 SQLite FTS5，索引放在本地磁盘上，冷启动另算 |

```python
def build(wheels):
\tfor wheel in wheels:  # a tab, then a very long comment that goes on and on past the column
        print("  two spaces")
```

![CI 时间的变化](chart.png)

1. one
2. two
3. three
4. four
5. five
6. six
7. seven
8. eight
9. nine
10. ten, with a long line that wraps on a phone so that the hanging indent shows under the text
"""


def with_options(text: str, options: str) -> str:
    return text.replace("draft: false", f"draft: false\nchannels: {{wechat: {{{options}}}}}", 1)


def test_list_markers_numbers_and_small_headings(render) -> None:
    _, html = fragment(render, RICH)
    # each item's marker opens the paragraph of its text, loose or tight
    for text in ("第一项", "第二项，", "第三项", "嵌套的一项", "第三层的一项", "one", "ten,"):
        assert re.search(rf"&nbsp;</span>{text}", html), text
    assert ">3.&nbsp;</span>从三开始" in html and ">4.&nbsp;</span>第四项" in html
    assert ">10.&nbsp;</span>ten" in html
    # a fixed step per level; a list numbered past 9 gets a wider box for all its items
    assert html.count("padding-left:1.6em") == 3 + 2 + 2  # 3 + 1 + 1 bullets, 2 from 3.
    assert html.count("padding-left:1.9em") == 10
    for level in ("h5", "h6"):
        assert re.search(rf'<{level} style="font-size:[^"]*color:#', html), level


def test_paragraphs_urls_tables_and_figures(render) -> None:
    _, html = fragment(render, RICH)
    assert re.match(r'<section style="[^"]*text-align:justify', html)  # read by every <p>
    url = "https://ci.example.com/runs/42/artifacts/very-long-path"
    assert re.search(rf'<span style="word-break:break-all">{url}', html)
    assert re.search(r"<td style=\"[^\"]*white-space:nowrap[^\"]*\">14 分钟", html)
    assert re.search(r"<td style=\"[^\"]*\">按 lock", html).group().count("nowrap") == 0
    assert re.search(r"<figure[^>]*><img [^>]*><figcaption[^>]*>CI 时间的变化</figcaption>", html)
    # an English post is not justified
    _, english = fragment(render, RICH.replace("lang: zh", "lang: en"))
    assert "justify" not in english


def test_references_once_each_with_chinese_punctuation(render) -> None:
    _, html = fragment(render, RICH)
    refs = html[html.index("参考资料") :]
    assert refs.count("<p ") == 1  # one URL linked twice; the bare URL is not repeated
    assert "[1] 文档：<i>https://docs.example.com/cache</i>" in refs
    assert html.count("[1]</sup>") == 2
    _, english = fragment(render, RICH.replace("lang: zh", "lang: en"))
    assert "[1] 文档: <i>https://docs.example.com/cache</i>" in english
    assert "References" in english


def test_code_theme_and_mac_bar(render) -> None:
    from inpublic.config import Config, WechatSettings

    _, html = fragment(render, RICH)
    dots = "border-radius:50%;background:#ff5f56;box-shadow:20px 0 #ffbd2e, 40px 0 #27c93f"
    assert html.count(dots) == 1  # three dots (one and two shadows), on by default
    assert re.search(r"<pre style=\"[^\"]*background:#f0f0f0", html)
    config = Config(wechat=WechatSettings(code_theme="monokai", mac_code=False))
    result = render(RICH, channels=("wechat",), config=config)
    dark = (result.out / "wechat.html").read_text("utf-8")
    assert "border-radius:50%" not in dark
    assert re.search(r"<pre style=\"[^\"]*background:#272822;color:#f8f8f2", dark)
    assert '<span style="color:#66d9ef">def&nbsp;</span>' in dark
    result = render(with_options(RICH, "code_theme: nope"), channels=("wechat",))
    assert "wechat.unknown-code-theme" in {f.rule for f in result.findings}
    assert "background:#f0f0f0" in (result.out / "wechat.html").read_text("utf-8")


def test_workspace_theme_colour_and_size(render, tmp_path) -> None:
    """A theme copied into the workspace, built on a built-in one, with the primary colour
    and the size from inpublic.toml; the post's own options win."""
    from inpublic.config import Config, WechatSettings

    (tmp_path / "inpublic.toml").write_text("", "utf-8")
    (tmp_path / "themes").mkdir()
    (tmp_path / "themes" / "wechat-mine.css").write_text(
        '@import "wechat-blue.css";\nh3 { color: var(--primary); font-style: italic; }\n',
        "utf-8",
    )
    config = Config(wechat=WechatSettings(theme="mine", color="#c0392b", font_size=18))
    result = render(RICH.replace("##### 五级", "### 三级\n\n##### 五级"), ("wechat",), config)
    html = (result.out / "wechat.html").read_text("utf-8")
    assert not looks(result.findings)
    assert html.startswith('<section style="font-size:18px;')
    assert re.search(r"<h2 style=\"[^\"]*background:#c0392b", html)  # blue's h2, recoloured
    assert re.search(r"<h3 style=\"[^\"]*color:#c0392b;font-style:italic", html)
    assert "(theme mine," in result.outputs[0].summary
    result = render(with_options(RICH, "theme: plain, color: '#123456'"), ("wechat",), config)
    html = (result.out / "wechat.html").read_text("utf-8")
    assert re.search(r"<h2 style=\"[^\"]*border-bottom:1px solid #123456", html)
    for name in ("gone", "../../etc/passwd", "mine/../mine"):
        result = render(with_options(RICH, f"theme: '{name}'"), ("wechat",), config)
        (finding,) = looks(result.findings)
        assert finding.rule == "wechat.unknown-theme" and "mine" in finding.suggestion


def test_bad_post_options_are_warnings(render) -> None:
    options = "color: red, font_size: 40, mac_code: 'no', theme: blue"
    result, html = fragment(render, with_options(RICH, options))
    rules = {f.rule for f in looks(result.findings)}
    assert rules == {"wechat.bad-color", "wechat.bad-font-size", "wechat.bad-mac-code"}
    assert html.startswith('<section style="font-size:16px;')  # the theme's size
    assert "box-shadow:20px 0 #ffbd2e" in html  # mac_code stays on
    assert re.search(r"<h2 style=\"[^\"]*background:#2f6fde", html)  # blue, its own colour


def test_content_limit_counts_visible_text(render) -> None:
    """WeChat's 20,000 counts what a reader sees: styled code far over 20,000 characters of
    HTML is within it, 20,001 characters of text are not; the HTML size is reported."""
    code = "```python\n" + "x = compute(a, b)  # note\n" * 400 + "```\n"
    result, html = fragment(render, RICH + "\n" + code)
    assert len(html) > 20_000
    assert "wechat.content-too-long" not in {f.rule for f in result.findings}
    assert f"{len(html.rstrip().encode())} bytes of HTML" in result.outputs[0].summary
    # 5 (the heading) + 7 (the caption; the alt attribute, with its '>', counts nothing)
    # + 1,990 × 10 characters of text
    text = "![a > b, c > d](chart.png)\n\n" + "十个字的中文句子。。\n\n" * 1_990
    result, html = fragment(render, RICH.split("---\n\n")[0] + "---\n\n## 二级标题五\n\n" + text)
    assert "wechat.content-too-long" not in {f.rule for f in result.findings}
    assert "19912 characters of text" in result.outputs[0].summary, result.outputs[0].summary
    result, _ = fragment(render, RICH + "\n" + "长" * 20_001 + "\n")
    (finding,) = [f for f in result.findings if f.rule == "wechat.content-too-long"]
    assert finding.message.startswith("文章正文有 ") and "公众号最多 20000 个" in finding.message
    assert finding.suggestion == "拆成两篇文章"  # the writer's language


@pytest.mark.parametrize("width", [375, 677])
def test_preview_layout_on_phones(render, browser, width: int, tmp_path) -> None:
    """At a phone's width and at the editor's: nothing sticks out of the column (code and
    wide tables scroll inside it), every marker sits on its text's first line, wrapped lines
    hang under the text, nesting indents by one step, and Copy fills the clipboard."""
    result, _ = fragment(render, RICH)
    context = browser.new_context(
        viewport={"width": width, "height": 900}, permissions=["clipboard-read", "clipboard-write"]
    )
    page = context.new_page()
    page.goto((result.out / "wechat.preview.html").as_uri())
    layout = page.evaluate(PREVIEW_LAYOUT)
    page.screenshot(path=str(tmp_path / f"wechat-{width}.png"), full_page=True)
    assert layout["wide"] == []
    assert layout["pageWidth"] <= width
    assert layout["preScrolls"] and layout["preOverflow"] == "auto"
    items = layout["items"]
    assert len(items) == 3 + 1 + 1 + 2 + 10

    def item(start: str) -> dict:
        return next(i for i in items if i["text"].startswith(start))

    for item_ in items:
        assert item_["markerLeft"] < item_["textLeft"], item_  # the marker left of its text
        assert abs(item_["markerBottom"] - item_["bottoms"][0]) < 4, item_  # on one line
        assert all(abs(left - item_["textLeft"]) < 1 for left in item_["lefts"][1:]), item_
    first, nested, third = item("•\xa0第一项"), item("◦\xa0嵌套"), item("•\xa0第三层")
    step = nested["markerLeft"] - first["markerLeft"]
    assert step > 20 and abs(third["markerLeft"] - nested["markerLeft"] - step) < 0.5
    assert abs(nested["markerLeft"] - first["textLeft"]) < 1  # nested under the text
    if width == 375:  # the long ones wrap on a phone, under the text
        assert len(first["lefts"]) > 1 and len(item("10.")["lefts"]) > 1
    copied = copy(page)
    assert set(copied["types"]) >= {"text/html", "text/plain"}
    assert "•\xa0第一项" in copied["text"] and "3.\xa0从三开始" in copied["text"]
    assert "padding-left:1.6em" in copied["html"]
    context.close()


def looks(findings):
    """The findings about the look, without the images' (the test post has a local image:
    each asks to be uploaded)."""
    return tuple(f for f in findings if f.rule != "wechat.upload-image")


# What the preview's layout tests read (here and in golden/): the elements that stick out
# of the column (outside a scrolling box), and each list item's marker and line boxes.
PREVIEW_LAYOUT = """() => {
      const content = document.getElementById('content');
      const column = content.getBoundingClientRect();
      const style = el => getComputedStyle(el);
      const scrolls = el => ['auto', 'scroll'].includes(style(el).overflowX);
      const inScroller = el => {
        for (let p = el.parentElement; p && p !== content; p = p.parentElement)
          if (scrolls(p)) return true;
        return false;
      };
      const wide = [...content.querySelectorAll('*')].filter(el => !inScroller(el))
        .filter(el => el.getBoundingClientRect().right > column.right + 0.5
                   || el.getBoundingClientRect().left < column.left - 0.5)
        .map(el => el.tagName + ':' + el.textContent.slice(0, 20));
      const items = [...content.querySelectorAll('p')].filter(p => p.style.textIndent)
        .map(p => {
          const marker = p.firstElementChild;
          const range = document.createRange();
          range.selectNodeContents(p);
          range.setStartAfter(marker);
          const lines = [];  // the leftmost box of each line
          const boxes = [...range.getClientRects()].filter(r => r.width > 0);
          for (const r of boxes.sort((a, b) => a.bottom - b.bottom)) {
            const last = lines[lines.length - 1];
            if (last && r.bottom - last.bottom < 8) {
              if (r.left < last.left) lines[lines.length - 1] = r;
            } else lines.push(r);
          }
          const m = marker.getBoundingClientRect();
          return {text: p.textContent.slice(0, 6), markerTop: m.top, markerLeft: m.left,
                  markerBottom: m.bottom, textTop: lines[0].top, textLeft: lines[0].left,
                  lefts: lines.map(r => r.left), bottoms: lines.map(r => r.bottom)};
        });
      const pre = content.querySelector('pre');
      const broken = [...content.querySelectorAll('img')]
        .filter(img => !img.complete || img.naturalWidth === 0).map(img => img.alt);
      return {wide, items, broken, preScrolls: !!pre && pre.scrollWidth > pre.clientWidth,
              preOverflow: pre && style(pre).overflowX,
              pageWidth: document.documentElement.scrollWidth};
    }"""


def copy(page) -> dict:
    """Press Copy in the preview: what it put on the clipboard, its types and both texts."""
    page.click("#copy")
    page.wait_for_function("document.getElementById('status').dataset.done === 'copied'")
    return page.evaluate("""async () => {
      const [item] = await navigator.clipboard.read();
      return {types: item.types,
              text: await (await item.getType('text/plain')).text(),
              html: await (await item.getType('text/html')).text()};
    }""")


SPACING = """---
title: 用Python写脚本
slug: spacing
lang: zh
---

用Python写了一个脚本，见[文档a用](https://example.com/a)，或 https://example.com/a用b写 。

行内代码 `用Python写` 不变。

```python
print("用Python写")
```
"""


def test_cjk_latin_spacing_in_text_nodes_only(render) -> None:
    """AutoCorrect spaces the article's text as Zhihu's; code, addresses and attributes stay
    as written; [render] spacing = false turns it off."""
    from inpublic.config import Config, RenderSettings

    _, html = fragment(render, SPACING)
    assert "用 Python 写了一个脚本" in html and "文档 a 用" in html
    assert ">用Python写</code>" in html  # inline code
    assert "用Python写&quot;" in html or '用Python写"' in html  # the code block
    assert '或 <span style="word-break:break-all">https://example.com/a</span>用 b 写' in html
    off = Config(render=RenderSettings(spacing=False))
    result = render(SPACING, channels=("wechat",), config=off)
    html = (result.out / "wechat.html").read_text("utf-8")
    assert "用Python写了一个脚本" in html and "用 Python 写" not in html
