"""Compose links: each platform's own page for writing a post, with the text filled in
where the platform takes it in the address (X's Web Intent, LinkedIn's share box), so that
posting is paste-and-send. The addresses are data, in compose.toml."""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from urllib.parse import quote


@dataclass(frozen=True)
class Compose:
    url: str  # the compose page, with the text in it where the platform allows
    paste: str  # the output to copy from (relative to out/<slug>/), or ""
    how: str  # what is left to do, in one line

    def to_dict(self) -> dict[str, str]:
        return {"url": self.url, "paste": self.paste, "how": self.how}


@cache
def _pages() -> dict[str, dict[str, str]]:
    text = resources.files(__package__).joinpath("compose.toml").read_text("utf-8")
    return tomllib.loads(text)


def compose_link(channel: str, out: Path) -> Compose | None:
    """The compose page for ``channel``'s outputs in ``out`` (out/<slug>/); None for a
    channel that has none (hugo: the site publishes it)."""
    page = _pages().get(channel)
    if page is None:
        return None
    url = page["url"]
    if "{text}" in url:
        url = url.replace("{text}", quote(_text(out / page["text"]), safe=""))
    return Compose(url, page.get("paste", ""), page["how"])


def _text(path: Path) -> str:
    """The text to fill in: a thread's first post, or the whole of a text output."""
    if not path.is_file():
        return ""
    if path.suffix == ".json":
        posts = json.loads(path.read_text("utf-8")).get("posts") or [""]
        return str(posts[0])
    return path.read_text("utf-8").strip()
