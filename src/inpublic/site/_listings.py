"""The pages that list posts (home, archive, tags, series, projects, about, 404), the
feeds, the sitemap, robots.txt and the style sheet."""

from __future__ import annotations

import datetime as dt
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from inpublic._files import write_atomic
from inpublic.site._pages import with_reading
from inpublic.site._templates import page_file, relative_url, render_template, words_for, write_page
from inpublic.site.model import slug_of

if TYPE_CHECKING:
    from inpublic.config import Config


def site_context(config: Config) -> dict[str, Any]:
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


def link_warnings(config: Config) -> list[str]:
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
        write_page(
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


def write_listings(
    env: Any, out: Path, site: dict[str, Any], config: Config, metas: list[dict[str, Any]]
) -> None:
    import functools

    from inpublic.site._html import absolute_url, xml_text

    absolute = functools.partial(absolute_url, site["url"])  # url(path) in feeds and sitemap
    lang = site["lang"]
    words = words_for(lang)
    posts = sorted((with_reading(m) for m in metas), key=lambda m: m["datetime"], reverse=True)
    description = site["bio"] or site["main_track"] or site["title"]
    common = {"description": description}
    taken = {p["path"] for p in posts}
    for post in posts:  # an old address answers with the post's, as Hugo's aliases do
        for alias in post.get("aliases", []):
            if alias not in taken:
                page = render_template(
                    env,
                    "alias.html",
                    lang=post["lang"],
                    title=post["title"],
                    target=relative_url(alias)(post["path"]),
                )
                write_atomic(page_file(out, alias), page, sync=False)
    results = [p for p in posts if p["result"]][:4]
    write_page(env, out, "", "index.html", site, lang, latest=posts[:10], results=results, **common)
    years: dict[str, list] = {}
    for post in posts:
        years.setdefault(post["date"][:4], []).append(post)
    write_page(
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
    write_page(
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
    write_page(
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
    write_page(
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
    write_page(
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
        write_atomic(out / name, xml_text(render_template(env, name, **feed)), sync=False)
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
        sitemap = render_template(env, "sitemap.xml", site=site, pages=pages, url=absolute)
        write_atomic(out / "sitemap.xml", xml_text(sitemap), sync=False)
        robots += f"Sitemap: {site['url']}/sitemap.xml\n"
    write_atomic(out / "robots.txt", robots, sync=False)


def write_style(out: Path) -> None:
    """The site's CSS with the code colours, and its icon: they change only with the
    fingerprint."""
    from inpublic.site._html import pygments_css

    static = resources.files(__package__).joinpath("static")
    css = static.joinpath("style.css").read_text("utf-8")
    write_atomic(out / "static" / "style.css", css + "\n" + pygments_css(), sync=False)
    icon = static.joinpath("favicon.svg").read_text("utf-8")
    write_atomic(out / "static" / "favicon.svg", icon, sync=False)
