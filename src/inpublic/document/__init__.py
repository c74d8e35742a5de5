"""The Document: a post body parsed once into sections, blocks and sentences.

Every later stage (check, channels, site) reads this structure; nothing else
parses Markdown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from inpublic.document._parser import (
    anchor,
    detect_lang,
    markdown,
    parse_markdown,
    source_lines,
)
from inpublic.document.model import (
    OPAQUE,
    Block,
    Document,
    Inline,
    Section,
    Sentence,
    SourceMap,
    Span,
)

if TYPE_CHECKING:
    from inpublic.workspace.post import Post

__all__ = [
    "OPAQUE",
    "Block",
    "Document",
    "Inline",
    "Section",
    "Sentence",
    "SourceMap",
    "Span",
    "anchor",
    "detect_lang",
    "markdown",
    "parse_document",
    "parse_markdown",
    "source_lines",
]


def parse_document(post: Post, default_lang: str | None = None) -> Document:
    """Parse a post's body; line numbers count from the top of the post file."""
    return parse_markdown(
        post.body,
        first_line=post.body_line,
        lang=post.lang or default_lang,
        front_matter=dict(post.meta),
    )
