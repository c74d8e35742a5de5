"""Matching the word-list rules against the sentences of a Document."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache

from inpublic.check._zh import plain_sense
from inpublic.check.model import Finding
from inpublic.check.rules import Rule, alternation, categories, evidence_data, selector_matches
from inpublic.document import Block, Document, Inline, Sentence
from inpublic.document._sentences import CJK, is_cjk
from inpublic.document.parts import has_measure

# Quotations are someone else's words: blanked before matching (they may run over sentences).
_QUOTES = re.compile(r"“[^”]{2,600}”|「[^」]{2,600}」|『[^』]{2,600}』|\"[^\"\n]{2,600}\"")
_DIRECTIVE = re.compile(r"<!--\s*inpublic-(disable|enable)\b([^>]*?)-->")
_SKIPPED_BLOCKS = ("code", "html", "image")
_LABEL_BLOCKS = ("heading", "table")
_ARTIFACT_BLOCKS = ("table", "code")  # where a section shows its numbers


@dataclass
class Unit:
    """A sentence (or the title) as the rules see it."""

    text: str
    prose: str  # code, URLs, raw HTML and quotations blanked; offsets unchanged
    position: Callable[[int], tuple[int, int]]
    evidence: bool  # a measured number in the sentence itself
    link: bool
    in_plan_section: bool = False
    label: bool = False  # a title, heading, table cell, topic sentence or change-log entry
    neighbours: list[Unit] = field(default_factory=list)
    shown: bool = False  # its section shows numbers in a table or a code block's output
    versions: list[tuple[int, int]] = field(default_factory=list)  # version changes in it
    normal: str = field(init=False)  # the prose as it reads: ⾮ (a PDF's radical) is 非
    lower: str = field(init=False)
    chinese: bool = field(init=False)  # a Chinese sentence: English words in it are terms
    cjk: bool = field(init=False)  # any CJK character: else no Chinese rule can match

    def __post_init__(self) -> None:
        self.normal = self.prose.translate(_compatible())
        self.lower = self.normal.lower()
        cjk = len(CJK.findall(self.normal))
        self.chinese, self.cjk = cjk >= _CHINESE_FROM, cjk > 0


_CHINESE_FROM = 3  # CJK characters that make a sentence Chinese prose


@cache
def _compatible() -> dict[int, str]:
    """The characters NFKC writes as one other character, in the ranges pasted text brings:
    Kangxi radicals (a PDF's ⾮ is 非), CJK compatibility ideographs and full-width letters
    and digits (Ｆａｓｔ); and a line break inside a paragraph, which reads as a space. One
    character for one, so that offsets still hold."""
    table = {ord(char): " " for char in "\n\r\t"}
    for first, last in ((0x2F00, 0x2FDF), (0xF900, 0xFAFF), (0xFF10, 0xFF5A)):
        for code in range(first, last + 1):
            normal = unicodedata.normalize("NFKC", chr(code))
            if len(normal) == 1 and normal != chr(code) and normal.isalnum():
                table[code] = normal
    return table


@cache
def _markers(kind: str) -> re.Pattern[str]:
    """One regular expression for a list of markers in evidence.toml: Latin markers match
    whole words, CJK ones anywhere; entries written as /.../ are regular expressions."""
    parts = []
    for marker in evidence_data()[kind]:
        if len(marker) > 2 and marker.startswith("/") and marker.endswith("/"):
            parts.append(marker[1:-1])
        elif any(is_cjk(char) for char in marker):
            parts.append(re.escape(marker))
        else:
            parts.append(rf"(?<![\w\-]){re.escape(marker)}(?![\w\-])")
    return re.compile("|".join(f"(?:{p})" for p in parts), re.I)


def make_unit(
    text: str,
    prose: str,
    position: Callable[[int], tuple[int, int]],
    link: bool = False,
    label: bool = False,
) -> Unit:
    """A unit for ``text``. A link, a code span, a year or a quoted name beside a claim is
    not evidence for it: only a measured number is (or one near it: see ``document_units``).
    ``label``: it names the work (a title, a heading, a table cell); so does a topic
    sentence ("How we cut CI to 4 minutes")."""
    prose = _blank(prose, [m.span() for m in _QUOTES.finditer(prose)])
    normal = prose.translate(_compatible())
    label = label or bool(_markers("topics").search(normal))
    versions = _version_changes(normal)
    evidence = has_measure(_blank(normal, versions))
    return Unit(text, prose, position, evidence, link, label=label, versions=versions)


def _version_changes(normal: str) -> list[tuple[int, int]]:
    """Where a sentence changes a version ("raised the minimum Go version from 1.20 to 1.22",
    "upgrade React from 17 to 18.2"): a fact, not a claim. Its verb is plain, and its
    numbers are versions, not a measure."""
    return [m.span() for m in _markers("version_change").finditer(normal)]


def _blank(text: str, ranges: Iterable[tuple[int, int]]) -> str:
    for start, end in ranges:
        text = text[:start] + " " * (end - start) + text[end:]
    return text


def sentence_unit(inline: Inline, sentence: Sentence, quotes: list[tuple[int, int]]) -> Unit:
    link = any(
        (span.href or span.kind == "url")
        and span.start < sentence.end
        and span.end > sentence.start
        for span in inline.spans
    )
    inside = [
        (max(a, sentence.start) - sentence.start, min(b, sentence.end) - sentence.start)
        for a, b in quotes
        if a < sentence.end and b > sentence.start
    ]
    return make_unit(sentence.text, _blank(sentence.prose, inside), sentence.position, link)


def document_units(document: Document, plan_sections: set[int]) -> list[Unit]:
    """Units for every sentence that prose rules read; code and other people's words (a
    quotation, a blockquote signed by its author) are not linted. A unit's neighbours are
    the sentences before and after it in its section, in the same paragraph or not (a
    list item's numbers may sit in the item before it)."""
    units: list[Unit] = []
    sections: list[int] = []
    shown = _sections_showing_numbers(document)
    quoted = _attributed_quotes(document)
    for index, block in enumerate(document.blocks):
        if block.kind in _SKIPPED_BLOCKS or index in quoted:
            continue
        for inline in block.inlines:
            quotes = [m.span() for m in _QUOTES.finditer(inline.prose)]
            for at, sentence in enumerate(inline.sentences):
                unit = sentence_unit(inline, sentence, quotes)
                unit.in_plan_section = block.section in plan_sections
                unit.label = (
                    unit.label
                    or block.kind in _LABEL_BLOCKS
                    or _lists_a_change(block, at)
                    or _introduces_a_quote(document, index, quoted, inline, at)
                )
                unit.shown = block.section in shown
                units.append(unit)
                sections.append(block.section)
    for at, unit in enumerate(units):
        unit.neighbours = [
            units[near]
            for near in (at - 1, at + 1)
            if 0 <= near < len(units) and sections[near] == sections[at]
        ]
    return units


def _lists_a_change(block: Block, at: int) -> bool:
    """Whether a list item's first sentence is a change-log entry ("Improved error messages
    for invalid struct tags"): it names the change, as a heading does."""
    return block.kind == "list_item" and at == 0 and bool(_markers("changes").search(block.text))


def _introduces_a_quote(
    document: Document, index: int, quoted: set[int], inline: Inline, at: int
) -> bool:
    """Whether a sentence is the lead-in of a quotation signed by its author ("Our customers
    say it best:" above "> … — Omar Haddad, Parcelpoint"): it names what follows, as a
    heading does; the praise is in the quoted, named words."""
    after = document.blocks[index + 1] if index + 1 < len(document.blocks) else None
    return bool(
        at == len(inline.sentences) - 1
        and document.blocks[index].text.rstrip().endswith((":", "："))
        and after
        and (index + 1 in quoted or (after.kind == "quote" and _SIGNED_AFTER.search(after.text)))
    )


# A quotation signed on its own line: "…" — Omar Haddad, Parcelpoint
_SIGNED_AFTER = re.compile(r"[\"”」』]\s*(?:[—–―~]|--)\s*\S")


def _sections_showing_numbers(document: Document) -> set[int]:
    """Sections whose table or code block (a program's output) holds a measured number, and,
    when the document has a table, figure or code block, sections whose text points at one
    ("see the table below", "as the chart shows", 如下图)."""
    shown = {block.section for block in document.blocks if _shows_numbers(block)}
    if any(block.kind in (*_ARTIFACT_BLOCKS, "image") for block in document.blocks):
        pointer = _markers("pointers")
        shown.update(
            block.section
            for block in document.blocks
            if block.kind not in _SKIPPED_BLOCKS and pointer.search(block.text)
        )
    return shown


# Code blocks that hold what a program printed rather than its source.
_OUTPUT_INFO = frozenset(
    "text txt plain plaintext console terminal output stdout log shell-session sh bash shell zsh"
    " pwsh powershell".split()
)


def _shows_numbers(block: Block) -> bool:
    """A table, or a program's output (a code block with no language, or a shell session),
    that holds a measured number; a program's source with a number in it shows nothing."""
    language = block.info.split()[0].lower() if block.info.strip() else ""
    if block.kind == "code" and language and language not in _OUTPUT_INFO:
        return False
    return block.kind in _ARTIFACT_BLOCKS and has_measure(block.text)


_SIGNATURE = re.compile(r"(?:^|\n)\s*(?:[—–―~]|--)\s*\S")
_SAYS = re.compile(
    r"\b(?:said|says|wrote|writes|put it|told|tells|according to|in (?:his|her|their) words)\b"
    r"|[说道写]|表示|指出|提到",
    re.I,
)


def _attributed_quotes(document: Document) -> set[int]:
    """The indexes of blockquote blocks that quote someone else: signed inside or just below
    ("— Jane, SRE lead"), or introduced as someone's words ("As Jane wrote:"). The author's
    own call-out in a blockquote is linted like the rest of the post."""
    blocks = document.blocks
    quoted: set[int] = set()
    index = 0
    while index < len(blocks):
        if blocks[index].kind != "quote":
            index += 1
            continue
        end = index
        while end + 1 < len(blocks) and blocks[end + 1].kind == "quote":
            end += 1
        after = blocks[end + 1] if end + 1 < len(blocks) else None
        before = blocks[index - 1] if index > 0 else None
        signed = any(_SIGNATURE.search(b.text) for b in blocks[index : end + 1]) or bool(
            after
            and after.kind == "paragraph"
            and len(after.text) < 120
            and _SIGNATURE.match(after.text)
        )
        introduced = bool(
            before
            and before.kind == "paragraph"
            and before.text.rstrip().endswith((":", "："))
            and _SAYS.search(before.text)
        )
        if signed or introduced:
            quoted.update(range(index, end + 1))
        index = end + 1
    return quoted


def _holds(condition: str, unit: Unit, start: int) -> bool:
    if condition == "evidence":
        return unit.evidence
    if condition == "evidence-nearby":
        return unit.evidence or unit.shown or any(n.evidence for n in unit.neighbours)
    if condition == "link":
        return unit.link
    if condition == "label":
        return unit.label
    if condition == "question":
        return unit.text.rstrip().endswith(("?", "？"))
    if condition == "plan":
        return unit.in_plan_section or bool(_markers("plan").search(unit.lower, 0, start))
    if condition == "negated":
        return _negated(unit.lower, start)
    if condition == "honest-unknown":
        markers = _markers("honest_unknown")
        return any(markers.search(u.lower) for u in (unit, *unit.neighbours))
    raise ValueError(condition)


_CLAUSE = re.compile(r"[,;:.!?()，。；：！？（）—]")
_CLAUSE_REACH = 40  # characters before a match where a negation still reaches it


def _negated(lower: str, start: int) -> bool:
    """Whether a negation stands before the match in its clause: 'it was not faster',
    'no measurable improvement', 并没有更快. An honest negative result claims nothing."""
    begin = max(start - _CLAUSE_REACH, 0)
    for found in _CLAUSE.finditer(lower, begin, start):
        begin = found.end()
    return bool(_markers("negation").search(lower, begin, start))


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


_WORD = re.compile(r"[a-z0-9][a-z0-9'’]*")  # 'blazing-fast' is two words, as 'blazing fast' is


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
    anchors: re.Pattern[str] | None  # every patterned rule's anchors, found at each position
    anchor_set: frozenset[str]

    def candidates(self, lower: str) -> list[tuple[Rule, tuple[re.Pattern[str], ...]]]:
        """Each rule that could match, with the regexes worth running: all of them when one
        of its words is in the sentence, else only its patterns, and those only when the
        sentence holds one of their anchors (Rule.anchors)."""
        found: set[Rule] = set()
        for word in self.by_word.keys() & _WORD.findall(lower):
            found.update(self.by_word[word])
        for char in self.by_char.keys() & set(lower):
            found.update(self.by_char[char])
        present: set[str] = set()
        if self.anchors:
            for longest in self.anchors.findall(lower):  # and the anchors it begins with
                present.update(
                    longest[:end]
                    for end in range(1, len(longest) + 1)
                    if longest[:end] in self.anchor_set
                )
        chosen = []
        for rule in self.rules:
            if rule in found:
                chosen.append((rule, rule.regexes))
            elif rule in self.patterned and (rule.anchors is None or rule.anchors & present):
                chosen.append((rule, rule.pattern_regexes))
        return chosen


@lru_cache(maxsize=16)  # keyed by the rules themselves: custom words make new rules
def _index(rules: tuple[Rule, ...]) -> _Index:
    by_word: dict[str, set[Rule]] = {}
    by_char: dict[str, set[Rule]] = {}
    for rule in rules:
        for token in rule.tokens:
            if any(is_cjk(c) for c in token):
                by_char.setdefault(token[0], set()).add(rule)
            else:
                words = _WORD.findall(token.lower()) or [token.lower()]
                by_word.setdefault(max(words, key=len), set()).add(rule)
    anchor_set = frozenset(a for rule in rules if rule.anchors for a in rule.anchors)
    anchors = (
        re.compile(f"(?=({alternation(anchor_set, space=' ')}))") if anchor_set else None
    )  # a lookahead finds them at every position, overlapping ones too
    return _Index(
        rules,
        {word: frozenset(found) for word, found in by_word.items()},
        {char: frozenset(found) for char, found in by_char.items()},
        frozenset(rule for rule in rules if rule.patterns),
        anchors,
        anchor_set,
    )


_LATIN_WORD = re.compile(r"[A-Za-z][\w'’\-]*")
_PRONOUN_I = re.compile(r"I(?:['’](?:m|ve|d|ll))?\b")
# The words a title-case headline leaves in lower case.
_MINOR = frozenset(
    "a an the of to for and or nor but with from in on at by into onto via vs as your our".split()
)


def _in_a_name(text: str, start: int, end: int) -> bool:
    """Whether an English match is part of a capitalised name in the middle of an ordinary
    sentence: 'Transparent Huge Pages', 'the Guaranteed QoS class', 'Perfect Forward
    Secrecy'. A headline in title case ('The Most Powerful Platform') is no name."""
    if not text[start].isupper() or not _LATIN_WORD.search(text, 0, start):
        return False  # lowercase, or the first word of the sentence
    if _PRONOUN_I.match(text, start):
        return False  # "Honestly, I'm really good at": the pronoun is no name
    if all(word[0].isupper() or word in _MINOR for word in _LATIN_WORD.findall(text)):
        return False  # a title-case headline or feature name
    before = _LATIN_WORD.findall(text, max(start - 40, 0), start)
    after = _LATIN_WORD.search(text, end)
    return bool(
        (before and before[-1][0].isupper())
        or (after and not text[end : after.start()].strip(" -") and after.group()[0].isupper())
    )


def prepare(rules: tuple[Rule, ...]) -> None:
    """Build the index of ``rules`` and compile their regexes now, not at the first post."""
    _index(rules)
    for rule in rules:
        rule.regexes  # noqa: B018 (a cached property: compiled once)


def match_rules(units: Iterable[Unit], rules: Iterable[Rule], lang: str) -> list[Finding]:
    rules = tuple(rules)
    index = _index(rules)
    findings: list[Finding] = []
    for unit in units:
        skipped = "en" if unit.chinese else "zh" if not unit.cjk else None
        candidates = [
            (rule, regexes)
            for rule, regexes in index.candidates(unit.lower)
            if rule.lang != skipped
        ]
        if not candidates:
            continue
        found: list[tuple[int, int, Rule, str]] = []
        lower = unit.lower
        for rule, regexes in candidates:
            for regex in regexes:
                for match in regex.finditer(unit.normal):
                    start, end = match.span()
                    token = " ".join(match.group().lower().split())
                    if _excepted(rule, token, lower, start, end):
                        continue
                    if rule.lang == "en" and _in_a_name(unit.normal, start, end):
                        continue
                    if plain_sense(rule.id, token, unit.text, unit.normal, start, end):
                        continue
                    if any(a <= start < b for a, b in unit.versions):
                        continue  # "raised the minimum Go version from 1.20 to 1.22"
                    if any(_holds(condition, unit, start) for condition in rule.unless):
                        continue
                    found.append((start, end, rule, unit.prose[start:end]))
        found.sort(key=lambda item: (item[0], item[0] - item[1]))
        kept: list[tuple[int, int, Rule, str]] = []
        for item in found:
            if any(k[0] <= item[0] and item[1] <= k[1] for k in kept):
                continue  # inside a longer match: '业界公认' already covers '公认'
            if any(k[2] is item[2] and item[0] < k[1] for k in kept):
                continue  # one phrase, one finding: "I'm passionate" and "passionate about"
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
