"""CJK/Latin spacing and punctuation, through AutoCorrect (autocorrect-py), in prose only.

AutoCorrect formats the whole Markdown body, code with a language tag, HTML comments,
math and table cells included. Its changes are kept only where they fall in prose: the
characters of the text of headings, paragraphs, list items and quotes, as the Document
places them in the file, less inline math. Code (fenced, indented, inline), HTML (blocks,
comments, inline), math, tables, URLs, paths and images stay byte for byte, and so do
numbered labels (图-1, 表-2, 第-1): AutoCorrect reads their hyphen as a minus sign and
would write 图 -1.

A finding points at one spot, a Latin word or number and the characters beside it
(纯Python实) or a punctuation mark (文,好), and suggests that fragment fixed (纯 Python 实).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from inpublic.check.model import Finding, Severity
from inpublic.check.rules import categories, message
from inpublic.document import Document, Inline, source_lines
from inpublic.document._sentences import is_cjk
from inpublic.workspace.post import Post

PROSE_BLOCKS = ("heading", "paragraph", "list_item", "quote")

# TeX math as Pandoc, KaTeX and Hugo's passthrough read it: $$...$$, and $...$ with no space
# inside the dollars and no digit after the closing one ($5 and $6 stay prose).
_MATH = re.compile(r"\$\$.+?\$\$|\$(?!\s)[^$\n]+?(?<!\s)\$(?!\d)", re.S)

Ranges = dict[int, list[tuple[int, int]]]  # file line -> [start, end) 0-based columns


# Characters that show as nothing, or as a box, or that reorder the text around them (the
# bidirectional overrides of "Trojan source"): a terminal's escape codes typed into an
# interview, a zero-width space pasted from a web page, a BOM in the middle of a file.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]+"
)


def invisible_findings(post: Post, lang: str) -> list[Finding]:
    """A warning for each run of control or invisible characters in the post (front matter
    included; a BOM at the very start of the file is the file's, and is kept)."""
    findings = []
    text = post.text().removeprefix("\ufeff")
    first = post.text() != text
    for number, line in enumerate(source_lines(text), start=1):
        for found in _INVISIBLE.finditer(line):
            names = ", ".join(dict.fromkeys(f"U+{ord(c):04X}" for c in found.group()))
            column = found.start() + 1 + (1 if first and number == 1 else 0)
            findings.append(
                _finding(
                    "typography.invisible",
                    number,
                    column,
                    column + len(found.group()) - 1,
                    message("invisible", lang, names=names),
                    message("invisible_fix", lang),
                    found.group(),
                )
            )
    return findings


def _finding(
    rule: str, line: int, column: int, end: int, text: str, suggestion: str, match: str
) -> Finding:
    """A typography warning at ``line``, from ``column`` to ``end`` (1-based, inclusive)."""
    return Finding(
        rule=rule,
        category="typography",
        severity=Severity.warning,
        line=line,
        column=column,
        end_line=line,
        end_column=end,
        message=text,
        suggestion=suggestion,
        match=match,
    )


def typography_findings(post: Post, lang: str, document: Document) -> list[Finding]:
    """A finding for each spot of prose that AutoCorrect would change."""
    category = categories()["typography"]
    text = category.message.get(lang, category.message["en"])
    suggestion = category.suggestion.get(lang, category.suggestion["en"])
    findings = []
    for line, old, new in _changed_lines(post, document):
        for start, old_end, new_start, new_end in _spots(old, new):
            findings.append(
                _finding(
                    "typography.spacing",
                    line,
                    start + 1,
                    old_end,
                    text,
                    suggestion.format(fix=new[new_start:new_end]),
                    old[start:old_end],
                )
            )
    return findings


def fixed_body(post: Post, document: Document) -> str:
    """The body with AutoCorrect's spacing and punctuation fixes applied to prose only."""
    lines = source_lines(post.body, keepends=True)
    for line, _, new in _changed_lines(post, document):
        index = line - post.body_line
        lines[index] = new + lines[index][len(lines[index].rstrip("\r\n")) :]
    return "".join(lines)


def _changed_lines(post: Post, document: Document) -> Iterator[tuple[int, str, str]]:
    """(file line, old text, new text) for each body line whose prose AutoCorrect changes."""
    if post.body.isascii():
        return  # AutoCorrect works beside CJK and full-width text; asking costs ~1 ms a post
    import autocorrect_py

    try:
        formatted = autocorrect_py.format_for(post.body, "md")
    except ValueError:
        return  # its parser gives up on some inputs (a line of 300,000 characters): no fixes
    old_lines = source_lines(post.body)
    new_lines = source_lines(formatted)
    if len(new_lines) != len(old_lines):
        return  # AutoCorrect never joins or splits lines; if it did, no change is safe
    prose: Ranges | None = None
    for index, (old, new) in enumerate(zip(old_lines, new_lines, strict=True)):
        if old == new:
            continue
        prose = prose if prose is not None else prose_ranges(document)
        line = post.body_line + index
        kept = _keep_prose(old, new, prose.get(line, []))
        if kept != old:
            yield line, old, kept


def prose_ranges(document: Document) -> Ranges:
    """Where prose sits in the file: per line, the [start, end) columns of text that a
    reader reads as words, less inline math."""
    found: Ranges = {}
    for block in document.blocks:
        if block.kind not in PROSE_BLOCKS:
            continue
        for inline in block.inlines:
            segments = inline.source.segments
            starts = [segment.start for segment in segments]
            for start, end in _text_ranges(inline):
                index = max(bisect.bisect_right(starts, start) - 1, 0)
                while index < len(segments) and segments[index].start < end:
                    segment = segments[index]
                    a = max(start, segment.start)
                    b = min(end, segment.start + segment.length)
                    if a < b:
                        column = segment.column - 1 + a - segment.start
                        found.setdefault(segment.line, []).append((column, column + b - a))
                    index += 1
    return found


def _text_ranges(inline: Inline) -> list[tuple[int, int]]:
    """[start, end) offsets of plain text in the inline, with math cut out."""
    math = [(m.start(), m.end()) for m in _MATH.finditer(inline.prose)]
    ranges = []
    for span in inline.spans:
        if span.kind != "text":
            continue
        start = span.start
        for a, b in math:
            if b <= start or a >= span.end:
                continue
            if a > start:
                ranges.append((start, a))
            start = max(start, b)
        if start < span.end:
            ranges.append((start, span.end))
    return ranges


def _keep_prose(old: str, new: str, prose: list[tuple[int, int]]) -> str:
    """``new`` where it differs from ``old`` in prose only: a change to characters outside
    prose, or an insertion between two of them, is dropped."""
    allowed = bytearray(len(old) + 1)  # allowed[c]: column c is prose; the last stays 0
    for a, b in prose:
        b = min(b, len(old))
        if a < b:
            allowed[a:b] = b"\1" * (b - a)
    result, cursor = [], 0
    for i, j, removed, added in _edits(old, new):
        # A replacement must lie in prose; an insertion must touch it, and not split a label.
        if removed:
            keep = all(allowed[i : i + removed])
        else:
            keep = bool(allowed[i] or allowed[i - 1]) and not _in_label(old, i)
        result.append(old[cursor:i] + (new[j : j + added] if keep else old[i : i + removed]))
        cursor = i + removed
    return "".join(result) + old[cursor:]


def _edits(old: str, new: str) -> list[tuple[int, int, int, int]]:
    """AutoCorrect's edits on a line, (at in old, at in new, characters removed, added), found
    in one pass: it inserts or removes spaces and replaces one character by another
    (, → ，). A line changed any other way gets no edits: it is left as it is."""
    edits = []
    i = j = 0
    while i < len(old) or j < len(new):
        if i < len(old) and j < len(new) and old[i] == new[j]:
            i, j = i + 1, j + 1
        elif j < len(new) and new[j] == " " and (i == len(old) or old[i] != " "):
            edits.append((i, j, 0, 1))
            j += 1
        elif i < len(old) and old[i] == " " and (j == len(new) or new[j] != " "):
            edits.append((i, j, 1, 0))
            i += 1
        elif i < len(old) and j < len(new):
            edits.append((i, j, 1, 1))
            i, j = i + 1, j + 1
        else:
            return []  # text added or removed at the end: not AutoCorrect's kind of change
    return edits


def _in_label(text: str, at: int) -> bool:
    """Whether ``at`` is inside a numbered label, word-hyphen-number with nothing between
    (图-1, 表-2, 附录-A): before its hyphen, after a character that is not a space."""
    return (
        0 < at < len(text) - 1
        and text[at] == "-"
        and not text[at - 1].isspace()
        and text[at + 1].isalnum()
    )


def _spots(old: str, new: str) -> Iterator[tuple[int, int, int, int]]:
    """The spots where ``new`` fixes ``old``: (start, end in old, start, end in new) of the
    fragment, with one unchanged character on each side. Edits around one Latin word or
    number (纯Python实现: a space before and after 'Python') make one spot; a run of text
    with a space or a CJK character in it separates two."""
    edits = _edits(old, new)
    index = 0
    while index < len(edits):
        first = last = edits[index]
        index += 1
        while index < len(edits):
            gap = old[last[0] + last[2] : edits[index][0]]
            if any(c.isspace() or is_cjk(c) for c in gap):
                break
            last = edits[index]
            index += 1
        start = max(first[0] - 1, 0)
        old_end = min(last[0] + last[2] + 1, len(old))
        while 0 < start < len(old) and _latin(old[start]) and _latin(old[start - 1]):
            start -= 1  # the whole word: Python写, not n写
        while 0 < old_end < len(old) and _latin(old[old_end - 1]) and _latin(old[old_end]):
            old_end += 1
        yield (
            start,
            old_end,
            first[1] - (first[0] - start),
            last[1] + last[3] + (old_end - last[0] - last[2]),
        )


def _latin(char: str) -> bool:
    return char.isascii() and char.isalnum()
