"""The Xiaohongshu image cards set like print: colour emoji with per-character font fallback,
code in a monospace font on a tinted block, headings, tables, images and a designed cover."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import pytest
from PIL import Image

from inpublic.channels.xiaohongshu import (
    ACCENT,
    BACKGROUND,
    CELL,
    INK,
    MARGIN,
    TINT,
    Box,
    Fonts,
    Line,
    Picture,
    Piece,
    _cmap,
    draw_cards,
    find_fonts,
    layout,
    plan_cards,
)
from inpublic.cli import app

SIZE = (1080, 1440)

POST = """---
title: 缓存 wheel：CI 从 14 分钟到 4 分钟 🚀
lang: zh
tags: [ci]
---

## 问题 📌

每个 PR 都要等 14 分钟的 CI，评审只能攒着一起做。👩‍💻 排查发现，时间主要花在重复安装依赖上。

## 方案 🔧

```python
def build(wheels):
\tfor wheel in wheels:
\t\tprint(wheel)
```

![架构图](架构图.png)

## 结果 📊

| 指标 | 之前 | 之后 |
| --- | --- | --- |
| CI 中位数 | 14 分钟 | 4 分钟 |
| 评审等待 | 5.2 小时 | 1.9 小时 |

部署现在只要 4 分钟。
"""


@pytest.fixture(scope="module")
def fonts() -> Fonts:
    found = find_fonts()
    assert found is not None, "install fonts-noto-cjk ('make test' does)"
    assert found.emoji is not None, "install fonts-noto-color-emoji ('make test' does)"
    return found


def colourful(image: Image.Image) -> int:
    """How many pixels are strongly coloured (not white, grey or black, nor the accent red)."""
    count = 0
    data = image.convert("RGB").tobytes()
    for r, g, b in zip(data[0::3], data[1::3], data[2::3], strict=True):
        if max(r, g, b) - min(r, g, b) > 60 and (r, g, b) != ACCENT:
            count += 1
    return count


def draw_one(fonts: Fonts, text: str, tmp_path: Path) -> tuple[Image.Image, Line]:
    (card,) = layout([Piece("paragraph", text)], fonts, SIZE)
    (line,) = card
    assert isinstance(line, Line)
    (png,) = draw_cards([card], "", fonts, SIZE)
    return Image.open(io.BytesIO(png)).convert("RGB"), line


def test_an_emoji_is_drawn_in_colour_not_as_the_missing_glyph_box(fonts, tmp_path) -> None:
    before = fonts.face("text", 38).getlength("缓存命中 ")
    width = fonts.face("text", 38).getlength("🚀")
    assert 30 < width < 60  # scaled from the font's one size (109) to the text's
    image, line = draw_one(fonts, "缓存命中 🚀 了", tmp_path)
    emoji = image.crop(
        (line.x + round(before), line.y, line.x + round(before + width), line.y + line.height)
    )
    assert colourful(emoji) > 200  # the rocket's red, blue and yellow
    # Without the emoji font the same place holds the text font's box, in ink alone.
    plain, line = draw_one(replace(fonts, emoji=None), "缓存命中 🚀 了", tmp_path)
    box = plain.crop(
        (line.x + round(before), line.y, line.x + round(before + width), line.y + line.height)
    )
    assert colourful(box) == 0 and box.getcolors(4096) != [(box.width * box.height, BACKGROUND)]


def test_fallback_is_per_character_and_keeps_emoji_sequences_whole(fonts) -> None:
    face = fonts.face("text", 38)
    runs = face.runs("中文 abc 🚀✨ 👩‍💻 ➡️ 1 1️⃣")
    assert [(font == fonts.emoji, text) for font, text in runs] == [
        (False, "中文 abc "),
        (True, "🚀✨"),
        (False, " "),
        (True, "👩‍💻"),
        (False, " "),
        (True, "➡️"),
        (False, " 1 "),
        (True, "1️⃣"),
    ]
    # A zero-width-joiner sequence is one picture (woman + laptop), not two.
    assert face.getlength("👩‍💻") == pytest.approx(face.getlength("🚀"), abs=1)
    # Code falls back too: Latin in the monospace font, Chinese in the CJK one.
    mono = fonts.face("mono", 28)
    assert [font for font, _ in mono.runs("x = 1  # 注释")] == [fonts.mono, fonts.text]
    assert mono.getlength("iiii") == mono.getlength("MMMM")  # a monospace font


def test_code_is_monospace_on_a_tinted_block_with_tabs_expanded(fonts, tmp_path) -> None:
    code = "def f():\n\tif x:\n\t\treturn 1  # 返回"
    (card,) = layout([Piece("paragraph", "前文。"), Piece("code", code)], fonts, SIZE)
    lines = [item for item in card if isinstance(item, Line) and item.style == "mono"]
    assert [line.text for line in lines] == [
        "def f():",
        "    if x:",
        "        return 1  # 返回",
    ]
    assert len({line.x for line in lines}) == 1  # the indentation is in the text, kept
    (block,) = [item for item in card if isinstance(item, Box) and item.fill == TINT]
    assert block.x == MARGIN and block.width == SIZE[0] - 2 * MARGIN
    assert block.y < lines[0].y and lines[-1].y + lines[-1].height < block.y + block.height
    (png,) = draw_cards([card], "", fonts, SIZE)
    image = Image.open(io.BytesIO(png)).convert("RGB")
    assert image.getpixel((block.x + 8, block.y + block.height // 2)) == TINT


def test_a_long_code_line_wraps_under_its_indentation(fonts) -> None:
    code = "\t\tcall(" + ", ".join(f"argument_{n}" for n in range(12)) + ")"
    (card,) = layout([Piece("code", code)], fonts, SIZE)
    lines = [item for item in card if isinstance(item, Line)]
    assert len(lines) > 1
    assert all(line.text.startswith("        ") for line in lines)
    assert "".join(line.text.strip() for line in lines).replace(" ", "") == code.replace(
        "\t", ""
    ).replace(" ", "")
    assert all(line.x + line.width <= SIZE[0] - MARGIN for line in lines)


def test_headings_are_bold_larger_and_carry_an_accent_bar(fonts) -> None:
    pieces = [Piece("heading", "结果", depth=2), Piece("paragraph", "CI 从 14 分钟降到 4 分钟。")]
    (card,) = layout(pieces, fonts, SIZE)
    heading, text = [item for item in card if isinstance(item, Line)]
    assert heading.style == "bold" and text.style == "text"
    assert heading.size > text.size and heading.x > text.x
    (bar,) = [item for item in card if isinstance(item, Box)]
    assert bar.fill == ACCENT and bar.x == MARGIN and heading.y <= bar.y < heading.y + 20
    assert fonts.bold != fonts.text  # a real bold face, found by fontconfig


def test_a_heading_is_never_the_last_line_of_a_card(fonts) -> None:
    filler = [Piece("paragraph", "一行字。")] * 40
    for count in range(12, 20):
        cards = layout(filler[:count] + [Piece("heading", "下一节"), filler[0]], fonts, SIZE)
        for card in cards:
            assert not (isinstance(card[-1], Line) and card[-1].style == "bold"), count


def test_a_table_is_drawn_in_rows_and_columns(fonts, tmp_path) -> None:
    rows = (
        ("指标", "之前", "之后"),
        ("CI 中位数", "14 分钟", "4 分钟"),
        ("评审等待", "5.2 小时", ""),
    )
    (card,) = layout([Piece("table", rows=rows)], fonts, SIZE)
    lines = [item for item in card if isinstance(item, Line)]
    assert [line.text for line in lines] == [cell for row in rows for cell in row if cell]
    header, body = lines[:3], lines[3:]
    assert all(line.style == "bold" for line in header)
    assert all(line.style == "text" for line in body)
    columns = sorted({line.x for line in lines})
    assert len(columns) == 3 and [line.x for line in body[:3]] == columns
    assert len({line.y for line in lines}) == 3  # three rows
    rules = [item for item in card if isinstance(item, Box) and item.height <= 2]
    assert len(rules) == 3 and all(rule.width == SIZE[0] - 2 * MARGIN for rule in rules)
    assert any(isinstance(item, Box) and item.fill == TINT for item in card)  # the header


def test_a_wide_table_wraps_its_cells_and_a_long_one_repeats_its_header(fonts) -> None:
    header = ("名称", "说明")
    rows = (header, *((f"第 {n} 项", "很长的说明文字，" * 12) for n in range(12)))
    cards = layout([Piece("table", rows=rows)], fonts, SIZE)
    assert len(cards) > 1
    for card in cards:
        lines = [item for item in card if isinstance(item, Line)]
        assert [line.text for line in lines[:2]] == list(header)
        assert all(line.x >= MARGIN and line.x + line.width <= SIZE[0] - MARGIN for line in lines)
        assert all(line.y + line.height <= SIZE[1] - MARGIN for line in lines)
    names = [line.x for card in cards for line in card if isinstance(line, Line)]
    assert min(names) == MARGIN + CELL  # the narrow first column is kept whole


def test_a_local_image_is_scaled_to_fit_a_card(fonts, tmp_path) -> None:
    picture = tmp_path / "tall.png"
    Image.new("RGB", (400, 3000), (30, 160, 60)).save(picture)
    cards = layout([Piece("paragraph", "图："), Piece("image", image=picture)], fonts, SIZE)
    assert len(cards) == 2  # too tall to go below the text: a card of its own
    (item,) = cards[1]
    assert isinstance(item, Picture)
    assert item.height == SIZE[1] - 2 * MARGIN and item.width == round(400 * item.height / 3000)
    pngs = draw_cards(cards, "", fonts, SIZE)
    image = Image.open(io.BytesIO(pngs[1])).convert("RGB")
    assert image.getpixel((item.x + item.width // 2, item.y + item.height // 2)) == (30, 160, 60)


def test_the_cover_shows_the_title_the_key_result_and_the_author(fonts, tmp_path) -> None:
    title, result = "缓存 wheel：CI 从 14 分钟到 4 分钟", "评审等待从 5.2 小时降到 1.9 小时。"
    (cover,) = plan_cards([], title, result, fonts, SIZE, "李雷")
    lines = [item for item in cover if isinstance(item, Line)]
    title, result, author = lines[0], lines[-2], lines[-1]
    assert title.style == "bold" and title.size >= 72
    assert (
        "".join(line.text for line in lines[:-1] if line.size == title.size).replace(" ", "")
        == "缓存wheel：CI从14分钟到4分钟"
    )
    assert result.colour == ACCENT and "1.9 小时" in result.text
    assert author.text == "李雷" and author.y > result.y
    long = plan_cards([], "很长的标题" * 12, "", fonts, SIZE)[0]
    assert all(item.x + item.width <= SIZE[0] - MARGIN for item in long)
    assert all(item.y + item.height <= SIZE[1] - MARGIN for item in long)
    assert max(item.size for item in long if isinstance(item, Line)) < title.size


def render_cards(runner, workspace, monkeypatch, text: str = POST) -> list[Path]:
    monkeypatch.chdir(workspace.root)
    (workspace.posts_dir / "ci.md").write_text(text, "utf-8")
    Image.new("RGB", (1600, 900), (40, 90, 160)).save(workspace.posts_dir / "架构图.png")
    result = runner.invoke(app, ["render", "ci", "--to", "xiaohongshu"])
    assert result.exit_code == 0, result.output
    return sorted((workspace.out_dir / "ci" / "xiaohongshu").glob("card-*.png"))


def test_a_post_becomes_cards_with_every_element_set(runner, workspace, monkeypatch) -> None:
    """Through the command line: the cover takes the key result from a sentence, not from the
    table's first measured row (which find_parts ranks first here), and the table, the code,
    the picture and the emoji all reach the cards."""
    from inpublic.document import parse_document
    from inpublic.document.parts import find_parts
    from inpublic.workspace import parse_post

    post = parse_post(POST, workspace.posts_dir / "ci.md")
    assert "14 分钟" in find_parts(parse_document(post)).key_result  # the table row: 'before'
    paths = render_cards(runner, workspace, monkeypatch)
    assert len(paths) >= 3
    cover = Image.open(paths[0]).convert("RGB")
    assert colourful(cover) > 200  # the title's rocket
    pixels = [
        {colour for _, colour in Image.open(path).convert("RGB").getcolors(1 << 24) or ()}
        for path in paths
    ]
    assert any((40, 90, 160) in found for found in pixels[1:])  # the picture
    assert any(TINT in found for found in pixels[1:])  # the code block and the table header

    from inpublic.channels.model import RenderContext
    from inpublic.channels.xiaohongshu import card_pages, cover_result
    from inpublic.config import Config

    document = parse_document(post)
    assert cover_result(document) == "部署现在只要 4 分钟。"
    context = RenderContext(document, post, Config(), workspace.out_dir, root=workspace.root)
    (page,) = card_pages(context)
    table = next(piece for piece in page if piece.kind == "table")
    assert table.rows[1] == ("CI 中位数", "14 分钟", "4 分钟")
    (image,) = [piece.image for piece in page if piece.kind == "image"]
    assert image == workspace.posts_dir / "架构图.png"


def test_without_an_emoji_font_a_warning_says_what_to_install(
    runner, workspace, monkeypatch
) -> None:
    import inpublic.channels.xiaohongshu as module

    found = find_fonts()
    assert found is not None
    monkeypatch.setattr(module, "find_fonts", lambda configured=None: replace(found, emoji=None))
    monkeypatch.chdir(workspace.root)
    (workspace.posts_dir / "ci.md").write_text(POST, "utf-8")
    result = runner.invoke(app, ["render", "ci", "--to", "xiaohongshu", "--json"])
    assert "xiaohongshu.no-emoji-font" in result.output
    assert "fonts-noto-color-emoji" in result.output
    quiet = POST.replace("🚀", "").replace("📌", "").replace("🔧", "").replace("📊", "")
    (workspace.posts_dir / "ci.md").write_text(quiet.replace("👩‍💻", ""), "utf-8")
    result = runner.invoke(app, ["render", "ci", "--to", "xiaohongshu", "--json"])
    assert "no-emoji-font" not in result.output


def test_numbers_and_dotted_words_are_not_split(fonts) -> None:
    from inpublic.channels.xiaohongshu import wrap

    face = fonts.face("text", 38)
    text = "缓存键要包含 Python 版本，否则 3.11 和 3.12 会互相污染，numpy.array 也一样。" * 4
    for width in range(300, 900, 23):
        for line in wrap(text, face, width):
            assert not line.endswith(("3.", "numpy.")) and not line.startswith(
                ("11", "12", "array")
            )


def test_cards_stay_inside_the_margins(fonts, tmp_path) -> None:
    rows = (("a", "b"), ("很长的单元格内容" * 10, "x" * 80))
    pieces = [
        Piece("heading", "标题 Title " * 8, depth=2),
        Piece("quote", "引用的话，" * 30),
        Piece("list_item", "一项 🚀 " * 30, depth=2),
        Piece("code", "\t" + "y" * 300 + "\n" + "def f():\n" * 60),
        Piece("table", rows=rows),
    ]
    cards = plan_cards([pieces], "标题", "3 小时 → 5 分钟", fonts, SIZE, "作者")
    for card in cards:
        for item in card:
            assert item.x >= MARGIN and item.x + item.width <= SIZE[0] - MARGIN, item
            assert item.y >= MARGIN and item.y + item.height <= SIZE[1] - MARGIN, item
    for number, png in enumerate(draw_cards(cards, "作者", fonts, SIZE)):
        outside = Image.open(io.BytesIO(png)).convert("RGB")
        outside.paste(BACKGROUND, (MARGIN, MARGIN, SIZE[0] - MARGIN, SIZE[1] - MARGIN))
        band = outside.crop((0, 0, SIZE[0], SIZE[1] - MARGIN + 10))
        assert band.getcolors(1) == [(band.width * band.height, BACKGROUND)], number
    assert INK != BACKGROUND


def test_control_characters_and_separators_are_not_drawn(fonts, tmp_path) -> None:
    """A paragraph separator in a line (U+001C, U+2029) makes Raqm's layout fail; such
    characters have no glyph, so a card leaves them out and draws the rest."""
    face = fonts.face("text", 38)
    for odd in ("\x1c", "\x01", "\x85", "\u2028", "\u2029"):
        assert face.getlength(f"缓存{odd}命中") == face.getlength("缓存命中")
    cards = layout([Piece("paragraph", "\x80\u1000\u0800\x1c\x01 缓存")], fonts, SIZE)
    for png in draw_cards(cards, "", fonts, SIZE):
        image = Image.open(io.BytesIO(png)).convert("RGB")
        assert image.getcolors(1 << 20) != [(image.width * image.height, BACKGROUND)]


def test_cards_show_no_markdown_syntax(fonts, tmp_path) -> None:
    """[TOC] is left out, an alert shows its title, a task its box, and a footnote is read
    where it is referred to, as on the plain channels: no syntax in any card's text."""
    from inpublic.channels.model import RenderContext
    from inpublic.channels.xiaohongshu import card_pages
    from inpublic.config import Config
    from inpublic.document import parse_document
    from inpublic.workspace.post import load_post

    fixture = Path(__file__).parent / "fixtures" / "markdown-zh.md"
    post_path = tmp_path / "post.md"
    post_path.write_text(fixture.read_text("utf-8"), "utf-8")
    post = load_post(post_path)
    context = RenderContext(parse_document(post, "zh"), post, Config(), tmp_path / "out")
    cards = plan_cards(card_pages(context), post.title, "", fonts, SIZE)
    lines = [item.text for card in cards for item in card if isinstance(item, Line)]
    text = "\n".join(lines)
    for residue in ("[TOC]", "[!", "[x]", "[ ]", "[^"):
        assert residue not in text, residue
    assert "注意" in lines and "警告" in lines  # the alerts' titles, each a line
    # a task's box is its item's marker, both boxes in the text form (not one emoji, one not)
    assert "☑\ufe0e" in lines and "☐\ufe0e" in lines
    assert any(line.startswith("脚注改成") for line in lines)
    assert any(line.startswith("公式改成") for line in lines)
    assert fonts.face("text", 40).runs("☑\ufe0e")[0][0] != fonts.emoji
    assert "语法（统计了最近 12 篇文章的平均值）" in text.replace("\n", "")
    face = fonts.face("text", 40)  # each box drawn by a font that has it, not as a missing glyph
    for box in "☑☐":
        ((font, _),) = face.runs(box)
        assert ord(box) in _cmap(font), box


def test_card_lists_keep_numbers_and_links_keep_their_marker(fonts, tmp_path) -> None:
    """An ordered list keeps its numbers (from 3), a loose item's second paragraph hangs
    under it with no marker, a link leaves the caption's [n] marker rather than a hole,
    and the text is spaced as the caption is."""
    from inpublic.channels.model import RenderContext
    from inpublic.channels.xiaohongshu import card_pages
    from inpublic.config import Config
    from inpublic.document import parse_document
    from inpublic.workspace.post import load_post

    post_path = tmp_path / "post.md"
    post_path.write_text(
        "---\ntitle: t\nlang: zh\n---\n\n日志在 https://ci.example.org/run/1。代码见"
        "[这个 PR](https://example.com/pr/2)。\n\n3. 用Python重写\n4. 再测一次\n\n"
        "   第二段接着第 4 步。\n",
        "utf-8",
    )
    post = load_post(post_path)
    context = RenderContext(parse_document(post, "zh"), post, Config(), tmp_path / "out")
    pieces = [piece for page in card_pages(context) for piece in page]
    assert pieces[0].text == "日志在 [1]。代码见这个 PR [2]。"
    items = [(p.marker, p.text) for p in pieces if p.kind == "list_item"]
    assert items == [("3.", "用 Python 重写"), ("4.", "再测一次"), ("", "第二段接着第 4 步。")]
