"""The Document as plain text, for channels that take no Markdown (X, LinkedIn, Xiaohongshu)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from inpublic.document import Document, Inline


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
    return _join_lines("".join(pieces)).strip(), tuple(dict.fromkeys(links))


_CJK_BREAK = re.compile(
    r"(?<=[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef])\n"
    r"|\n(?=[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef])"
)


def _join_lines(text: str) -> str:
    """Soft line breaks become a space between Latin words and nothing beside CJK characters."""
    return _CJK_BREAK.sub("", text).replace("\n", " ")


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
    """The first measured sentence of the Result section: the number the post is about."""
    from inpublic.check import has_measure, section_parts

    index = section_parts(document).get("result")
    if index is None:
        return ""
    sentences = [s for b in document.section_blocks(document.sections[index]) for s in b.sentences]
    for sentence in sentences:
        if has_measure(sentence.prose):
            return _join_lines(sentence.text).strip()
    return _join_lines(sentences[0].text).strip() if sentences else ""


def first_sentence(document: Document, part: str) -> str:
    """The first sentence of a micro-report part (problem, solution…), or ''."""
    from inpublic.check import section_parts

    index = section_parts(document).get(part)
    if index is None:
        return ""
    for block in document.section_blocks(document.sections[index]):
        for sentence in block.sentences:
            return _join_lines(sentence.text).strip()
    return ""


def hashtag(tag: str) -> str:
    """#tag with the characters hashtags cannot hold removed."""
    return "#" + "".join(c for c in tag if c.isalnum() or c == "_")
