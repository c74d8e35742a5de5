"""What the HTML channels (WeChat, Zhihu, the site) share of the Markdown people write
beyond CommonMark: alert titles and headings in the post's language, the [TOC] paragraph
as a token of its own, raw inline HTML sanitised as tag pairs, and the findings about it
(syntax.toml)."""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from collections.abc import Sequence
from functools import cache, partial
from importlib import resources
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from inpublic.channels.model import ChannelFinding, RenderContext
    from inpublic.document import Document

TOC = re.compile(r"\[TOC\]", re.I)
TAG = re.compile(r"<\s*(/?)\s*([A-Za-z][A-Za-z0-9-]*)")


@cache
def data() -> dict[str, Any]:
    return tomllib.loads(resources.files(__package__).joinpath("syntax.toml").read_text("utf-8"))


def words(table: str, key: str, lang: str) -> str:
    """An alert title or a heading of syntax.toml in ``lang`` (English for another)."""
    entry = data()[table][key]
    return str(entry.get(lang, entry["en"]))


def finding(channel: str, lang: str, what: str, severity: str, **values: object) -> ChannelFinding:
    """A finding ``<channel>.<what>`` in ``lang``, its words from syntax.toml (the channel's
    own ``[messages.<what>.<channel>]`` where it has one); Chinese spaced around Latin names."""
    from inpublic.channels._plain import in_language
    from inpublic.channels.model import ChannelFinding

    entry = data()["messages"][what]
    entry = entry.get(channel, entry)
    lang = lang if lang in entry else "en"
    from inpublic.channels._limits import channel_name

    name = channel_name(channel, lang)
    filled = {"channel": name, **values}
    return ChannelFinding(
        f"{channel}.{what}",
        severity,
        in_language(entry[lang].format(**filled), lang),
        in_language(entry[f"fix_{lang}"].format(**filled), lang),
    )


def is_toc(tokens: Sequence[Any], index: int) -> bool:
    """Whether the paragraph opening at ``index`` is a [TOC] line alone."""
    return (
        tokens[index].type == "paragraph_open"
        and index + 1 < len(tokens)
        and bool(TOC.fullmatch(tokens[index + 1].content.strip()))
    )


def prepared(document: Document, lang: str) -> list[Any]:
    """The token stream to render: an alert's title in ``lang`` (markdown-it writes it in
    English), and a [TOC] paragraph as one ``toc`` token whose meta holds the headings
    (level, title, anchor). The Document's own tokens are not changed."""
    from markdown_it.token import Token

    tokens = list(document.tokens)
    out: list[Any] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if is_toc(tokens, index):
            headings = [(s.level, s.title, s.anchor) for s in document.sections]
            out.append(Token("toc", "nav", 0, meta={"headings": headings}, map=token.map))
            index += 3
            continue
        if token.type == "alert_title_open":
            kind = next(t for t in reversed(out) if t.type == "alert_open").meta["kind"]
            title = tokens[index + 1].copy()
            title.children = [Token("text", "", 0, content=words("alerts", kind, lang))]
            out += [token, title]
            index += 2
            continue
        out.append(token)
        index += 1
    return out


def clean_tag(raw: str, tags: set[str], attributes: dict[str, set[str]]) -> tuple[str, str | None]:
    """One inline HTML tag sanitised as half of its pair (``H<sub>2</sub>O``): an allowed
    opening tag keeps its allowed attributes and stays open, an allowed closing tag stays,
    anything else goes. Returns the HTML and the name of the tag left out (None when kept
    or a comment)."""
    import nh3

    if raw.lstrip().startswith("<!--"):
        return "", None
    match = TAG.match(raw.strip())
    if match is None:
        return nh3.clean(raw, tags=tags, attributes=attributes), None
    closing, name = match.group(1), match.group(2).lower()
    if name not in tags:  # counted once, by its opening tag
        return "", None if closing else name
    if closing:
        return f"</{name}>", None
    if raw.rstrip().endswith("/>") or name in ("br", "img", "hr"):
        return nh3.clean(raw, tags=tags, attributes=attributes), None
    pair = nh3.clean(f"{raw}</{name}>", tags=tags, attributes=attributes)
    return pair.removesuffix(f"</{name}>"), None


def dropped_tags(raw: str, tags: set[str]) -> Counter[str]:
    """The tags of a raw HTML block that are not in ``tags``, counted (closing tags aside)."""
    return Counter(
        match.group(2).lower()
        for match in TAG.finditer(raw)
        if not match.group(1) and match.group(2).lower() not in tags
    )


def dropped_findings(channel: str, lang: str, dropped: Counter[str]) -> list[ChannelFinding]:
    """One finding per kind of raw HTML left out, with its count."""
    return [
        finding(channel, lang, "unsafe-html", "warning", tag=tag, count=count)
        for tag, count in dropped.items()
    ]


def diagram_findings(context: RenderContext, channel: str) -> list[ChannelFinding]:
    """One finding for the diagrams (```mermaid …) kept as code blocks."""
    from inpublic.channels._plain import data as plain_data

    diagrams = [
        block
        for block in context.document.blocks
        if block.kind == "code" and block.info.lower() in plain_data()["diagrams"]
    ]
    if not diagrams:
        return []
    kinds = ", ".join(dict.fromkeys(block.info.lower() for block in diagrams))
    return [
        finding(
            channel,
            context.lang,
            "diagram",
            "warning",
            count=len(diagrams),
            lang_name=kinds,
            line=diagrams[0].line,
        )
    ]


# Markdown for a CommonMark reader (Hugo's goldmark, Juejin's remark) ----------------------

# An emphasis pair on one line: '**注意：**' or '*原因有两个，*'.
_EMPHASIS = re.compile(r"(?<![*\\])(\*{1,2})(?![\s*])(.+?)(?<![\s*\\])\1(?!\*)")
_MONEY = re.compile(r"(?<!\\)\$")


def commonmark_lines(
    document: Document, lines: Sequence[str], rewritten: dict[int, str], offset: int, money: bool
) -> None:
    """Rewrite, in ``rewritten`` (by ``offset`` + body line), the lines a CommonMark reader
    would read otherwise than the parser: emphasis next to CJK text with its punctuation
    moved outside the delimiters (``**注意：**这里`` -> ``**注意**：这里``, which CommonMark's
    flanking rules read as bold); with ``money``, each '$' the parser did not read as
    math written '\\$' (remark-math, Juejin's, reads '$200 to $0' as a formula). Code
    spans are left as written; only the lines of paragraphs that hold emphasis or '$' are
    read."""
    for token in document.tokens:
        if token.type != "inline" or not token.map or not token.children:
            continue
        kinds = {child.type for child in token.children}
        maths = [child for child in token.children if child.type.startswith("math_inline")]
        text = "".join(child.content for child in token.children if child.type == "text")
        emphasis = bool(kinds & {"strong_open", "em_open"})
        formulas = [f"{child.markup}{child.content}{child.markup}" for child in maths]
        # a formula over two lines is not found on either: that paragraph's '$' are left
        dollars = money and "$" in text and not any("\n" in f for f in formulas)
        if not (emphasis or dollars):
            continue
        for index in range(token.map[0], min(token.map[1], len(lines))):
            line = rewritten.get(offset + index, lines[index])
            new = _outside_code(
                line, partial(_commonmark, emphasis=emphasis, money=dollars, formulas=formulas)
            )
            if new != line:
                rewritten[offset + index] = new


def _outside_code(line: str, change: Any) -> str:
    pieces = line.split("`")
    pieces[::2] = [change(piece) for piece in pieces[::2]]
    return "`".join(pieces)


def _commonmark(text: str, emphasis: bool, money: bool, formulas: list[str]) -> str:
    if emphasis:
        text = _EMPHASIS.sub(_flanking, text)
    if money:
        held = [formula for formula in formulas if formula in text]
        for number, formula in enumerate(held):
            text = text.replace(formula, f"\x00{number}\x00", 1)
        text = _MONEY.sub(r"\\$", text)
        for number, formula in enumerate(held):
            text = text.replace(f"\x00{number}\x00", formula, 1)
    return text


def _punctuation(character: str) -> bool:
    import unicodedata

    return unicodedata.category(character)[0] in "PS"


def _flanking(match: re.Match[str]) -> str:
    """An emphasis pair CommonMark would leave as text, its punctuation moved outside: a
    closing run after punctuation and before a letter, an opening run before punctuation
    and after a letter."""
    whole, mark, inner = match.string, match.group(1), match.group(2)
    before = whole[match.start() - 1] if match.start() else " "
    after = whole[match.end()] if match.end() < len(whole) else " "
    lead = trail = ""
    if not (after.isspace() or _punctuation(after)):
        while inner and _punctuation(inner[-1]):
            inner, trail = inner[:-1], inner[-1] + trail
    if not (before.isspace() or _punctuation(before)):
        while inner and _punctuation(inner[0]):
            lead, inner = lead + inner[0], inner[1:]
    if not inner:  # nothing but punctuation: as written
        return match.group(0)
    return f"{lead}{mark}{inner}{mark}{trail}"
