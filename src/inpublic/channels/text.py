"""Counting and cutting text the way channels do."""

from __future__ import annotations

from inpublic.channels.model import RenderContext


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
