"""Readiness: does the post state a problem, a solution and a measured result?"""

from __future__ import annotations

import re

from inpublic.check._engine import has_measure
from inpublic.check.model import Finding, Severity, Verdict
from inpublic.check.rules import structure_data
from inpublic.document import Document


def section_parts(document: Document) -> dict[str, int]:
    """The section index of each micro-report part, found by its heading words."""
    parts: dict[str, int] = {}
    for section in document.sections:
        title = section.title.lower()
        for part, spec in structure_data()["parts"].items():
            if part not in parts and any(word in title for word in spec["headings"]):
                parts[part] = section.index
                break
    return parts


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
    document: Document, lang: str, target: tuple[int, int] | None, anchor_line: int
) -> tuple[list[Finding], list[str]]:
    """Structure findings, and the labels of the required parts that are missing."""
    spec = structure_data()
    parts = section_parts(document)
    findings: list[Finding] = []
    missing: list[str] = []
    for part, rule in spec["parts"].items():
        index = parts.get(part)
        blocks = document.section_blocks(document.sections[index]) if index is not None else ()
        sentences = [s for b in blocks for s in b.sentences]
        present = bool(sentences)
        if present and rule.get("needs_measure"):
            present = any(has_measure(s.prose) for s in sentences)
        if present:
            continue
        label = rule["label"].get(lang, rule["label"]["en"])
        line = document.sections[index].line if index is not None else anchor_line
        severity = Severity.error if rule["required"] else Severity.suggestion
        verb = {"en": "Add", "zh": "补上"}.get(lang, "Add")
        findings.append(_structure_finding(f"structure.{part}", severity, line, f"{verb} {label}"))
        if rule["required"]:
            missing.append(label)
    low, high = target or (spec["length"]["min"], spec["length"]["max"])
    length = prose_length(document)
    if not low <= length <= high:
        text = {
            "en": f"Length {length} is outside the target {low}–{high} "
            "(Chinese characters plus English words).",
            "zh": f"篇幅 {length} 不在目标 {low}–{high} 之内（中文字数加英文词数）。",
        }[lang if lang in ("en", "zh") else "en"]
        findings.append(
            _structure_finding("structure.length", Severity.suggestion, anchor_line, text)
        )
    return findings, missing


def verdict(missing: list[str], errors: int, lang: str) -> tuple[str, tuple[str, ...]]:
    """READY, ALMOST or NOT READY, with the shortest list of what to add."""
    to_add = list(missing)
    if errors:
        to_add.append(
            {
                "en": f"fix the {errors} error-level finding(s)",
                "zh": f"修正 {errors} 个 error 级问题",
            }.get(lang, f"fix {errors} errors")
        )
    if not to_add:
        return Verdict.READY, ()
    return (Verdict.ALMOST if len(to_add) == 1 else Verdict.NOT_READY), tuple(to_add)


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
