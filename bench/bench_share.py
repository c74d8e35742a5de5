"""One share, as a user runs it: from a finished piece of work to artifacts for every
channel and a recorded share, scripted, each step a new `inpublic` process.

A fixture repository holds a piece of work (three commits, one pull request, a measured
result in the messages). The steps are the README's quick tour: init, new --from-git,
check, render, ship (render and ship with --force: the draft is not written to READY
here). What is measured is the machine's part of the 30-minute budget (the
writer's part is the writing); it prints each command's wall time, their number and total.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _common import table  # noqa: E402

BIN = Path(sys.executable).parent
COMMITS = [
    ("ci: cache the wheel build", "2026-11-02T10:00:00+08:00"),
    (
        "ci: split the test suite into four shards\n\nThe slowest shard: 9 min 10 s → 2 min 40 s.",
        "2026-11-03T15:00:00+08:00",
    ),
    (
        "ci: cache wheels and shard tests (#41)\n\n"
        "CI went from 14 min to 4 min (median of 50 runs).",
        "2026-11-04T11:00:00+08:00",
    ),
]


def git(repo: Path, *args: str, date: str = "") -> None:
    env = {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date} if date else {}
    subprocess.run(
        ["git", "-C", str(repo), "-c", "user.name=Mei", "-c", "user.email=mei@example.com", *args],
        check=True,
        capture_output=True,
        env={**os.environ, **env},
    )


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        repo = root / "repo"
        repo.mkdir()
        git(repo, "init", "-q", "-b", "main")
        for number, (message, date) in enumerate(COMMITS):
            (repo / f"file{number}.txt").write_text(f"{number}\n")
            git(repo, "add", ".")
            git(repo, "commit", "-qm", message, date=date)
        inpublic = str(BIN / "inpublic")
        blog = root / "blog"
        steps = [
            ("init", [inpublic, "init", str(blog), "--name", "Mei", "--channels", "hugo,x"]),
            (
                "new --from-git",
                [
                    inpublic,
                    "new",
                    "--from-git",
                    "--repo",
                    str(repo),
                    "--since",
                    "2026-10-01",
                    "--author",
                    "mei@example.com",
                    "--slug",
                    "ci",
                ],
            ),
            ("check", [inpublic, "check", "posts/ci.md"]),
            ("render --to every", [inpublic, "render", "ci", "--to", "every", "--force"]),
            ("ship --channel all", [inpublic, "ship", "ci", "--channel", "all", "--force"]),
        ]
        rows = []
        total = 0.0
        for name, command in steps:
            start = time.perf_counter()
            done = subprocess.run(command, cwd=blog if blog.exists() else root, capture_output=True)
            seconds = time.perf_counter() - start
            total += seconds
            if name != "check" and done.returncode != 0:  # a fresh draft is not READY yet
                raise SystemExit(f"{name} failed: {done.stderr.decode()[-400:]}")
            rows.append((name, seconds, f"exit {done.returncode}"))
        outputs = sorted(p.name for p in (blog / "out" / "ci").iterdir())
        rows.append((f"{len(steps)} commands in all", total, f"outputs: {', '.join(outputs)}"))
        table("one share, from a commit to posts for every channel and a recorded share", rows)


if __name__ == "__main__":
    main()
