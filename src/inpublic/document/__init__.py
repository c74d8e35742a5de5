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
    """Parse a post's body; line numbers count from the top of the post file.

    The language is the post's ``lang:``; without one, the language the body is written in
    (a post in Chinese is Chinese whatever the workspace's default); ``default_lang`` only
    for a body with no letters to tell by.
    """
    lang = post.lang or (detect_lang(post.body) if _has_letters(post.body) else default_lang)
    return parse_markdown(
        post.body,
        first_line=post.body_line,
        lang=lang,
        front_matter=dict(post.meta),
    )


def _has_letters(text: str) -> bool:
    return any(c.isalpha() for c in text)
