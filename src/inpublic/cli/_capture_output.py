"""Printing a work log: Rich text for people, JSON for machines."""

from __future__ import annotations

from rich.text import Text

from inpublic.capture import SCHEMA_VERSION, WorkLog
from inpublic.cli._common import console, plain
from inpublic.cli._common import print_json as dump


def to_dict(log: WorkLog) -> dict:
    return {
        "version": SCHEMA_VERSION,
        "author": log.author,
        "since": log.since,
        "until": log.until,
        "warnings": list(log.warnings),
        "pieces": [
            {
                "number": p.number,
                "title": p.title,
                "key": p.key,
                "repo": str(p.repo),
                "start": p.start.isoformat(),
                "end": p.end.isoformat(),
                "refs": list(p.refs),
                "files": list(p.files),
                "lines_added": sum(c.added for c in p.commits),
                "lines_deleted": sum(c.deleted for c in p.commits),
                "result_files": list(p.result_files),
                "facts": [
                    {
                        "kind": f.kind,
                        "text": f.text,
                        "commit": f.commit,
                        "before": f.before,
                        "after": f.after,
                    }
                    for f in p.facts
                ],
                "commits": [
                    {
                        "sha": c.sha,
                        "short": c.short,
                        "date": c.date.isoformat(),
                        "author": c.author,
                        "email": c.email,
                        "subject": c.subject,
                        "added": c.added,
                        "deleted": c.deleted,
                        "files": len(c.files),
                    }
                    for c in p.commits
                ],
            }
            for p in log.pieces
        ],
    }


def print_json(log: WorkLog) -> None:
    dump(to_dict(log))


def print_text(log: WorkLog) -> None:
    """Commit subjects, authors, refs and file names come from someone's repository: they
    are printed as plain text with their control characters taken out."""
    for warning in log.warnings:
        console.print(Text.assemble(("warning: ", "yellow"), plain(warning)))
    window = f"since {log.since}" if log.since else "all history"
    console.print(
        Text.assemble(
            ("Work log", "bold"),
            plain(f": {log.author}, {window}: {len(log.pieces)} pieces, {log.commits} commits"),
        )
    )
    for p in log.pieces:
        console.print()
        console.print(
            Text.assemble(
                (f"#{p.number} ", "bold"),
                (plain(p.title), "bold"),
                (plain(f"  [{p.key}]  {p.repo.name}"), "dim"),
            )
        )
        added = sum(c.added for c in p.commits)
        deleted = sum(c.deleted for c in p.commits)
        refs = f"   refs: {', '.join(p.refs)}" if p.refs else ""
        console.print(
            Text(
                plain(
                    f"   {p.start:%Y-%m-%d} → {p.end:%Y-%m-%d}   "
                    f"{_count(len(p.commits), 'commit')}, {_count(len(p.files), 'file')}, "
                    f"+{added} −{deleted}{refs}"
                )
            )
        )
        if p.facts:
            facts = "; ".join(f"{f.text} ({f.commit})" for f in p.facts)
            console.print(Text.assemble("   facts: ", (plain(facts), "green")))
        if p.result_files:
            console.print(Text(plain(f"   result files: {', '.join(p.result_files)}")))
        for c in p.commits:
            console.print(
                Text.assemble("   ", (c.short, "yellow"), f" {c.date:%Y-%m-%d} ", plain(c.subject))
            )


def _count(number: int, noun: str) -> str:
    """'1 commit', '3 commits'."""
    return f"{number} {noun}{'' if number == 1 else 's'}"
