"""Xiaohongshu: a caption (title, body with emoji section markers, tags) and 3:4 image cards."""

from __future__ import annotations

import math
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from inpublic.channels._plain import (
    finding,
    hashtags,
    key_result,
    left_out,
    plain_blocks,
    spaced,
    text_lines,
)
from inpublic.channels.model import ChannelFinding, ChannelOutput, RenderContext, inside
from inpublic.document._sentences import CJK

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
MARGIN = 90
BACKGROUND = (255, 253, 248)
INK = (34, 34, 34)
ACCENT = (214, 64, 69)


def title_length(title: str) -> int:
    """Xiaohongshu's count: two ASCII characters are 1, any other UTF-16 unit is 1 (a CJK
    character counts 1, an emoji outside the BMP counts 2)."""
    half_units = sum(1 if ord(c) < 128 else 2 if ord(c) <= 0xFFFF else 4 for c in title)
    return math.ceil(half_units / 2)


def render(context: RenderContext) -> ChannelOutput:
    from inpublic.check import section_parts

    limits, document = context.limits, context.document
    findings: list[ChannelFinding] = left_out(context, NAME)
    title = context.title
    if title_length(title) > limits["title_max"]:
        findings.append(
            finding(
                context,
                "xiaohongshu.title-too-long",
                "error",
                length=title_length(title),
                limit=limits["title_max"],
            )
        )
    part_of = {index: part for part, index in section_parts(document).items()}
    lines, links = text_lines(
        document,
        lambda block: f"{MARKERS.get(part_of.get(block.section, ''), '▪️')} {block.text}",
    )
    if links:
        lines += [
            "",
            "🔗 链接放在评论区" if context.lang == "zh" else "🔗 Links are in the comments",
        ]
    body = spaced(context, "\n".join(lines).strip())
    if len(body) > limits["body_max"]:
        findings.append(
            finding(
                context,
                "xiaohongshu.body-too-long",
                "error",
                length=len(body),
                limit=limits["body_max"],
                over=len(body) - limits["body_max"],
            )
        )
    tags, too_many = hashtags(context, NAME, limits["tags_max"])
    findings += too_many
    caption = f"{title}\n\n{body}\n" + (f"\n{' '.join(tags)}\n" if tags else "")
    files = [context.write("xiaohongshu.txt", caption)]
    if links:
        # Numbered as the caption's [n] markers: paste them into the first comment.
        numbered = [f"[{n}] {url}" for n, url in enumerate(links, start=1)]
        files.append(context.write("xiaohongshu-links.txt", "\n".join(numbered) + "\n"))
    configured = context.options.get("font")
    problem = font_problem(configured) if configured is not None else ""
    if problem:
        findings.append(
            ChannelFinding(
                "xiaohongshu.bad-font",
                "error",
                f"channels.xiaohongshu.font: {problem}; no cards were drawn",
                "give the path of a .ttf, .otf or .ttc font with Chinese glyphs, or remove it",
            )
        )
        return ChannelOutput(NAME, tuple(files), tuple(findings), "xiaohongshu.txt (no cards)")
    font = find_font(configured)
    if font is None:
        findings.append(
            ChannelFinding(
                "xiaohongshu.no-cjk-font",
                "error",
                "no CJK font found to draw the image cards",
                f"install {FONT_PACKAGES}, or set channels.xiaohongshu.font to a font file",
            )
        )
        return ChannelOutput(NAME, tuple(files), tuple(findings), "xiaohongshu.txt (no cards)")
    cards = plan_cards(
        card_pages(context),
        title,
        key_result(document),
        font,
        (limits["card_width"], limits["card_height"]),
        max_cards=limits["cards_max"],
    )
    if len(cards) > limits["cards_max"]:
        # Counted before drawing: only what the platform takes is drawn.
        cards = cards[: limits["cards_max"]]
        findings.append(
            ChannelFinding(
                "xiaohongshu.too-many-cards",
                "error",
                f"the text needs more than {limits['cards_max']} cards, which is what "
                f"Xiaohongshu takes; the first {limits['cards_max']} were drawn",
                "split the post at '---' into fewer pages, or shorten it",
            )
        )
    paths = draw_cards(
        cards,
        context.config.profile.name,
        font,
        context.output("xiaohongshu"),
        (limits["card_width"], limits["card_height"]),
    )
    return ChannelOutput(
        NAME, (*files, *paths), tuple(findings), f"xiaohongshu.txt, {len(paths)} cards"
    )


@lru_cache(maxsize=32)
def _font(path: Path, size: int):
    from PIL import ImageFont

    return ImageFont.truetype(str(path), size)


def find_font(configured: str | None = None) -> Path | None:
    """A font file with CJK glyphs: the configured one, then fontconfig's choice for Chinese."""
    for candidate in (configured, os.environ.get("INPUBLIC_CJK_FONT")):
        if isinstance(candidate, str) and candidate and not font_problem(candidate):
            return Path(candidate)
    if shutil.which("fc-match"):
        done = subprocess.run(
            ["fc-match", "-f", "%{file}", "sans-serif:lang=zh-cn"], capture_output=True, text=True
        )
        found = Path(done.stdout.strip())
        if done.returncode == 0 and found.is_file() and _has_cjk(found):
            return found
    return None


def font_problem(value: object) -> str:
    """Why ``value`` cannot be the cards' font, or '' when it can."""
    if not isinstance(value, str) or not value or "\0" in value:
        return f"{value!r} is not a file path"
    path = Path(value)
    if not path.is_file():
        return f"no such file: {value}"
    if not _has_cjk(path):
        return f"{value} is not a font with Chinese glyphs"
    return ""


def _has_cjk(path: Path) -> bool:
    from PIL import ImageFont

    try:
        font = ImageFont.truetype(str(path), 40)
        return font.getmask("中").getbbox() is not None and font.getlength("中") > 0
    except Exception:  # noqa: BLE001 - FreeType's reasons for refusing a file are many
        return False


# cards ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    text: str
    size: int
    bold: bool
    x: int
    y: int
    width: int
    height: int


def card_pages(context: RenderContext) -> list[list[tuple[str, str]]]:
    """Content pages as (kind, text) pieces; a '---' line in the post starts a new page."""
    breaks = sorted(
        token.map[0] + context.post.body_line
        for token in context.document.tokens
        if token.type == "hr" and token.map
    )
    pages: list[list[tuple[str, str]]] = [[]]
    for block in plain_blocks(context.document, keep_urls=False):
        while breaks and block.line > breaks[0]:
            breaks.pop(0)
            pages.append([])
        text = ("• " + block.text) if block.kind == "list_item" else block.text
        pages[-1].append((block.kind, text))
    return [page for page in pages if page]


def layout(
    pieces: list[tuple[str, str]],
    font_path: Path,
    size: tuple[int, int],
    start_y: int = MARGIN,
    max_cards: int | None = None,
) -> list[list[Line]]:
    """Lines placed on cards: wrapped to the width, a new card when one is full. With
    ``max_cards``, stops as soon as the text needs more cards than that."""
    width, height = size
    inner = width - 2 * MARGIN
    cards: list[list[Line]] = [[]]
    y = start_y
    for kind, text in pieces:
        font_size = 50 if kind == "heading" else (30 if kind == "code" else 38)
        font = _font(font_path, font_size)
        line_height = round(font_size * 1.55)
        # Every line end Unicode knows (U+0085, U+2029…): the text shaper refuses them.
        for raw_line in text.splitlines() or [""]:
            for piece in wrap(raw_line, font, inner):
                if y + line_height > height - MARGIN:
                    cards.append([])
                    y = MARGIN
                cards[-1].append(
                    Line(
                        piece,
                        font_size,
                        kind == "heading",
                        MARGIN,
                        y,
                        math.ceil(font.getlength(piece)),
                        line_height,
                    )
                )
                y += line_height
                if max_cards is not None and len(cards) > max_cards:
                    return cards
        y += round(font_size * 0.6)
    return [card for card in cards if card]


# Chinese line breaking (禁则): closing punctuation never starts a line and opening
# punctuation never ends one, so each is kept with the character it belongs to.
_CLOSE = re.escape("，。、：；！？）」』》〉】〕｝…—’”%‰,.;:!?)]}")
_OPEN = re.escape("（「『《〈【〔｛‘“([{")
_ATOM = re.compile(
    rf" |[{_OPEN}]*(?:(?![{_CLOSE}{_OPEN}]){CJK.pattern}|[^ {CJK.pattern[1:-1]}{_CLOSE}{_OPEN}]+)"
    rf"[{_CLOSE}]*|[{_OPEN}{_CLOSE}]+"
)
_NUMBER_END = re.compile(r"\d[%‰]?$")


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


def wrap(text: str, font, width: int) -> Iterator[str]:
    """Break text into lines no wider than ``width``: at spaces and between CJK characters
    as Chinese typesetting allows (see ``_atoms``), and inside a word only when the word
    alone is wider than the line. Each measure is of at most about two lines' text, so the
    time grows with the length of the text, no faster."""
    current = ""
    empty = True
    for atom in _atoms(text):
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
    pages: list[list[tuple[str, str]]],
    title: str,
    result: str,
    font_path: Path,
    size: tuple[int, int],
    max_cards: int | None = None,
) -> list[list[Line]]:
    """The cover, then the pages' cards; with ``max_cards``, more than that many only when
    the text does not fit in them (and then no more is laid out)."""
    cover = [("heading", title)] + ([("paragraph", result)] if result else [])
    cards = layout(cover, font_path, size, start_y=size[1] // 4)[:1]
    for page in pages:
        room = None if max_cards is None else max_cards - len(cards)
        if room is not None and room < 0:
            break
        cards += layout(page, font_path, size, max_cards=room)
    return cards


def draw_cards(
    cards: list[list[Line]], author: str, font_path: Path, folder: Path, size: tuple[int, int]
) -> list[Path]:
    from PIL import Image, ImageDraw

    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("card-*.png"):
        old.unlink()
    author = " ".join(author.split())  # one line: the shaper refuses line ends
    paths = []
    for number, lines in enumerate(cards, start=1):
        image = Image.new("RGB", size, BACKGROUND)
        draw = ImageDraw.Draw(image)
        for line in lines:
            font = _font(font_path, line.size)
            colour = ACCENT if line.bold else INK
            draw.text((line.x, line.y), line.text, font=font, fill=colour)
        footer = _font(font_path, 26)
        label = f"{author}  {number}/{len(cards)}".strip()
        draw.text((MARGIN, size[1] - MARGIN + 20), label, font=footer, fill=(150, 150, 150))
        path = inside(folder, folder / f"card-{number:02d}.png")
        image.save(path, compress_level=1)  # fast; the platform recompresses anyway
        paths.append(path)
    return paths
