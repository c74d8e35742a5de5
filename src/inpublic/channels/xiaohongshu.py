"""Xiaohongshu: a caption (title, body with emoji section markers, tags) and 3:4 image cards."""

from __future__ import annotations

import math
import os
import shutil
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from inpublic._files import write_atomic
from inpublic.channels._plain import hashtag, key_result, plain_blocks, text_lines
from inpublic.channels.model import ChannelFinding, ChannelOutput, RenderContext
from inpublic.document._sentences import is_cjk

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
    """Xiaohongshu's count: a CJK (non-ASCII) character is 1, two ASCII characters are 1."""
    half_units = sum(1 if ord(c) < 128 else 2 for c in title)
    return math.ceil(half_units / 2)


def render(context: RenderContext) -> ChannelOutput:
    from inpublic.check import section_parts

    limits, document = context.limits, context.document
    findings: list[ChannelFinding] = []
    title = context.title
    if title_length(title) > limits["title_max"]:
        findings.append(
            ChannelFinding(
                "xiaohongshu.title-too-long",
                "error",
                f"title length {title_length(title)} (Xiaohongshu's count) is over "
                f"{limits['title_max']}",
                "set channels.xiaohongshu.title in the front matter",
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
    body = "\n".join(lines).strip()
    if len(body) > limits["body_max"]:
        findings.append(
            ChannelFinding(
                "xiaohongshu.body-too-long",
                "error",
                f"the body has {len(body)} characters; Xiaohongshu takes {limits['body_max']}: "
                f"cut {len(body) - limits['body_max']}",
                "shorten the process section, or keep the details for the cards",
            )
        )
    tags = [hashtag(tag) for tag in context.post.tags][: limits["tags_max"]]
    caption = f"{title}\n\n{body}\n" + (f"\n{' '.join(tags)}\n" if tags else "")
    out = context.out
    caption_path = out / "xiaohongshu.txt"
    write_atomic(caption_path, caption)
    files = [caption_path]
    if links:
        links_path = out / "xiaohongshu-links.txt"
        write_atomic(links_path, "\n".join(links) + "\n")
        files.append(links_path)
    font = find_font(context.options.get("font"))
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
    pages = card_pages(context)
    cards = draw_cards(
        pages,
        title,
        key_result(document),
        context.config.profile.name,
        font,
        out / "xiaohongshu",
        (limits["card_width"], limits["card_height"]),
    )
    if len(cards) > limits["cards_max"]:
        findings.append(
            ChannelFinding(
                "xiaohongshu.too-many-cards",
                "error",
                f"{len(cards)} cards; Xiaohongshu takes {limits['cards_max']}",
                "split the post at '---' into fewer pages, or shorten it",
            )
        )
    return ChannelOutput(
        NAME, (*files, *cards), tuple(findings), f"xiaohongshu.txt, {len(cards)} cards"
    )


@lru_cache(maxsize=32)
def _font(path: Path, size: int):
    from PIL import ImageFont

    return ImageFont.truetype(str(path), size)


def find_font(configured: str | None = None) -> Path | None:
    """A font file with CJK glyphs: the configured one, then fontconfig's choice for Chinese."""
    for candidate in (configured, os.environ.get("INPUBLIC_CJK_FONT")):
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    if shutil.which("fc-match"):
        done = subprocess.run(
            ["fc-match", "-f", "%{file}", "sans-serif:lang=zh-cn"], capture_output=True, text=True
        )
        found = Path(done.stdout.strip())
        if done.returncode == 0 and found.is_file() and _has_cjk(found):
            return found
    return None


def _has_cjk(path: Path) -> bool:
    from PIL import ImageFont

    try:
        font = ImageFont.truetype(str(path), 40)
    except OSError:
        return False
    return font.getmask("中").getbbox() is not None and font.getlength("中") > 0


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
    pieces: list[tuple[str, str]], font_path: Path, size: tuple[int, int], start_y: int = MARGIN
) -> list[list[Line]]:
    """Lines placed on cards: wrapped to the width, a new card when one is full."""
    width, height = size
    inner = width - 2 * MARGIN
    cards: list[list[Line]] = [[]]
    y = start_y
    for kind, text in pieces:
        font_size = 50 if kind == "heading" else (30 if kind == "code" else 38)
        font = _font(font_path, font_size)
        line_height = round(font_size * 1.55)
        for raw_line in text.split("\n"):
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
        y += round(font_size * 0.6)
    return [card for card in cards if card]


def wrap(text: str, font, width: int) -> list[str]:
    """Break text into lines no wider than ``width``: at spaces, between CJK characters, and
    inside a word only when the word alone is wider than the line."""
    atoms: list[str] = []
    word = ""
    for char in text:
        if is_cjk(char) or char == " ":
            if word:
                atoms.append(word)
                word = ""
            atoms.append(char)
        else:
            word += char
    if word:
        atoms.append(word)
    lines: list[str] = []
    current = ""
    for atom in atoms:
        candidate = current + atom
        if font.getlength(candidate.rstrip()) <= width:
            current = candidate
            continue
        if current.strip():
            lines.append(current.rstrip())
        current = "" if atom == " " else atom
        while font.getlength(current) > width:  # one word wider than the card
            cut = len(current)
            while cut > 1 and font.getlength(current[:cut]) > width:
                cut -= 1
            lines.append(current[:cut])
            current = current[cut:]
    if current.strip():
        lines.append(current.rstrip())
    return lines or [""]


def draw_cards(
    pages: list[list[tuple[str, str]]],
    title: str,
    result: str,
    author: str,
    font_path: Path,
    folder: Path,
    size: tuple[int, int],
) -> list[Path]:
    from PIL import Image, ImageDraw

    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("card-*.png"):
        old.unlink()
    cover = [("heading", title)] + ([("paragraph", result)] if result else [])
    cards = layout(cover, font_path, size, start_y=size[1] // 4)[:1]
    for page in pages:
        cards += layout(page, font_path, size)
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
        path = folder / f"card-{number:02d}.png"
        image.save(path, compress_level=1)  # fast; the platform recompresses anyway
        paths.append(path)
    return paths
