"""``inpublic site``: the portfolio, a static site that grows with every post.

Entry points: ``build_site(workspace, out=None, drafts=False) -> SiteResult`` and ``serve``.
Rebuilds are incremental: a post whose bytes, templates and settings are unchanged is not
parsed again; listings are rebuilt only when a post's listing data changed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import math
import os
import re
import time
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Required, TypedDict
from urllib.parse import urlsplit

import msgspec

from inpublic import __version__
from inpublic._files import write_atomic
from inpublic.errors import InpublicError

STATE_FILE = "site-state.json"
_CLOCK_STEP_NS = 3_000_000_000  # file times step by a clock tick, or by 2 s on FAT and exFAT
_PARALLEL_FROM = 24  # below this many posts, starting worker processes costs more than it saves
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_WORD = re.compile(r"[A-Za-z0-9]+(?:['’-][A-Za-z0-9]+)*")


class SiteError(InpublicError):
    """Raised by ``inpublic.site`` for posts that cannot be published together."""


class _Entry(TypedDict, total=False):
    """A post as the last build saw it."""

    hash: Required[str]
    meta: Required[dict[str, Any]]
    stat: list[int]
    warnings: list[str]
    code: dict[str, str]
    files: list[str]


class _State(TypedDict, total=False):
    """``site-state.json``: a cache. When it cannot be read as this, the site is rebuilt."""

    fingerprint: str
    listing: str
    posts: dict[str, _Entry]
    saved: int


@dataclass(frozen=True)
class SiteResult:
    out: Path
    posts: int  # posts on the site
    rendered: int  # post pages written in this build
    listings: bool  # whether the home, archive, tags, feeds and sitemap were written
    warnings: tuple[str, ...]
    errors: tuple[str, ...] = ()  # posts that could not be read: left out, the rest built
    drafts_left_out: int = 0  # posts with draft: true, built only with drafts=True


@cache
def _words(lang: str) -> dict[str, str]:
    data = tomllib.loads(resources.files(__name__).joinpath("i18n.toml").read_text("utf-8"))
    return data.get(lang, data["en"])


def slug_of(name: str) -> str:
    """A tag's, series' or project's name as one path segment: letters, digits, '_' and
    '-' only (safe in a URL and a file name), and at most 60 characters (240 bytes). A
    name that loses more than spaces and dashes, or is cut, gets a short hash of itself,
    so that two names never share a page: 'C++' and 'C#' are 'c-…' and 'c-…', apart."""
    words = name.strip().lower()
    text = re.sub(r"[^\w]+", "-", words).strip("-") or "x"
    if len(text) > 60 or re.sub(r"[\s-]+", "-", words).strip("-") != text:
        digest = hashlib.sha256(name.strip().encode()).hexdigest()[:8]
        text = f"{text[:51]}-{digest}"
    return text


def reading_minutes(text: str) -> int:
    """Chinese read at about 350 characters a minute, English at about 230 words."""
    return max(1, math.ceil(len(_CJK.findall(text)) / 350 + len(_WORD.findall(text)) / 230))


def _fingerprint(workspace: Any, drafts: bool, out: Path) -> str:
    import pygments  # its version: code highlighted by another one is highlighted again

    digest = hashlib.sha256(f"{__version__}|{pygments.__version__}|{drafts}|{out}".encode())
    digest.update(workspace.config_path.read_bytes())
    package = resources.files(__name__)
    for folder in ("templates", "static"):
        for item in sorted(package.joinpath(folder).iterdir(), key=lambda p: p.name):
            digest.update(item.name.encode() + item.read_bytes())
    custom = workspace.root / "templates"
    if custom.is_dir():
        for item in sorted(custom.rglob("*")):
            if item.is_file():
                digest.update(str(item).encode() + item.read_bytes())
    return digest.hexdigest()


@cache
def _environment(root: str, fingerprint: str):
    """Jinja for a workspace; ``fingerprint`` changes with its templates, so a new
    or edited template gets a new environment in a long-running ``site serve``.
    Templates run in Jinja's sandbox: one cannot reach Python's internals, so building a
    workspace someone else wrote runs none of its code."""
    from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, select_autoescape
    from jinja2.sandbox import SandboxedEnvironment

    workspace = Path(root).resolve()

    class Inside(FileSystemLoader):
        """The workspace's templates; a link to a file outside the workspace is refused:
        the file (a key, a password) would be published as a page."""

        def get_source(self, environment: Any, template: str) -> Any:
            source, filename, uptodate = super().get_source(environment, template)
            if not Path(filename).resolve().is_relative_to(workspace):
                raise SiteError(
                    "the template is a link to a file outside the workspace",
                    path=filename,
                    hint="put the template itself in templates/, not a link",
                )
            return source, filename, uptodate

    loaders = [PackageLoader("inpublic.site", "templates")]
    custom = Path(root) / "templates"
    if custom.is_dir():
        loaders.insert(0, Inside(str(custom)))  # the workspace's templates win
    return SandboxedEnvironment(
        loader=ChoiceLoader(loaders),
        autoescape=select_autoescape(["html", "xml"]),
        trim_blocks=True,
        lstrip_blocks=True,
        bytecode_cache=_compiled_templates(),
        auto_reload=False,  # an edited template changes the fingerprint: a new environment
    )


@cache
def _compiled_templates() -> Any:
    """Where compiled templates are kept, so that a rebuild that renders one page does not
    compile them again: Jinja's folder for the user (mode 0700, in the temporary folder),
    never the workspace, whose compiled code from someone else would run as it is. Best
    effort: when it cannot be made or written (a full disk), templates are compiled again."""
    import contextlib

    from jinja2 import FileSystemBytecodeCache

    class Kept(FileSystemBytecodeCache):
        def dump_bytecode(self, bucket: Any) -> None:
            with contextlib.suppress(OSError):
                super().dump_bytecode(bucket)

    try:
        return Kept(pattern="inpublic-sandboxed-%s.cache")
    except (OSError, RuntimeError):  # no safe folder of the user's own
        return None


def _template_error(error: Exception) -> SiteError | None:
    """A template's mistake (syntax, an unknown name, what the sandbox refuses, a division
    by zero in a workspace's template) as one line naming the template and its line; None
    for an exception in a built-in template that is not Jinja's: a bug in inpublic."""
    import traceback

    from jinja2 import TemplateError, TemplateNotFound

    path, line = getattr(error, "filename", None), getattr(error, "lineno", None)
    if path is None:  # a runtime error: Jinja puts the template's own frames in the traceback
        for frame, number in traceback.walk_tb(error.__traceback__):
            if not frame.f_code.co_filename.endswith(".py"):
                path, line = frame.f_code.co_filename, number
    built_in = Path(str(resources.files(__name__).joinpath("templates")))
    if not isinstance(error, TemplateError) and (not path or Path(path).is_relative_to(built_in)):
        return None
    if isinstance(error, TemplateNotFound):
        message = f"no template named '{error.name}'"
    else:
        message = getattr(error, "message", None) or f"{type(error).__name__}: {error}"
    return SiteError(
        f"template error: {message}",
        path=path,
        line=line,
        hint="fix the template in templates/, or delete it to use the built-in one",
    )


def _template(env: Any, name: str) -> Any:
    from jinja2 import TemplateError

    try:
        return env.get_template(name)
    except TemplateError as error:
        raise _template_error(error) from None


def _render_template(env: Any, name: str, **context: Any) -> str:
    template = _template(env, name)
    try:
        return template.render(**context)
    except Exception as error:  # noqa: BLE001 - a workspace's template can raise anything
        if failed := _template_error(error):
            raise failed from None
        raise


def _relative(page: str):
    """url(target) for a page at ``page`` (e.g. 'posts/x/'): a path relative to it."""
    depth = page.count("/")

    def url(target: str) -> str:
        return "../" * depth + target if (depth or target) else "./"

    return url


def _post_meta(post: Any, document: Any, rendered: Any) -> dict[str, Any]:
    import email.utils

    from inpublic.channels._plain import key_result

    meta = post.meta
    date = post.date or dt.date.today()
    raw_date = meta.get("date")
    moment = (
        raw_date
        if isinstance(raw_date, dt.datetime)
        else dt.datetime.combine(date, dt.time(12), tzinfo=dt.UTC)
    )
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    lang = post.lang or document.lang
    summary = str(meta.get("summary") or document.summary or _first_paragraph(document))
    summary = " ".join(summary.split()) if lang == "en" else summary.replace("\n", "")
    prose = " ".join(i.prose for b in document.blocks for i in b.inlines)
    series = meta.get("series") or ""
    series = series if isinstance(series, str) else ", ".join(series)
    project = str(meta.get("project") or "")
    return {
        "slug": post.slug,
        "title": post.title or post.slug,
        "date": date.isoformat(),
        "datetime": moment.isoformat(),
        "rfc_date": email.utils.format_datetime(moment),
        "lang": lang,
        "tags": [{"name": t, "slug": slug_of(t)} for t in post.tags],
        "series": series,
        "series_slug": slug_of(series) if series else "",
        "project": project,
        "project_slug": slug_of(project) if project else "",
        "summary": summary,
        "minutes": reading_minutes(prose),
        "result": key_result(document),
        "path": f"posts/{post.slug}/",
        "draft": post.draft,
        "image": rendered.images[0] if rendered.images else "",
        "source": str(post.path),
    }


def _first_paragraph(document: Any) -> str:
    from inpublic.channels._plain import inline_text

    for block in document.blocks:
        if block.kind == "paragraph" and (text := inline_text(block.inlines[0])[0]):
            return text
    return ""


def _render_post(*args: Any) -> tuple[str, dict | str, bool]:
    """``_render_page``, except that a post that cannot be read gives its error instead of
    an entry, and the build goes on without it."""
    try:
        return _render_page(*args)
    except InpublicError as error:
        path, root = args[:2]
        return str(Path(path).relative_to(root)), str(error), False


def _render_page(
    path: str,
    root: str,
    default_lang: str,
    out: str,
    site: dict[str, Any],
    fingerprint: str,
    drafts: bool,
    highlighted: dict[str, str],
) -> tuple[str, dict, bool]:
    """Parse one post and write its page: the part of a build that runs on every core.
    A draft's page is written only with ``drafts``; the flag says whether it was.
    ``highlighted`` is the post's code, highlighted by the last build."""
    from inpublic.document import parse_document
    from inpublic.site._html import render_document
    from inpublic.workspace import load_post

    source = Path(path)
    key = str(source.relative_to(root))
    signature = _signature(source)  # before reading: a later edit changes it
    post = load_post(source)
    document = parse_document(post, default_lang)
    page_dir = Path(out) / "posts" / post.slug
    rendered = render_document(document, source, page_dir, highlighted, Path(root))
    meta = _post_meta(post, document, rendered)
    written = drafts or not meta["draft"]
    if written:
        page = _post_page(_environment(root, fingerprint), site, meta, rendered.html)
        write_atomic(_target(Path(out), meta["path"]), page, sync=False)
    entry = {
        # the post's text is its file's bytes (posts round-trip byte for byte): no second read
        "hash": hashlib.sha256(post.text().encode("utf-8")).hexdigest(),
        "stat": signature,
        "meta": meta,
        "warnings": rendered.warnings,
        "code": rendered.code,
        "files": (["index.html"] if written else []) + rendered.images,  # what to remove
    }
    return key, entry, written


def _warm_up(root: str, fingerprint: str) -> None:
    """Load what rendering a post needs before the workers fork, so that they share it
    instead of each reading the same modules and compiling the same template."""
    from inpublic.channels._plain import key_result  # noqa: F401
    from inpublic.check import has_measure  # noqa: F401
    from inpublic.document import markdown
    from inpublic.site._html import _formatter, _lexer, _renderer
    from inpublic.workspace.post import _fast_loader

    markdown(), _renderer(), _formatter(), _lexer(""), _fast_loader()
    _template(_environment(root, fingerprint), "post.html")


def build_site(
    workspace: Any, out: Path | None = None, drafts: bool = False, jobs: int | None = None
) -> SiteResult:
    """Build (or refresh) the portfolio in ``out`` (default: out/site)."""
    config = workspace.config
    out = _out_folder(workspace, out)
    state_path = workspace.state_dir / STATE_FILE
    saved = time.time_ns()  # before any post is read
    try:
        state: dict[str, Any] = msgspec.json.decode(state_path.read_bytes(), type=_State)
    except (OSError, ValueError):  # missing, damaged, or written by an older inpublic
        state = {}
    fingerprint = _fingerprint(workspace, drafts, out)
    fresh = state.get("fingerprint") != fingerprint or not out.is_dir()
    old_posts: dict[str, Any] = {} if fresh else state.get("posts", {})
    site = _site_context(config)
    warnings = _link_warnings(config)
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
        signature = _signature(path)  # before reading: a later edit changes it
        if cached and _unchanged(signature, cached, state.get("saved", 0)):
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
            _render_post, args, workers, warm_up=lambda: _warm_up(root, fingerprint)
        )
    else:
        fresh_entries = [_render_post(*a) for a in args]
    errors = [entry for _, entry, _ in fresh_entries if isinstance(entry, str)]
    posts.update((key, entry) for key, entry, _ in fresh_entries if not isinstance(entry, str))
    for key, entry in sorted(posts.items()):
        warnings += [f"{key}: {w}" for w in entry.get("warnings", [])]
    shown = {k: v for k, v in posts.items() if drafts or not v["meta"]["draft"]}
    try:
        _check_slugs(shown)
    except SiteError:
        # A post's page may have been written over by its twin's: render all of them next time.
        state_path.unlink(missing_ok=True)
        raise
    kept = {v["meta"]["slug"] for v in shown.values()}
    gone: dict[str, list[str]] = {}  # slug -> the files the last build wrote for it
    for entry in old_posts.values():
        if entry["meta"]["slug"] not in kept:
            gone.setdefault(entry["meta"]["slug"], []).extend(entry.get("files", ["index.html"]))
    listing = _listing_key(shown) if todo or gone or fresh else state["listing"]
    listings = fresh or listing != state.get("listing")
    written = sum(1 for _, _, was_written in fresh_entries if was_written)
    if todo or gone or listings or touched:
        for slug, files in gone.items():
            _remove_page(out, slug, files)
        if listings:
            env = _environment(root, fingerprint)
            _write_listings(env, out, site, config, [v["meta"] for v in shown.values()])
        state = {"fingerprint": fingerprint, "listing": listing, "posts": posts, "saved": saved}
        write_atomic(state_path, msgspec.json.encode(state).decode(), sync=False)  # a cache
    if fresh or not (out / "static" / "style.css").is_file():
        _write_style(out)
    return SiteResult(
        out, len(shown), written, listings, tuple(warnings), tuple(errors), len(posts) - len(shown)
    )


def _out_folder(workspace: Any, out: Path | None) -> Path:
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


def _signature(path: Path) -> list[int]:
    info = path.stat()
    return [info.st_size, info.st_mtime_ns]


def _unchanged(signature: list[int], entry: dict[str, Any], saved: int) -> bool:
    """Whether a post is as the last build read it, told without reading it, as git does:
    by its size and modification time, unless the file was modified so close to that build
    (within the file system's clock steps) that a later edit could keep the same time."""
    return signature == entry.get("stat") and signature[1] < saved - _CLOCK_STEP_NS


def _check_slugs(posts: dict[str, Any]) -> None:
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


def _listing_key(posts: dict[str, Any]) -> str:
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
    )
    data = sorted((k, [v["meta"][f] for f in fields]) for k, v in posts.items())
    return hashlib.sha256(msgspec.json.encode(data)).hexdigest()


def _site_context(config: Any) -> dict[str, Any]:
    from urllib.parse import quote

    profile = config.profile
    return {
        "title": profile.name or "Portfolio",
        "author": profile.name or "Portfolio",
        "handle": profile.handle,
        "bio": profile.bio,
        "main_track": profile.main_track,
        "links": _links(profile.links),
        # percent-encoded where it is not ASCII: the feeds and sitemap need a valid URL
        "url": quote(profile.site_url.rstrip("/"), safe=":/?#[]@!$&'()*+,;=%"),
        "lang": config.default_lang,
    }


def _links(links: dict[str, str]) -> dict[str, str]:
    """The links a page may show (and JSON-LD's sameAs list): http(s), mailto, relative."""
    from inpublic.site._html import safe_link

    return {name: href for name, raw in links.items() if (href := safe_link(raw)) is not None}


def _link_warnings(config: Any) -> list[str]:
    """One warning for each link in inpublic.toml that ``_links`` leaves out."""
    from inpublic.site._html import safe_link

    tables = [("[profile.links]", config.profile.links)]
    tables += [(f"[projects.links] of '{p.name}'", p.links) for p in config.projects]
    return [
        f"inpublic.toml {table}: {name} = {href!r} is left out: only http(s), mailto "
        "and relative links are shown"
        for table, links in tables
        for name, href in links.items()
        if safe_link(href) is None
    ]


def _person(site: dict[str, Any]) -> dict[str, Any]:
    person = {"@type": "Person", "name": site["author"]}
    if site["url"]:
        person["url"] = site["url"] + "/"
    if site["links"]:
        person["sameAs"] = list(site["links"].values())
    if site["bio"]:
        person["description"] = site["bio"]
    return person


def _render(
    env: Any, out: Path, page: str, template: str, site: dict[str, Any], lang: str, **context: Any
) -> None:
    write_atomic(_target(out, page), _page(env, page, template, site, lang, **context), sync=False)


def _target(out: Path, page: str) -> Path:
    return out / page / "index.html" if page.endswith("/") or not page else out / page


def _page(
    env: Any, page: str, template: str, site: dict[str, Any], lang: str, **context: Any
) -> str:
    from inpublic.site._html import absolute_url, json_in_html

    url = context.pop("url", None) or _relative(page)
    words = _words(lang)
    canonical = absolute_url(site["url"], page) if site["url"] else ""
    data = context.pop("json_ld", {"@context": "https://schema.org", **_person(site)})
    return _render_template(
        env,
        template,
        site=site,
        lang=lang,
        t=words,
        url=url,
        canonical=canonical,
        json_ld=json_in_html(data),
        **context,
    )


def _with_reading(meta: dict[str, Any]) -> dict[str, Any]:
    return {
        **meta,
        "reading": _words(meta["lang"] or "en")["reading"].format(minutes=meta["minutes"]),
    }


def _post_page(env: Any, site: dict[str, Any], meta: dict[str, Any], body: str) -> str:
    meta = _with_reading(meta)
    from inpublic.site._html import absolute_url

    url = absolute_url(site["url"], meta["path"]) if site["url"] else ""
    posting = {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": meta["title"],
        "datePublished": meta["datetime"],
        "inLanguage": meta["lang"],
        "author": _person(site),
        "keywords": [t["name"] for t in meta["tags"]],
        "description": meta["summary"],
    }
    if url:
        posting["url"] = posting["mainEntityOfPage"] = url
    image = absolute_url(site["url"], meta["path"] + meta["image"]) if url and meta["image"] else ""
    return _page(
        env,
        meta["path"],
        "post.html",
        site,
        meta["lang"],
        post=meta,
        body=body,
        page_title=meta["title"],
        description=meta["summary"],
        og_type="article",
        og_image=image,
        json_ld=posting,
    )


def _grouped(posts: list[dict[str, Any]], keys: Any) -> dict[str, dict[str, Any]]:
    """{slug: {"name", "posts"}} for the (slug, name) pairs ``keys`` gives each post."""
    groups: dict[str, dict[str, Any]] = {}
    for post in posts:
        for slug, name in keys(post):
            groups.setdefault(slug, {"name": name, "posts": []})["posts"].append(post)
    return groups


def _write_groups(
    env: Any,
    out: Path,
    site: dict[str, Any],
    lang: str,
    common: dict,
    folder: str,
    heading: str,
    groups: dict[str, dict[str, Any]],
    oldest_first: bool = False,
) -> None:
    """One list page per tag or series."""
    for slug, group in groups.items():
        title = heading.format(name=group["name"])
        posts = list(reversed(group["posts"])) if oldest_first else group["posts"]
        _render(
            env,
            out,
            f"{folder}/{slug}/",
            "list.html",
            site,
            lang,
            heading=title,
            page_title=title,
            groups=[{"name": "", "posts": posts}],
            **common,
        )


def _write_listings(
    env: Any, out: Path, site: dict[str, Any], config: Any, metas: list[dict[str, Any]]
) -> None:
    import functools

    from inpublic.site._html import absolute_url, xml_text

    absolute = functools.partial(absolute_url, site["url"])  # url(path) in feeds and sitemap
    lang = site["lang"]
    words = _words(lang)
    posts = sorted((_with_reading(m) for m in metas), key=lambda m: m["datetime"], reverse=True)
    description = site["bio"] or site["main_track"] or site["title"]
    common = {"description": description}
    results = [p for p in posts if p["result"]][:4]
    _render(env, out, "", "index.html", site, lang, latest=posts[:10], results=results, **common)
    years: dict[str, list] = {}
    for post in posts:
        years.setdefault(post["date"][:4], []).append(post)
    _render(
        env,
        out,
        "archive/",
        "list.html",
        site,
        lang,
        heading=words["archive"],
        page_title=words["archive"],
        groups=[{"name": y, "anchor": y, "path": "", "posts": p} for y, p in years.items()],
        **common,
    )
    tags = _grouped(posts, lambda p: [(t["slug"], t["name"]) for t in p["tags"]])
    _write_groups(env, out, site, lang, common, "tags", words["tag_heading"], tags)
    _render(
        env,
        out,
        "tags/",
        "list.html",
        site,
        lang,
        heading=words["tags"],
        page_title=words["tags"],
        groups=[
            {"name": t["name"], "anchor": s, "path": f"tags/{s}/", "posts": t["posts"]}
            for s, t in sorted(tags.items())
        ],
        **common,
    )
    series = _grouped(posts, lambda p: [(p["series_slug"], p["series"])] if p["series"] else [])
    _write_groups(
        env, out, site, lang, common, "series", words["series_heading"], series, oldest_first=True
    )
    projects = []
    for project in config.projects:
        projects.append(
            {
                "slug": slug_of(project.name),
                "title": project.title or project.name,
                "description": project.description,
                "links": _links(project.links),
                "posts": [p for p in posts if p["project"] == project.name],
            }
        )
    known = {p.name for p in config.projects}
    for name in sorted({p["project"] for p in posts if p["project"]} - known):
        projects.append(
            {
                "slug": slug_of(name),
                "title": name,
                "description": "",
                "links": {},
                "posts": [p for p in posts if p["project"] == name],
            }
        )
    _render(
        env,
        out,
        "projects/",
        "projects.html",
        site,
        lang,
        projects=projects,
        page_title=words["projects"],
        **common,
    )
    _render(
        env,
        out,
        "about/",
        "about.html",
        site,
        lang,
        post_count=len(posts),
        page_title=words["about"],
        **common,
    )
    root = urlsplit(site["url"]).path.rstrip("/") + "/"  # served at any depth: from the root
    _render(
        env,
        out,
        "404.html",
        "404.html",
        site,
        lang,
        url=lambda target: root + target,
        page_title=words["not_found"],
        **common,
    )
    updated = posts[0]["datetime"] if posts else dt.datetime.now(dt.UTC).isoformat()
    feed = {
        "site": site,
        "lang": lang,
        "posts": posts[:20],
        "updated": updated,
        "updated_rfc": posts[0]["rfc_date"] if posts else "",
        "url": absolute,
    }
    for name in ("atom.xml", "rss.xml"):
        write_atomic(out / name, xml_text(_render_template(env, name, **feed)), sync=False)
    pages = [
        {"path": "", "date": posts[0]["date"] if posts else ""},
        {"path": "archive/"},
        {"path": "tags/"},
        {"path": "projects/"},
        {"path": "about/"},
    ]
    pages += [{"path": p["path"], "date": p["date"]} for p in posts]
    pages += [{"path": f"tags/{s}/"} for s in tags] + [{"path": f"series/{s}/"} for s in series]
    robots = "User-agent: *\nAllow: /\n"
    if site["url"]:
        sitemap = _render_template(env, "sitemap.xml", site=site, pages=pages, url=absolute)
        write_atomic(out / "sitemap.xml", xml_text(sitemap), sync=False)
        robots += f"Sitemap: {site['url']}/sitemap.xml\n"
    write_atomic(out / "robots.txt", robots, sync=False)


def _write_style(out: Path) -> None:
    """The site's CSS with the code colours, and its icon: they change only with the
    fingerprint."""
    from inpublic.site._html import pygments_css

    static = resources.files(__name__).joinpath("static")
    css = static.joinpath("style.css").read_text("utf-8")
    write_atomic(out / "static" / "style.css", css + "\n" + pygments_css(), sync=False)
    icon = static.joinpath("favicon.svg").read_text("utf-8")
    write_atomic(out / "static" / "favicon.svg", icon, sync=False)
