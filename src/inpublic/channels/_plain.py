"""The Document as plain text, for channels that take no Markdown (X, LinkedIn, Xiaohongshu)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from inpublic.document import Document, Inline
from inpublic.document.parts import join_lines


@dataclass(frozen=True)
class PlainBlock:
    kind: str  # heading, paragraph, list_item, quote, code, table
    text: str
    links: tuple[str, ...] = ()
    depth: int = 0
    section: int = -1
    line: int = 0  # the file line where the block starts


def inline_text(inline: Inline, keep_urls: bool = True) -> tuple[str, tuple[str, ...]]:
    """The inline's text as a reader sees it, and the links it holds (link text kept)."""
    pieces: list[str] = []
    links: list[str] = []
    for span in inline.spans:
        text = inline.text[span.start : span.end]
        if span.kind == "html" or span.kind == "image":
            continue
        if span.kind == "code":
            text = f"`{text}`"
        if span.kind == "url":
            links.append(span.href or text)
            if not keep_urls:
                continue
        elif span.href:
            links.append(span.href)
        pieces.append(text)
    return join_lines("".join(pieces)).strip(), tuple(dict.fromkeys(links))


def plain_blocks(document: Document, keep_urls: bool = True) -> list[PlainBlock]:
    blocks = []
    for block in document.blocks:
        if block.kind in ("html", "image"):
            continue
        if block.kind == "code":
            blocks.append(
                PlainBlock("code", block.text.rstrip("\n"), section=block.section, line=block.line)
            )
            continue
        if block.kind == "table":
            cells = [inline_text(i, keep_urls) for i in block.inlines]
            links = tuple(link for _, found in cells for link in found)
            blocks.append(
                PlainBlock("table", block.text, links, section=block.section, line=block.line)
            )
            continue
        text, links = inline_text(block.inlines[0], keep_urls)
        if text:
            blocks.append(
                PlainBlock(block.kind, text, links, block.depth, block.section, block.line)
            )
    return blocks


def text_lines(
    document: Document, heading: Callable[[PlainBlock], str], nested: str = "• "
) -> tuple[list[str], list[str]]:
    """Lines of plain text (headings through ``heading``, '•' bullets, code left out) and the
    links taken out of them, for channels that show no Markdown and no clickable links."""
    lines: list[str] = []
    links: list[str] = []
    for block in plain_blocks(document, keep_urls=False):
        links.extend(block.links)
        if block.kind == "heading":
            lines += ["", heading(block)]
        elif block.kind == "list_item":
            lines.append((nested if block.depth > 1 else "• ") + block.text)
        elif block.kind in ("paragraph", "quote", "table"):
            lines.append(block.text)
    return lines, list(dict.fromkeys(links))


def key_result(document: Document) -> str:
    """The key result: the sentence with the post's measured result (a comparison first),
    as document.parts finds it, or ''."""
    from inpublic.document.parts import find_parts

    return find_parts(document).key_result


def first_sentence(document: Document, part: str) -> str:
    """The sentence that states a micro-report part (problem, solution…), or ''."""
    from inpublic.document.parts import find_parts

    hit = find_parts(document).get(part)
    return hit.text if hit else ""


def hashtag(tag: str) -> str:
    """#tag with the characters hashtags cannot hold removed."""
    return "#" + "".join(c for c in tag if c.isalnum() or c == "_")
