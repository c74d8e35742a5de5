"""What a channel renderer returns: the files it wrote and what did not fit."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SCHEMA_VERSION = 1


@dataclass(frozen=True)
class ChannelFinding:
    """Something that does not fit the channel, with what to do about it."""

    rule: str  # "<channel>.<what>", e.g. "x.hook-too-long"
    severity: str  # "error", "warning" or "suggestion"
    message: str
    suggestion: str = ""

    def to_dict(self) -> dict[str, str]:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "message": self.message,
            "suggestion": self.suggestion,
        }


@dataclass(frozen=True)
class ChannelOutput:
    channel: str
    files: tuple[Path, ...]
    findings: tuple[ChannelFinding, ...] = ()
    summary: str = ""  # one line for the terminal: what was made


@dataclass
class RenderContext:
    """Everything a renderer reads. ``out`` is out/<slug>/; ``options`` are the post's
    ``channels.<name>`` front-matter overrides; ``limits`` come from limits.toml."""

    document: Any  # inpublic.document.Document
    post: Any  # inpublic.workspace.Post
    config: Any  # inpublic.config.Config
    out: Path
    options: dict[str, Any] = field(default_factory=dict)
    limits: dict[str, Any] = field(default_factory=dict)

    @property
    def lang(self) -> str:
        return self.document.lang if self.document.lang in ("zh", "en") else "en"

    @property
    def title(self) -> str:
        return str(self.options.get("title") or self.post.title)
