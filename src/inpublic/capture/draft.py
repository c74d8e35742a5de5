"""A micro-report draft and a brag document from captured work. Numbers are only copied,
never computed: every number in a draft appears in a commit."""

from __future__ import annotations

import datetime as dt
import tomllib
from collections import Counter
from functools import cache
from importlib import resources

from inpublic.capture.model import Piece, WorkLog


@cache
def _all_words() -> dict[str, dict[str, str]]:
    return tomllib.loads(resources.files(__package__).joinpath("brag.toml").read_text("utf-8"))


def _words(lang: str) -> dict[str, str]:
    words = _all_words()
    return words.get(lang, words["en"])


def draft_answers(piece: Piece, lang: str) -> dict[str, str]:
    """Section texts for ``new --answers``: the facts in Before, Solution and Result,
    each cited by its commit; sections the facts cannot fill stay empty (their prompts show)."""
    words = _words(lang)

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
    w = _words(lang)
    lines = [f"# {w['title']}: {log.since or ''} → {today:%Y-%m-%d}", ""]
    lines += [f"## {w['goals']}", ""]
    if main_track:
        lines.append(f"- {w['main_track']}: {main_track}")
    lines += [f"<!-- {w['goals_prompt']} -->", ""]
    lines += [f"## {w['projects']}", ""]
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
    lines += [f"## {w['shipped']}", ""]
    shipped = [p for p in log.pieces if p.facts or p.result_files]
    for piece in shipped:
        facts = "; ".join(f"{f.text} ({f.commit})" for f in piece.facts)
        files = ", ".join(f"`{p}`" for p in piece.result_files)
        lines.append(f"- {piece.title}: {facts or files}")
    if not shipped:
        lines.append(f"<!-- {w['shipped_prompt']} -->")
    lines += ["", f"## {w['collaboration']}", ""]
    partners = Counter(name for p in log.pieces for c in p.commits for name in c.co_authors)
    if partners:
        lines.append(f"- {w['worked_with']}: " + ", ".join(n for n, _ in partners.most_common()))
    lines.append(f"<!-- {w['collaboration_prompt']} -->")
    lines += ["", f"## {w['learned']}", ""]
    lines.append(f"<!-- {w['learned_prompt']} -->")
    return "\n".join(lines) + "\n"
