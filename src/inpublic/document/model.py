"""The Document: one parse of a post body, shared by the linter and every renderer.

Offsets are in characters (code points). Lines and columns are 1-based and point
into the post file, front matter included, so tools can print ``path:line:col``.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Literal

from inpublic.document._sentences import has_prose, split_sentences

BlockKind = Literal[
    "heading", "paragraph", "list_item", "quote", "code", "table", "image", "html", "math"
]
SpanKind = Literal["text", "code", "url", "path", "html", "image", "math"]

#: Span kinds that prose tools (the linter, sentence splitting) skip. A "path" is a file
#: path or a host and path written as plain text (docs/setup.md, example.com/blog): it
#: reads as text and links nowhere. "math" is a formula with its dollars ($E=mc^2$).
OPAQUE: frozenset[str] = frozenset({"code", "url", "path", "html", "image", "math"})


@dataclass(frozen=True)
class Segment:
    """A run of ``length`` characters of an Inline's text that sits unchanged on one source line."""

    start: int
    length: int
    line: int
    column: int


@dataclass(frozen=True)
class SourceMap:
    """Maps offsets in an Inline's text back to the post file."""

    segments: tuple[Segment, ...]
    _starts: tuple[int, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_starts", tuple(s.start for s in self.segments))

    def position(self, offset: int) -> tuple[int, int]:
        """(line, column) in the file of the character at ``offset``."""
        if not self.segments:
            return (0, 0)
        index = max(bisect.bisect_right(self._starts, offset) - 1, 0)
        segment = self.segments[index]
        inside = min(max(offset - segment.start, 0), max(segment.length - 1, 0))
        return (segment.line, segment.column + inside)


@dataclass(frozen=True)
class Span:
    """A run of inline text of one kind. ``href`` is set for the text of a link."""

    kind: SpanKind
    start: int
    end: int
    href: str | None = None

    @property
    def opaque(self) -> bool:
        return self.kind in OPAQUE


def _blanked(text: str, ranges: Iterable[tuple[int, int]]) -> str:
    chars = None
    for start, end in ranges:
        chars = chars or list(text)
        chars[start:end] = " " * (end - start)
    return "".join(chars) if chars else text


@dataclass(frozen=True)
class Sentence:
    """One sentence: ``text`` is ``inline.text[start:end]``; ``skips`` are opaque ranges in it."""

    text: str
    start: int
    end: int
    inline: Inline = field(repr=False, compare=False)
    skips: tuple[tuple[int, int], ...] = ()

    @property
    def line(self) -> int:
        return self.position(0)[0]

    @property
    def column(self) -> int:
        return self.position(0)[1]

    @property
    def end_line(self) -> int:
        return self.position(len(self.text) - 1)[0]

    @property
    def end_column(self) -> int:
        return self.position(len(self.text) - 1)[1]

    @property
    def prose(self) -> str:
        """The text with code, URLs, raw HTML and image text blanked out, offsets unchanged."""
        return _blanked(self.text, self.skips)

    def position(self, offset: int) -> tuple[int, int]:
        """(line, column) in the file of the character at ``offset`` in this sentence."""
        return self.inline.source.position(self.start + offset)


@dataclass(frozen=True)
class Inline:
    """The text of a paragraph, heading, list item or table cell, as a reader sees it."""

    text: str
    spans: tuple[Span, ...]
    locate: Callable[[], SourceMap] = field(repr=False, compare=False)

    @cached_property
    def source(self) -> SourceMap:
        """Where each character sits in the file: worked out on first use, since only the
        linter and error messages need it."""
        return self.locate()

    @property
    def links(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(s.href for s in self.spans if s.href))

    @property
    def opaque(self) -> list[tuple[int, int]]:
        """[start, end) of the code, URLs, raw HTML and image text in ``text``."""
        return [(s.start, s.end) for s in self.spans if s.opaque]

    @property
    def prose(self) -> str:
        """The text with code, URLs, raw HTML and image text blanked out, offsets unchanged."""
        return _blanked(self.text, self.opaque)

    @cached_property
    def sentences(self) -> tuple[Sentence, ...]:
        """The sentences of prose, split on first use: the site and most channels never ask."""
        opaque = self.opaque
        found = []
        for start, end in split_sentences(self.text, opaque):
            if not has_prose(self.text, start, end, opaque):
                continue  # a bare URL, code span or image: nothing to read as prose
            skips = tuple(
                (max(a, start) - start, min(b, end) - start)
                for a, b in opaque
                if a < end and b > start
            )
            found.append(Sentence(self.text[start:end], start, end, self, skips))
        return tuple(found)


@dataclass(frozen=True)
class Block:
    """One block of the post.

    ``depth`` is the list nesting for list items and the quote nesting for quotes.
    ``info`` is the language of a code block, or the address of an image. A "math" block
    is a display formula, its text the TeX with its dollars (``$$…$$``). Footnote
    definitions are paragraphs at the end, their text starting ``[^label]: ``; a task
    item's text starts ``[x] `` or ``[ ] ``, an alert's first paragraph ``[!NOTE]``:
    the syntax as written, which the tokens also give renderers as structure.
    ``tokens`` is the [start, end) range of this block in ``Document.tokens``.
    """

    kind: BlockKind
    line: int
    end_line: int
    text: str
    inlines: tuple[Inline, ...] = ()
    section: int = -1
    depth: int = 0
    info: str = ""
    tokens: tuple[int, int] = (0, 0)

    @property
    def sentences(self) -> tuple[Sentence, ...]:
        return tuple(s for inline in self.inlines for s in inline.sentences)


@dataclass(frozen=True)
class Section:
    """A heading and what follows it until the next heading of the same or higher level."""

    index: int
    title: str
    level: int
    line: int
    anchor: str
    parent: int = -1


@dataclass(frozen=True)
class Document:
    """A parsed post body. ``tokens`` is markdown-it's token stream, for renderers."""

    lang: str
    sections: tuple[Section, ...]
    blocks: tuple[Block, ...]
    tokens: tuple[Any, ...] = field(repr=False, compare=False)
    more_line: int | None = None
    front_matter: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def sentences(self) -> Iterator[tuple[Block, Sentence]]:
        """Every sentence of prose, with the block it belongs to, in reading order."""
        for block in self.blocks:
            for sentence in block.sentences:
                yield block, sentence

    def section_blocks(self, section: Section) -> tuple[Block, ...]:
        """The blocks under ``section``, its subsections included."""
        inside = {section.index}
        for other in self.sections[section.index + 1 :]:
            if other.parent in inside:
                inside.add(other.index)
        return tuple(b for b in self.blocks if b.section in inside and b.kind != "heading")

    @property
    def summary(self) -> str:
        """The text before ``<!--more-->``, headings left out; empty when there is no marker."""
        if self.more_line is None:
            return ""
        return "\n\n".join(
            b.text
            for b in self.blocks
            if b.line < self.more_line and b.kind in ("paragraph", "list_item", "quote")
        )
