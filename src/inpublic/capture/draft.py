"""A micro-report draft and a brag document from captured work. Numbers are only copied,
never computed: every number in a draft appears in a commit."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from inpublic.capture.model import Piece, WorkLog

_WORDS = {
    "en": {"commit": "commit", "results": "Result files changed", "by": "with"},
    "zh": {"commit": "提交", "results": "变化了的结果文件", "by": "合作"},
}


def draft_answers(piece: Piece, lang: str) -> dict[str, str]:
    """Section texts for ``new --answers``: the facts in Before, Solution and Result,
    each cited by its commit; sections the facts cannot fill stay empty (their prompts show)."""
    words = _WORDS.get(lang, _WORDS["en"])

    def cite(short: str) -> str:
        return f" ({words['commit']} {short})" if lang == "en" else f"（{words['commit']} {short}）"

    facts = list({f.text: f for f in reversed(piece.facts)}.values())[::-1]  # first of each
    changes = [f for f in facts if f.kind == "change"]
    before = [f"- {f.before}{cite(f.commit)}" for f in changes if f.before]
    before = list(dict.fromkeys(before))
    solution = [f"- {c.subject}{cite(c.short)}" for c in piece.commits]
    result = [f"- {f.text}{cite(f.commit)}" for f in facts]
    if piece.result_files:
        last = piece.commits[-1].short
        result.append(
            f"- {words['results']}: " + ", ".join(f"`{p}`" for p in piece.result_files) + cite(last)
        )
    answers = {"solution": "\n".join(solution)}
    if before:
        answers["before"] = "\n".join(before)
    if result:
        answers["result"] = "\n".join(result)
    return answers


def brag_document(log: WorkLog, main_track: str, lang: str, today: dt.date) -> str:
    """Julia Evans' brag-document sections, filled from the work log."""
    zh = lang == "zh"
    lines = [f"# {'工作记录' if zh else 'Brag document'}: {log.since or ''} → {today:%Y-%m-%d}", ""]
    lines += [f"## {'目标' if zh else 'Goals'}", ""]
    if main_track:
        lines.append(f"- {'主线' if zh else 'Main track'}: {main_track}")
    lines += [
        "<!-- "
        + (
            "今年的目标是什么？明年呢？"
            if zh
            else "What were your goals this year? What are they for next year?"
        )
        + " -->",
        "",
    ]
    lines += [f"## {'项目' if zh else 'Projects'}", ""]
    by_repo: dict[str, list[Piece]] = {}
    for piece in log.pieces:
        by_repo.setdefault(piece.repo.name, []).append(piece)
    for repo, pieces in by_repo.items():
        lines.append(f"### {repo}")
        lines.append("")
        for piece in pieces:
            refs = f" ({', '.join(piece.refs)})" if piece.refs else ""
            lines.append(f"- {piece.title}{refs}: {piece.start:%Y-%m-%d} → {piece.end:%Y-%m-%d}")
        lines.append("")
    lines += [f"## {'做成了什么' if zh else 'What shipped'}", ""]
    shipped = [p for p in log.pieces if p.facts or p.result_files]
    for piece in shipped:
        facts = "; ".join(f"{f.text} ({f.commit})" for f in piece.facts)
        files = ", ".join(f"`{p}`" for p in piece.result_files)
        lines.append(f"- {piece.title}: {facts or files}")
    if not shipped:
        lines.append(
            "<!-- "
            + (
                "结果是什么？有数字吗？"
                if zh
                else "What were the results? Are there numbers you can attach?"
            )
            + " -->"
        )
    lines += ["", f"## {'协作' if zh else 'Collaboration'}", ""]
    partners = Counter(name for p in log.pieces for c in p.commits for name in c.co_authors)
    if partners:
        lines.append(
            f"- {'合作者' if zh else 'Worked with'}: "
            + ", ".join(name for name, _ in partners.most_common())
        )
    lines.append(
        "<!-- "
        + (
            "评审、带新人、分享、帮助别人？"
            if zh
            else "Code review, mentoring, talks, helping others?"
        )
        + " -->"
    )
    lines += ["", f"## {'学到了什么' if zh else 'What I learned'}", ""]
    lines.append(
        "<!-- "
        + (
            "学到了哪些技能、工具、原理？写过总结吗？"
            if zh
            else "Skills, tools, internals? Did you write it up?"
        )
        + " -->"
    )
    return "\n".join(lines) + "\n"
