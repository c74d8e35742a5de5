"""The incremental build's memory, .inpublic/site-state.json: what the last build saw
of each post, and whether anything that shapes every page (templates, settings) changed."""

from __future__ import annotations

import hashlib
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Required, TypedDict

import msgspec

from inpublic import __version__
from inpublic.site.model import SiteError

if TYPE_CHECKING:
    from inpublic.workspace import Workspace

STATE_FILE = "site-state.json"


CLOCK_STEP_NS = 3_000_000_000  # file times step by a clock tick, or by 2 s on FAT and exFAT


class Entry(TypedDict, total=False):
    """A post as the last build saw it."""

    hash: Required[str]
    meta: Required[dict[str, Any]]
    stat: list[int]
    warnings: list[str]
    code: dict[str, str]
    files: list[str]


class State(TypedDict, total=False):
    """``site-state.json``: a cache. When it cannot be read as this, the site is rebuilt."""

    fingerprint: str
    listing: str
    posts: dict[str, Entry]
    saved: int


def fingerprint_of(workspace: Workspace, drafts: bool, out: Path) -> str:
    import pygments  # its version: code highlighted by another one is highlighted again

    digest = hashlib.sha256(f"{__version__}|{pygments.__version__}|{drafts}|{out}".encode())
    digest.update(workspace.config_path.read_bytes())
    package = resources.files(__package__)
    for folder in ("templates", "static"):
        for item in sorted(package.joinpath(folder).iterdir(), key=lambda p: p.name):
            digest.update(item.name.encode() + item.read_bytes())
    custom = workspace.root / "templates"
    if custom.is_dir():
        for item in sorted(custom.rglob("*")):
            if item.is_file():
                digest.update(str(item).encode() + item.read_bytes())
    return digest.hexdigest()


def signature_of(path: Path) -> list[int]:
    info = path.stat()
    return [info.st_size, info.st_mtime_ns]


def unchanged(signature: list[int], entry: dict[str, Any], saved: int) -> bool:
    """Whether a post is as the last build read it, told without reading it, as git does:
    by its size and modification time, unless the file was modified so close to that build
    (within the file system's clock steps) that a later edit could keep the same time."""
    return signature == entry.get("stat") and signature[1] < saved - CLOCK_STEP_NS


def check_slugs(posts: dict[str, Any]) -> None:
    seen: dict[str, str] = {}
    for key, entry in sorted(posts.items()):
        slug = entry["meta"]["slug"]
        if slug in seen:
            raise SiteError(
                f"two posts have the slug '{slug}': {seen[slug]} and {key}",
                path=Path(key),
                hint="give one of them another 'slug:'",
            )
        seen[slug] = key


def listing_key(posts: dict[str, Any]) -> str:
    """What the listings, feeds and sitemap show: when it is unchanged, they are too."""
    fields = (
        "slug",
        "title",
        "date",
        "tags",
        "series",
        "project",
        "summary",
        "minutes",
        "result",
        "lang",
        "draft",
        "aliases",  # the old addresses' pages are written with the listings
    )
    data = sorted((k, [v["meta"].get(f) for f in fields]) for k, v in posts.items())
    return hashlib.sha256(msgspec.json.encode(data)).hexdigest()
