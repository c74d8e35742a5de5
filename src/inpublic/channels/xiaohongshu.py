"""Xiaohongshu: a caption (title, body with emoji section markers, tags) and 3:4 image cards."""

from __future__ import annotations

import math
import os
import re
import shutil
import subprocess
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from inpublic.channels._limits import over_limit
from inpublic.channels._plain import (
    hashtags,
    left_out,
    spaced,
    text_lines,
)
from inpublic.channels.fit import (
    Fitted,
    Proposal,
    ask_model,
    fit,
    fit_sections,
    proposals,
    title_sources,
)
from inpublic.channels.model import Artifact, ChannelFinding, ChannelOutput, RenderContext
from inpublic.document._sentences import CJK

if TYPE_CHECKING:
    from inpublic.document import Block, Document

NAME = "xiaohongshu"
MARKERS = {
    "problem": "📌",
    "before": "⏪",
    "solution": "🔧",
    "result": "📊",
    "process": "🧗",
    "next": "➡️",
    "learnings": "💡",
}
FONT_PACKAGES = "fonts-noto-cjk (Debian, Ubuntu) or google-noto-sans-cjk-fonts (Fedora)"


def title_length(title: str) -> int:
    """Xiaohongshu's count: two ASCII characters are 1, any other UTF-16 unit is 1 (a CJK
    character counts 1, an emoji outside the BMP counts 2)."""
    half_units = sum(1 if ord(c) < 128 else 2 if ord(c) <= 0xFFFF else 4 for c in title)
    return math.ceil(half_units / 2)


def render(context: RenderContext) -> ChannelOutput:
    from inpublic.check import section_parts

    limits, document = context.limits, context.document
    findings: list[ChannelFinding] = left_out(context, NAME)
    title = fit(
        context,
        NAME,
        "title",
        context.post.title,
        title_sources(context),
        limits["title_max"],
        title_length,
    )
    findings += over_limit(context, "title", title.length)
    part_of = {index: part for part, index in section_parts(document).items()}
    lines, links = text_lines(
        document,
        lambda block: f"{MARKERS.get(part_of.get(block.section, ''), '▪️')} {block.text}",
        nested="  ◦ ",
    )
    if links:
        lines += [
            "",
            "🔗 链接放在评论区" if context.lang == "zh" else "🔗 Links are in the comments",
        ]
    sections = [
        [spaced(context, line) for line in section.split("\n")]
        for section in "\n".join(lines).strip().split("\n\n")
    ]
    # The cards carry the full text: a caption that does not fit keeps each section's
    # heading and first line.
    body = fit(
        context,
        NAME,
        "caption",
        "\n\n".join("\n".join(section) for section in sections),
        [],
        limits["body_max"],
    )
    if not body.fits and not context.options.get("caption"):
        shorter = fit_sections(sections, limits["body_max"])
        if shorter:
            proposal = Proposal(NAME, "caption", shorter, len(shorter), limits["body_max"])
            body = Fitted(shorter, len(shorter), True, proposal)
        else:  # render --ai: the model's, checked by the guard and the count
            body = ask_model(context, "caption", body.text, limits["body_max"]) or body
    findings += over_limit(context, "caption", body.length, limit_key="body_max")
    tags, too_many = hashtags(context, "tags")
    findings += too_many
    caption = f"{title.text}\n\n{body.text}\n" + (f"\n{' '.join(tags)}\n" if tags else "")
    files = [Artifact("xiaohongshu.txt", caption)]
    if links:
        # Numbered as the caption's [n] markers: paste them into the first comment.
        numbered = [f"[{n}] {url}" for n, url in enumerate(links, start=1)]
        files.append(Artifact("xiaohongshu-links.txt", "\n".join(numbered) + "\n"))
    configured = context.options.get("font")
    problem = font_problem(configured) if configured is not None else ""
    fonts = None if problem else find_fonts(configured)
    if fonts is None:  # the caption, and no cards
        findings.append(
            ChannelFinding(
                "xiaohongshu.bad-font",
                "error",
                f"channels.xiaohongshu.font: {problem}; no cards were drawn",
                "give the path of a .ttf, .otf or .ttc font with Chinese glyphs, or remove it",
            )
            if problem
            else ChannelFinding(
                "xiaohongshu.no-cjk-font",
                "error",
                "no CJK font found to draw the image cards",
                f"install {FONT_PACKAGES}, or set channels.xiaohongshu.font to a font file",
            )
        )
        summary = "xiaohongshu.txt (no cards)"
        return ChannelOutput(NAME, tuple(files), tuple(findings), summary, proposals(title, body))
    pages = card_pages(context)
    texts = (context.title, *(block.text for block in document.blocks))
    if fonts.emoji is None and any(ord(char) >= 0x1F000 for text in texts for char in text):
        findings.append(
            ChannelFinding(
                "xiaohongshu.no-emoji-font",
                "warning",
                "no colour emoji font found: the cards show the emoji as empty boxes",
                "install fonts-noto-color-emoji (Debian, Ubuntu) or google-noto-emoji-color-fonts"
                " (Fedora)",
            )
        )
    size = (limits["card_width"], limits["card_height"])
    author = context.config.profile.name
    cards = plan_cards(
        pages,
        context.title,
        cover_result(document),
        fonts,
        size,
        author,
        max_cards=limits["cards_max"],
    )
    # Counted before drawing: only what the platform takes is drawn.
    findings += over_limit(context, "cards", len(cards), what="too-many-cards")
    cards = cards[: limits["cards_max"]]
    pngs = draw_cards(cards, author, fonts, size)
    files += [Artifact(f"xiaohongshu/card-{n:02d}.png", png) for n, png in enumerate(pngs, 1)]
    return ChannelOutput(
        NAME,
        tuple(files),
        tuple(findings),
        f"xiaohongshu.txt, {len(pngs)} cards",
        proposals(title, body),
    )


# fonts ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FontFile:
    """A font file, and which face of it (a .ttc holds several: Noto Sans CJK SC is one)."""

    path: Path
    index: int = 0


@dataclass(frozen=True)
class Fonts:
    """The cards' fonts: Chinese text, its bold, code, and colour emoji (None: not installed).
    Each character is drawn with the first of a style's fonts that has it."""

    text: FontFile
    bold: FontFile
    mono: FontFile
    emoji: FontFile | None = None

    def face(self, style: str, size: int) -> Face:
        return _face(self, style, size)


def find_font(configured: str | None = None) -> FontFile | None:
    """A font file with CJK glyphs: the configured one, then fontconfig's choice for Chinese."""
    for candidate in (configured, os.environ.get("INPUBLIC_CJK_FONT")):
        if isinstance(candidate, str) and candidate and not font_problem(candidate):
            return FontFile(Path(candidate))
    found = _fc_match("sans-serif:lang=zh-cn")
    return found if found and _has_cjk(found) else None


def find_fonts(configured: str | None = None) -> Fonts | None:
    """The cards' fonts, found as the CJK one is (fontconfig); None without a CJK font."""
    text = find_font(configured)
    if text is None:
        return None
    bold = None if configured else _fc_match("sans-serif:lang=zh-cn:weight=bold")
    mono = _fc_match("monospace")
    emoji = _fc_match("emoji")
    return Fonts(
        text,
        bold if bold and _has_cjk(bold) else text,
        mono or text,
        emoji if emoji and _is_colour(emoji) else None,
    )


@lru_cache(maxsize=16)
def _fc_match(pattern: str) -> FontFile | None:
    """The font file fontconfig picks for ``pattern``, or None without fontconfig."""
    if not shutil.which("fc-match"):
        return None
    done = subprocess.run(
        ["fc-match", "-f", "%{file}\t%{index}", pattern], capture_output=True, text=True
    )
    path, _, index = done.stdout.strip().partition("\t")
    if done.returncode != 0 or not path or not Path(path).is_file():
        return None
    return FontFile(Path(path), int(index) if index.isdigit() else 0)


def font_problem(value: object) -> str:
    """Why ``value`` cannot be the cards' font, or '' when it can."""
    if not isinstance(value, str) or not value or "\0" in value:
        return f"{value!r} is not a file path"
    path = Path(value)
    if not path.is_file():
        return f"no such file: {value}"
    if not _has_cjk(FontFile(path)):
        return f"{value} is not a font with Chinese glyphs"
    return ""


def _has_cjk(font: FontFile) -> bool:
    try:
        loaded = _font(font, 40)
        return loaded.getmask("中").getbbox() is not None and loaded.getlength("中") > 0
    except Exception:  # noqa: BLE001 - FreeType's reasons for refusing a file are many
        return False


def _is_colour(font: FontFile) -> bool:
    """Whether the font draws colour glyphs (bitmaps in CBDT or sbix, or COLR layers)."""
    try:
        return any(table in _ttfont(font) for table in ("CBDT", "sbix", "COLR"))
    except Exception:  # noqa: BLE001 - not a font fontTools can read
        return False


#: Noto Color Emoji holds bitmaps of one size: drawn at it, then scaled to the text.
EMOJI_SIZE = 109


@lru_cache(maxsize=64)
def _font(font: FontFile, size: int):
    from PIL import ImageFont

    return ImageFont.truetype(str(font.path), size, index=font.index)


@lru_cache(maxsize=8)
def _ttfont(font: FontFile):
    from fontTools.ttLib import TTFont

    return TTFont(str(font.path), fontNumber=font.index, lazy=True)


@lru_cache(maxsize=8)
def _cmap(font: FontFile) -> frozenset[int]:
    """The characters the font has a glyph for."""
    return frozenset(_ttfont(font).getBestCmap() or ())


@lru_cache(maxsize=8)
def _plain(font: FontFile) -> frozenset[str]:
    """The characters the font draws whatever follows them: none that joins an emoji
    sequence or asks for the emoji form (U+FE0F), none of the emoji planes."""
    return frozenset(
        chr(code)
        for code in _cmap(font)
        if code < 0x1F000 and code not in (0x200D, 0xFE0F, 0xFE0E, 0x20E3)
    )


def _joins(text: str, index: int) -> bool:
    """Whether text[index] belongs to the emoji before it: a joiner, a variation selector,
    a skin tone, a tag (subdivision flags), a keycap, or what a zero-width joiner joins."""
    code = ord(text[index])
    return (
        code in (0x200D, 0xFE0F, 0xFE0E, 0x20E3)
        or 0x1F3FB <= code <= 0x1F3FF
        or 0xE0020 <= code <= 0xE007F
        or (index > 0 and text[index - 1] == "\u200d")
    )


class Face:
    """A style (text, bold, mono) at a size: measures and draws text with per-character font
    fallback, colour emoji included (Pillow draws a run with one font)."""

    def __init__(self, fonts: Fonts, style: str, size: int) -> None:
        first = {"text": fonts.text, "bold": fonts.bold, "mono": fonts.mono}[style]
        self.size = size
        self.chain = list(dict.fromkeys((first, fonts.text)))
        # The last resort for a symbol no text font has (☐ U+2610): the monospace font,
        # which covers most of them (DejaVu Sans Mono), rather than the missing-glyph box.
        self.fallback = [*self.chain, fonts.mono]
        self.emoji = fonts.emoji
        self.scale = size / EMOJI_SIZE
        self.ascent, self.descent = _font(first, size).getmetrics()

    def runs(self, text: str) -> list[tuple[FontFile, str]]:
        """The text in runs of characters drawn with one font, less the control characters
        and line and paragraph separators, which have no glyph (and which Raqm's layout
        refuses, as a paragraph separator, inside a line)."""
        text = text.translate(_UNDRAWN)
        if set(text) <= _plain(self.chain[0]):
            return [(self.chain[0], text)]
        runs: list[tuple[FontFile, str]] = []
        for index, char in enumerate(text):
            if runs and _joins(text, index):
                font = runs[-1][0]
            else:
                font = self._font_for(char, text[index + 1 : index + 2])
            if runs and runs[-1][0] == font:
                runs[-1] = (font, runs[-1][1] + char)
            else:
                runs.append((font, char))
        return runs

    def _font_for(self, char: str, following: str) -> FontFile:
        code = ord(char)
        asked = following in ("\ufe0f", "\u20e3")  # the emoji form, a keycap (1️⃣)
        if (
            following != "\ufe0e"  # the text form asked for: ☑︎
            and self.emoji is not None
            and (code >= 0x80 or asked)
            and code in _cmap(self.emoji)
            and (asked or code >= 0x1F000 or not any(code in _cmap(f) for f in self.chain))
        ):
            return self.emoji
        if code < 0x80:
            return self.chain[0]
        return next((font for font in self.fallback if code in _cmap(font)), self.chain[0])

    def getlength(self, text: str) -> float:
        return sum(self._length(font, run) for font, run in self.runs(text))

    def _length(self, font: FontFile, run: str) -> float:
        if font == self.emoji:
            return _font(font, EMOJI_SIZE).getlength(run) * self.scale
        return _font(font, self.size).getlength(run)

    def draw(self, image, x: float, baseline: float, text: str, colour: tuple[int, ...]) -> None:
        """Draw ``text`` with its left end at ``x`` on the line at ``baseline``."""
        from PIL import ImageDraw

        pen = ImageDraw.Draw(image)
        for font, run in self.runs(text):
            if font == self.emoji:
                picture = _emoji_picture(font, run, self.size)
                top = round(baseline - _font(font, EMOJI_SIZE).getmetrics()[0] * self.scale)
                image.paste(picture, (round(x), top), picture)
            else:
                pen.text((x, baseline), run, font=_font(font, self.size), fill=colour, anchor="ls")
            x += self._length(font, run)


_UNDRAWN = dict.fromkeys([*range(0x20), *range(0x7F, 0xA0), 0x2028, 0x2029])


@lru_cache(maxsize=64)
def _face(fonts: Fonts, style: str, size: int) -> Face:
    return Face(fonts, style, size)


@lru_cache(maxsize=256)
def _emoji_picture(font: FontFile, run: str, size: int):
    """The emoji of ``run`` in colour, drawn at the font's one size and scaled to ``size``."""
    from PIL import Image, ImageDraw

    loaded = _font(font, EMOJI_SIZE)
    ascent, descent = loaded.getmetrics()
    width = max(math.ceil(loaded.getlength(run)), 1)
    picture = Image.new("RGBA", (width, ascent + descent), (0, 0, 0, 0))
    ImageDraw.Draw(picture).text((0, ascent), run, font=loaded, anchor="ls", embedded_color=True)
    scale = size / EMOJI_SIZE
    target = (max(round(width * scale), 1), max(round((ascent + descent) * scale), 1))
    return picture.resize(target, Image.Resampling.LANCZOS)


# cards ------------------------------------------------------------------------------------


def _theme() -> dict:
    from importlib import resources

    text = resources.files("inpublic.channels").joinpath("themes/xiaohongshu-cards.toml")
    return tomllib.loads(text.read_text("utf-8"))


def _rgb(value: str) -> tuple[int, int, int]:
    return (int(value[1:3], 16), int(value[3:5], 16), int(value[5:7], 16))


THEME = _theme()
SIZE: dict[str, int] = THEME["size"]
LEADING: dict[str, float] = THEME["line"]
MARGIN: int = THEME["margin"]
BACKGROUND, INK, MUTED, ACCENT, TINT, RULE, RESULT_TINT = (
    _rgb(THEME[name])
    for name in ("background", "ink", "muted", "accent", "tint", "rule", "result_tint")
)
PAD: int = THEME["space"]["block"]
CELL: int = THEME["space"]["cell"]
BAR: int = THEME["space"]["bar"]


@dataclass(frozen=True)
class Piece:
    """What a card shows of one block: ``text`` (heading, paragraph, list_item, quote, code),
    ``rows`` of cells (table, the first row its header), or ``image`` (a local image file,
    or a PNG's bytes: a formula).
    ``depth``: the nesting of a list item, the level of a heading."""

    kind: str
    text: str = ""
    rows: tuple[tuple[str, ...], ...] = ()
    image: Path | bytes | None = None
    depth: int = 0
    marker: str = ""  # a list item's: •, its number (3.) or its task box (☑/☐); "" hangs


@dataclass(frozen=True)
class Line:
    """A line of text; ``y`` is the top of its line box, of ``height``."""

    text: str
    size: int
    style: str  # text, bold, mono
    x: int
    y: int
    width: int
    height: int
    colour: tuple[int, int, int] = INK


@dataclass(frozen=True)
class Box:
    """A filled rectangle: a code block's tint, a heading's bar, a table's rules."""

    x: int
    y: int
    width: int
    height: int
    fill: tuple[int, int, int]
    radius: int = 0


@dataclass(frozen=True)
class Picture:
    path: Path | bytes  # a file, or a PNG's bytes
    x: int
    y: int
    width: int
    height: int


Item = Line | Box | Picture


def card_pages(context: RenderContext) -> list[list[Piece]]:
    """Content pages as pieces; a '---' line in the post starts a new page. Text is the
    plain channels' (``_plain.plain_blocks``), spaced as the caption is: no [TOC] line, no
    footnote definition (a note is read where it is referred to), a link as the caption's
    [n] marker, a list item's number or task box (☑/☐) as its marker, and an alert's title
    on a line of its own, in the words of the HTML channels."""
    from inpublic.channels._images import html_sources
    from inpublic.channels._plain import Links, _first_in_item, plain_blocks
    from inpublic.channels._syntax import words

    document = context.document
    plain = {
        block.line: block
        for block in plain_blocks(
            document,
            keep_urls=False,
            style="numbered",
            numbers=Links(),
            alert=lambda kind, lang: words("alerts", kind, lang) + "\n",
        )
    }
    breaks = sorted(
        token.map[0] + context.post.body_line
        for token in document.tokens
        if token.type == "hr" and token.map
    )
    images = {image.src: image.source for image in context.images if image.source}
    pages: list[list[Piece]] = [[]]
    for block in document.blocks:
        piece: Piece | None = None
        if block.kind == "code":
            piece = Piece("code", block.text.rstrip("\n"))
        elif block.kind == "table":
            piece = Piece("table", rows=_table_rows(document, block))
        elif block.kind == "image":
            found = images.get(block.info)
            piece = Piece("image", image=found) if found else None
        elif block.kind == "math":
            piece = _math_piece(context, block)
        elif block.kind == "html":  # a raw <img> of a local image is a picture too
            shown = [images[src] for src in html_sources(block.text) if src in images]
            piece = Piece("image", image=shown[0]) if shown else None
        elif block.line in plain:
            found = plain[block.line]
            text, marker = spaced(context, found.text), ""
            if block.kind == "list_item" and _first_in_item(document, block):
                marker = found.marker or "•"
                if text[:2] in ("☑ ", "☐ "):  # both in the text form, alike
                    marker, text = text[0] + "\ufe0e", text[2:]
            level = document.sections[block.section].level if block.section >= 0 else 2
            depth = level if block.kind == "heading" else block.depth
            piece = Piece(block.kind, text, depth=depth, marker=marker)
        if piece is None:
            continue
        while breaks and block.line > breaks[0]:
            breaks.pop(0)
            pages.append([])
        pages[-1].append(piece)
    return [page for page in pages if page]


def _math_piece(context: RenderContext, block: Block) -> Piece:
    """A display formula as an image (its PNG), or its TeX as code when mathtext does not
    know it."""
    from inpublic.channels._math import formula

    tex = block.text.strip().strip("$").strip()
    drawn = formula(tex, display=True)
    if drawn is None:
        return Piece("code", tex)
    return Piece("image", image=drawn.png)


def _table_rows(document: Document, block: Block) -> tuple[tuple[str, ...], ...]:
    """The table's cells, row by row, from the parser's tokens (a row may have empty cells)."""
    from inpublic.channels._plain import inline_text

    cells = iter(block.inlines)
    rows: list[list[str]] = []
    for token in document.tokens[block.tokens[0] : block.tokens[1]]:
        if token.type == "tr_open":
            rows.append([])
        elif token.type == "inline" and rows:
            rows[-1].append(inline_text(next(cells), keep_urls=False)[0])
    return tuple(tuple(row) for row in rows if row)


def cover_result(document: Document) -> str:
    """The key result for the cover: the sentence that states it, never a table row (the
    first measured row of a table can be the 'before' one)."""
    from dataclasses import replace

    from inpublic.channels._plain import sentence_text
    from inpublic.document.parts import find_parts

    prose = replace(document, blocks=tuple(b for b in document.blocks if b.kind != "table"))
    hit = find_parts(prose, ("result",)).result
    return sentence_text(document, hit) if hit else ""


class _Full(Exception):
    """The text needs more cards than it may have."""


class _Setter:
    """Places items down the cards, starting a new card when one is full."""

    def __init__(self, size: tuple[int, int], start_y: int, max_cards: int | None) -> None:
        self.width, self.height = size
        self.inner = self.width - 2 * MARGIN
        self.bottom = self.height - MARGIN
        self.cards: list[list[Item]] = [[]]
        self.y = start_y
        self.max_cards = max_cards

    def room(self, height: int) -> None:
        """Start a new card unless ``height`` more fits on this one (or the card is empty)."""
        if self.y + height > self.bottom and self.cards[-1]:
            self.cards.append([])
            self.y = MARGIN

    def put(self, item: Item) -> None:
        self.cards[-1].append(item)
        if self.max_cards is not None and len(self.cards) > self.max_cards:
            raise _Full

    def gap(self, height: int) -> None:
        """Space between blocks; none at the top of a card."""
        if self.cards[-1]:
            self.y += height


def layout(
    pieces: list[Piece],
    fonts: Fonts,
    size: tuple[int, int],
    start_y: int = MARGIN,
    max_cards: int | None = None,
) -> list[list[Item]]:
    """Items placed on cards, text wrapped to the width, a new card when one is full. With
    ``max_cards``, stops as soon as the text needs more cards than that."""
    setter = _Setter(size, start_y, max_cards)
    try:
        for piece in pieces:
            if piece.kind == "code":
                _set_code(setter, piece, fonts)
            elif piece.kind == "table":
                _set_table(setter, piece, fonts)
            elif piece.kind == "image" and piece.image is not None:
                _set_image(setter, piece.image)
            else:
                _set_text(setter, piece, fonts)
    except _Full:
        pass
    return [card for card in setter.cards if card]


def _lines(text: str, face: Face, width: int) -> list[str]:
    """The text wrapped to ``width``, tabs expanded, its own line ends kept."""
    # Every line end Unicode knows (U+0085, U+2029…): the text shaper refuses them.
    return [
        line for raw in text.expandtabs(4).splitlines() or [""] for line in wrap(raw, face, width)
    ]


def _set_text(setter: _Setter, piece: Piece, fonts: Fonts) -> None:
    heading = piece.kind == "heading"
    size = SIZE["heading" if piece.depth <= 2 else "heading_minor"] if heading else SIZE["text"]
    face = fonts.face("bold" if heading else "text", size)
    height = round(size * LEADING["text"])
    indent = 0
    if heading:
        indent = BAR + 26
    elif piece.kind == "quote":
        indent = BAR + 30
    elif piece.kind == "list_item":
        marker_width = max(face.getlength("•  "), face.getlength(piece.marker + " "))
        indent = 40 * max(piece.depth - 1, 0) + round(marker_width)
    lines = _lines(piece.text, face, setter.inner - indent)
    setter.gap(round(size * (1.2 if heading else 0.6)))
    colour = MUTED if piece.kind == "quote" else INK
    for number, text in enumerate(lines):
        # A heading keeps a line of what follows it on its card; so does a quote's first
        # line (an alert's title).
        last_heading_line = heading and number == len(lines) - 1
        first_quote_line = piece.kind == "quote" and number == 0 and len(lines) > 1
        setter.room(height * (2 if last_heading_line or first_quote_line else 1))
        if heading or piece.kind == "quote":  # one bar down the lines, rounded at its ends
            top, end = 8 * (number == 0), 8 * (number == len(lines) - 1)
            fill = ACCENT if heading else RULE
            setter.put(Box(MARGIN, setter.y + top, BAR, height - top - end, fill))
        elif piece.kind == "list_item" and number == 0 and piece.marker:
            left = MARGIN + 40 * max(piece.depth - 1, 0)
            width = math.ceil(face.getlength(piece.marker))
            setter.put(Line(piece.marker, size, "text", left, setter.y, width, height, ACCENT))
        x = MARGIN + indent
        width = math.ceil(face.getlength(text))
        setter.put(Line(text, size, face_style(heading), x, setter.y, width, height, colour))
        setter.y += height


def face_style(bold: bool) -> str:
    return "bold" if bold else "text"


def _set_code(setter: _Setter, piece: Piece, fonts: Fonts) -> None:
    """Code in the monospace font on a tinted block; a wrapped line hangs under its indent."""
    face = fonts.face("mono", SIZE["code"])
    height = round(SIZE["code"] * LEADING["code"])
    setter.gap(round(SIZE["text"] * 0.6))
    lines: list[str] = []
    for raw in piece.text.expandtabs(4).splitlines() or [""]:
        code = raw.lstrip(" ")
        indent = raw[: len(raw) - len(code)]
        width = setter.inner - 2 * PAD - math.ceil(face.getlength(indent))
        lines += [indent + piece for piece in wrap(code, face, max(width, 1), code=True)]
    block: tuple[int, int] | None = None  # (card, index of its Box) of the part on this card

    def close() -> None:
        if block is not None:
            card, index = block
            box = setter.cards[card][index]
            assert isinstance(box, Box)
            end = max(setter.y + PAD, box.y + 1)
            setter.cards[card][index] = Box(box.x, box.y, box.width, end - box.y, TINT, 16)

    for text in lines:
        top_pad = PAD if block is None or block[0] != len(setter.cards) - 1 else 0
        setter.room(height + top_pad + PAD)
        if block is None or block[0] != len(setter.cards) - 1:
            close()
            block = (len(setter.cards) - 1, len(setter.cards[-1]))
            setter.put(Box(MARGIN, setter.y, setter.inner, 1, TINT, 16))
            setter.y += PAD
        width = math.ceil(face.getlength(text))
        setter.put(Line(text, face.size, "mono", MARGIN + PAD, setter.y, width, height))
        setter.y += height
    close()
    setter.y += PAD


def _set_table(setter: _Setter, piece: Piece, fonts: Fonts) -> None:
    """A table drawn as one: a tinted header, rules between rows, columns as wide as their
    text needs when that fits, else shared out; a row that does not fit goes to the next
    card, under the header again."""
    columns = max(len(row) for row in piece.rows)
    rows = [row + ("",) * (columns - len(row)) for row in piece.rows]
    faces = [fonts.face("bold", SIZE["table"]), fonts.face("text", SIZE["table"])]
    height = round(SIZE["table"] * LEADING["table"])
    natural: list[int] = []  # each column's width on one line
    least: list[int] = []  # its widest word's (whole pixels: no word is cut by rounding)
    for c in range(columns):
        texts = [(faces[r > 0], row[c].expandtabs(4)) for r, row in enumerate(rows)]
        natural.append(math.ceil(max(face.getlength(text) for face, text in texts)) + 2 * CELL)
        words = [face.getlength(atom) for face, text in texts for atom in _atoms(text)]
        least.append(math.ceil(max(words, default=0)) + 2 * CELL)
    widths = _shares(natural, least, setter.inner)
    cells = [
        [_lines(text, faces[r > 0], max(widths[c] - 2 * CELL, 1)) for c, text in enumerate(row)]
        for r, row in enumerate(rows)
    ]
    setter.gap(round(SIZE["text"] * 0.6))

    lefts = [MARGIN + CELL + sum(widths[:c]) for c in range(columns)]
    header = max(len(lines) for lines in cells[0]) * height + PAD + 2

    def put_row(r: int) -> None:
        """Row ``r`` on this card, or the next one under the header again; a row taller
        than a card goes on from line to line."""
        count = max(len(lines) for lines in cells[r])
        need = count * height + PAD + 2
        if r == 0 and len(rows) > 1:  # the header stays with a line of the first row
            need += height + PAD
        # A row goes whole to the next card when it fits one (the first row stays with
        # the header): else it goes on from line to line.
        if r != 1 and need + header <= setter.bottom - MARGIN:
            setter.room(need)
        if r > 0 and setter.cards[-1] == []:
            put_row(0)
        if r == 0:  # the header's tint, as far down the card as it goes
            rest = setter.bottom - setter.y - 2
            setter.put(Box(MARGIN, setter.y, setter.inner, min(count * height + PAD, rest), TINT))
        y = setter.y + PAD // 2
        for number in range(count):
            if r > 0 and y + height > setter.bottom - PAD // 2 - 2:
                setter.room(setter.bottom)  # a new card
                put_row(0)
                y = setter.y + PAD // 2
            for c, lines in enumerate(cells[r]):
                text = lines[number] if number < len(lines) else ""
                if text:
                    width = math.ceil(faces[r > 0].getlength(text))
                    style = face_style(r == 0)
                    setter.put(Line(text, SIZE["table"], style, lefts[c], y, width, height))
            y += height
        setter.y = min(y + PAD // 2, setter.bottom - 2)
        setter.put(Box(MARGIN, setter.y, setter.inner, 2, RULE))
        setter.y += 2

    for r in range(len(rows)):
        put_row(r)


def _shares(natural: list[int], least: list[int], total: int) -> list[int]:
    """Column widths that add up to ``total``, as browsers set a table: each its one-line
    width, grown alike, when they all fit; else each its widest word, and the room left
    shared in proportion to what each column lacks of its one-line width; when even the
    words do not fit, the widest columns are narrowed to one width, the others kept."""
    if sum(natural) <= total:
        return _rounded([w + (total - sum(natural)) / len(natural) for w in natural], total)
    if sum(least) >= total:  # words must be cut: only in the columns with the longest
        cap, left = 0.0, float(total)
        for count, width in enumerate(sorted(least)):
            cap = left / (len(least) - count)
            if width > cap:
                break
            left -= width
        return _rounded([min(width, cap) for width in least], total)
    lack = [n - w for n, w in zip(natural, least, strict=True)]
    left = total - sum(least)
    return _rounded([w + left * d / sum(lack) for w, d in zip(least, lack, strict=True)], total)


def _rounded(widths: list[float], total: int) -> list[int]:
    whole = [math.floor(w) for w in widths]
    whole[-1] += total - sum(whole)
    return whole


def _opened(image: Path | bytes):
    """An image file, or a PNG's bytes, opened with Pillow."""
    import io

    from PIL import Image

    return Image.open(io.BytesIO(image) if isinstance(image, bytes) else image)


def _set_image(setter: _Setter, path: Path | bytes) -> None:
    """An image scaled to the width (never enlarged), and to a card's height: a card of its
    own when it does not fit below the text already there."""
    with _opened(path) as image:
        width, height = image.size
    room = setter.bottom - MARGIN
    scale = min(setter.inner / width, room / height, 2.0)
    size = (max(round(width * scale), 1), max(round(height * scale), 1))
    setter.gap(round(SIZE["text"] * 0.6))
    setter.room(size[1])
    x = MARGIN + (setter.inner - size[0]) // 2
    setter.put(Picture(path, x, setter.y, size[0], size[1]))
    setter.y += size[1]


# Chinese line breaking (禁则): closing punctuation never starts a line and opening
# punctuation never ends one, so each is kept with the character it belongs to.
_CLOSE = re.escape("，。、：；！？）」』》〉】〕｝…—’”%‰,.;:!?)]}")
_OPEN = re.escape("（「『《〈【〔｛‘“([{")
_WORD = rf"[^ {CJK.pattern[1:-1]}{_CLOSE}{_OPEN}]+"  # Latin letters, digits, emoji…
_ATOM = re.compile(  # a word keeps the points inside it: 3.12, e.g., numpy.array, 1,200
    rf" |[{_OPEN}]*(?:(?![{_CLOSE}{_OPEN}]){CJK.pattern}|{_WORD}(?:[.,:;!?%]+{_WORD})*)"
    rf"[{_CLOSE}]*|[{_OPEN}{_CLOSE}]+"
)
_NUMBER_END = re.compile(rf"^[{_OPEN}]*[-+~≈]?\d[\d.,]*[%‰]?$")  # 36, 1,200, 3.5, 95%; not p95


_CODE_ATOM = re.compile(r"[^ ]+| ")


def _atoms(text: str) -> Iterator[str]:
    """The pieces a line may not be broken inside: a CJK character or a Latin word with the
    punctuation that clings to it, a space, and a number with the word after it (36 ms)."""
    pieces = [match.group() for match in _ATOM.finditer(text)]
    index = 0
    while index < len(pieces):
        atom = pieces[index]
        while (
            _NUMBER_END.search(atom)
            and index + 2 < len(pieces)
            and pieces[index + 1] == " "
            and pieces[index + 2] != " "
        ):
            atom += " " + pieces[index + 2]
            index += 2
        yield atom
        index += 1


def wrap(text: str, font, width: int, code: bool = False) -> Iterator[str]:
    """Break text into lines no wider than ``width``: at spaces and between CJK characters
    as Chinese typesetting allows (see ``_atoms``; ``code``: at spaces only, so that
    ``$(CCACHE)`` stays whole), and inside a word only when the word alone is wider than
    the line. Each measure is of at most about two lines' text, so the time grows with the
    length of the text, no faster."""
    current = ""
    empty = True
    atoms = _CODE_ATOM.findall(text) if code else _atoms(text)
    for atom in atoms:
        candidate = current + atom
        if font.getlength(candidate.rstrip()) <= width:
            current = candidate
            continue
        if current.strip():
            empty = False
            yield current.rstrip()
        current = "" if atom == " " else atom
        if font.getlength(current) > width:  # one word wider than the card
            *full, current = _cut(current, font, width)
            empty = empty and not full
            yield from full
    if current.strip() or empty:
        yield current.rstrip()


def _cut(word: str, font, width: int) -> list[str]:
    """The word in pieces that each fit the width."""
    pieces: list[str] = []
    start = 0
    while start < len(word):
        count = _fitting(word, start, font, width, len(pieces[-1]) if pieces else 1)
        pieces.append(word[start : start + count])
        start += count
    return pieces


def _fitting(word: str, start: int, font, width: int, guess: int) -> int:
    """How many characters of word[start:] fit the width (at least one, however wide): the
    previous piece's count when it is still right, else found by doubling a prefix until
    it does not fit, then halving the gap. No measure is much longer than a line."""
    rest = len(word) - start

    def fits(count: int) -> bool:
        return font.getlength(word[start : start + count]) <= width

    if guess < rest and fits(guess) and not fits(guess + 1):
        return guess
    good = 1
    while good < rest and fits(min(2 * good, rest)):
        good = min(2 * good, rest)
    bad = min(2 * good, rest)
    while bad - good > 1:
        middle = (good + bad) // 2
        if fits(middle):
            good = middle
        else:
            bad = middle
    return good


def plan_cards(
    pages: list[list[Piece]],
    title: str,
    result: str,
    fonts: Fonts,
    size: tuple[int, int],
    author: str = "",
    max_cards: int | None = None,
) -> list[list[Item]]:
    """The cover, then the pages' cards; with ``max_cards``, more than that many only when
    the text does not fit in them (and then no more is laid out)."""
    cards = [_cover(title, result, author, fonts, size)]
    for page in pages:
        room = None if max_cards is None else max_cards - len(cards)
        if room is not None and room < 0:
            break
        cards += layout(page, fonts, size, max_cards=room)
    return cards


def _cover(title: str, result: str, author: str, fonts: Fonts, size: tuple[int, int]) -> list[Item]:
    """The title large (smaller when it is long), the key result on a tinted block, and the
    author at the foot, the whole set a little above the middle of the card."""
    inner = size[0] - 2 * MARGIN
    title_size = SIZE["title"]
    while True:
        face = fonts.face("bold", title_size)
        titles = _lines(title, face, inner)
        if len(titles) <= 4 or title_size <= SIZE["title_min"]:
            break
        title_size -= 4
    title_height = round(title_size * LEADING["title"])
    result_face = fonts.face("text", SIZE["result"])
    result_height = round(SIZE["result"] * LEADING["text"])
    results = _lines(result, result_face, inner - 2 * 40)[:8] if result else []
    block = 12 + 56 + len(titles) * title_height
    block += (70 + 2 * 36 + len(results) * result_height) if results else 0
    y = max(MARGIN, (size[1] - block) // 2 - 80)
    items: list[Item] = [Box(MARGIN, y, 120, 12, ACCENT, 6)]
    y += 12 + 56
    for text in titles:
        width = math.ceil(face.getlength(text))
        items.append(Line(text, title_size, "bold", MARGIN, y, width, title_height))
        y += title_height
    if results:
        y += 70
        box_height = 2 * 36 + len(results) * result_height
        items.append(Box(MARGIN, y, inner, box_height, RESULT_TINT, 20))
        items.append(Box(MARGIN, y, BAR, box_height, ACCENT))
        y += 36
        for text in results:
            width = math.ceil(result_face.getlength(text))
            items.append(
                Line(text, SIZE["result"], "text", MARGIN + 40, y, width, result_height, ACCENT)
            )
            y += result_height
    author = " ".join(author.split())  # one line: the shaper refuses line ends
    if author:
        author_face = fonts.face("bold", SIZE["author"])
        height = round(SIZE["author"] * LEADING["text"])
        text = next(iter(wrap(author, author_face, inner)), "")
        width = math.ceil(author_face.getlength(text))
        items.append(
            Line(
                text,
                SIZE["author"],
                "bold",
                MARGIN,
                size[1] - MARGIN - height - 30,
                width,
                height,
                MUTED,
            )
        )
    return items


def draw_cards(
    cards: list[list[Item]], author: str, fonts: Fonts, size: tuple[int, int]
) -> list[bytes]:
    """The cards drawn, each a PNG's bytes."""
    import io

    from PIL import Image, ImageDraw

    author = " ".join(author.split())  # one line: the shaper refuses line ends
    footer = fonts.face("text", SIZE["footer"])
    pngs = []
    for number, items in enumerate(cards, start=1):
        image = Image.new("RGB", size, BACKGROUND)
        pen = ImageDraw.Draw(image)
        for item in items:
            if isinstance(item, Box):
                box = (item.x, item.y, item.x + item.width - 1, item.y + item.height - 1)
                pen.rounded_rectangle(box, item.radius, fill=item.fill)
            elif isinstance(item, Picture):
                with _opened(item.path) as source:
                    picture = source.convert("RGBA").resize(
                        (item.width, item.height), Image.Resampling.LANCZOS
                    )
                image.paste(picture, (item.x, item.y), picture)
            else:
                face = fonts.face(item.style, item.size)
                baseline = item.y + (item.height - face.ascent - face.descent) / 2 + face.ascent
                face.draw(image, item.x, baseline, item.text, item.colour)
        label = f"{author if number > 1 else ''}  {number}/{len(cards)}".strip()  # cover: named
        footer.draw(image, MARGIN, size[1] - MARGIN + 20 + footer.ascent, label, MUTED)
        buffer = io.BytesIO()
        image.save(buffer, "PNG", compress_level=1)  # fast; the platform recompresses anyway
        pngs.append(buffer.getvalue())
    return pngs
