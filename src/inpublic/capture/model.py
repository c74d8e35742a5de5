"""What ``inpublic capture`` returns: commits, pieces of work, and the facts in them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

SCHEMA_VERSION = 1


@dataclass(frozen=True)
class Fact:
    """A number found in a commit: a before→after change, a ratio, or a measure."""

    kind: str  # change, ratio, measure
    text: str  # exactly as written in the source
    commit: str  # short hash
    before: str = ""
    after: str = ""


@dataclass(frozen=True)
class Commit:
    sha: str
    short: str
    author: str
    email: str
    date: dt.datetime
    subject: str
    body: str
    files: tuple[tuple[str, int, int], ...]  # (path, lines added, lines deleted)
    scope: str = ""
    refs: tuple[str, ...] = ()  # "#123" issues and pull requests
    co_authors: tuple[str, ...] = ()
    branch: str = ""  # the branch the commit was reached through

    @property
    def added(self) -> int:
        return sum(a for _, a, _ in self.files)

    @property
    def deleted(self) -> int:
        return sum(d for _, _, d in self.files)


@dataclass(frozen=True)
class Piece:
    """Commits that belong to one piece of work: one pull request, one scope, one burst."""

    number: int
    title: str
    key: str  # how the commits were grouped: "pr #12", "scope parser", "time"
    repo: Path
    commits: tuple[Commit, ...]
    facts: tuple[Fact, ...]
    result_files: tuple[str, ...]

    @property
    def start(self) -> dt.datetime:
        return self.commits[0].date

    @property
    def end(self) -> dt.datetime:
        return self.commits[-1].date

    @property
    def refs(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(r for c in self.commits for r in c.refs))

    @property
    def files(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(p for c in self.commits for p, _, _ in c.files))


def joined(pieces: list[Piece]) -> Piece:
    """Several pieces as one (a feature that landed as several pull requests): their commits
    in date order, their facts and result files, the first one's number and title."""
    if len(pieces) == 1:
        return pieces[0]
    commits = sorted((c for p in pieces for c in p.commits), key=lambda c: c.date)
    numbers = ", ".join(f"#{p.number}" for p in pieces)
    return Piece(
        pieces[0].number,
        pieces[0].title,
        f"pieces {numbers}",
        pieces[0].repo,
        tuple(commits),
        tuple(f for p in pieces for f in p.facts),
        tuple(dict.fromkeys(f for p in pieces for f in p.result_files)),
    )


@dataclass(frozen=True)
class WorkLog:
    repos: tuple[Path, ...]
    since: str | None  # as given: '3m', '2026-01-01'
    until: str | None
    author: str
    pieces: tuple[Piece, ...]
    warnings: tuple[str, ...] = field(default_factory=tuple)

    @property
    def commits(self) -> int:
        return sum(len(p.commits) for p in self.pieces)
