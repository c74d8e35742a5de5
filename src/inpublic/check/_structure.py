"""Readiness: does the post show a problem, what was done, and a measured result against a
baseline? The parts are found by inpublic.document.parts; this turns them into the verdict."""

from __future__ import annotations

import re

from inpublic.check.model import Finding, Severity, Verdict
from inpublic.check.rules import message, structure_data
from inpublic.document import Document
from inpublic.document.parts import Parts, section_hints


def section_parts(document: Document) -> dict[str, int]:
    """The section index of each micro-report part whose heading names it."""
    return section_hints(document)


_CJK_CHAR = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN_WORD = re.compile(r"[A-Za-z0-9]+(?:['’.\-][A-Za-z0-9]+)*")


def prose_length(document: Document) -> int:
    """Chinese characters plus English words, the way Chinese platforms count 字数."""
    count = 0
    for block, sentence in document.sentences():
        if block.kind != "heading":
            prose = sentence.prose
            count += len(_CJK_CHAR.findall(prose)) + len(_LATIN_WORD.findall(prose))
    return count


def assess(
    document: Document,
    parts: Parts,
    lang: str,
    target: tuple[int, int] | None,
    anchor_line: int,
) -> tuple[list[Finding], list[str], bool]:
    """Structure findings, the labels of the required parts that are missing, and whether
    the post holds a measured result of work at all."""
    spec = structure_data()
    findings: list[Finding] = []
    missing: list[str] = []
    for part, rule in spec["parts"].items():
        if parts.get(part) is not None:
            continue
        if part == "baseline" and parts.result is None:
            continue  # no result: asking for its baseline says nothing more
        label = rule["label"].get(lang, rule["label"]["en"])
        index = parts.sections.get(part)
        line = document.sections[index].line if index is not None else anchor_line
        if part == "baseline" and parts.result:
            line = parts.result.line
        severity = Severity.error if rule["required"] else Severity.suggestion
        text = message("add", lang, label=label)
        findings.append(_structure_finding(f"structure.{part}", severity, line, text))
        if rule["required"]:
            missing.append(label)
    low, high = target or (spec["length"]["min"], spec["length"]["max"])
    length = prose_length(document)
    if not low <= length <= high:
        text = message("length", lang, length=length, low=low, high=high)
        findings.append(
            _structure_finding("structure.length", Severity.suggestion, anchor_line, text)
        )
    return findings, missing, parts.result is not None


def verdict(
    missing: list[str], errors: int, lang: str, measured: bool = True
) -> tuple[str, tuple[str, ...]]:
    """READY, ALMOST or NOT READY, with the shortest list of what to add.

    READY: a problem, a solution and a measured result with its baseline, and no error.
    ALMOST: one of these missing, the measured result being there. A post with no measured
    result of work (launch news, a résumé: reach and years are not results) is NOT READY.
    """
    to_add = list(missing)
    if errors:
        to_add.append(message("fix_errors", lang, errors=errors))
    if not to_add:
        return Verdict.READY, ()
    almost = len(to_add) == 1 and measured
    return (Verdict.ALMOST if almost else Verdict.NOT_READY), tuple(to_add)


def _structure_finding(rule: str, severity: Severity, line: int, message: str) -> Finding:
    return Finding(
        rule=rule,
        category="structure",
        severity=severity,
        line=line,
        column=1,
        end_line=line,
        end_column=1,
        message=message,
    )
