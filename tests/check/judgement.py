"""The evaluation corpus (tests/check/corpus/) and how well `check` judges it.

Each document is ``<stem>.md`` with ``<stem>.toml`` beside it: the document's kind
(``label``: concrete or fluffy), its ``genre`` and ``lang``, and every sentence that tells
instead of showing (``[[fluff]]``: its exact ``text`` and its ``category``). The documents
were written for this project, in the genres people publish, without template headings.

Read by tests/check/test_corpus.py (the corpus is well formed) and by
bench/bench_judgement.py (the figures issue 13 asks for).
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from inpublic.check import FileReport, Severity, check_file
from inpublic.config import WORD_CATEGORIES, CheckSettings
from inpublic.workspace.post import source_lines

CORPUS = Path(__file__).parent / "corpus"
# Documents written by other hands, in the same layout, to see whether the rules hold on
# writing they were not tuned on: read them to measure, never to pick words or patterns.
HELDOUT = Path(__file__).parent / "heldout"
LABELS = ("concrete", "fluffy")
GENRES = (
    "engineering-post",
    "postmortem",
    "benchmark",
    "release-notes",
    "tutorial",
    "launch",
    "funding-award",
    "marketing-readme",
    "resume",
    "about-me",
)
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_WORD = re.compile(r"[A-Za-z0-9]+(?:['’-][A-Za-z0-9]+)*")


@dataclass(frozen=True)
class Span:
    """A labelled fluff sentence: the offsets in the file of the sentence that holds the
    labelled text (a finding anywhere in that sentence is about it), category and text."""

    start: int
    end: int
    category: str
    text: str


# Where a sentence ends, as a reader sees it: a full stop, question or exclamation mark,
# a semicolon, or the end of a source line.
_SENTENCE_END = re.compile(r"[。！？!?；;]+|\.(?=\s)|\n")


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    """The offsets of the sentence around text[start:end]."""
    before = [m.end() for m in _SENTENCE_END.finditer(text, 0, start)]
    after = _SENTENCE_END.search(text, max(end - 1, start))  # its own full stop ends it
    return (before[-1] if before else 0), (after.end() if after else len(text))


@dataclass
class Doc:
    path: Path
    label: str
    genre: str
    lang: str
    text: str
    spans: list[Span] = field(default_factory=list)

    @property
    def words(self) -> float:
        """English words plus Chinese characters / 2 (about a word each two characters)."""
        return len(_WORD.findall(self.text)) + len(_CJK.findall(self.text)) / 2


def load(folder: Path = CORPUS) -> list[Doc]:
    """Every document with its labels; ValueError names the first label that is wrong."""
    docs = []
    for path in sorted(folder.rglob("*.md")):
        labels = tomllib.loads(path.with_suffix(".toml").read_text("utf-8"))
        text = path.read_text("utf-8")
        doc = Doc(path, labels["label"], labels["genre"], labels["lang"], text)
        if doc.label not in LABELS or doc.genre not in GENRES or doc.lang not in ("en", "zh"):
            raise ValueError(f"{path}: label, genre or lang is not one of the known ones")
        for item in labels.get("fluff", []):
            found = text.find(item["text"])
            if found < 0 or text.find(item["text"], found + 1) >= 0 or "\n" in item["text"]:
                raise ValueError(f"{path}: not once on one line: {item['text']!r}")
            if item["category"] not in WORD_CATEGORIES:
                raise ValueError(f"{path}: unknown category {item['category']!r}")
            start, end = _sentence(text, found, found + len(item["text"]))
            doc.spans.append(Span(start, end, item["category"], item["text"]))
        docs.append(doc)
    return docs


@dataclass
class Judged:
    """One finding, with where it fell."""

    doc: Doc
    rule: str
    category: str
    severity: str
    line: int
    text: str  # the source line, for the report
    span: Span | None  # the labelled fluff sentence it fell in, if any


@dataclass
class Evaluation:
    verdicts: list[tuple[Doc, str]]
    findings: list[Judged]  # prose findings (the 8 fluff categories) at the severity asked
    caught: dict[int, set[Span]]  # id(doc) -> its labelled sentences that a finding fell in
    docs: list[Doc]

    def precision(self, keep=lambda j: True) -> tuple[int, int]:
        judged = [j for j in self.findings if keep(j)]
        return sum(1 for j in judged if j.span), len(judged)

    def recall(self, keep=lambda d, s: True) -> tuple[int, int]:
        spans = [(d, s) for d in self.docs for s in d.spans if keep(d, s)]
        return sum(1 for d, s in spans if s in self.caught[id(d)]), len(spans)

    def verdict_share(self, label: str, wanted: tuple[str, ...]) -> tuple[int, int]:
        kept = [v for d, v in self.verdicts if d.label == label]
        return sum(1 for v in kept if v in wanted), len(kept)

    def auc(self) -> float:
        """ROC AUC of prose findings per 1,000 words as a fluffy-or-concrete score."""
        counts = Counter(id(j.doc) for j in self.findings)
        density = {id(d): 1000 * counts[id(d)] / max(d.words, 1) for d in self.docs}
        fluffy = [density[id(d)] for d in self.docs if d.label == "fluffy"]
        concrete = [density[id(d)] for d in self.docs if d.label == "concrete"]
        if not fluffy or not concrete:
            return float("nan")
        wins = sum((f > c) + 0.5 * (f == c) for f in fluffy for c in concrete)
        return wins / (len(fluffy) * len(concrete))


def evaluate(
    docs: list[Doc],
    minimum: Severity = Severity.warning,
    reports: Mapping[Path, FileReport] | None = None,
) -> Evaluation:
    """Check every document as `inpublic check` does by default (or take its report from
    ``reports``: bench_judgement.py --ai), and match the prose findings at ``minimum`` and
    above against the labels."""
    verdicts, judged = [], []
    caught: dict[int, set[Span]] = defaultdict(set)
    for doc in docs:
        # the default language, as a user runs it
        report = reports[doc.path] if reports else check_file(doc.path, CheckSettings())
        verdicts.append((doc, report.error and "ERROR" or report.verdict))
        lines = source_lines(doc.text, keepends=True)
        starts = [0]
        for line in lines:
            starts.append(starts[-1] + len(line))
        for finding in report.findings:
            if finding.category not in WORD_CATEGORIES or finding.severity < minimum:
                continue
            offset = starts[finding.line - 1] + finding.column - 1
            within = [s for s in doc.spans if s.start <= offset < s.end]
            span = within[0] if within else None
            caught[id(doc)].update(within)  # a sentence labelled twice is caught once for all
            source = lines[finding.line - 1].strip() if finding.line <= len(lines) else ""
            judged.append(
                Judged(
                    doc,
                    finding.rule,
                    finding.category,
                    finding.severity.name,
                    finding.line,
                    source,
                    span,
                )
            )
    return Evaluation(verdicts, judged, caught, docs)
