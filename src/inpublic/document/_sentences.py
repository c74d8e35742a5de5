"""Sentence splitting for Chinese, English and mixed text.

A sentence ends at 。！？；… (with any closing quotes or brackets after them), or at
. ! ? followed by a space, the end of the text, or a CJK character. A period does
not end a sentence after a known abbreviation ("e.g."), a single capital initial,
or when the next word starts in lower case. Opaque ranges (code, URLs, raw HTML)
are never split and never end a sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from importlib import resources

CJK_STOPS = "。！？；…"
LATIN_STOPS = ".!?"
CLOSERS = "”’」』）》】〉\"')]"
CJK = re.compile(
    r"[\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]"
)
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)$")
_LONGEST_WORD = 40  # abbreviations and initials are short; look no further back than this
_NON_SPACE = re.compile(r"\S")
_STOP_RUN = re.compile(f"[{re.escape(CJK_STOPS + LATIN_STOPS)}]+[{re.escape(CLOSERS)}]*")


@cache
def abbreviations() -> frozenset[str]:
    text = resources.files("inpublic.document").joinpath("abbreviations.txt").read_text("utf-8")
    return frozenset(
        line.strip().lower() for line in text.splitlines() if line.strip() and line[0] != "#"
    )


def is_cjk(char: str) -> bool:
    return bool(CJK.match(char))


def split_sentences(text: str, opaque: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """[start, end) of each sentence. Whitespace between sentences belongs to none."""
    bounds: list[tuple[int, int]] = []
    start = 0  # no sentence starts before this offset
    for first, after in _stop_runs(text, opaque):
        if _ends_sentence(text, first, after):
            bounds.append((_NON_SPACE.search(text, start).start(), after))  # type: ignore[union-attr]
            start = after
    rest = text[start:].rstrip()
    if rest.strip():
        bounds.append((start + len(rest) - len(rest.lstrip()), start + len(rest)))
    return bounds


def _stop_runs(text: str, opaque: list[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """Each run of stops (closers included) outside the opaque ranges, which cut runs."""
    position = 0
    cuts = sorted((start, end) for start, end in opaque if start < end)
    for start, end in cuts + [(len(text), len(text))]:
        if start > position:
            for match in _STOP_RUN.finditer(text, position, start):
                yield match.span()
        position = max(position, end)


def _ends_sentence(text: str, first: int, after: int) -> bool:
    """Whether the run of stops text[first:after] (closers included) ends a sentence."""
    run = text[first:after]
    if any(c in CJK_STOPS for c in run):
        return True
    if after < len(text):
        following = text[after]
        if is_cjk(following):
            return True
        if not following.isspace():
            return False  # 2.1, e.g, v1.2, example.com, "?!x"
    if "!" in run or "?" in run:
        return True
    next_word = _NON_SPACE.search(text, after)
    if next_word and next_word.group().islower():
        return False
    if run.startswith("..") or after >= len(text):
        return True
    word = _WORD_BEFORE.search(text, max(0, first - _LONGEST_WORD), first)
    if word:
        token = word.group(1)
        if token.lower().rstrip(".") in abbreviations():
            return False
        if len(token) == 1 and token.isupper():
            return False  # an initial, as in "J. Smith"
    return True


def has_prose(text: str, start: int, end: int, opaque: list[tuple[int, int]]) -> bool:
    """Whether text[start:end] has a non-space character outside the opaque ranges."""
    position = start
    for a, b in sorted(opaque):
        if a > position and text[position : min(a, end)].strip():
            return True
        position = max(position, b)
        if position >= end:
            return False
    return bool(text[position:end].strip())
