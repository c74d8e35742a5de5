"""What a channel renderer returns: the artifacts it made (render_post writes them) and
what did not fit."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from inpublic.errors import InpublicError

if TYPE_CHECKING:
    from inpublic.config import Config
    from inpublic.document import Document
    from inpublic.workspace.post import Post

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
class Artifact:
    """One output file of a channel: its ``name`` inside out/<slug>/ ('wechat.html',
    'xiaohongshu/card-01.png') and its ``content``: text (written as UTF-8), bytes, or a
    ``Path`` to copy as it is (an image of the Hugo bundle: copied, not read into memory,
    since a photo can be many megabytes)."""

    name: str
    content: str | bytes | Path


@dataclass(frozen=True)
class ChannelOutput:
    """What a channel's ``render(context)`` returns: its artifacts, findings, a summary line
    and proposals. ``files`` are where ``render_post`` wrote the artifacts."""

    channel: str
    artifacts: tuple[Artifact, ...]
    findings: tuple[ChannelFinding, ...] = ()
    summary: str = ""  # one line for the terminal: what was made
    proposals: tuple[Any, ...] = ()  # fit.Proposal: text render proposes where none was set
    files: tuple[Path, ...] = ()


@dataclass
class RenderContext:
    """Everything a renderer reads. ``out`` is out/<slug>/ (where render_post writes; a
    channel writes nothing); ``options`` are the post's ``channels.<name>`` front-matter
    overrides; ``limits`` come from limits.toml's table ``[<channel>]``; ``root`` is the
    workspace, the only place images are taken from (default: the post's folder)."""

    document: Document
    post: Post
    config: Config
    out: Path
    options: dict[str, Any] = field(default_factory=dict)
    limits: dict[str, Any] = field(default_factory=dict)
    root: Path | None = None
    upload_images: bool = False  # render --upload-images: the only render that may use the network
    channel: str = ""  # the channel being rendered: its findings' rules start with it

    @cached_property
    def images(self) -> tuple[Any, ...]:
        """The post's local images, checked (inpublic.channels._images.LocalImage)."""
        from inpublic.channels._images import local_images

        return local_images(self.post.path, self.document, self.root or self.post.path.parent)

    @property
    def lang(self) -> str:
        return self.document.lang if self.document.lang in ("zh", "en") else "en"

    @property
    def title(self) -> str:
        return str(self.options.get("title") or self.post.title)


def inside(folder: Path, path: Path) -> Path:
    """``path``, when it resolves to a place strictly inside ``folder``; else a one-line error.
    ``folder`` is taken as given: a link there is followed by ``path`` and so refused."""
    folder = Path(os.path.normpath(folder.absolute()))
    folder = folder.parent.resolve() / folder.name  # the folder itself is not followed
    resolved = path.resolve()
    if resolved == folder or not resolved.is_relative_to(folder):
        raise InpublicError(
            "refusing to write outside the output folder",
            path=path,
            hint=f"remove the symbolic link or the '..' that leads out of {folder}",
        )
    return path
