"""How fast `inpublic --help` and `--version` answer (the issue asks under 0.3 s).

The floor is a bare Python interpreter start in the same environment.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _common import median_seconds, table  # noqa: E402

INPUBLIC = str(Path(sys.executable).with_name("inpublic"))


def run(*args: str) -> None:
    subprocess.run(args, check=True, capture_output=True)


def main() -> None:
    floor = median_seconds(lambda: run(sys.executable, "-c", "pass"))
    version = median_seconds(lambda: run(INPUBLIC, "--version"))
    help_ = median_seconds(lambda: run(INPUBLIC, "--help"))
    table(
        "start-up (median of 7)",
        [
            ("python -c pass", floor, "floor"),
            ("inpublic --version", version, f"{version / floor:.1f}x floor, budget 300 ms"),
            ("inpublic --help", help_, f"{help_ / floor:.1f}x floor, budget 300 ms"),
        ],
    )
    if max(version, help_) > 0.3:
        sys.exit("start-up is over the 0.3 s budget")


if __name__ == "__main__":
    main()
