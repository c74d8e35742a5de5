"""`inpublic check` against proselint and write-good, measured in the same run.

- 1,000 generated posts (about 3 MB, half English, half Chinese): inpublic on the
  English half against proselint and write-good on the same files, and inpublic
  on the whole corpus (proselint and write-good read English only).
- One 5,000-character post checked in-process after warm-up (target: under 50 ms).
- A cold `inpublic check post.md` (target: under 1.5 s).

Peers: proselint from PyPI (the `bench` extra) and write-good from npm, installed
by `make bench` into .bench/. A peer that is missing is reported, not faked.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _common import median_seconds, table  # noqa: E402
from _corpus import post, write_corpus  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
WRITE_GOOD = ROOT / ".bench" / "node_modules" / ".bin" / "write-good"


def run(args: list[str], cwd: Path) -> None:
    done = subprocess.run(args, cwd=cwd, capture_output=True)
    # inpublic and proselint exit 1 on findings; write-good exits with the number of findings.
    if done.returncode > 125 or (done.returncode and not done.stdout):
        raise SystemExit(f"{args[0]} failed ({done.returncode}): {done.stderr[-500:]!r}")


def main() -> None:
    import random

    from inpublic.check import check_post
    from inpublic.workspace import parse_post

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        os.environ["XDG_CACHE_HOME"] = str(folder / ".cache")
        sizes = write_corpus(folder, 1000)
        english = sorted(str(p) for p in (folder / "en").glob("*.md"))
        total_mb = sum(sizes.values()) / 1e6
        inpublic = str(BIN / "inpublic")
        rows = []
        check = [inpublic, "check", "--format", "json"]
        cold_en = median_seconds(lambda: run([*check, "--no-cache", "en"], folder), repeat=3)
        rows.append(("inpublic check, English half, cold", cold_en, "no cache"))
        run([*check, "en"], folder)  # fills the cache (XDG_CACHE_HOME is the temporary folder)
        warm_en = median_seconds(lambda: run([*check, "en"], folder), repeat=3)
        rows.append(("inpublic check, English half, cached", warm_en, "files unchanged"))
        cold_all = median_seconds(lambda: run([*check, "--no-cache", "."], folder), repeat=3)
        rows.append(("inpublic check, whole corpus, cold", cold_all, f"{total_mb:.1f} MB, zh + en"))
        peers = [
            ("proselint", [shutil.which("proselint", path=str(BIN)), "check"], "10x"),
            ("write-good", [str(WRITE_GOOD) if WRITE_GOOD.exists() else None], "1x"),
        ]
        for name, command, target in peers:
            if command[0] is None:
                rows.append((name, 0.0, "not installed: run 'make bench'"))
                continue
            theirs = median_seconds(lambda c=command: run([*c, *english], folder), repeat=1)
            rows.append(
                (
                    f"{name}, English half",
                    theirs,
                    f"inpublic is {theirs / cold_en:.1f}x faster cold, "
                    f"{theirs / warm_en:.1f}x cached (target > {target})",
                )
            )
        table(f"check 1,000 posts ({total_mb:.1f} MB), median", rows)

        text = post(random.Random(5), "zh", 0, 5000)[:5000]
        single = parse_post(text, folder / "single.md")
        one = median_seconds(lambda: check_post(single), repeat=20)
        (folder / "single.md").write_text(text, encoding="utf-8")
        cold = median_seconds(
            lambda: run([inpublic, "check", "--no-cache", "single.md"], folder), repeat=5
        )
        table(
            "one post",
            [
                ("check_post, 5,000 characters, warm", one, "target < 50 ms"),
                ("inpublic check post.md, cold process", cold, "target < 1500 ms"),
            ],
        )


if __name__ == "__main__":
    main()
