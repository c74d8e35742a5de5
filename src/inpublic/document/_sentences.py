"""Sentence splitting for Chinese, English and mixed text.

A sentence ends at 。！？；… (with any closing quotes or brackets after them), or at
. ! ? followed by a space, the end of the text, or a CJK character. A period does
not end a sentence after a known abbreviation ("e.g."), a single capital initial,
or when the next word starts in lower case. Opaque ranges (code, URLs, raw HTML)
are never split and never end a sentence.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

CJK_STOPS = "。！？；…"
LATIN_STOPS = ".!?"
CLOSERS = "”’」』）》】〉\"')]"
_CJK = re.compile(
    r"[\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]"
)
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)$")


@cache
def abbreviations() -> frozenset[str]:
    text = resources.files("inpublic.document").joinpath("abbreviations.txt").read_text("utf-8")
    return frozenset(
        line.strip().lower() for line in text.splitlines() if line.strip() and line[0] != "#"
    )


def is_cjk(char: str) -> bool:
    return bool(_CJK.match(char))


def split_sentences(text: str, opaque: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """[start, end) of each sentence. Whitespace between sentences belongs to none."""
    blocked = _Blocked(len(text), opaque)
    bounds: list[tuple[int, int]] = []
    start = None
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if start is None:
            if char.isspace():
                i += 1
                continue
            start = i
        if blocked[i] or (char not in CJK_STOPS and char not in LATIN_STOPS):
            i += 1
            continue
        j = i
        while j < n and not blocked[j] and (text[j] in CJK_STOPS or text[j] in LATIN_STOPS):
            j += 1
        while j < n and not blocked[j] and text[j] in CLOSERS:
            j += 1
        if _ends_sentence(text, i, j):
            bounds.append((start, j))
            start = None
        i = j
    if start is not None:
        end = n
        while end > start and text[end - 1].isspace():
            end -= 1
        bounds.append((start, end))
    return bounds


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
    next_word = text[after:].lstrip()[:1]
    if next_word and next_word.islower():
        return False
    if run.startswith("..") or after >= len(text):
        return True
    word = _WORD_BEFORE.search(text[:first])
    if word:
        token = word.group(1)
        if token.lower().rstrip(".") in abbreviations():
            return False
        if len(token) == 1 and token.isupper():
            return False  # an initial, as in "J. Smith"
    return True


class _Blocked:
    """Whether an offset falls inside an opaque range; most texts have none or few."""

    def __init__(self, length: int, opaque: list[tuple[int, int]]) -> None:
        self.ranges = [(start, min(end, length)) for start, end in opaque if start < end]

    def __getitem__(self, index: int) -> bool:
        return any(start <= index < end for start, end in self.ranges)
