"""Counting and cutting text the way channels do."""

from __future__ import annotations

from inpublic.channels.model import RenderContext
from inpublic.document._sentences import split_sentences


def summary_text(context: RenderContext) -> str:
    """The post's summary as plain text: front matter, else the text before <!--more-->,
    else the first paragraph (no Markdown left in it: see ``_plain.plain_blocks``)."""
    from inpublic.channels._plain import plain_blocks

    summary = context.post.meta.get("summary")
    more = context.document.more_line
    blocks = plain_blocks(context.document)
    if not summary and more is not None:
        summary = "\n\n".join(
            block.text
            for block in blocks
            if block.line < more and block.kind in ("paragraph", "list_item", "quote")
        )
    if summary:
        return " ".join(str(summary).split()) if context.lang == "en" else str(summary).strip()
    for block in blocks:
        if block.kind == "paragraph":
            return block.text
    return ""


def clip_sentences(text: str, limit: int) -> str:
    """The longest run of whole sentences that fits in ``limit`` characters (at least one
    sentence's worth of characters, cut at a character boundary if one sentence is too long)."""
    text = text.strip()
    if len(text) <= limit:
        return text
    best = ""
    for _, end in split_sentences(text, []):
        if end <= limit:
            best = text[:end]
    return best or text[: limit - 1].rstrip() + "…"
