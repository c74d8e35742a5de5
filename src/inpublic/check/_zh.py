"""Chinese word senses: whether a zh rule's match is used in its plain sense.

异常 is an exception in 异常处理 and fluff in 异常火爆; 优化了 GC 参数 is an action with a named
object, 整体得到了优化 a claim; 领先 3 个百分点 states a margin. The senses are data, in
zh_senses.toml beside this module. jieba's part-of-speech tagger decides the degree-adverb
sense; it is imported on the first match that needs it, so English posts and Chinese posts
without such a word never load it.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache, lru_cache
from importlib import resources
from typing import Any

_CLAUSE_END = re.compile(r"[，。；！？、,;!?:：（(）)\n]")
_CLAUSE_START = re.compile(r".*[，。；！？,;!?:：（(）)\n]", re.S)
_NAMED = re.compile(r"[A-Za-z][A-Za-z0-9_.+\-/]*|\d")
_DIRECTED = re.compile(r"(?:把|将|对)\s*(?:[A-Za-z`]|\d)")


@cache
def senses() -> dict[str, Any]:
    text = resources.files("inpublic.check").joinpath("zh_senses.toml").read_text("utf-8")
    return tomllib.loads(text)


def plain_sense(rule_id: str, token: str, text: str, normal: str, start: int, end: int) -> bool:
    """Whether the match ``token`` at ``normal[start:end]`` of a zh rule is used in a plain
    sense. ``text`` is the sentence as written (code spans kept) and ``normal`` its prose as
    the rules read it, with the same offsets."""
    if not rule_id.startswith("zh."):
        return False
    data = senses()
    if _inside_name(normal, start, end, data["names"]):
        return True
    if rule_id in data["portrait"]["rules"]:
        return not _portrays(normal[start:end], data["portrait"])
    negated = data["negated"]
    if rule_id.split(".")[1] in negated["categories"]:
        before = _clause_before(normal, start)
        if any(marker in before for marker in negated["markers"]):
            return True
    if token in data["degree"]["tokens"]:
        degree = data["degree"]
        if rule_id.startswith("zh.hedge") and normal.startswith(tuple(degree["problems"]), end):
            return True
        return not _before_adjective(normal, start, end, degree)
    if token in data["quantifier"]["tokens"]:
        return bool(_quantity(data["quantifier"]["noun"]).match(normal, end))
    if token in data["object"]["tokens"]:
        return _names_object(text, start, end, data["object"])
    if token in data["version"]["tokens"]:
        return _changes_version(normal, start, end, data["version"])
    if token in data["conceded"]["tokens"]:
        return bool(_quantity(data["conceded"]["turn"]).match(normal, end))
    if token in data["margin"]["tokens"]:
        return _states_margin(normal[end:])
    if token in data["approximate"]["tokens"]:
        approximate = data["approximate"]
        return bool(
            _quantity(approximate["quantity"]).match(normal, end)
            or _quantity(approximate["compared"]).search(_clause_before(normal, start))
        )
    return False


@cache
def _quantity(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _inside_name(normal: str, start: int, end: int, names: dict[str, str]) -> bool:
    opened = normal.rfind(names["open"], 0, start)
    if opened < 0 or normal.rfind(names["close"], opened, start) >= 0:
        return False
    return normal.find(names["close"], end) >= 0


def _clause_after(text: str, end: int) -> str:
    found = _CLAUSE_END.search(text, end)
    return text[end : found.start() if found else len(text)]


def _clause_before(text: str, start: int) -> str:
    found = _CLAUSE_START.match(text, 0, start)
    return text[found.end() if found else 0 : start]


def _before_adjective(normal: str, start: int, end: int, degree: dict[str, Any]) -> bool:
    """Whether the adverb reading holds: the next word is an adjective (异常火爆, 比较好), or
    jieba reads the match and what follows as one idiom (比较稳定, 比较慢)."""
    following = normal[end : end + 1]
    if not following or following in degree["not_adjective"] or following.isascii():
        return False
    words = _tag(normal[start : end + 8])
    if not words:
        return False
    first, _ = words[0]
    if first != normal[start:end]:
        return first.startswith(normal[start:end])
    if len(words) < 2:
        return False
    word, flag = words[1]
    return flag in degree["adjective_tags"] or word in degree["adjectives"]


def _names_object(text: str, start: int, end: int, verbs: dict[str, Any]) -> bool:
    """Whether the verb acts on a named thing: a Latin name, code or a number in the clause
    after it (升级 docker-ce 到 18.09.1), or before it after 把/将/对 (把 `orders` 表打通)."""
    generic = set(verbs["generic"])
    after = _clause_after(text, end)[: verbs["reach"]]
    if any(m.group().lower() not in generic for m in _NAMED.finditer(after)):
        return True
    return bool(_DIRECTED.search(_clause_before(text, start)))


def _changes_version(normal: str, start: int, end: int, version: dict[str, Any]) -> bool:
    """Whether the verb moves something to a version (从 1.20 提升到 1.22, 升级到 v3): a
    dotted or named version after 到, or a bare number when the clause speaks of a version."""
    if _quantity(version["target"]).match(normal, end):
        return True
    before = _clause_before(normal, start)
    return bool(
        _quantity(version["bare"]).match(normal, end)
        and _quantity(version["versioned"]).search(before)
    )


def _portrays(match: str, portrait: dict[str, Any]) -> bool:
    """Whether a self-portrait's modifier evaluates: an adjective or an idiom by jieba's
    tags, or one of the listed state words."""
    found = _quantity(portrait["modifier"]).search(match)
    if not found:
        return False
    modifier = found.group(1)
    if any(word in modifier for word in portrait["words"]):
        return True
    return any(flag in portrait["tags"] for _, flag in _tag(modifier))


def _states_margin(after: str) -> bool:
    from inpublic.check._engine import has_measure

    return has_measure(_clause_after(after, 0))


@lru_cache(maxsize=4096)
def _tag(text: str) -> tuple[tuple[str, str], ...]:
    """jieba's words and part-of-speech flags for ``text``."""
    return tuple((pair.word, pair.flag) for pair in _tagger().cut(text))


@cache
def _tagger() -> Any:
    import logging

    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    return jieba.posseg
