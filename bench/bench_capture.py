"""`inpublic capture` on a generated repository of 200,000 commits, against `git log` itself.

The floor is the bare `git log` that lists the same commits (one author, last 3 months),
with and without the per-file line counts capture reads. Memory: peak RSS of the capture
process on a 50,000-commit and a 200,000-commit history with the same recent activity.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _common import median_seconds, table  # noqa: E402

from inpublic.capture import capture, git_since  # noqa: E402
from inpublic.capture._git import log_args  # noqa: E402

BIN = Path(sys.executable).parent
AUTHORS = [("Mei Chen", "mei@example.com")] + [
    (f"Dev {n}", f"dev{n}@example.com") for n in range(9)
]
YEARS = 4


RECENT = 12_500  # commits in the last 90 days, the same in every history size
RECENT_DAYS = 90


def timestamps(commits: int, now: int) -> list[int]:
    """Older commits spread over the years before; the last 90 days always hold RECENT."""
    recent_span = RECENT_DAYS * 86400
    old = commits - RECENT
    old_span = YEARS * 365 * 86400
    start = now - recent_span - old_span
    times = [int(start + i * old_span / old) for i in range(old)]
    times += [int(now - recent_span + i * recent_span / RECENT) for i in range(RECENT)]
    return times


def build(path: Path, commits: int) -> None:
    """A repository of ``commits`` commits by ten authors, written with git fast-import."""
    subprocess.run(["git", "init", "-q", "-b", "main", str(path)], check=True)
    times = timestamps(commits, int(time.time()))
    process = subprocess.Popen(
        ["git", "-C", str(path), "fast-import", "--quiet"], stdin=subprocess.PIPE
    )
    assert process.stdin is not None
    write = process.stdin.write
    for index in range(commits):
        name, email = AUTHORS[index % len(AUTHORS)]
        when = times[index]
        message = (
            f"perf(module{index % 40}): change {index}, "
            f"from {index % 900 + 100} ms to {index % 90 + 10} ms\n"
        ).encode()
        data = f"line {index}\n".encode()
        write(
            f"commit refs/heads/main\nauthor {name} <{email}> {when} +0000\n"
            f"committer {name} <{email}> {when} +0000\ndata {len(message)}\n".encode()
        )
        write(message)  # fast-import chains commits on one branch by itself
        write(
            f"M 644 inline src/module{index % 40}/file{index % 7}.py\ndata {len(data)}\n".encode()
            + data
            + b"\n"
        )
    process.stdin.close()
    if process.wait() != 0:
        raise SystemExit("git fast-import failed")


def peak_rss_mb(repo: Path) -> float:
    """Peak resident memory of a Python process that captures the window (git not counted)."""
    code = (
        "import resource, sys; from pathlib import Path;"
        "from inpublic.capture import capture;"
        "capture([Path(sys.argv[1])], since='3m', author='mei@example.com');"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(repo)], capture_output=True, text=True, check=True
    )
    return int(done.stdout.strip()) / 1024


def main() -> None:
    inpublic = str(BIN / "inpublic")
    with tempfile.TemporaryDirectory() as tmp:
        repos = {}
        for commits in (50_000, 200_000):
            path = Path(tmp) / f"repo-{commits}"
            start = time.perf_counter()
            build(path, commits)
            print(f"built {commits:,} commits in {time.perf_counter() - start:.1f} s")
            repos[commits] = path
        big = repos[200_000]
        window = ["--since=3.months.ago", "--author=mei@example.com", "--no-merges"]
        listed = subprocess.run(
            ["git", "-C", str(big), "log", "--format=%H", *window],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        bare = median_seconds(
            lambda: subprocess.run(
                ["git", "-C", str(big), "log", "--format=%H", *window], capture_output=True
            )
        )
        # git run with exactly the arguments capture gives it
        same_data = log_args(git_since("3m"), None, "mei@example.com", merges=False)
        same = median_seconds(
            lambda: subprocess.run(["git", "-C", str(big), *same_data], capture_output=True)
        )
        ours = median_seconds(lambda: capture([big], since="3m", author="mei@example.com"))
        cli = median_seconds(
            lambda: subprocess.run(
                [
                    inpublic,
                    "capture",
                    "--repo",
                    str(big),
                    "--since",
                    "3m",
                    "--author",
                    "mei@example.com",
                    "--json",
                ],
                capture_output=True,
                check=True,
            )
        )
        table(
            "capture one author's last 3 months of 200,000 commits, median of 7",
            [
                ("git log, hashes only", bare, f"{len(listed):,} commits listed"),
                ("git log, the fields capture reads", same, "git's own cost for the same data"),
                (
                    "capture(), in-process",
                    ours,
                    f"{ours / bare:.2f}x hashes-only, {ours / same:.2f}x same-data (target ≤ 1.5x)",
                ),
                (
                    "inpublic capture --json, new process",
                    cli,
                    f"{cli / bare:.2f}x hashes-only, {cli / same:.2f}x same-data; target < 2 s",
                ),
            ],
        )
        print("\npeak memory of inpublic capture (the same 3-month window)")
        for commits, path in repos.items():
            print(f"  {commits:>7,}-commit history  {peak_rss_mb(path):7.1f} MB")


if __name__ == "__main__":
    main()
