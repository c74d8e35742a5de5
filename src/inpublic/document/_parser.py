"""Walks markdown-it's token stream once and builds the Document."""

from __future__ import annotations

import bisect
import re
import unicodedata
from functools import cache, partial
from typing import Any

from inpublic.document._sentences import CJK
from inpublic.document.model import (
    Block,
    BlockKind,
    Document,
    Inline,
    Section,
    Segment,
    SourceMap,
    Span,
    SpanKind,
)
from inpublic.workspace.post import source_lines

MORE = "<!--more-->"
# markdown-it's rule for a line break (its normalize step): only these end a line. Python's
# str.splitlines also splits on \f, \v, \x1c-\x1e, U+0085, U+2028 and U+2029, which
# Markdown reads as ordinary characters: splitting there would number the lines wrongly.
_LETTER = re.compile(r"[^\W\d_]")  # a letter of any script
# A file path or a host and path in plain text, which no linkifier links: a path from the
# home or the current folder (~/.ssh, ./img/a.png), a path of two folders or more from the
# root (/etc/nginx), a host with a path (github.com/acme/tool), or folders and a file name
# with its extension (docs/setup.md, 图片/架构图.png), or an address with its scheme as a
# link's text. "I/O", "MB/s", "万行/s", "200/200" and "CI/CD" are none of these.
_PATH_CHAR = r"[^\s,;!?()\[\]<>\"'“”‘’，。；：！？、（）《》【】「」]"
_PATH = re.compile(
    rf"(?<![A-Za-z0-9_./\\%-])(?:"
    rf"(?:~|\.{{1,2}})/[A-Za-z0-9_.-]{_PATH_CHAR}*"
    rf"|/[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]{_PATH_CHAR}*"
    rf"|(?:[A-Za-z0-9-]+\.)+[A-Za-z]{{2,}}/{_PATH_CHAR}*"
    rf"|[A-Za-z][A-Za-z0-9+.-]*://{_PATH_CHAR}+"
    rf"|[\w.-]+(?:/[\w.@%+~-]+)+\.[A-Za-z][A-Za-z0-9]{{0,7}}(?![A-Za-z0-9_/])"
    rf")(?<![.:-])"
)


@cache
def markdown() -> Any:
    """The one Markdown parser: CommonMark with GFM tables, strikethrough and autolinks."""
    from linkify_it import LinkifyIt
    from markdown_it import MarkdownIt

    class GfmAutolinks(LinkifyIt):
        """Links what GitHub and Hugo link: URLs with a scheme, www. hosts and e-mail
        addresses. Bare host names are left alone: in a technical post they are mostly
        file names (setup.py, README.md), not links."""

        def pretest(self, text: str) -> bool:
            # linkify-it's own pretest is one large regular expression per paragraph.
            return "://" in text or "@" in text or "www." in text.lower()

        def match(self, text: str) -> list[Any] | None:
            found = super().match(text) or []
            return [m for m in found if m.schema or m.raw.lower().startswith("www.")] or None

    from mdit_py_plugins.dollarmath import dollarmath_plugin
    from mdit_py_plugins.footnote import footnote_plugin

    # GitHub's task lists and alerts are markdown-it-py options; footnotes and $…$ math are
    # plugins. A '$' is math only as Pandoc reads it: '$5 and $10' is money.
    options = {"html": True, "tasklists": True, "alerts": True}
    parser = MarkdownIt("gfm-like", options)
    parser.linkify = GfmAutolinks()
    parser.use(footnote_plugin, inline=False)
    parser.use(dollarmath_plugin, allow_space=False, allow_digits=False, allow_blank_lines=False)
    cjk_friendly(parser)
    return parser


def cjk_friendly(parser: Any) -> None:
    """Emphasis next to CJK text, as markdown-it-cjk-friendly reads it: ``**注意：**这里``
    and ``*斜体，*后文`` are emphasis. CommonMark refuses a closing ``**`` that follows
    punctuation and precedes a letter (and an opening one that precedes punctuation and
    follows a letter); the rule is relaxed when that letter is CJK."""
    from markdown_it.rules_inline import emphasis, strikethrough

    parser.inline.ruler.at("emphasis", _with_cjk_delimiters(emphasis.tokenize))
    parser.inline.ruler.at("strikethrough", _with_cjk_delimiters(strikethrough.tokenize))


def _with_cjk_delimiters(tokenize: Any) -> Any:
    def rule(state: Any, silent: bool) -> bool:
        if state.src[state.pos] not in "*_~":
            return False
        if "scanDelims" not in vars(state):
            state.scanDelims = partial(_scan_delimiters, state)
        return bool(tokenize(state, silent))

    return rule


def _scan_delimiters(state: Any, start: int, can_split_word: bool) -> Any:
    """markdown-it's StateInline.scanDelims with CommonMark's flanking rules, where a CJK
    character beside the run counts as punctuation does on the far side: a run after CJK
    may open before punctuation, a run before CJK may close after punctuation."""
    from markdown_it.common.utils import isMdAsciiPunct, isPunctChar, isWhiteSpace
    from markdown_it.rules_inline.state_inline import Scanned

    src, end = state.src, state.posMax
    marker = src[start]
    position = start
    while position < end and src[position] == marker:
        position += 1
    before = _character_before(src, start)
    after = src[position] if position < end else " "
    before_punct = isMdAsciiPunct(ord(before)) or isPunctChar(before)
    after_punct = isMdAsciiPunct(ord(after)) or isPunctChar(after)
    before_space, after_space = isWhiteSpace(ord(before)), isWhiteSpace(ord(after))
    before_cjk, after_cjk = _cjk(before), _cjk(after)
    left = not after_space and (not after_punct or before_space or before_punct or before_cjk)
    right = not before_space and (not before_punct or after_space or after_punct or after_cjk)
    can_open = left and (can_split_word or not right or before_punct)
    can_close = right and (can_split_word or not left or after_punct)
    return Scanned(can_open, can_close, position - start)


def _character_before(src: str, start: int) -> str:
    """The character before ``start``, a variation selector passed over (注︀ is 注)."""
    index = start - 1
    while index > 0 and (
        "\ufe00" <= src[index] <= "\ufe0f" or "\U000e0100" <= src[index] <= "\U000e01ef"
    ):
        index -= 1
    return src[index] if index >= 0 else " "


def _cjk(character: str) -> bool:
    """A CJK letter or CJK punctuation: wide or full-width (emoji excepted), or half-width
    kana and Hangul."""
    if character.isspace() or ord(character) < 0x1100:
        return False
    if ord(character) >= 0x1F000:  # emoji and symbols are wide, not CJK
        return 0x20000 <= ord(character) <= 0x3FFFF  # the CJK extension planes
    return unicodedata.east_asian_width(character) in ("W", "F", "H")


def parse_markdown(
    body: str, *, first_line: int = 1, lang: str | None = None, front_matter: dict | None = None
) -> Document:
    """Parse a post body. ``first_line`` is the file line of the body's first line."""
    tokens = markdown().parse(body)
    lines = source_lines(body)
    walker = _Walker(tokens, lines, first_line - 1)
    walker.walk()
    return Document(
        lang=lang or detect_lang(body),
        sections=tuple(walker.sections),
        blocks=tuple(walker.blocks),
        tokens=tuple(tokens),
        more_line=walker.more_line,
        front_matter=dict(front_matter or {}),
    )


def detect_lang(text: str) -> str:
    """'zh' when a tenth or more of the letters are CJK, else 'en'."""
    letters = len(_LETTER.findall(text))
    cjk = sum(1 for c in CJK.findall(text) if c.isalpha())
    return "zh" if letters and cjk * 10 >= letters else "en"


def anchor(title: str) -> str:
    """A heading's id as Hugo makes it: lower case, spaces to '-', CJK kept."""
    text = unicodedata.normalize("NFC", title).strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return re.sub(r"\s+", "-", text)


class _Walker:
    def __init__(self, tokens: list[Any], lines: list[str], offset: int) -> None:
        self.tokens = tokens
        self.lines = lines
        self.offset = offset  # file line = offset + body line (1-based)
        self.sections: list[Section] = []
        self._open_sections: list[Section] = []  # each deeper than the one before
        self.blocks: list[Block] = []
        self.more_line: int | None = None
        self.containers: list[str] = []  # open blockquote / list_item tokens, innermost last

    def walk(self) -> None:
        tokens = self.tokens
        i = 0
        while i < len(tokens):
            token = tokens[i]
            kind = token.type
            if kind in ("blockquote_open", "list_item_open", "alert_open"):
                self.containers.append("blockquote_open" if kind == "alert_open" else kind)
            elif kind in ("blockquote_close", "list_item_close", "alert_close"):
                self.containers.pop()
            elif kind == "heading_open":
                i = self._heading(i)
                continue
            elif kind == "paragraph_open":
                i = self._paragraph(i)
                continue
            elif kind == "table_open":
                i = self._table(i)
                continue
            elif kind in ("fence", "code_block"):
                self._add(
                    kind="code",
                    start=i,
                    end=i + 1,
                    text=token.content,
                    info=token.info.strip().split(" ")[0] if token.info else "",
                )
            elif kind in ("math_block", "math_block_label"):
                self._add(kind="math", start=i, end=i + 1, text=f"$${token.content}$$")
            elif kind == "html_block":
                if token.content.strip() == MORE and self.more_line is None:
                    self.more_line = self._line(token.map[0])
                self._add(kind="html", start=i, end=i + 1, text=token.content)
            i += 1

    # blocks -----------------------------------------------------------------

    def _heading(self, i: int) -> int:
        open_, inline = self.tokens[i], self.tokens[i + 1]
        level = int(open_.tag[1])
        parsed = self._inline(inline)
        open_sections = self._open_sections  # the chain of sections this heading may be in
        while open_sections and open_sections[-1].level >= level:
            open_sections.pop()
        parent = open_sections[-1].index if open_sections else -1
        self.sections.append(
            Section(
                index=len(self.sections),
                title=parsed.text,
                level=level,
                line=self._line(open_.map[0]),
                anchor=anchor(parsed.text),
                parent=parent,
            )
        )
        open_sections.append(self.sections[-1])
        self._add(
            kind="heading", start=i, end=i + 3, text=parsed.text, inlines=(parsed,), depth=level
        )
        return i + 3

    def _paragraph(self, i: int) -> int:
        inline = self.tokens[i + 1]
        parsed = self._inline(inline, prefix=self._syntax_before(i))
        kind: BlockKind = "paragraph"
        info = ""
        visible = [
            c for c in inline.children or [] if not (c.type == "text" and not c.content.strip())
        ]
        if len(visible) == 1 and visible[0].type == "image":
            kind, info = "image", visible[0].attrs.get("src", "")
        elif self.containers:
            kind = "quote" if self.containers[-1] == "blockquote_open" else "list_item"
        depth = (
            self.containers.count("blockquote_open" if kind == "quote" else "list_item_open")
            if kind in ("quote", "list_item")
            else 0
        )
        self._add(
            kind=kind,
            start=i,
            end=i + 3,
            text=parsed.text,
            inlines=(parsed,),
            depth=depth,
            info=info,
        )
        return i + 3

    def _syntax_before(self, i: int) -> str:
        """The syntax a plugin took out of a paragraph's text, as written: a footnote's
        label, a task item's box, an alert's kind (see Block)."""
        before = self.tokens[i - 1] if i else None
        if before is None:
            return ""
        if before.type == "footnote_open":
            return f"[^{before.meta['label']}]: "
        if before.type == "list_item_open" and "checked" in before.meta:
            return "[x] " if before.meta["checked"] else "[ ] "
        if before.type == "alert_title_close":
            opening = next(t for t in reversed(self.tokens[:i]) if t.type == "alert_open")
            return f"[!{opening.meta['kind']}]\n"
        return ""

    def _table(self, i: int) -> int:
        start = i
        cells: list[Inline] = []
        rows: list[list[str]] = []
        while self.tokens[i].type != "table_close":
            token = self.tokens[i]
            if token.type == "tr_open":
                rows.append([])
                row_cursor = 0
            elif token.type == "inline":
                row = self.lines[token.map[0]]
                column = row.find(token.content, row.find("|", row_cursor) + 1)
                cell = self._inline(token, search_from=max(column, 0))
                row_cursor = max(column, 0) + len(token.content)
                cells.append(cell)
                rows[-1].append(cell.text)
            i += 1
        text = "\n".join(" | ".join(row) for row in rows)
        self._add(kind="table", start=start, end=i + 1, text=text, inlines=tuple(cells))
        return i + 1

    def _add(
        self,
        *,
        kind: BlockKind,
        start: int,
        end: int,
        text: str,
        inlines: tuple[Inline, ...] = (),
        depth: int = 0,
        info: str = "",
    ) -> None:
        first = self.tokens[start]
        begin, stop = first.map if first.map else (0, 1)
        self.blocks.append(
            Block(
                kind=kind,
                line=self._line(begin),
                end_line=self._line(stop - 1),
                text=text,
                inlines=inlines,
                section=len(self.sections) - 1,
                depth=depth,
                info=info,
                tokens=(start, end),
            )
        )

    def _line(self, body_index: int) -> int:
        return self.offset + body_index + 1

    # inline text --------------------------------------------------------------

    def _inline(self, token: Any, search_from: int = 0, prefix: str = "") -> Inline:
        text: list[str] = []
        spans: list[Span] = []
        pieces: list[tuple[str, int]] = []  # (piece, its offset in the text)
        length = 0
        link: tuple[str, bool] | None = None  # (href, the text is the bare URL)

        def emit(piece: str, kind: SpanKind, href: str | None = None, found: bool = True) -> None:
            """Add a piece of text; ``found``: it is in the token's content as written."""
            nonlocal length
            if not piece:
                return
            if found:
                pieces.append((piece, length))
            text.append(piece)
            if (
                spans
                and spans[-1].kind == kind
                and spans[-1].href == href
                and spans[-1].end == length
            ):
                spans[-1] = Span(kind, spans[-1].start, length + len(piece), href)
            else:
                spans.append(Span(kind, length, length + len(piece), href))
            length += len(piece)

        emit(prefix, "text", found=False)
        for child in token.children or []:
            kind = child.type
            if kind == "text":
                if link and link[1]:
                    emit(child.content, "url", link[0])
                else:
                    emit(child.content, "text", link[0] if link else None)
            elif kind in ("softbreak", "hardbreak"):
                emit("\n", "text")
            elif kind == "code_inline":
                emit(child.content, "code")
            elif kind == "html_inline":
                emit(child.content, "html")
            elif kind == "image":
                emit(child.content, "image", child.attrs.get("src"))
            elif kind == "math_inline":
                emit(f"${child.content}$", "math")
            elif kind == "footnote_ref":
                emit(f"[^{child.meta['label']}]", "text")
            elif kind == "link_open":
                href = str(child.attrs.get("href", ""))
                link = (href, child.markup in ("linkify", "autolink"))
            elif kind == "link_close":
                link = None
        first = token.map[0] if token.map else 0
        locate = partial(
            _source_map, token.content, self.lines, first, self.offset, search_from, pieces
        )
        joined = "".join(text)
        return Inline(joined, _with_paths(joined, spans), locate)


def _with_paths(text: str, spans: list[Span]) -> tuple[Span, ...]:
    """The spans, with each path in text made a span of its own: in plain text, or as the
    text of a link ([example.com/blog](https://example.com/blog)), whose address it keeps."""
    if "/" not in text:
        return tuple(spans)
    found: list[Span] = []
    for span in spans:
        if span.kind != "text":
            found.append(span)
            continue
        cursor = span.start
        for match in _PATH.finditer(text, span.start, span.end):
            if match.start() > cursor:
                found.append(Span("text", cursor, match.start(), span.href))
            found.append(Span("path", match.start(), match.end(), span.href))
            cursor = match.end()
        if cursor < span.end:
            found.append(Span("text", cursor, span.end, span.href))
    return tuple(found)


def _source_map(
    content: str,
    lines: list[str],
    first: int,
    offset: int,
    search_from: int,
    pieces: list[tuple[str, int]],
) -> SourceMap:
    """Where each piece of an inline's text sits in the file (see _ContentLocator)."""
    locate = _ContentLocator(content, lines, first, offset, search_from)
    segments: list[Segment] = []
    cursor = 0
    for piece, text_at in pieces:
        cursor = locate.align(piece, cursor, text_at, segments)
    return SourceMap(tuple(segments))


class _ContentLocator:
    """Finds where the pieces of an inline token's text sit in the source lines.

    markdown-it keeps no positions inside a block. An inline token's content is its
    source lines with container markers ('> ', '- ', indentation) cut from the
    front, so each content line is found in its source line, and each piece of
    text is found in the content from a moving cursor.
    """

    def __init__(
        self, content: str, lines: list[str], first: int, offset: int, search_from: int
    ) -> None:
        self.content = content
        self.starts: list[int] = []  # offset in content where each content line starts
        self.places: list[tuple[int, int]] = []  # (file line, column of the line's first char)
        position = 0
        for index, piece in enumerate(content.split("\n")):
            body_index = first + index
            source = lines[body_index] if body_index < len(lines) else piece
            column = _column_in(piece, source, search_from if index == 0 else 0)
            self.starts.append(position)
            self.places.append((offset + body_index + 1, max(column, 0) + 1))
            position += len(piece) + 1

    def where(self, content_offset: int) -> tuple[int, int]:
        index = bisect.bisect_right(self.starts, content_offset) - 1
        line, column = self.places[index]
        return line, column + content_offset - self.starts[index]

    def align(self, piece: str, cursor: int, text_at: int, segments: list[Segment]) -> int:
        """Record where ``piece`` (at ``text_at`` in the text) sits; return the new cursor."""
        found = self.content.find(piece, cursor)
        if found >= 0 and "\n" not in piece:
            self._segment(text_at, len(piece), found, segments)
            return found + len(piece)
        # Escapes and entities changed the text: match it character by character.
        for k, char in enumerate(piece):
            found = self.content.find(char, cursor)
            if found < 0:
                self._segment(text_at + k, 1, min(cursor, len(self.content) - 1), segments)
                continue
            self._segment(text_at + k, 1, found, segments)
            cursor = found + 1
        return cursor

    def _segment(self, text_at: int, length: int, content_at: int, segments: list[Segment]) -> None:
        line, column = self.where(max(content_at, 0))
        last = segments[-1] if segments else None
        if (
            last
            and last.line == line
            and last.start + last.length == text_at
            and last.column + last.length == column
        ):
            segments[-1] = Segment(last.start, last.length + length, line, last.column)
        else:
            segments.append(Segment(text_at, length, line, column))


def _column_in(piece: str, source: str, search_from: int) -> int:
    """0-based column of a content line in its source line: it is the source line's tail."""
    stripped, tail = piece.rstrip(), source.rstrip()
    if stripped and tail.endswith(stripped) and search_from == 0:
        return len(tail) - len(stripped)
    return source.find(piece, search_from) if piece else len(source)
