"""The HTML base renderer that WeChat and the site share: the post's token stream (the
Document's, with the Markdown beyond CommonMark prepared by ``_syntax``) through
markdown-it's renderer with a channel's rules, raw HTML sanitised one way (a block whole,
an inline tag as half of its pair, comments dropped, what is left out counted by tag),
the one test of HTML that runs code, code lexers, and local images found by address.

What differs stays with each: WeChat's inline styles and numbered link references
(channels/wechat.py), the site's classes, anchors and copied images (site/_html.py).
Zhihu writes Markdown, not HTML: it shares the test of HTML that runs code."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Mapping
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from inpublic.channels._math import Formula
    from inpublic.document import Document

# Raw HTML that runs code, for every channel and the site: an element that does (group 1),
# an event handler (group 2), a javascript: address (group 3).
ACTIVE_HTML = re.compile(
    r"<\s*(script|style|iframe|object|embed)\b|[\s/\"'](on[a-z]+)\s*=|(javascript):", re.I
)


def active_html(raw: str) -> list[re.Match[str]]:
    """What in ``raw`` runs code, in order, read as a browser reads it: character
    references decoded, and an address without its tabs and line ends
    (``java&#x09;script:``)."""
    import html

    text = html.unescape(raw)
    found = list(ACTIVE_HTML.finditer(text))
    if not any(match.group(3) for match in found):
        found += [m for m in ACTIVE_HTML.finditer(re.sub(r"[\x00-\x20]", "", text)) if m.group(3)]
    return found


def active_label(match: re.Match[str]) -> str:
    """'<script>', 'onclick=' or 'javascript:': what a finding names."""
    if match.group(1):
        return f"<{match.group(1).lower()}>"
    return f"{match.group(2).lower()}=" if match.group(2) else "javascript:"


def render(
    document: Document,
    lang: str,
    rules: Mapping[str, Any],  # (tokens, index, options, env) -> html
    env: dict[str, Any],
    plugins: bool = True,
) -> str:
    """The post as HTML: its prepared tokens (``_syntax.prepared``) through markdown-it's
    renderer with ``rules`` by token type (over the plugins' own, footnotes and math, when
    ``plugins``); ``env`` is the state the rules share."""
    from inpublic.channels._syntax import prepared
    from inpublic.document import markdown

    tokens = prepared(document, lang)
    return renderer(rules, plugins).render(tokens, markdown().options, env)


def renderer(rules: Mapping[str, Any], plugins: bool = True) -> Any:
    """markdown-it's renderer with ``rules``, built once for each set of rules."""
    return _renderer(tuple(rules.items()), plugins)


@cache
def _renderer(rules: tuple[tuple[str, Any], ...], plugins: bool) -> Any:
    from markdown_it.renderer import RendererHTML

    from inpublic.document import markdown

    renderer = RendererHTML()  # collecting its rules by introspection costs more than a render
    if plugins:
        renderer.rules.update(markdown().renderer.rules)
    renderer.rules.update(dict(rules))
    return renderer


def raw_html(
    token: Any,
    tags: set[str],
    dropped: Counter[str],
    attributes: dict[str, set[str]] | None = None,
    attribute_filter: Callable[[str, str, str], str | None] | None = None,
    count_blocks: bool = True,
) -> str:
    """A raw HTML token sanitised to ``tags`` and ``attributes`` (or ``attribute_filter``,
    which may rewrite a value): a comment goes; an inline tag is kept or left out as half
    of its pair (H<sub>2</sub>O, ``_syntax.clean_tag``), but for an ``<img>`` with an
    ``attribute_filter``; a block is cleaned whole. The tags left out are counted in
    ``dropped`` (a block's only with ``count_blocks``), for one finding per tag."""
    import nh3

    from inpublic.channels._syntax import clean_tag, dropped_tags

    raw = token.content
    if raw.lstrip().startswith("<!--"):
        return ""
    image = raw.lstrip().lower().startswith("<img")
    if token.type == "html_inline" and not (image and attribute_filter):
        clean, left_out = clean_tag(raw, tags, attributes or {})
        if left_out:
            dropped[left_out] += 1
        return clean
    if count_blocks:
        dropped.update(dropped_tags(raw, tags))
    if attribute_filter is not None:
        return str(nh3.clean(raw, tags=tags, attribute_filter=attribute_filter))
    return str(nh3.clean(raw, tags=tags, attributes=attributes))


@cache
def lexer(language: str, ensurenl: bool = True) -> Any:
    """Pygments' lexer for a code block's language (plain text for none or an unknown one);
    ``ensurenl`` false: no line end added to the code."""
    from pygments.lexers import TextLexer, get_lexer_by_name
    from pygments.util import ClassNotFound

    try:
        return (
            get_lexer_by_name(language, ensurenl=ensurenl)
            if language
            else TextLexer(ensurenl=ensurenl)
        )
    except ClassNotFound:
        return TextLexer(ensurenl=ensurenl)


def math(token: Any) -> tuple[Formula | None, bool, str]:
    """A math token's formula drawn (None when mathtext cannot draw its TeX: the channel
    shows it as code), whether it is a display formula, and its TeX escaped for code."""
    import html

    from inpublic.channels._math import formula

    display = token.type != "math_inline"
    return formula(token.content, display), display, html.escape(token.content.strip())


def toc(token: Any) -> list[tuple[int, str, str]]:
    """A [TOC] token's headings: each one's depth under the highest (0 for it), its title
    and anchor, escaped for HTML."""
    import html

    headings = token.meta["headings"]
    top = min((level for level, _, _ in headings), default=0)
    return [
        (level - top, html.escape(title), html.escape(anchor)) for level, title, anchor in headings
    ]


def fence_language(token: Any) -> str:
    """A code block's language: the first word of its info string."""
    return (token.info or "").strip().split(" ")[0]
