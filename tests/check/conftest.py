from __future__ import annotations

from pathlib import Path

from inpublic.check import check_post
from inpublic.workspace import parse_post


def lint(text: str, lang: str | None = None, title: str = "t"):
    """Check a one-paragraph post and return its findings (structure left out)."""
    front = f"---\ntitle: {title}\n" + (f"lang: {lang}\n" if lang else "") + "---\n\n"
    report = check_post(parse_post(front + text + "\n", Path("p.md")))
    return [f for f in report.findings if f.category not in ("structure",)]
