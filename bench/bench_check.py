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
        sizes = write_corpus(folder, 1000)
        english = sorted(str(p) for p in (folder / "en").glob("*.md"))
        total_mb = sum(sizes.values()) / 1e6
        inpublic = str(BIN / "inpublic")
        rows = []
        ours_en = median_seconds(
            lambda: run([inpublic, "check", "en", "--format", "json"], folder), repeat=3
        )
        rows.append(("inpublic check (English half)", ours_en, "1.0x"))
        ours_all = median_seconds(
            lambda: run([inpublic, "check", ".", "--format", "json"], folder), repeat=3
        )
        rows.append(("inpublic check (whole corpus)", ours_all, f"{total_mb:.1f} MB, zh + en"))
        proselint = shutil.which("proselint", path=str(BIN))
        if proselint:
            theirs = median_seconds(lambda: run([proselint, "check", *english], folder), repeat=1)
            rows.append(
                (
                    "proselint (English half)",
                    theirs,
                    f"inpublic is {theirs / ours_en:.1f}x faster (target ≥ 10x)",
                )
            )
        else:
            rows.append(("proselint", 0.0, "not installed: pip install '.[bench]'"))
        if WRITE_GOOD.exists():
            theirs = median_seconds(lambda: run([str(WRITE_GOOD), *english], folder), repeat=1)
            rows.append(
                (
                    "write-good (English half)",
                    theirs,
                    f"inpublic is {theirs / ours_en:.1f}x faster (target > 1x)",
                )
            )
        else:
            rows.append(
                ("write-good", 0.0, "not installed: npm install --prefix .bench write-good")
            )
        table(f"check 1,000 posts ({total_mb:.1f} MB), median", rows)

        text = post(random.Random(5), "zh", 0, 5000)[:5000]
        single = parse_post(text, folder / "single.md")
        one = median_seconds(lambda: check_post(single), repeat=20)
        (folder / "single.md").write_text(text, encoding="utf-8")
        cold = median_seconds(lambda: run([inpublic, "check", "single.md"], folder), repeat=5)
        table(
            "one post",
            [
                ("check_post, 5,000 characters, warm", one, "target < 50 ms"),
                ("inpublic check post.md, cold process", cold, "target < 1500 ms"),
            ],
        )


if __name__ == "__main__":
    main()
