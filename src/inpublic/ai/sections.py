"""A post's body cut into the sections sent to the model, each under ``section_chars``.

The sections of its headings are packed together while they fit; a longer one is cut
between paragraphs, a longer paragraph between lines, a longer line anywhere. HTML comments
(the template's questions) are blanked, offsets unchanged, and not sent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_HEADING = re.compile(r"#{1,6}(?:[ \t]|$)")
_FENCE = re.compile(r"(```|~~~)")
_COMMENT = re.compile(r"<!--.*?-->", re.S)


@dataclass(frozen=True)
class Section:
    start: int  # the offset of ``text`` in the body
    text: str


def visible(body: str) -> str:
    """``body`` with its HTML comments blanked (newlines kept), offsets unchanged."""
    return _COMMENT.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), body)


def split_sections(body: str, limit: int) -> list[Section]:
    """The body in pieces of at most ``limit`` characters, cut at headings first."""
    body = visible(body)
    pieces: list[tuple[int, int]] = []
    for start, end in _heading_groups(body):
        pieces.extend(_cut(body, start, end, limit))
    sections: list[Section] = []
    start = end = 0
    for piece_start, piece_end in pieces:
        if end > start and piece_end - start > limit:
            sections.append(Section(start, body[start:end]))
            start = piece_start
        elif end == start:
            start = piece_start
        end = piece_end
    if end > start:
        sections.append(Section(start, body[start:end]))
    return [s for s in sections if s.text.strip()]


def _lines(body: str, start: int, end: int) -> list[tuple[int, int]]:
    spans, at = [], start
    while at < end:
        newline = body.find("\n", at, end)
        stop = end if newline < 0 else newline + 1
        spans.append((at, stop))
        at = stop
    return spans


def _heading_groups(body: str) -> list[tuple[int, int]]:
    groups: list[tuple[int, int]] = []
    start, fence = 0, ""
    for line_start, line_end in _lines(body, 0, len(body)):
        line = body[line_start:line_end].lstrip(" ")
        opened = _FENCE.match(line)
        if opened:
            fence = "" if fence and line.startswith(fence) else (fence or opened.group(1))
        elif not fence and _HEADING.match(line) and line_start > start:
            groups.append((start, line_start))
            start = line_start
    groups.append((start, len(body)))
    return groups


def _cut(body: str, start: int, end: int, limit: int) -> list[tuple[int, int]]:
    """[start, end) in spans of at most ``limit``: at blank lines, else lines, else anywhere."""
    if end - start <= limit:
        return [(start, end)]
    for separator in ("\n\n", "\n"):
        cuts = [start]
        at = body.find(separator, start, end)
        while at >= 0:
            cuts.append(at + len(separator))
            at = body.find(separator, at + len(separator), end)
        cuts.append(end)
        spans = [(a, b) for a, b in zip(cuts, cuts[1:], strict=False) if b > a]
        if len(spans) > 1:
            return [part for a, b in spans for part in _cut(body, a, b, limit)]
    return [(at, min(at + limit, end)) for at in range(start, end, limit)]
