"""``inpublic capture``: real work (git history) turned into pieces of work and their facts.

Entry point: ``capture(repos, since=..., until=..., author=...) -> WorkLog``.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from collections.abc import Iterable
from functools import cache
from importlib import resources
from pathlib import Path

from inpublic.capture._git import (
    CaptureError,
    author_name,
    check_repo,
    current_branch,
    default_author,
    log_args,
    read_commits,
    start_email_listing,
)
from inpublic.capture.model import SCHEMA_VERSION, Commit, Fact, Piece, WorkLog

__all__ = [
    "SCHEMA_VERSION",
    "CaptureError",
    "Commit",
    "Fact",
    "Piece",
    "WorkLog",
    "capture",
    "git_since",
]

TIME_GAP_HOURS = 12  # commits further apart than this are separate bursts of work
SCOPE_GAP_DAYS = 14  # the same scope after this long is a new piece
_PR_SUBJECT = re.compile(r"\(#(\d+)\)\s*$")


def git_since(value: str | None) -> str | None:
    """'2w', '3m', '1y' as the day they reach back to, by the calendar as every command
    reads them; anything else (2026-01-01, 'last monday') as given, for git to read."""
    if not value:
        return None
    from inpublic._spans import span_start

    try:
        start = span_start(value)
    except OverflowError:
        return "1970-01-01"  # before any commit
    return f"{start.isoformat()} 00:00:00" if start else value  # from the start of that day


@cache
def _patterns() -> tuple[list[tuple[str, re.Pattern[str]]], list[re.Pattern[str]]]:
    from inpublic.document.parts import unit_pattern

    data = tomllib.loads(resources.files(__name__).joinpath("facts.toml").read_text("utf-8"))
    unit = unit_pattern()  # one list of units, the one check uses
    patterns = [
        (p["kind"], re.compile(p["regex"].replace("{unit}", unit), re.I)) for p in data["patterns"]
    ]
    return patterns, [re.compile(p) for p in data["result_files"]]


def find_facts(text: str, commit: str) -> list[Fact]:
    """Numbers in ``text``: before→after changes first, then ratios, then lone measures.

    A fact is a measurement as document.parts sees it: a version bump (2.1.0 → 2.2.0), an
    issue number, a date or a boast is none."""
    from inpublic.document.parts import measurable, measures

    patterns, _ = _patterns()
    facts: list[Fact] = []
    taken: list[tuple[int, int]] = []
    measured = [(m.start, m.end) for m in measures(text) if not m.boast]
    clean = measurable(text)  # the same offsets, with what measures nothing blanked
    for kind, regex in patterns:
        for match in regex.finditer(clean):
            start, end = match.span()
            if any(a < end and start < b for a, b in taken):
                continue
            if not any(a < end and start < b for a, b in measured):
                continue
            taken.append((start, end))
            facts.append(
                Fact(
                    kind,
                    text[start:end].strip(),
                    commit,
                    _group(text, match, "before"),
                    _group(text, match, "after"),
                )
            )
    return facts


def _group(text: str, match: re.Match[str], name: str) -> str:
    """A named group's text as written (the match ran on the blanked copy)."""
    if name not in match.re.groupindex or match.start(name) < 0:
        return ""
    return text[match.start(name) : match.end(name)].strip()


def capture(
    repos: Iterable[Path],
    *,
    since: str | None = None,
    until: str | None = None,
    author: str | None = None,
    merges: bool = False,
) -> WorkLog:
    """Read each repository's commits by one author in a window and group them into pieces."""
    repos = tuple(repos)
    warnings: list[str] = []
    pieces: list[Piece] = []
    author_used = author or ""
    for repo in repos:
        warnings += check_repo(repo)
        wanted = author or default_author(repo)
        author_used = wanted
        name = author_name(repo, wanted)
        listing = (
            start_email_listing(repo, name, git_since(since), git_since(until))
            if name and "@" in wanted
            else None
        )
        undecodable: list[str] = []
        commits: list[Commit] = []
        facts: dict[str, list[Fact]] = {}
        args = log_args(git_since(since), git_since(until), wanted, merges)
        for commit in read_commits(repo, args, undecodable):
            commits.append(commit)  # facts are found while git is still walking the history
            facts[commit.sha] = find_facts(f"{commit.subject}\n{commit.body}", commit.short)
        if undecodable:
            warnings.append(
                f"{repo}: {len(undecodable)} commit message(s) are not UTF-8 "
                f"({', '.join(undecodable[:5])}); unreadable bytes shown as �"
            )
        if listing is not None:
            emails = Counter(listing.communicate()[0].decode("utf-8", "replace").split())
            others = sorted(e for e in emails if e.lower() != wanted.lower())
            if others:
                warnings.append(
                    f"{repo}: {name} also commits as {', '.join(others)}; only {wanted} was "
                    f"captured (add a .mailmap line '{name} <{wanted}> <{others[0]}>' "
                    f"or pass --author '{name}')"
                )
        commits.reverse()  # oldest first
        pieces += group(repo, commits, facts, start=len(pieces) + 1, main=current_branch(repo))
    if not pieces:
        window = f"since {since}" if since else "in the whole history"
        raise CaptureError(
            f"no commits by {author_used or 'you'} {window}",
            hint="try a wider window, e.g. --since 3m, or another --author",
        )
    return WorkLog(repos, since, until, author_used, tuple(pieces), tuple(warnings))


def group(
    repo: Path,
    commits: list[Commit],
    facts: dict[str, list[Fact]],
    start: int = 1,
    main: str = "",
) -> list[Piece]:
    """Pull requests first, then branches other than the current one, then conventional-commit
    scopes, then bursts separated by gaps. ``facts`` holds each commit's facts by its hash."""
    groups: dict[str, list[Commit]] = {}
    order: list[str] = []
    last_seen: dict[str, Commit] = {}
    burst = 0
    previous: Commit | None = None
    for commit in commits:
        pr = _PR_SUBJECT.search(commit.subject)
        if pr or commit.subject.startswith("Merge pull request #"):
            key = f"pr #{pr.group(1) if pr else commit.refs[0][1:]}"
        elif commit.branch and commit.branch not in (main, "HEAD") and "/" not in commit.branch:
            key = f"branch {commit.branch}"
        elif commit.scope:
            key = f"scope {commit.scope}"
            seen = last_seen.get(key)
            if seen and (commit.date - seen.date).days > SCOPE_GAP_DAYS:
                key = f"{key} ({commit.date:%Y-%m-%d})"
        else:
            if (
                previous is None
                or (commit.date - previous.date).total_seconds() > TIME_GAP_HOURS * 3600
            ):
                burst += 1
            key = f"time {burst}"
            previous = commit  # gaps are measured between the commits that form bursts
        last_seen[key.split(" (")[0]] = commit
        if key not in groups:
            groups[key] = []
            order.append(key)
        groups[key].append(commit)
    _, result_patterns = _patterns()
    pieces = []
    for number, key in enumerate(order, start=start):
        members = groups[key]
        found = [fact for commit in members for fact in facts[commit.sha]]
        files = [p for c in members for p, _, _ in c.files]
        results = tuple(
            dict.fromkeys(p for p in files if any(r.search(p) for r in result_patterns))
        )
        label = key.split(" (")[0]
        if label.startswith("time "):  # a burst of work is named by its days
            first, last = members[0].date, members[-1].date
            label = f"work of {first:%Y-%m-%d}" + (
                f" → {last:%Y-%m-%d}" if last.date() != first.date() else ""
            )
        pieces.append(
            Piece(
                number,
                _title(key, members),
                label,
                repo,
                tuple(members),
                tuple(found),
                results,
            )
        )
    return pieces


def _title(key: str, commits: list[Commit]) -> str:
    subject = re.sub(r"^[a-z]+(\([^)]*\))?!?:\s*", "", commits[0].subject)
    subject = _PR_SUBJECT.sub("", subject).strip()
    if key.startswith("scope "):
        return f"{commits[0].scope}: {subject}"
    return subject
