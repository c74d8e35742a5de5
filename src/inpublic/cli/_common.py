"""Helpers shared by the commands: the console, JSON output and user text made safe to print."""

from __future__ import annotations

import json
import re
import sys
from typing import Any

from rich.console import Console
from rich.text import Text

console = Console(highlight=False, soft_wrap=True)

# C0 controls but tab and newline, DEL and C1 controls: ESC starts the sequences that set a
# terminal's title (OSC 0), write its clipboard (OSC 52) or move the cursor.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def plain(text: object) -> str:
    """User text (a title, a commit subject, a file name) with its control characters
    taken out, so that printing it cannot drive the terminal."""
    return _CONTROL.sub("", str(text))


def user_text(text: object, style: str = "") -> Text:
    """User text to print with Rich: never read as markup, with no control characters."""
    return Text(plain(text), style=style)


def print_json(data: Any) -> None:
    # Plain stdout: Rich's renderer takes most of a second on a large report.
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")
