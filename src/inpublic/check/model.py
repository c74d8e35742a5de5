"""What ``inpublic check`` returns: findings, a verdict per post, and a report."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum
from pathlib import Path
from typing import Any

from inpublic.config import WORD_CATEGORIES
from inpublic.document.parts import PARTS, Hit

# 2: each file has `parts`, the sentence that satisfies each part; 3: each finding has its
# `source` ("rules" or "ai"; an AI finding adds `rewrite`, `rewrite_rejected` and `question`)
# and, after check --ai, the report has `ai` (what was sent, dropped, the tokens, failures)
SCHEMA_VERSION = 3
CATEGORIES = (*WORD_CATEGORIES, "typography", "structure")


class Severity(IntEnum):
    suggestion = 1
    warning = 2
    error = 3

    @classmethod
    def parse(cls, name: str) -> Severity:
        try:
            return cls[name]
        except KeyError:
            raise ValueError(
                f"unknown severity '{name}'; use {', '.join(cls.__members__)}"
            ) from None


class Verdict:
    READY = "READY"
    ALMOST = "ALMOST"
    NOT_READY = "NOT READY"


@dataclass(frozen=True)
class Finding:
    """One problem in a post. Lines and columns are 1-based, in the file as it is on disk."""

    rule: str
    category: str
    severity: Severity
    line: int
    column: int
    end_line: int
    end_column: int
    message: str
    suggestion: str = ""
    match: str = ""
    source: str = "rules"  # "ai": found by the AI second reader (inpublic.ai)
    rewrite: str | None = None  # an AI finding's proposed rewrite of ``match``
    rewrite_rejected: str | None = None  # why the guard rejected the rewrite
    question: str | None = None  # what the writer must answer where the fix needs a fact

    def to_dict(self) -> dict[str, object]:
        found: dict[str, object] = {
            "rule": self.rule,
            "category": self.category,
            "severity": self.severity.name,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "message": self.message,
            "suggestion": self.suggestion,
            "source": self.source,
        }
        if self.source == "ai":
            found["quote"] = self.match
            found["rewrite"] = self.rewrite
            found["rewrite_rejected"] = self.rewrite_rejected
            found["question"] = self.question
        return found


@dataclass(frozen=True)
class FileReport:
    """The result for one file: its findings and verdict, or the error that stopped the check."""

    path: Path
    findings: tuple[Finding, ...] = ()
    verdict: str = Verdict.NOT_READY
    to_add: tuple[str, ...] = ()  # the shortest list of what the post needs to be ready
    error: str | None = None
    parts: dict[str, Hit | None] = field(default_factory=dict)  # part -> the sentence that has it
    lang: str = "en"  # the writer's language: the one messages are in

    def parts_dict(self) -> dict[str, object]:
        """Each part of the micro report: where its sentence starts and its text, or None."""
        return {part: (hit.to_dict() if (hit := self.parts.get(part)) else None) for part in PARTS}

    def shown(self, minimum: Severity) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity >= minimum)


@dataclass(frozen=True)
class Report:
    files: tuple[FileReport, ...] = field(default_factory=tuple)
    ai: dict[str, Any] | None = None  # check --ai: the second reader's summary (inpublic.ai)

    def narrowed(self, select: tuple[str, ...] = (), ignore: tuple[str, ...] = ()) -> Report:
        """Only the findings of the rules ``select`` names (all when empty), less those
        ``ignore`` names, as ruff's --select and --ignore: a rule id ('en.hedge'), a prefix
        ('zh') or a category ('peacock'). Verdicts are kept: they are the post's, not a rule's.
        """
        from dataclasses import replace

        from inpublic.check.rules import selector_matches

        def kept(finding: Finding) -> bool:
            def named(selectors: tuple[str, ...]) -> bool:
                return any(selector_matches(s, finding.rule, finding.category) for s in selectors)

            return (not select or named(select)) and not named(ignore)

        return Report(
            tuple(replace(f, findings=tuple(filter(kept, f.findings))) for f in self.files),
            self.ai,
        )

    def to_dict(self, minimum: Severity = Severity.suggestion) -> dict[str, object]:
        data: dict[str, object] = {
            "version": SCHEMA_VERSION,
            "files": [
                {
                    "path": str(report.path),
                    "verdict": report.verdict if report.error is None else None,
                    "to_add": list(report.to_add),
                    "parts": report.parts_dict() if report.error is None else None,
                    "error": report.error,
                    "findings": [f.to_dict() for f in report.shown(minimum)],
                }
                for report in self.files
            ],
        }
        if self.ai is not None:
            data["ai"] = self.ai
        return data
