"""The guard: a text the model wrote (a rewrite, a draft, a shorter title) may delete,
rephrase and ask, never add a fact. It is rejected when it holds a number, a name or a link
that the original does not.

- Numbers are read as the check's measurements read them (``inpublic.document.parts``),
  full-width digits as digits (３ is 3), and compared by value: 1,200 is 1200, 3.50 is 3.5.
- Names are capitalised Latin words (Redis, QPS), @handles and code identifiers
  (``snake_case``, ``camelCase``, ``a.b``, text in backticks). A capitalised word that starts
  a sentence is no name when it is a common sentence starter or a word of the original.
- Links are URLs (http://, https://, www.) and Markdown link targets.

It cannot see an invented fact written in words alone ("三倍", "twice as fast", a Chinese
personal name): the model is told not to, and the writer still accepts each rewrite.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache

from inpublic.ai._data import data, message
from inpublic.document.parts import numbers

_FULL_WIDTH = str.maketrans("０１２３４５６７８９", "0123456789")
_LINK = re.compile(r"https?://[^\s<>()\"'`\]]+|www\.[^\s<>()\"'`\]]+|\]\(([^)\s]+)")
_HANDLE = re.compile(r"(?<![\w.])@[A-Za-z0-9_](?:[\w.-]*\w)?")
_CODE = re.compile(r"`([^`\n]+)`")
_IDENTIFIER = re.compile(
    r"(?<![\w.])(?:[A-Za-z_]\w*(?:(?:\.|::)[A-Za-z_]\w*)+|[A-Za-z]*_\w*|[a-z]+[A-Z]\w*)(?![\w])"
)
_CAPITALISED = re.compile(r"(?<![\w'’-])[A-Z][\w'’-]*")
_WORD = re.compile(r"[A-Za-z][\w'’-]*")
_SENTENCE_END = re.compile(r"[.!?。！？…:：;；\n]\s*$")


@dataclass(frozen=True)
class Rejection:
    """What a text adds that the original does not have: (kind, value) pairs, kind being
    number, name or link."""

    added: tuple[tuple[str, str], ...]

    def text(self, lang: str) -> str:
        """One line in the writer's language: 'adds the number 40, not in the post'."""
        items = ", ".join(message(lang, kind, value=value) for kind, value in self.added)
        return message(lang, "rejected", items=items)


def check_rewrite(text: str, original: str) -> Rejection | None:
    """None when ``text`` adds no number, name or link to ``original``; else what it adds."""
    text, original = text.translate(_FULL_WIDTH), original.translate(_FULL_WIDTH)
    added: list[tuple[str, str]] = []
    known_numbers = {_value(n) for n in numbers(original)}
    for number in numbers(text):
        if _value(number) not in known_numbers:
            added.append(("number", number.strip()))
    known_links = {_link(found) for found in _LINK.finditer(original)}
    for found in _LINK.finditer(text):
        if _link(found) not in known_links:
            added.append(("link", _link(found)))
    prose = _LINK.sub(" ", text)
    for name in _names(prose, original):
        added.append(("name", name))
    unique = tuple(dict.fromkeys(added))
    return Rejection(unique) if unique else None


def _value(number: str) -> str:
    digits = number.strip("~≈+¥$€£").replace(",", "")
    try:
        return str(Decimal(digits).normalize())
    except InvalidOperation:
        return digits


def _link(found: re.Match[str]) -> str:
    return (found.group(1) or found.group()).rstrip(".,;:!?。，；：！？")


def _names(text: str, original: str) -> list[str]:
    words = set(_WORD.findall(original))
    lower = {word.lower() for word in words}
    found: list[str] = []
    for match in _HANDLE.finditer(text):
        if match.group() not in original:
            found.append(match.group())
    for match in _CODE.finditer(text):
        if match.group(1) not in original:
            found.append(match.group(1))
    for match in _IDENTIFIER.finditer(text):
        if not re.search(rf"(?<![\w.]){re.escape(match.group())}(?![\w])", original):
            found.append(match.group())
    for match in _CAPITALISED.finditer(text):
        word = match.group().rstrip("'’-")
        if word in words or word == "I" or word.startswith(("I'", "I’")):
            continue
        starts = not text[: match.start()].strip() or _SENTENCE_END.search(text[: match.start()])
        if starts and (word.lower() in lower or word.lower() in _starters()):
            continue
        found.append(word)
    return found


@cache
def _starters() -> frozenset[str]:
    return frozenset(data()["guard"]["sentence_starters"].split())
