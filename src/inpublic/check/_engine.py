"""Matching the word-list rules against the sentences of a Document."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache

from inpublic.check.model import Finding
from inpublic.check.rules import Rule, categories, evidence_data, selector_matches
from inpublic.document import Document, Inline, Sentence
from inpublic.document._sentences import is_cjk
from inpublic.document.parts import has_measure

# Quotations are someone else's words: blanked before matching, and they count as evidence.
_QUOTES = re.compile(r"“[^”]{2,}”|「[^」]{2,}」|『[^』]{2,}』|\"[^\"\n]{2,}\"")
_DIRECTIVE = re.compile(r"<!--\s*inpublic-(disable|enable)\b([^>]*?)-->")
_SKIPPED_BLOCKS = ("quote", "code", "html", "image")
_LABEL_BLOCKS = ("heading", "table")


@dataclass
class Unit:
    """A sentence (or the title) as the rules see it."""

    text: str
    prose: str  # code, URLs, raw HTML and quotations blanked; offsets unchanged
    position: Callable[[int], tuple[int, int]]
    evidence: bool
    link: bool
    in_plan_section: bool = False
    label: bool = False  # a heading or a table cell: it names the work, it claims nothing
    neighbours: list[Unit] = field(default_factory=list)
    normal: str = field(init=False)  # the prose as it reads: ⾮ (a PDF's radical) is 非
    lower: str = field(init=False)

    def __post_init__(self) -> None:
        self.normal = self.prose.translate(_compatible())
        self.lower = self.normal.lower()


@cache
def _compatible() -> dict[int, str]:
    """The characters NFKC writes as one other character, in the ranges pasted text brings:
    Kangxi radicals (a PDF's ⾮ is 非), CJK compatibility ideographs and full-width letters
    and digits (Ｆａｓｔ). One character for one, so that offsets still hold."""
    table = {}
    for first, last in ((0x2F00, 0x2FDF), (0xF900, 0xFAFF), (0xFF10, 0xFF5A)):
        for code in range(first, last + 1):
            normal = unicodedata.normalize("NFKC", chr(code))
            if len(normal) == 1 and normal != chr(code) and normal.isalnum():
                table[code] = normal
    return table


@cache
def _markers(kind: str) -> tuple[str, ...]:
    return tuple(marker.lower() for marker in evidence_data()[kind])


def make_unit(
    text: str,
    prose: str,
    position: Callable[[int], tuple[int, int]],
    artifact: bool = False,
    link: bool = False,
) -> Unit:
    quoted = list(_QUOTES.finditer(prose))
    for found in quoted:
        prose = prose[: found.start()] + " " * len(found.group()) + prose[found.end() :]
    evidence = artifact or link or bool(quoted) or has_measure(prose.translate(_compatible()))
    return Unit(text, prose, position, evidence, link)


def sentence_unit(inline: Inline, sentence: Sentence) -> Unit:
    artifact = link = False
    for span in inline.spans:
        if span.start < sentence.end and span.end > sentence.start:
            artifact = artifact or span.kind == "code"
            link = link or bool(span.href) or span.kind == "url"
    return make_unit(sentence.text, sentence.prose, sentence.position, artifact, link)


def document_units(document: Document, plan_sections: set[int]) -> list[Unit]:
    """Units for every sentence that prose rules read; quotes and code are not linted."""
    units: list[Unit] = []
    for block in document.blocks:
        if block.kind in _SKIPPED_BLOCKS:
            continue
        for inline in block.inlines:
            group = [sentence_unit(inline, s) for s in inline.sentences]
            for index, unit in enumerate(group):
                unit.in_plan_section = block.section in plan_sections
                unit.label = block.kind in _LABEL_BLOCKS
                unit.neighbours = group[max(index - 1, 0) : index] + group[index + 1 : index + 2]
            units.extend(group)
    return units


def _holds(condition: str, unit: Unit) -> bool:
    if condition == "evidence":
        return unit.evidence
    if condition == "evidence-nearby":
        return unit.evidence or any(n.evidence for n in unit.neighbours)
    if condition == "link":
        return unit.link
    if condition == "label":
        return unit.label
    if condition == "question":
        return unit.text.rstrip().endswith(("?", "？"))
    if condition == "plan":
        return unit.in_plan_section or _contains(unit.lower, _markers("plan"))
    if condition == "honest-unknown":
        markers = _markers("honest_unknown")
        return any(_contains(u.lower, markers) for u in (unit, *unit.neighbours))
    raise ValueError(condition)


def _contains(text: str, markers: Iterable[str]) -> bool:
    return any(marker in text for marker in markers)


def _excepted(rule: Rule, token: str, lower: str, start: int, end: int) -> bool:
    """Whether the match sits inside a longer word listed as an exception (非常规 for 非常)."""
    for word in rule.exceptions.get(token, ()):
        at = word.find(token)
        while at >= 0:
            begin = start - at
            if begin >= 0 and lower[begin : begin + len(word)] == word:
                return True
            at = word.find(token, at + 1)
    return False


_WORD = re.compile(r"[a-z0-9][a-z0-9'’\-]*")


@dataclass(frozen=True)
class _Index:
    """Which rules could match a sentence, from the words and characters in it.

    Most sentences hold no listed word; running every rule's regular expressions over
    them would cost more than everything else the check does.
    """

    rules: tuple[Rule, ...]
    by_word: dict[str, frozenset[Rule]]  # the longest word of each Latin token
    by_char: dict[str, frozenset[Rule]]  # the first character of each CJK token
    patterned: frozenset[Rule]

    def candidates(self, lower: str) -> list[Rule]:
        found = set(self.patterned)
        for word in self.by_word.keys() & _WORD.findall(lower):
            found.update(self.by_word[word])
        for char in self.by_char.keys() & set(lower):
            found.update(self.by_char[char])
        return [rule for rule in self.rules if rule in found]


_INDEXES: dict[tuple[str, ...], _Index] = {}


def _index(rules: tuple[Rule, ...]) -> _Index:
    key = tuple(rule.id for rule in rules)
    if key not in _INDEXES:
        by_word: dict[str, set[Rule]] = {}
        by_char: dict[str, set[Rule]] = {}
        for rule in rules:
            for token in rule.tokens:
                if any(is_cjk(c) for c in token):
                    by_char.setdefault(token[0], set()).add(rule)
                else:
                    words = _WORD.findall(token.lower()) or [token.lower()]
                    by_word.setdefault(max(words, key=len), set()).add(rule)
        _INDEXES[key] = _Index(
            rules,
            {word: frozenset(found) for word, found in by_word.items()},
            {char: frozenset(found) for char, found in by_char.items()},
            frozenset(rule for rule in rules if rule.patterns),
        )
    return _INDEXES[key]


def match_rules(units: Iterable[Unit], rules: Iterable[Rule], lang: str) -> list[Finding]:
    rules = tuple(rules)
    index = _index(rules)
    findings: list[Finding] = []
    for unit in units:
        candidates = index.candidates(unit.lower)
        if not candidates:
            continue
        found: list[tuple[int, int, Rule, str]] = []
        lower = unit.lower
        for rule in candidates:
            for regex in rule.regexes:
                for match in regex.finditer(unit.normal):
                    start, end = match.span()
                    token = " ".join(match.group().lower().split())
                    if _excepted(rule, token, lower, start, end):
                        continue
                    if any(_holds(condition, unit) for condition in rule.unless):
                        continue
                    found.append((start, end, rule, unit.prose[start:end]))
        found.sort(key=lambda item: (item[0], item[0] - item[1]))
        kept: list[tuple[int, int, Rule, str]] = []
        for item in found:
            if any(k[0] <= item[0] and item[1] <= k[1] for k in kept):
                continue  # inside a longer match: '业界公认' already covers '公认'
            kept.append(item)
        for start, end, rule, text in kept:
            findings.append(_finding(unit, start, end, rule, text, lang))
    return findings


def _finding(unit: Unit, start: int, end: int, rule: Rule, text: str, lang: str) -> Finding:
    category = categories()[rule.category]
    message = (rule.message or category.message).get(lang) or category.message["en"]
    suggestion = (rule.suggestion or category.suggestion).get(lang) or category.suggestion["en"]
    line, column = unit.position(start)
    end_line, end_column = unit.position(end - 1)
    return Finding(
        rule=rule.id,
        category=rule.category,
        severity=rule.level,
        line=line,
        column=column,
        end_line=end_line,
        end_column=end_column,
        message=message.format(match=text),
        suggestion=suggestion.format(match=text, fix=""),
        match=text,
    )


# inline switches: <!-- inpublic-disable RULE --> ... <!-- inpublic-enable --> ------------------


Switch = tuple[tuple[int, int], str, tuple[str, ...]]


def directives(document: Document) -> list[Switch]:
    """((line, column), 'disable' or 'enable', selectors) for each switch comment, in order."""
    found = []
    for block in document.blocks:
        pieces: list[tuple[str, tuple[int, int]]] = []
        if block.kind == "html":
            pieces.append((block.text, (block.line, 1)))
        for inline in block.inlines:
            for span in inline.spans:
                if span.kind == "html":
                    pieces.append(
                        (inline.text[span.start : span.end], inline.source.position(span.start))
                    )
        for text, where in pieces:
            for match in _DIRECTIVE.finditer(text):
                selectors = tuple(s for s in re.split(r"[\s,]+", match.group(2)) if s)
                found.append((where, match.group(1), selectors))
    return sorted(found, key=lambda item: item[0])


def switched_off(finding: Finding, switches: list[Switch]) -> bool:
    off: set[str] = set()
    for where, action, selectors in switches:
        if where > (finding.line, finding.column):
            break
        if action == "disable":
            off.update(selectors or ("*",))
        elif selectors:
            off.difference_update(selectors)
        else:
            off.clear()
    return any(selector_matches(s, finding.rule, finding.category) for s in off)
