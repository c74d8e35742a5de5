"""Helpers shared by the commands: the console and the workspace lookup."""

from __future__ import annotations

import json
import sys
from typing import Any

from rich.console import Console

console = Console(highlight=False, soft_wrap=True)


def print_json(data: Any) -> None:
    # Plain stdout: Rich's renderer takes most of a second on a large report.
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")
