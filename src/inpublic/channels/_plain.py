"""The Document as plain text, for channels that take no Markdown (X, LinkedIn, Xiaohongshu).

Nothing is dropped silently: a link keeps its address (inline, or as a numbered marker
with the addresses listed at the end), an ordered item its number, a table becomes lines,
and what a channel cannot carry (code, tables, images, math, diagrams) is counted into
findings (``left_out``). The words and messages are data: plain.toml.

The parser knows footnotes, task lists, math and alerts, and keeps their syntax as
written in a block's text (see Block; an inline formula is a "math" span): it is read
here, in that text, so that none of it shows on a plain channel.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any, Literal

from inpublic.document import Block, Document, Inline, Span
from inpublic.document._sentences import CJK
from inpublic.document.parts import join_lines

if TYPE_CHECKING:
    from inpublic.channels.model import ChannelFinding, RenderContext
    from inpublic.document.parts import Hit

LinkStyle = Literal["text", "inline", "numbered"]
"""How a link is written: its text only; 'text (https://…)' (X); 'text [1]' with the
addresses listed at the end (LinkedIn, Xiaohongshu)."""

_FOOTNOTE_REF = re.compile(r"\[\^([^\]\s]+)\]")
_FOOTNOTE_DEF = re.compile(r"\[\^([^\]\s]+)\]:[ \t]*(.*)", re.S)
_BOLD = re.compile(r"\*\*(?=[^\s*])(.+?)(?<=[^\s*])\*\*")
_ITALIC_CJK = re.compile(rf"(?<!\*)\*(?=[^\s*])([^*\n]*?{CJK.pattern}[^*\n]*?)(?<=[^\s*])\*(?!\*)")
_MATH_INLINE = re.compile(r"(?<![$\\])\$(?=[^\s$])([^$\n]+?)(?<=[^\s$\\])\$(?![$\d])")
_MATH_BLOCK = re.compile(r"\s*\$\$.*\$\$\s*", re.S)
_TASK = re.compile(r"\[([ xX])\](?:[ \t]+|$)")
_ALERT = re.compile(r"\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\][ \t]*\n?")
_BREAK = re.compile(r"<br\s*/?>", re.I)
_HARD_BREAK = "\u2028"  # a <br> until the soft line breaks are joined
# <sup>/<sub> pairs, marked in the text until their content is written out (see _scripts).
_SCRIPT_TAG = re.compile(r"<\s*(/?)\s*(sup|sub)\b[^>]*>", re.I)
_SCRIPT_MARK = {
    ("", "sup"): "\ue000",
    ("/", "sup"): "\ue001",
    ("", "sub"): "\ue002",
    ("/", "sub"): "\ue003",
}
_SCRIPTED = re.compile("\ue000([^\ue000-\ue003]*)\ue001|\ue002([^\ue000-\ue003]*)\ue003")
_TOC = re.compile(r"\s*\[TOC\]\s*", re.I)
_URL_END = re.compile("[\u3000-\u303f\uff00-\uffef\u3400-\u9fff]")
_UNITS = re.compile(r"[(（][^)）]*[)）]")


@cache
def data() -> dict[str, Any]:
    return tomllib.loads(resources.files(__package__).joinpath("plain.toml").read_text("utf-8"))


@dataclass(frozen=True)
class PlainBlock:
    kind: str  # heading, paragraph, list_item, quote, code, table, math
    text: str
    links: tuple[str, ...] = ()
    depth: int = 0
    section: int = -1
    line: int = 0  # the file line where the block starts
    marker: str = ""  # an ordered item's number as written ("3." or "3)"); else ''
    hang: bool = False  # a later paragraph of a list item: under the item's text, no marker


class Links:
    """The addresses met in the text, numbered once each in order of first appearance."""

    def __init__(self) -> None:
        self.urls: list[str] = []

    def number(self, url: str) -> int:
        if url not in self.urls:
            self.urls.append(url)
        return self.urls.index(url) + 1


def inline_text(
    inline: Inline,
    keep_urls: bool = True,
    style: LinkStyle = "text",
    numbers: Links | None = None,
    notes: Mapping[str, str] | None = None,
) -> tuple[str, tuple[str, ...]]:
    """The inline's text as a reader sees it, and the links it holds: code without its
    backticks, ``<br>`` as a line break, Markdown the parser left as text (``**``, ``$…$``,
    ``[^1]``) written out, and each link as ``style`` says (with ``keep_urls`` false, the
    'text' style leaves bare addresses out)."""
    pieces: list[str] = []
    links: list[str] = []
    notes = notes or {}
    numbers = numbers or Links()
    for href, run in _runs(inline):
        text = "".join(_span_text(inline, span, notes) for span in run)
        if href is None:
            pieces.append(text)
            continue
        bare = all(span.kind == "url" for span in run)
        tail = ""
        if bare and (cut := _URL_END.search(text)):
            # The autolinker took the Chinese after a bare address into it ('…/raw。见'):
            # the address ends there, and the rest is text.
            text, tail = text[: cut.start()], _clean(text[cut.start() :])
            href = text if text.startswith(("http://", "https://")) else href
        if not href.startswith(("http://", "https://", "mailto:")):
            pieces.append(text)  # a link inside the site or the page: its words only
            continue
        links.append(href)
        pieces.append(_link(text, href, bare, style, keep_urls, numbers) + tail)
    text = _scripts(join_lines("".join(pieces))).replace(_HARD_BREAK, "\n")
    return text.strip(), tuple(dict.fromkeys(links))


def _runs(inline: Inline) -> list[tuple[str | None, list[Span]]]:
    """The spans in runs that share one link (None: no link)."""
    runs: list[tuple[str | None, list[Span]]] = []
    for span in inline.spans:
        href = span.href if span.kind not in ("image", "html") else None
        if runs and runs[-1][0] == href and href is not None:
            runs[-1][1].append(span)
        else:
            runs.append((href, [span]))
    return runs


def _span_text(inline: Inline, span: Span, notes: Mapping[str, str]) -> str:
    text = inline.text[span.start : span.end]
    if span.kind == "html":
        if match := _SCRIPT_TAG.fullmatch(text.strip()):
            return _SCRIPT_MARK[match.group(1), match.group(2).lower()]
        return _HARD_BREAK if _BREAK.fullmatch(text.strip()) else ""
    if span.kind == "image":
        return ""
    if span.kind in ("text", "path", "math"):  # code and addresses stay as written
        return _clean(_FOOTNOTE_REF.sub(lambda m: _note(notes.get(m.group(1), "")), text))
    return text


def _scripts(text: str) -> str:
    """<sup>/<sub> content (marked by ``_span_text``) in Unicode superscript or subscript
    characters where each has one (10⁴, log₂), else after '^' or '_' (x^(n+k)); a lone
    mark (an unpaired tag) goes."""

    def written(match: re.Match[str]) -> str:
        sup = match.group(1) is not None
        inner = match.group(1) if sup else match.group(2)
        table = data()["scripts"]["sup" if sup else "sub"]
        if inner and all(c in table for c in inner):
            return "".join(table[c] for c in inner)
        if not inner:
            return ""
        mark = "^" if sup else "_"
        return f"{mark}{inner}" if inner.isalnum() else f"{mark}({inner})"

    return re.sub("[\ue000-\ue003]", "", _SCRIPTED.sub(written, text))


def _note(text: str) -> str:
    """A footnote's text where its reference was: in parentheses after a space, or in
    full-width parentheses with no space and no closing 。 in Chinese text."""
    if not text:
        return ""
    if CJK.search(text):
        return f"（{text.rstrip('。')}）"
    return f" ({text})"


def _clean(text: str) -> str:
    """Emphasis and math the parser left as literal text, written out."""
    text = _BOLD.sub(r"\1", text)
    text = _ITALIC_CJK.sub(r"\1", text)
    return _MATH_INLINE.sub(lambda m: readable_math(m.group(1)), text)


_TEX_SCRIPT = re.compile(r"([\^_])(?:\{([^{}]*)\}|([A-Za-z0-9+\-=()]))")


def readable_math(tex: str) -> str:
    """An inline formula as a reader reads it in plain text: a sub- or superscript in
    Unicode where each of its characters has one (b_t → bₜ, x^{2} → x²), else x^(n+k); TeX
    commands as their symbols (pylatexenc: \\cdot → ·, \\frac{N}{n} → N/n, \\alpha → α)."""
    from pylatexenc.latex2text import LatexNodes2Text

    def scripted(match: re.Match[str]) -> str:
        sup = match.group(1) == "^"
        inner = match.group(2) if match.group(2) is not None else match.group(3)
        table = data()["scripts"]["sup" if sup else "sub"]
        if inner and all(c in table for c in inner):
            return "".join(table[c] for c in inner)
        return f"{match.group(1)}{inner}" if len(inner) == 1 else f"{match.group(1)}({inner})"

    # A command ends before a script and keeps the space after it (TeX would eat it).
    tex = _TEX_SCRIPT.sub(scripted, re.sub(r"(\\[A-Za-z]+)(?=[ _^])", r"\1{}", tex))
    text = LatexNodes2Text(math_mode="verbatim").latex_to_text(tex)
    return " ".join(text.split())


def _link(text: str, href: str, bare: bool, style: LinkStyle, keep: bool, numbers: Links) -> str:
    shown = href.removeprefix("mailto:")
    if text.startswith("^"):  # a footnote that the parser took for a link
        text, bare = "", True
    if style == "text":
        return text if keep or not bare else ""
    if style == "numbered":
        marker = f"[{numbers.number(href)}]"
        return marker if bare or not text.strip() else f"{text} {marker}"
    if bare or not text.strip() or _address(text) == _address(shown):
        return shown  # the text is the address ('example.com/blog'): once is enough
    # '@name' linked to a profile would be a live X mention of whoever holds that handle
    # there: the name is written without '@', followed by the address it points at.
    return f"{text.strip().lstrip('@')} ({shown})"


def _address(text: str) -> str:
    """An address as a reader compares it: no scheme, no 'www.', no trailing '/'."""
    text = re.sub(r"^[a-z]+://(?:www\.)?", "", text.strip().lower())
    return text.rstrip("/")


def footnotes(document: Document) -> dict[str, str]:
    """The footnotes' texts by label, from their definitions ('[^1]: …')."""
    found = {}
    for block in document.blocks:
        if block.kind == "paragraph" and (match := _FOOTNOTE_DEF.match(block.text)):
            found[match.group(1)] = _clean(join_lines(match.group(2)).strip())
    return found


def plain_blocks(
    document: Document,
    keep_urls: bool = True,
    style: LinkStyle = "text",
    numbers: Links | None = None,
    alert: Callable[[str, str], str] | None = None,
) -> list[PlainBlock]:
    """The blocks as plain text (images, raw HTML, footnote definitions and [TOC] left
    out; a table as lines, see ``table_lines``; a display formula as kind 'math'; an
    alert's ``[!NOTE]`` as ``alert(kind, lang)`` gives, by default a word of plain.toml)."""
    alert = alert or _alert
    notes = footnotes(document)
    numbers = numbers or Links()
    blocks = []
    for block in document.blocks:
        kind: str = block.kind
        links: tuple[str, ...] = ()
        marker = ""
        hang = False
        if (
            kind in ("html", "image")
            or _FOOTNOTE_DEF.match(block.text)
            or _TOC.fullmatch(block.text)
        ):
            continue
        if kind == "code":
            text = block.text.rstrip("\n")
        elif kind == "table":
            lines, links = table_lines(document, block, style, keep_urls, numbers, notes)
            text = "\n".join(line for line in lines if line)
        elif _MATH_BLOCK.fullmatch(block.text):
            kind, text = "math", block.text.strip().strip("$").strip()
        else:
            text, links = inline_text(block.inlines[0], keep_urls, style, numbers, notes)
            hang = kind == "list_item" and not _first_in_item(document, block)
            if kind == "list_item":
                marker = _ordered_marker(document, block)
            if kind == "list_item" and not hang:
                text = _TASK.sub(lambda m: data()["task"][m.group(1)] + " ", text, count=1)
            if kind == "quote":
                text = _ALERT.sub(lambda m: alert(m.group(1), document.lang), text, count=1)
        if text:
            blocks.append(
                PlainBlock(kind, text, links, block.depth, block.section, block.line, marker, hang)
            )
    return blocks


def _first_in_item(document: Document, block: Block) -> bool:
    """Whether the block is the first paragraph of its list item."""
    start = block.tokens[0]
    return start > 0 and document.tokens[start - 1].type == "list_item_open"


def _ordered_marker(document: Document, block: Block) -> str:
    """The number of the ordered item the block is in ('3.'), else ''."""
    start = block.tokens[0]
    level = document.tokens[start].level - 1
    for token in reversed(document.tokens[:start]):
        if token.type == "list_item_open" and token.level == level:
            return f"{token.info}{token.markup}" if token.info else ""
    return ""


def _alert(kind: str, lang: str) -> str:
    words = data()["alerts"][kind]
    return words.get(lang, words["en"]) + " "


def table_lines(
    document: Document,
    block: Block,
    style: LinkStyle = "text",
    keep_urls: bool = True,
    numbers: Links | None = None,
    notes: Mapping[str, str] | None = None,
) -> tuple[list[str], tuple[str, ...]]:
    """A table as text a reader can follow without the grid, one string per body row: a
    before and an after column give 'p95: 180 ms → 23 ms'; two columns 'key: value'; more,
    the row's first cell on a line and then a header cell and a value per line."""
    start, end = block.tokens
    columns = sum(1 for token in document.tokens[start:end] if token.type == "th_open") or 1
    cells = [inline_text(i, keep_urls, style, numbers, notes) for i in block.inlines]
    links = tuple(dict.fromkeys(link for _, found in cells for link in found))
    texts = [text.replace("\n", " ") for text, _ in cells]
    header, rows = (
        texts[:columns],
        [texts[i : i + columns] for i in range(columns, len(texts), columns)],
    )
    before = _column(header, "before")
    after = _column(header, "after")
    lines: list[str] = []
    for row in rows:
        row = row + [""] * (columns - len(row))
        if before is not None and after is not None:
            label = row[0] if 0 not in (before, after) else ""
            others = [k for k in range(columns) if k not in (0, before, after)]
            change = f"{row[before]} → {row[after]}"
            extra = "".join(f"; {header[k]}: {row[k]}" for k in others if row[k])
            lines.append(f"{label}: {change}{extra}" if label else change + extra)
        elif columns == 2:
            lines.append(f"{row[0]}: {row[1]}" if row[0] else row[1])
        else:
            pairs = [f"{header[k]}: {row[k]}" for k in range(1, columns) if row[k]]
            lines.append("\n".join([row[0], *pairs] if row[0] else pairs))
    return lines, links


def _column(header: list[str], which: str) -> int | None:
    words = data()["table"][which]
    for index, cell in enumerate(header):
        if _UNITS.sub("", cell).strip().lower() in words:
            return index
    return None


def text_lines(
    document: Document,
    heading: Callable[[PlainBlock], str],
    nested: str = "• ",
    numbers: Links | None = None,
) -> tuple[list[str], list[str]]:
    """Lines of plain text (headings through ``heading``, '•' bullets or the item's number,
    tables as lines, code and display math left out) and the links, each marked '[n]' where
    it was, for channels that show no Markdown and no clickable links."""
    numbers = numbers or Links()
    lines: list[str] = []
    for block in plain_blocks(document, style="numbered", numbers=numbers):
        if block.kind == "heading":
            lines += ["", heading(block)]
        elif block.kind == "list_item":
            lines.append(list_prefix(block, nested) + block.text)
        elif block.kind in ("paragraph", "quote", "table"):
            lines.append(block.text)
    return lines, list(numbers.urls)


def list_prefix(block: PlainBlock, nested: str = "• ") -> str:
    """'3. ' for an ordered item (indented when nested), else the bullet; for a later
    paragraph of an item, as many spaces, so that it hangs under the item's text."""
    if block.marker:
        prefix = "  " * max(block.depth - 1, 0) + block.marker + " "
    else:
        prefix = nested if block.depth > 1 else "• "
    return " " * len(prefix) if block.hang else prefix


# findings ---------------------------------------------------------------------------------


def message(rule: str, lang: str, **values: object) -> tuple[str, str]:
    """The message and the suggestion of a finding (plain.toml's [messages.<what>], where
    the rule is '<channel>.<what>') in ``lang`` (English for another language)."""
    from inpublic.channels._limits import channel_name

    channel, what = rule.split(".", 1)
    entry = data()["messages"][what]
    lang = lang if lang in entry else "en"
    values = {"channel": channel_name(channel, lang), **values}
    return (
        in_language(entry[lang].format(**values), lang),
        in_language(entry[f"fix_{lang}"].format(**values), lang),
    )


def in_language(text: str, lang: str) -> str:
    """A message as written in ``lang``: Chinese spaced around Latin names ('没有放进 X')."""
    return autocorrected(text) if lang == "zh" else text


def finding(context: RenderContext, rule: str, severity: str, **values: object) -> ChannelFinding:
    """A finding in the post's language, its words from plain.toml (see ``message``)."""
    from inpublic.channels.model import ChannelFinding

    return ChannelFinding(rule, severity, *message(rule, context.lang, **values))


# what a channel cannot carry --------------------------------------------------------------

_KINDS = ("code", "diagram", "table", "image", "math", "html")


def _element(block: Block) -> str | None:
    """The kind of element a block is that a plain channel cannot show, or None."""
    if block.kind == "code":
        return "diagram" if block.info.lower() in data()["diagrams"] else "code"
    if block.kind in ("table", "image"):
        return block.kind
    if block.kind == "html":
        return None if block.text.lstrip().startswith("<!--") else "html"  # a comment: unseen
    return "math" if _MATH_BLOCK.fullmatch(block.text) else None


def elements(document: Document) -> dict[str, list[Block]]:
    """The blocks holding what a plain channel cannot show, by kind: the blocks that are
    one, and a block once for each inline image or formula it holds."""
    found: dict[str, list[Block]] = {kind: [] for kind in _KINDS}
    for block in document.blocks:
        if kind := _element(block):
            found[kind].append(block)
        elif block.inlines:
            inline = block.inlines[0]
            for span in inline.spans:
                if span.kind == "image":
                    found["image"].append(block)
                elif span.kind in ("text", "math"):
                    text = inline.text[span.start : span.end]
                    found["math"] += [block] * len(_MATH_INLINE.findall(text))
    return found


def left_out(
    context: RenderContext, channel: str, carries: tuple[str, ...] = ()
) -> list[ChannelFinding]:
    """One finding per kind of element the channel cannot carry (with the count and the
    first line; ``carries``, or limits.toml's ``carries``, names what it can), and one per
    lead-in sentence just before an element left out that points at it ('Run this:',
    如下图)."""
    document, lang = context.document, context.lang
    carries = tuple(context.limits.get("carries", carries))
    findings = [
        finding(
            context,
            f"{channel}.left-out-{kind}",
            "suggestion" if kind == "table" else "warning",  # a table is written as lines
            count=len(blocks),
            line=blocks[0].line,
        )
        for kind, blocks in elements(document).items()
        if blocks and kind not in carries
    ]
    pattern = re.compile(data()["lead_in"][lang])
    for before, block in zip(document.blocks, document.blocks[1:], strict=False):
        kind = _element(block)
        if kind is None or kind in carries or kind == "table":
            continue
        if before.kind not in ("paragraph", "list_item", "quote") or not before.sentences:
            continue
        sentence = before.sentences[-1]
        if pattern.search(sentence.text):
            findings.append(
                finding(
                    context,
                    f"{channel}.lead-in",
                    "warning",
                    line=sentence.line,
                    sentence=sentence.text.strip(),
                    kind=data()["kind_names"][kind][lang],
                )
            )
    return findings


# hashtags and spacing ---------------------------------------------------------------------


def hashtag(tag: str) -> str:
    """#tag with only letters, digits and '_': '#' and '+' spelled out (c# -> #csharp,
    c++ -> #cplusplus), a leading '.' as 'dot' (.net -> #dotnet), the rest dropped."""
    rules = data()["hashtag"]
    for mark, word in rules["leading"].items():
        if tag.startswith(mark):
            tag = word + tag[len(mark) :]
    tag = "".join(rules["spelled"].get(c, c) for c in tag)
    return "#" + "".join(c for c in tag if c.isalnum() or c == "_")


def hashtags(context: RenderContext, key: str) -> tuple[list[str], list[ChannelFinding]]:
    """The post's tags as hashtags (each once), at most the channel's ``<key>_max``; more
    is a finding."""
    from inpublic.channels._limits import over_limit

    limit = int(context.limits[f"{key}_max"])
    tags = [tag for tag in dict.fromkeys(hashtag(t) for t in context.post.tags) if len(tag) > 1]
    too_many = over_limit(
        context,
        key,
        len(tags),
        severity="warning",
        what="too-many-hashtags",
        left=" ".join(tags[limit:]),
    )
    return tags[:limit], too_many


def spaced(context: RenderContext, text: str) -> str:
    """The text with CJK/Latin spacing and punctuation fixed by AutoCorrect, as Zhihu's is,
    unless ``[render] spacing = false`` in inpublic.toml or ``channels.<name>.spacing:
    false`` in the post's front matter."""
    option = context.options.get("spacing")
    if not (context.config.render.spacing if option is None else bool(option)):
        return text
    return autocorrected(text)


def autocorrected(text: str, markdown: bool = False) -> str:
    """AutoCorrect's CJK/Latin spacing and punctuation, with the names it leaves unspaced
    (``C#``, ``.NET``: plain.toml's [spacing] protect) stood in for by a Latin word while it
    works; ``markdown``: the text is Markdown (code and links left as they are)."""
    import autocorrect_py

    found: list[str] = []

    def hold(match: re.Match[str]) -> str:
        found.append(match.group(0))
        return _stand_in(len(found) - 1)

    held = _protected().sub(hold, text)
    out = str(autocorrect_py.format_for(held, "md") if markdown else autocorrect_py.format(held))
    for index in range(len(found)):
        out = out.replace(_stand_in(index), found[index])
    return out


def _stand_in(index: int) -> str:
    letters = ""
    while True:
        letters = chr(65 + index % 26) + letters
        index //= 26
        if not index:
            return f"QZXINPUBLIC{letters}QZX"


@cache
def _protected() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in data()["spacing"]["protect"]))


def key_result(document: Document) -> str:
    """The key result: the sentence with the post's measured result (a comparison first),
    as document.parts finds it, in plain text (see ``sentence_text``), or ''. A table's
    row is written as ``table_lines`` writes it ('p95: 180 ms → 23 ms'), not with its
    cells' bars."""
    from inpublic.document.parts import find_parts

    hit = find_parts(document).result
    if hit is None:
        return ""
    for block in document.blocks:
        if block.kind == "table" and block.line + 2 <= hit.line <= block.end_line:
            lines, _ = table_lines(document, block)
            row = hit.line - block.line - 2
            return lines[row].replace("\n", "; ") if row < len(lines) else _clean(hit.text)
    return sentence_text(document, hit)


def first_sentence(document: Document, part: str) -> str:
    """The sentence that states a micro-report part (problem, solution…), in plain text,
    or ''."""
    from inpublic.document.parts import find_parts

    hit = find_parts(document).get(part)
    return sentence_text(document, hit) if hit else ""


def sentence_text(document: Document, hit: Hit) -> str:
    """The sentence document.parts found, as a plain channel shows it (``inline_text``:
    links by their text, ``<sup>`` as 10⁴, no Markdown left), with its footnote references
    left out: a hook, a digest or a cover carries no notes."""
    for block in document.blocks:
        if not block.line <= hit.line <= block.end_line:
            continue
        for sentence in block.sentences:
            if (sentence.line, sentence.column) == (hit.line, hit.column):
                inline, start, end = sentence.inline, sentence.start, sentence.end
                spans = tuple(
                    Span(
                        span.kind,
                        max(span.start, start) - start,
                        min(span.end, end) - start,
                        span.href,
                    )
                    for span in inline.spans
                    if span.start < end and span.end > start
                )
                part = Inline(inline.text[start:end], spans, inline.locate)
                return inline_text(part)[0]
    return _clean(hit.text)
