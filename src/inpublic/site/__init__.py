"""``inpublic site``: the portfolio, a static site that grows with every post.

Entry points: ``build_site(workspace, out=None, drafts=False) -> SiteResult`` and ``serve``.
Rebuilds are incremental: a post whose bytes, templates and settings are unchanged is not
parsed again; listings are rebuilt only when a post's listing data changed.

The build by job: ``_pages`` renders a post's page (on every core), ``_listings`` the
pages that list posts and the feeds, ``_templates`` holds the Jinja environment,
``_state`` what the last build saw, ``model`` the results; ``serve`` previews the site.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import msgspec

from inpublic._files import write_atomic
from inpublic.site._listings import link_warnings, site_context, write_listings, write_style
from inpublic.site._pages import build_post, warm_up
from inpublic.site._state import (
    STATE_FILE,
    State,
    check_slugs,
    fingerprint_of,
    listing_key,
    signature_of,
    unchanged,
)
from inpublic.site._templates import environment
from inpublic.site.model import SiteError, SiteResult, reading_minutes, slug_of

if TYPE_CHECKING:
    from inpublic.workspace import Workspace

_PARALLEL_FROM = 24  # below this many posts, starting worker processes costs more than it saves


def build_site(
    workspace: Workspace, out: Path | None = None, drafts: bool = False, jobs: int | None = None
) -> SiteResult:
    """Build (or refresh) the portfolio in ``out`` (default: out/site)."""
    config = workspace.config
    out = _out_folder(workspace, out)
    state_path = workspace.state_dir / STATE_FILE
    saved = time.time_ns()  # before any post is read
    try:
        state: dict[str, Any] = msgspec.json.decode(state_path.read_bytes(), type=State)
    except (OSError, ValueError):  # missing, damaged, or written by an older inpublic
        state = {}
    fingerprint = fingerprint_of(workspace, drafts, out)
    fresh = state.get("fingerprint") != fingerprint or not out.is_dir()
    old_posts: dict[str, Any] = {} if fresh else state.get("posts", {})
    site = site_context(config)
    warnings = link_warnings(config)
    if not site["url"]:
        warnings.append(
            "no site_url in inpublic.toml [profile]: links are relative, and the "
            "feeds and sitemap need a site URL to be valid"
        )
    posts: dict[str, Any] = {}
    todo: list[tuple[Path, dict[str, str]]] = []  # with the code the last build highlighted
    touched = False  # a post's bytes are unchanged but its file was written again
    for path in workspace.posts():
        key = str(path.relative_to(workspace.root))
        cached = old_posts.get(key)
        signature = signature_of(path)  # before reading: a later edit changes it
        if cached and unchanged(signature, cached, state.get("saved", 0)):
            posts[key] = cached
        elif cached and cached["hash"] == hashlib.sha256(path.read_bytes()).hexdigest():
            posts[key] = {**cached, "stat": signature}
            touched = touched or signature != cached.get("stat")
        else:
            todo.append((path, cached.get("code", {}) if cached else {}))
    root = str(workspace.root)
    args = [
        (str(p), root, config.default_lang, str(out), site, fingerprint, drafts, code)
        for p, code in todo
    ]
    workers = jobs or os.cpu_count() or 1
    if workers > 1 and len(todo) >= _PARALLEL_FROM:
        from inpublic._parallel import map_in_processes

        fresh_entries = map_in_processes(
            build_post, args, workers, warm_up=lambda: warm_up(root, fingerprint)
        )
    else:
        fresh_entries = [build_post(*a) for a in args]
    errors = [entry for _, entry, _ in fresh_entries if isinstance(entry, str)]
    posts.update((key, entry) for key, entry, _ in fresh_entries if not isinstance(entry, str))
    for key, entry in sorted(posts.items()):
        warnings += [f"{key}: {w}" for w in entry.get("warnings", [])]
    shown = {k: v for k, v in posts.items() if drafts or not v["meta"]["draft"]}
    try:
        check_slugs(shown)
    except SiteError:
        # A post's page may have been written over by its twin's: render all of them next time.
        state_path.unlink(missing_ok=True)
        raise
    kept = {v["meta"]["slug"] for v in shown.values()}
    gone: dict[str, list[str]] = {}  # slug -> the files the last build wrote for it
    for entry in old_posts.values():
        if entry["meta"]["slug"] not in kept:
            gone.setdefault(entry["meta"]["slug"], []).extend(entry.get("files", ["index.html"]))
    listing = listing_key(shown) if todo or gone or fresh else state["listing"]
    listings = fresh or listing != state.get("listing")
    written = sum(1 for _, _, was_written in fresh_entries if was_written)
    if todo or gone or listings or touched:
        for slug, files in gone.items():
            _remove_page(out, slug, files)
        if listings:
            env = environment(root, fingerprint)
            write_listings(env, out, site, config, [v["meta"] for v in shown.values()])
        state = {"fingerprint": fingerprint, "listing": listing, "posts": posts, "saved": saved}
        write_atomic(state_path, msgspec.json.encode(state).decode(), sync=False)  # a cache
    if fresh or not (out / "static" / "style.css").is_file():
        write_style(out)
    return SiteResult(
        out, len(shown), written, listings, tuple(warnings), tuple(errors), len(posts) - len(shown)
    )


def _out_folder(workspace: Workspace, out: Path | None) -> Path:
    """The folder to build in, as ``Workspace.output_folder`` allows it (removing a stale
    page must never reach a source), with no link in it or in its posts/."""
    folder = workspace.output_folder(out or workspace.out_dir / "site")
    for place in (folder, folder / "posts"):
        links = [e.path for e in os.scandir(place) if e.is_symlink()] if place.is_dir() else []
        if links:
            raise SiteError(
                "is a link in the site folder: a build writes only into folders it made",
                path=links[0],
                hint="remove the link, or build into a new folder",
            )
    return folder


def _remove_page(out: Path, slug: str, files: list[str]) -> None:
    """Remove the files a build wrote for a post that is gone, in out/posts/<slug> (a real
    folder, not a link, with a slug that is one path segment), then the folder if it is
    empty: files the build did not write there (the user's own) stay."""
    from inpublic.workspace.front_matter import is_slug

    posts = out / "posts"  # ``out`` is resolved: with no link below it, the folder is in it
    folder = posts / slug
    if not is_slug(slug) or posts.is_symlink() or folder.is_symlink() or not folder.is_dir():
        return
    for name in files:
        target = folder / name
        if is_slug(name) and target.is_file() and not target.is_symlink():
            target.unlink()
    with contextlib.suppress(OSError):
        folder.rmdir()


__all__ = ["SiteError", "SiteResult", "build_site", "reading_minutes", "slug_of"]
