"""Helpers shared by the commands: the console and the workspace lookup."""

from __future__ import annotations

import json
from typing import Any

from rich.console import Console

console = Console(highlight=False, soft_wrap=True)


def print_json(data: Any) -> None:
    console.out(json.dumps(data, ensure_ascii=False, indent=2, default=str), highlight=False)
