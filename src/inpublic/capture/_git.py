"""Reading git history through ``git log``, streamed: the history is never held in memory."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

from inpublic.capture.model import Commit
from inpublic.errors import InpublicError

RECORD, FIELD = "\x1e", "\x1f"
# Mailmap-aware name and email (%aN, %aE); strict ISO dates; the raw body.
# %S: the branch through which the commit was reached (with --all --source).
FORMAT = f"{RECORD}%H{FIELD}%h{FIELD}%aN{FIELD}%aE{FIELD}%aI{FIELD}%S{FIELD}%B{FIELD}"
_CONVENTIONAL = re.compile(r"^(?P<type>[a-z]+)(?:\((?P<scope>[^)]+)\))?!?:\s")
_REF = re.compile(r"(?:(?<=\s)|(?<=\()|^)#(\d+)\b")
_MERGE_PR = re.compile(r"^Merge pull request #(\d+)")
_CO_AUTHOR = re.compile(r"^Co-authored-by:\s*(.+?)\s*<", re.M | re.I)


class CaptureError(InpublicError):
    """Raised by ``inpublic.capture`` for a path that is not a usable git repository."""


def git(repo: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True)


def check_repo(repo: Path) -> list[str]:
    """Raise for a path that is not a repository or has no commits; return warnings."""
    if not repo.exists():
        raise CaptureError("no such folder", path=repo, hint="give the path of a git repository")
    inside = git(repo, "rev-parse", "--is-inside-work-tree", "--is-bare-repository")
    if inside.returncode != 0:
        raise CaptureError(
            "not a git repository",
            path=repo,
            hint="give the folder that holds .git, or run 'git init' there",
        )
    if git(repo, "rev-parse", "--verify", "-q", "HEAD").returncode != 0:
        raise CaptureError(
            "the repository has no commits yet", path=repo, hint="commit some work first"
        )
    warnings = []
    shallow = git(repo, "rev-parse", "--is-shallow-repository").stdout.strip()
    if shallow == b"true":
        warnings.append(
            f"{repo}: a shallow clone: older commits are missing "
            "(run 'git fetch --unshallow' for the whole history)"
        )
    return warnings


def current_branch(repo: Path) -> str:
    return git(repo, "symbolic-ref", "-q", "--short", "HEAD").stdout.decode().strip()


def default_author(repo: Path) -> str:
    email = git(repo, "config", "user.email").stdout.decode("utf-8", "replace").strip()
    if not email:
        raise CaptureError(
            "no --author given and git has no user.email here",
            path=repo,
            hint="pass --author EMAIL or set 'git config user.email'",
        )
    return email


def log_args(since: str | None, until: str | None, author: str, merges: bool) -> list[str]:
    args = [
        "log",
        "--all",
        "--source",
        "--no-color",
        "--use-mailmap",
        f"--format={FORMAT}",
        "--numstat",
    ]
    if not merges:
        args.append("--no-merges")
    if since:
        args.append(f"--since={since}")
    if until:
        args.append(f"--until={until}")
    if author:
        args.append(f"--author={author}")
    return args


def read_commits(repo: Path, args: list[str], undecodable: list[str]) -> Iterator[Commit]:
    """Commits from ``git log``, newest first, one record at a time."""
    process = subprocess.Popen(
        ["git", "-C", str(repo), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert process.stdout is not None
    pending = b""
    try:
        while chunk := process.stdout.read(1 << 16):
            pending += chunk
            *records, pending = pending.split(RECORD.encode())
            for record in records:
                if record:
                    yield _parse(record, undecodable)
        if pending:
            yield _parse(pending, undecodable)
    finally:
        process.stdout.close()
        error = process.stderr.read().decode("utf-8", "replace") if process.stderr else ""
        code = process.wait()
    if code != 0:
        raise CaptureError(
            f"git log failed: {error.strip().splitlines()[-1] if error else code}",
            path=repo,
            hint="check --since, --until and --author",
        )


def _parse(record: bytes, undecodable: list[str]) -> Commit:
    try:
        text = record.decode("utf-8")
    except UnicodeDecodeError:
        text = record.decode("utf-8", "replace")
        undecodable.append(text[:7])
    sha, short, name, email, date, source, body, stats = text.split(FIELD, 7)
    files = []
    for line in stats.strip().splitlines():
        added, deleted, path = (line.split("\t", 2) + ["", ""])[:3]
        files.append(
            (path, int(added) if added.isdigit() else 0, int(deleted) if deleted.isdigit() else 0)
        )
    message = body.strip()
    subject, _, rest = message.partition("\n")
    conventional = _CONVENTIONAL.match(subject)
    merged = _MERGE_PR.match(subject)
    refs = [f"#{n}" for n in _REF.findall(message)]
    if merged:
        refs.insert(0, f"#{merged.group(1)}")
    return Commit(
        sha=sha,
        short=short,
        author=name,
        email=email,
        date=dt.datetime.fromisoformat(date),
        subject=subject,
        body=rest.strip(),
        files=tuple(files),
        scope=(conventional.group("scope") or "") if conventional else "",
        refs=tuple(dict.fromkeys(refs)),
        co_authors=tuple(_CO_AUTHOR.findall(rest)),
        branch=source.removeprefix("refs/heads/"),
    )


def author_name(repo: Path, author: str) -> str:
    """The (mailmapped) name behind an email, from the newest commit that has it."""
    if "@" not in author:
        return author
    done = git(repo, "log", "-1", "--use-mailmap", "--format=%aN", f"--author={author}")
    return done.stdout.decode("utf-8", "replace").strip()


def start_email_listing(
    repo: Path, name: str, since: str | None, until: str | None
) -> subprocess.Popen[bytes]:
    """Start listing the emails a name has in the window; it runs beside the main log."""
    args = [
        "git",
        "-C",
        str(repo),
        "log",
        "--use-mailmap",
        "--format=%aE",
        f"--author=^{re.escape(name)} <",
    ]
    args += [f"--since={since}"] if since else []
    args += [f"--until={until}"] if until else []
    return subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
