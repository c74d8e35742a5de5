"""Errors the user can fix. The CLI prints them as one line and exits 2.

Anything that is not an ``InpublicError`` is a bug in inpublic and is shown
with a traceback.
"""

from __future__ import annotations

import os
from enum import IntEnum
from pathlib import Path


class ExitCode(IntEnum):
    OK = 0
    FINDINGS = 1  # findings, or a post that is not ready
    BAD_INPUT = 2


class InpublicError(Exception):
    """A problem with the user's input: what, where, and how to fix it."""

    def __init__(
        self,
        message: str,
        *,
        path: str | os.PathLike[str] | None = None,
        line: int | None = None,
        hint: str | None = None,
        more: tuple[str, ...] = (),
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = Path(path) if path is not None else None
        self.line = line
        self.hint = hint
        self.more = more  # further problems of the same kind, one line each

    def where(self) -> str:
        if self.path is None:
            return ""
        shown = shown_path(self.path)
        return f"{shown}:{self.line}" if self.line else shown

    def __str__(self) -> str:
        parts = [self.message]
        where = self.where()
        if where:
            parts.insert(0, f"{where}:")
        text = " ".join(parts)
        if self.hint:
            text += f" ({self.hint})"
        return text


class ConfigError(InpublicError):
    """Raised by ``inpublic.config`` when inpublic.toml is missing, malformed or invalid."""


class WorkspaceError(InpublicError):
    """Raised by ``inpublic.workspace`` when no workspace is found or a folder cannot be written."""


class PostError(InpublicError):
    """Raised by ``inpublic.workspace.post`` for a missing, non-UTF-8 or malformed post."""


def shown_path(path: Path) -> str:
    """The path relative to the current folder when it is inside it, as compilers print it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(path)
