"""The meaning of a micro technical report, worked out once beside the Document.

Which sentence states the problem, what was done (the solution), a measurement and its
baseline, the key result: read from what the sentences say, with section headings as one
strong hint. ``check`` decides readiness from it, the channels take their hooks and key
results from it, the site its summaries. The words and patterns are data, in parts.toml.

A measurement is a number with a unit (3 s, 40 %, 7x, 120 QPS, 3 分钟), a comparison
(14 min → 4 min, from … to, 从…降到…, vs, 快了 1.7 倍, reduced by 40 %, 200/200) or a count of
things with its noun (12 files, 3 台). Version numbers, issue references, dates and years,
clock times, phone numbers, ordinals and tokens such as x86 or k8s are not.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from typing import Any

from inpublic.document.model import Document, Sentence

#: The parts of a micro report, in reading order. problem, solution and result are required.
PARTS = ("problem", "before", "solution", "result", "baseline", "process", "next", "learnings")

# A number as people write it: 3, 1,200, 3.5, ~40, 12+; not the digits of x86 or 2.1.0.
_NUM = r"(?<![A-Za-z0-9_.,])[~≈]?[¥$€£]?\d(?:[\d,]*\d)?(?:\.\d+)?\+?"
_DIGIT = re.compile(r"\d")
_SKIPPED = ("code", "html", "image", "quote")


@cache
def _data() -> dict[str, Any]:
    text = resources.files("inpublic.document").joinpath("parts.toml").read_text("utf-8")
    return tomllib.loads(text)


def _alternatives(words: list[str]) -> str:
    return "(?:" + "|".join(words) + ")"


def unit_pattern() -> str:
    """A regular expression for any unit a number is measured in (ms, GB, %, 分钟, 倍…)."""
    return _alternatives(_data()["measure"]["units"])


@dataclass(frozen=True)
class _Patterns:
    not_measures: re.Pattern[str]
    comparison: re.Pattern[str]
    quantity: re.Pattern[str]
    count: re.Pattern[str]
    boast_after: re.Pattern[str]
    boast_before: re.Pattern[str]
    ceiling: re.Pattern[str]
    floor: re.Pattern[str]
    cues: dict[str, re.Pattern[str]]  # problem, before, process, next, learnings
    problem_reduced: re.Pattern[str]  # before a problem cue: the pain was reduced
    problem_reduced_after: re.Pattern[str]  # after it
    not_result: re.Pattern[str]  # a goal, a plan or a forecast
    action: re.Pattern[str]  # an act on the work anywhere
    action_hinted: re.Pattern[str]  # enough under a heading that names the solution
    headings: dict[str, tuple[str, ...]]


@cache
def _patterns() -> _Patterns:
    data = _data()
    measure = data["measure"]
    unit = unit_pattern()

    def expand(pattern: str) -> str:
        return pattern.replace("{num}", _NUM).replace("{unit}", unit)

    not_nouns = _alternatives(measure["not_nouns"])
    # 3 s, a 9-second start, 1,200/s (a rate with no noun)
    quantity = (
        f"{_NUM}(?:\\s*|-)(?:{unit})(?![A-Za-z])|{_NUM}\\s*/\\s*(?:s|sec|min|h|hr|day|天|秒)\\b"
        f"|{expand(measure['currency'])}"
    )
    count = (
        f"{_NUM}(?:\\s*(?:thousand|million|billion|trillion|k|m|bn))?"
        f"\\s+(?!{not_nouns}\\b)[a-z][a-z-]*s\\b"
        f"|{_NUM}\\s*{_alternatives(measure['count_units'])}"
    )
    boast = (
        r"^\s*(?:\+|万|千|百|亿|k\b|m\b|million\b|billion\b|thousand\b|\s|多|余|几)*"
        + _alternatives(measure["boast_nouns"])
        + r"(?![a-z])"
    )
    parts = data["parts"]
    action = parts["solution"]
    verbs_en, verbs_zh = action["verbs_en"], action["verbs_zh"]
    strong = [
        f"{action['subjects_en']}(?:[a-z]+ly\\s+)?{verbs_en}\\b",
        action["passive_en"],
        action["means_zh"],
        action["changelog_en"],
        action["changelog_zh"],
        action["changes_zh"],
        f"(?:把|将)[^，。；！？,.;]{{1,30}}?{verbs_zh}",
        f"{action['subjects_zh']}[^，。；！？,.;]{{0,12}}?{verbs_zh}",
        f"^\\s*(?:于是|然后|最后|后来|先|再|就|所以|接着|随后|最终)?\\s*{verbs_zh}",
    ]
    return _Patterns(
        not_measures=re.compile("|".join(f"(?:{p})" for p in measure["not_measures"]), re.I),
        comparison=re.compile("|".join(f"(?:{expand(p)})" for p in measure["comparisons"]), re.I),
        quantity=re.compile(quantity, re.I),
        count=re.compile(count, re.I),
        boast_after=re.compile(boast, re.I),
        boast_before=re.compile(
            _alternatives(measure["boast_before"])
            + r"(?:\s*(?:"
            + "|".join(measure["boast_filler"])
            + r"|[:：,，$¥€£~≈]))*\s*$",
            re.I,
        ),
        ceiling=re.compile(_alternatives(measure["ceiling_before"]) + r"\s*$", re.I),
        floor=re.compile(r"\s*" + _alternatives(measure["floor_after"]), re.I),
        cues={
            name: re.compile("|".join(f"(?:{c})" for c in spec["cues"]), re.I | re.M)
            for name, spec in parts.items()
            if "cues" in spec
        },
        problem_reduced=re.compile(parts["problem"]["reduced"], re.I),
        problem_reduced_after=re.compile(parts["problem"]["reduced_after"], re.I),
        not_result=re.compile("|".join(f"(?:{p})" for p in parts["result"]["not_results"]), re.I),
        action=re.compile("|".join(f"(?:{p})" for p in strong), re.I | re.M),
        action_hinted=re.compile(
            f"\\b{verbs_en}\\b|\\b{action['verbs_present_en']}\\b|{verbs_zh}", re.I
        ),
        headings={
            name: tuple(word.lower() for word in spec["headings"]) for name, spec in parts.items()
        },
    )


# ---------------------------------------------------------------------------------------------
# Measurements


@dataclass(frozen=True)
class Measure:
    """One measurement in a text: ``kind`` is comparison, quantity or count; ``boast`` when it
    counts reach, money raised or years (10,000 users, 9+ years), not a result of work."""

    kind: str
    start: int
    end: int
    text: str
    boast: bool = False

    @property
    def result(self) -> bool:
        """A measured result of work: a comparison or a quantity that is not a boast."""
        return not self.boast and self.kind in ("comparison", "quantity")


def measurable(text: str) -> str:
    """``text`` with the numbers that measure nothing (versions, issue references, dates,
    years, clock times, phone numbers, ordinals, x86-like names) blanked, offsets unchanged."""
    if not _DIGIT.search(text):
        return text
    pattern = _patterns().not_measures
    chars: list[str] | None = None
    for start, end in _around_digits(text):
        for match in pattern.finditer(text, start, end):
            chars = chars or list(text)
            chars[match.start() : match.end()] = " " * (match.end() - match.start())
    return "".join(chars) if chars else text


_DIGIT_RUN = re.compile(r"\d[\d.,:/-]*")
_BEFORE, _AFTER = 48, 32  # the most a pattern reads before and after a run of digits


def _around_digits(text: str) -> list[tuple[int, int]]:
    """The stretches of ``text`` that a number's pattern can reach, merged: prose without
    numbers is not scanned at all."""
    spans: list[tuple[int, int]] = []
    for run in _DIGIT_RUN.finditer(text):
        start, end = max(run.start() - _BEFORE, 0), min(run.end() + _AFTER, len(text))
        if spans and start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return spans


def measures(text: str) -> list[Measure]:
    """The measurements in ``text``: comparisons first, then quantities, then counts, none
    overlapping another."""
    return list(_measures(text)) if _DIGIT.search(text) else []


@lru_cache(maxsize=2048)  # check reads a sentence twice: for its parts and for evidence
def _measures(text: str) -> tuple[Measure, ...]:
    clean = measurable(text)
    if not _DIGIT.search(clean):
        return ()
    patterns = _patterns()
    found: list[Measure] = []
    taken = bytearray(len(text))  # 1 where a measurement already lies
    for kind, regex in (
        ("comparison", patterns.comparison),
        ("quantity", patterns.quantity),
        ("count", patterns.count),
    ):
        for match in regex.finditer(clean):
            start, end = match.span()
            if taken.find(1, start, end) >= 0:
                continue
            taken[start:end] = b"\x01" * (end - start)
            found.append(Measure(kind, start, end, text[start:end], _boast(clean, match)))
    found.sort(key=lambda m: m.start)
    return tuple(found)


def _boast(text: str, match: re.Match[str]) -> bool:
    """Whether the measurement counts reach, money raised or years (10,000 users, 阅读量超过
    300 万, 9+ years), or is a ceiling or a floor (up to 10x, 最快 1 分钟, 90% 以上)."""
    patterns = _patterns()
    before = text[max(match.start() - 24, 0) : match.start()]
    if patterns.boast_before.search(before) or patterns.ceiling.search(before):
        return True
    if patterns.floor.match(text, match.end()):
        return True
    for number in re.finditer(_NUM, match.group()):
        after = text[match.start() + number.end() : match.start() + number.end() + 24]
        if patterns.boast_after.match(after):
            return True
    return False


def numbers(text: str) -> list[str]:
    """Every number in ``text`` as the measurements read one (3, 1,200, 3.5, ~40, $5, 12+; not
    the digits of x86 or the third part of 2.1.0), as written."""
    return re.findall(_NUM, text) if _DIGIT.search(text) else []


def has_measure(text: str) -> bool:
    """Whether ``text`` holds a measurement: a number with a unit, a comparison or a count."""
    return bool(measures(text))


# ---------------------------------------------------------------------------------------------
# Parts


@dataclass(frozen=True)
class Hit:
    """The sentence that satisfies a part: where it starts in the file, and its text."""

    line: int
    column: int
    text: str

    def to_dict(self) -> dict[str, object]:
        return {"line": self.line, "column": self.column, "text": self.text}


@dataclass(frozen=True)
class Parts:
    """Which sentence satisfies each part of the micro report (None: no sentence does).

    ``result`` is the key result: the first measured result of work, a comparison first.
    ``baseline`` is what it is measured against (it may be the result sentence itself,
    a Before section, a table with rows to compare, or a sentence that says how it was).
    ``measured`` says whether the post holds any measured result of work at all.
    ``sections`` is the section each part's heading names, for renderers that follow headings.
    """

    problem: Hit | None = None
    before: Hit | None = None
    solution: Hit | None = None
    result: Hit | None = None
    baseline: Hit | None = None
    process: Hit | None = None
    next: Hit | None = None
    learnings: Hit | None = None
    sections: dict[str, int] = field(default_factory=dict)

    def get(self, part: str) -> Hit | None:
        return getattr(self, part) if part in PARTS else None

    def to_dict(self) -> dict[str, object]:
        return {part: (hit.to_dict() if (hit := self.get(part)) else None) for part in PARTS}

    @property
    def key_result(self) -> str:
        return self.result.text if self.result else ""

    @property
    def summary(self) -> str:
        """The post in a line: its problem and its key result, when it states them (joined
        with a space after Latin text, with nothing after a Chinese full stop)."""
        texts = [hit.text.strip() for hit in (self.problem, self.result) if hit]
        if len(texts) == 2 and texts[0] == texts[1]:
            texts.pop()
        return "".join(
            text + ("" if i == len(texts) - 1 or not text.isascii() else " ")
            for i, text in enumerate(texts)
        )


def _states_problem(prose: str) -> bool:
    """A pain, a failure, a cost or a question, not one the sentence says was reduced."""
    patterns = _patterns()
    return any(
        not patterns.problem_reduced.search(prose, 0, match.start())
        and not patterns.problem_reduced_after.match(prose[match.end() :])
        for match in patterns.cues["problem"].finditer(prose)
    )


def section_hints(document: Document) -> dict[str, int]:
    """The first section whose heading names each part (problem, solution, result…)."""
    found: dict[str, int] = {}
    for section in document.sections:
        part = _heading_part(section.title)
        if part and part not in found:
            found[part] = section.index
    return found


@lru_cache(maxsize=4096)  # headings repeat from post to post: Problem, 问题, Results…
def _heading_part(title: str) -> str | None:
    """The part whose longest heading word the title holds: 优化前 is before, not 优化."""
    lowered = title.lower()
    best, length = None, 0
    for part, words in _patterns().headings.items():
        for word in words:
            if len(word) > length and _word_in(word, lowered):
                best, length = part, len(word)
    return best


def _word_in(word: str, text: str) -> bool:
    """``word`` in ``text``; a Latin word only as a whole word (why, not anyhow)."""
    if not word.isascii():
        return word in text
    return word in text and _latin_word(word).search(text) is not None


@lru_cache(maxsize=1024)
def _latin_word(word: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![a-z]){re.escape(word)}")


def _section_parts(document: Document) -> dict[int, str]:
    """The part each section's heading names, a subsection inheriting its parent's."""
    hinted: dict[int, str] = {}
    for section in document.sections:
        part = _heading_part(section.title) or hinted.get(section.parent)
        if part:
            hinted[section.index] = part
    return hinted


def _hit(sentence: Sentence) -> Hit:
    line, column = sentence.position(0)
    return Hit(line, column, _one_line(sentence.text))


_CJK_BREAK = re.compile(
    r"(?<=[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef])\n"
    r"|\n(?=[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef])"
)


def join_lines(text: str) -> str:
    """Soft line breaks become a space between Latin words and nothing beside CJK characters."""
    return _CJK_BREAK.sub("", text).replace("\n", " ")


def _one_line(text: str) -> str:
    return join_lines(text).strip()


def _units(document: Document) -> Iterator[tuple[Sentence, str | None, bool]]:
    """Each sentence of the author's prose, with the part its section's heading names, and
    whether it is a table cell (a timeline or a list of action items says what was done;
    its numbers are read row by row, by _table_baseline)."""
    hinted = _section_parts(document)
    for block in document.blocks:
        if block.kind in _SKIPPED or block.kind == "heading":
            continue
        for sentence in block.sentences:
            yield sentence, hinted.get(block.section), block.kind == "table"


def find_parts(document: Document, wanted: Collection[str] = PARTS) -> Parts:
    """The sentence that satisfies each part of the micro report, found by what it says.
    ``wanted``: the parts to look for (the site asks only for the problem and the result);
    the others are None."""
    patterns = _patterns()
    solution = "solution" in wanted
    others = [part for part in ("process", "next", "learnings") if part in wanted]
    cues = patterns.cues
    found: dict[str, Hit] = {}
    weak: dict[str, Hit] = {}  # a part found outside the section its heading names
    results: list[tuple[int, Hit]] = []  # (rank, hit): lower rank is a better key result

    def take(part: str, hit: Hit, hint: str | None) -> None:
        if part in found:
            return
        if hint == part or part not in ("problem", "solution"):
            found[part] = hit
        else:
            weak.setdefault(part, hit)

    for sentence, hint, cell in _units(document):
        prose = sentence.prose
        if hint == "next":
            if cues["next"].search(prose) or "next" not in found:
                take("next", _hit(sentence), hint)
            continue
        found_measures = measures(prose)
        planned = cell or bool(patterns.not_result.search(prose))  # a goal or a forecast
        work = [] if planned else [m for m in found_measures if m.result]
        hit = None
        measured = any(not m.boast for m in found_measures)
        if "problem" not in found and (
            _states_problem(prose) or (hint == "problem" and (measured or "?" in prose))
        ):
            hit = hit or _hit(sentence)
            take("problem", hit, hint)
        if solution and (
            patterns.action.search(prose)
            or (hint == "solution" and patterns.action_hinted.search(prose))
        ):
            hit = hit or _hit(sentence)
            take("solution", hit, hint)
        for part in others:
            if hint == part or cues[part].search(prose):
                take(part, hit or _hit(sentence), hint)
        if work:
            hit = hit or _hit(sentence)
            said_before = bool(cues["before"].search(prose))  # took, was, 之前, 原来…
            if hint == "before" or said_before:
                take("before", hit, hint)
            compared = any(m.kind == "comparison" for m in work)
            if compared or said_before or hint == "before":
                take("baseline", hit, hint)
            if said_before and not compared:
                continue  # how it was, not what came of the work
            rank = (0 if compared else 2) + (0 if hint == "result" else 1)
            rank += 4 if hint == "before" else 0
            rank += 1 if hit in (found.get("problem"), weak.get("problem")) else 0
            results.append((rank, hit))
    table = _table_baseline(document)
    if table:
        found.setdefault("baseline", table[0])
        results.append((1, table[1]))  # a row to compare, after a sentence that compares
    if results:
        found["result"] = min(results, key=lambda r: r[0])[1]
    for part, hit in weak.items():
        found.setdefault(part, hit)
    return Parts(**found, sections=section_hints(document))


_BEFORE_AFTER = re.compile(
    r"before|after|baseline|old|new|previous|之前|之后|优化前|优化后|改造前|改造后|原来|现在|旧|新"
    r"|\bvs\b|对比",
    re.I,
)


def _table_baseline(document: Document) -> tuple[Hit, Hit] | None:
    """The header and the first measured row of the first table that is a baseline: a cell
    compares (from 0.05% to 4%), its header says before/after (or old/new, 优化前/优化后) and
    it holds a number, or two or more of its rows hold measurements to compare."""
    for block in document.blocks:
        if block.kind != "table" or not block.inlines:
            continue
        rows: dict[int, list[tuple[int, str]]] = {}
        for inline in block.inlines:
            line, column = inline.source.position(0)
            rows.setdefault(line, []).append((column, inline.prose))
        lines = sorted(rows)
        measured = [line for line in lines[1:] if _row_measured(rows[line])]
        compared = [line for line in measured if _row_compares(rows[line])]
        header = " | ".join(text for _, text in rows[lines[0]])
        if compared or len(measured) >= 2 or (measured and _BEFORE_AFTER.search(header)):
            first = (compared or measured)[0]
            return (
                Hit(lines[0], rows[lines[0]][0][0], _one_line(header)),
                Hit(first, rows[first][0][0], _one_line(" | ".join(t for _, t in rows[first]))),
            )
    return None


def _row_measured(cells: list[tuple[int, str]]) -> bool:
    """A row holds a measurement, or plain numbers (1,200, 3.5, 97 %) as benchmark columns do,
    and its label is not a boast (Customers | 120 | 900)."""
    label = cells[0][1] if cells else ""
    if _patterns().boast_after.match(label.strip()):
        return False
    values = [measurable(text).strip() for _, text in cells[1:]]
    return any(m.result for v in values for m in measures(v)) or any(
        _PLAIN_NUMBER.fullmatch(v) for v in values
    )


def _row_compares(cells: list[tuple[int, str]]) -> bool:
    """A cell of the row says before → after itself (rises from 0.05% to 4%)."""
    return any(m.kind == "comparison" and m.result for _, text in cells for m in measures(text))


_PLAIN_NUMBER = re.compile(r"[~≈]?\d[\d,]*(?:\.\d+)?\s*[%％x×]?")
