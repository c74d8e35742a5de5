"""A post's page: parsed, rendered and written, the part of a build that runs on every core."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from inpublic._files import write_atomic
from inpublic.errors import InpublicError
from inpublic.site._state import signature_of
from inpublic.site._templates import (
    environment,
    load_template,
    page_file,
    page_html,
    person_ld,
    words_for,
)
from inpublic.site.model import reading_minutes, slug_of

if TYPE_CHECKING:
    from inpublic.document import Document
    from inpublic.site._html import Rendered
    from inpublic.workspace.post import Post


def post_meta(post: Post, document: Document, rendered: Rendered) -> dict[str, Any]:
    import email.utils

    from inpublic.document.parts import find_parts

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
    parts = find_parts(document, ("problem", "result"))
    summary = meta.get("summary") or document.summary or parts.summary
    summary = str(summary or _first_paragraph(document))
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
        "aliases": _aliases(meta.get("aliases")),
        "minutes": reading_minutes(prose),
        "result": parts.key_result,
        "path": f"posts/{post.slug}/",
        "draft": post.draft,
        "image": rendered.images[0] if rendered.images else "",
        "source": str(post.path),
    }


_ALIAS = re.compile(r"^/?((?:[\w.-]+/)*[\w.-]+)/?$")


def _aliases(value: Any) -> list[str]:
    """The old addresses of the post (``aliases:``, as Hugo reads them) that name a folder
    of the site: '/posts/old-slug/' → 'posts/old-slug/'; others (a URL, '..') are left out."""
    found = []
    for alias in value if isinstance(value, list) else []:
        match = _ALIAS.match(str(alias))
        if match and ".." not in match.group(1).split("/"):
            found.append(match.group(1) + "/")
    return found


def _first_paragraph(document: Document) -> str:
    from inpublic.channels._plain import inline_text

    for block in document.blocks:
        if block.kind == "paragraph" and (text := inline_text(block.inlines[0])[0]):
            return text
    return ""


def build_post(*args: Any) -> tuple[str, dict | str, bool]:
    """``build_post_page``, except that a post that cannot be read gives its error instead of
    an entry, and the build goes on without it."""
    try:
        return build_post_page(*args)
    except InpublicError as error:
        path, root = args[:2]
        return str(Path(path).relative_to(root)), str(error), False


def build_post_page(
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
    signature = signature_of(source)  # before reading: a later edit changes it
    post = load_post(source)
    document = parse_document(post, default_lang)
    page_dir = Path(out) / "posts" / post.slug
    rendered = render_document(document, source, page_dir, highlighted, Path(root))
    meta = post_meta(post, document, rendered)
    written = drafts or not meta["draft"]
    if written:
        page = post_page_html(environment(root, fingerprint), site, meta, rendered.html)
        write_atomic(page_file(Path(out), meta["path"]), page, sync=False)
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


def warm_up(root: str, fingerprint: str) -> None:
    """Load what rendering a post needs before the workers fork, so that they share it
    instead of each reading the same modules and compiling the same template."""
    from inpublic.channels._html import lexer, renderer
    from inpublic.document import markdown
    from inpublic.document.parts import has_measure
    from inpublic.site._html import _RULES, _formatter
    from inpublic.workspace.post import _fast_loader

    markdown(), renderer(_RULES), _formatter(), lexer(""), _fast_loader(), has_measure("1 s")
    load_template(environment(root, fingerprint), "post.html")


def with_reading(meta: dict[str, Any]) -> dict[str, Any]:
    return {
        **meta,
        "reading": words_for(meta["lang"] or "en")["reading"].format(minutes=meta["minutes"]),
    }


def post_page_html(env: Any, site: dict[str, Any], meta: dict[str, Any], body: str) -> str:
    meta = with_reading(meta)
    from inpublic.site._html import absolute_url

    url = absolute_url(site["url"], meta["path"]) if site["url"] else ""
    posting = {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": meta["title"],
        "datePublished": meta["datetime"],
        "inLanguage": meta["lang"],
        "author": person_ld(site),
        "keywords": [t["name"] for t in meta["tags"]],
        "description": meta["summary"],
    }
    if url:
        posting["url"] = posting["mainEntityOfPage"] = url
    image = absolute_url(site["url"], meta["path"] + meta["image"]) if url and meta["image"] else ""
    return page_html(
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
