from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest

from inpublic.errors import InpublicError
from inpublic.site import SiteError, build_site, reading_minutes
from inpublic.site._templates import compiled_templates

from .conftest import write_post

README_SHOTS = Path(__file__).parents[2] / "docs" / "screenshots"


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.links.append(value)


def internal_links(out: Path):
    for page in out.rglob("*.html"):
        parser = Links()
        parser.feed(page.read_text("utf-8"))
        base = "file://" + str(page)
        for link in parser.links:
            if urlparse(link).scheme in ("http", "https", "mailto") or link.startswith("#"):
                continue
            if link.startswith("/"):  # from the site's root (the 404 page, served anywhere)
                link = str(out) + link
            yield page, Path(urlparse(urljoin(base, link)).path)


def test_pages_feeds_and_sitemap(site_workspace) -> None:
    import feedparser

    result = build_site(site_workspace)
    out = result.out
    assert result.posts == 2 and result.listings
    for page in (
        "index.html",
        "posts/ci/index.html",
        "posts/fabu/index.html",
        "archive/index.html",
        "tags/index.html",
        "tags/ci/index.html",
        "series/build-speed/index.html",
        "projects/index.html",
        "about/index.html",
        "robots.txt",
        "sitemap.xml",
        "atom.xml",
        "rss.xml",
        "static/style.css",
    ):
        assert (out / page).is_file(), page
    assert not (out / "posts" / "draft").exists()
    for name in ("atom.xml", "rss.xml"):
        feed = feedparser.parse((out / name).read_text("utf-8"))
        assert not feed.bozo, feed.bozo_exception
        assert [e.link for e in feed.entries] == [
            "https://mei.example/posts/fabu/",
            "https://mei.example/posts/ci/",
        ]
        assert feed.entries[1].title == "CI from 14 to 4 minutes"
    sitemap = (out / "sitemap.xml").read_text("utf-8")
    assert "<loc>https://mei.example/posts/ci/</loc>" in sitemap
    assert "Sitemap: https://mei.example/sitemap.xml" in (out / "robots.txt").read_text()
    home = (out / "index.html").read_text("utf-8")
    assert "CI takes 4 min instead of 14 min." in home  # a highlighted result
    projects = (out / "projects" / "index.html").read_text("utf-8")
    assert (
        "A ledger for small teams." in projects and "https://github.com/mei/ledgerline" in projects
    )


def test_every_page_is_findable_and_readable(site_workspace) -> None:
    out = build_site(site_workspace).out
    for page in out.rglob("*.html"):
        text = page.read_text("utf-8")
        assert re.search(r'<html lang="(en|zh)">', text), page
        assert '<meta property="og:title"' in text and '<meta name="twitter:card"' in text
        assert '<link rel="canonical" href="https://mei.example/' in text
        data = json.loads(
            re.search(r'<script type="application/ld\+json">(.*?)</script>', text, re.S).group(1)
        )
        assert data["@context"] == "https://schema.org"
        assert "<script>" not in text and "<script src" not in text  # no JavaScript
    post = (out / "posts" / "fabu" / "index.html").read_text("utf-8")
    assert '<article lang="zh">' in post and "阅读约 1 分钟" in post
    ld = json.loads(re.search(r'ld\+json">(.*?)</script>', post, re.S).group(1))
    assert ld["@type"] == "BlogPosting" and ld["author"]["@type"] == "Person"
    code = (out / "posts" / "ci" / "index.html").read_text("utf-8")
    assert '<div class="highlight"><pre>' in code and '<span class="k">def</span>' in code


def test_no_broken_internal_links(site_workspace) -> None:
    out = build_site(site_workspace).out
    broken = []
    for page, target in internal_links(out):
        if not (target.is_file() or (target / "index.html").is_file()):
            broken.append(f"{page.relative_to(out)} → {target}")
    assert broken == []


def test_images_are_copied_and_resized(site_workspace) -> None:
    from PIL import Image

    out = build_site(site_workspace).out
    image = out / "posts" / "ci" / "chart.png"
    assert Image.open(image).size == (1200, 600)
    assert 'width="1200" height="600"' in (out / "posts" / "ci" / "index.html").read_text()


def test_reading_time_counts_chinese_characters() -> None:
    assert reading_minutes("字" * 700) == 2
    assert reading_minutes("word " * 460) == 2
    assert reading_minutes("") == 1


def test_drafts_only_with_the_flag(site_workspace, tmp_path) -> None:
    result = build_site(site_workspace, tmp_path / "with-drafts", drafts=True)
    assert (result.out / "posts" / "draft" / "index.html").is_file()
    assert result.drafts_left_out == 0
    result = build_site(site_workspace, tmp_path / "without")
    assert not (result.out / "posts" / "draft").exists() and result.drafts_left_out == 1


def test_incremental_rebuilds(site_workspace) -> None:
    first = build_site(site_workspace)
    assert first.rendered == 2
    again = build_site(site_workspace)
    assert (again.rendered, again.listings) == (0, False)
    path = site_workspace.posts_dir / "ci.md"
    path.write_text(
        path.read_text("utf-8").replace('return "a very long', 'return "a long'), "utf-8"
    )
    body_only = build_site(site_workspace)
    assert (body_only.rendered, body_only.listings) == (1, False)
    assert "a long line" in (first.out / "posts/ci/index.html").read_text("utf-8")
    path.write_text(
        path.read_text("utf-8").replace("title: CI from 14 to 4 minutes", "title: CI, 14 to 4"),
        "utf-8",
    )
    retitled = build_site(site_workspace)
    assert (retitled.rendered, retitled.listings) == (1, True)
    assert "CI, 14 to 4" in (first.out / "index.html").read_text("utf-8")
    path.unlink()
    removed = build_site(site_workspace)
    assert not (first.out / "posts" / "ci").exists() and removed.listings


def test_rebuilds_tell_unchanged_posts_by_size_and_time(site_workspace) -> None:
    """As git does: a touched post is not rendered again, and an edit that keeps the size
    and the time stamp of a post written just before the last build is still seen."""
    path = site_workspace.posts_dir / "ci.md"
    os.utime(path)  # written now: the next build cannot trust its time stamp
    build_site(site_workspace)
    before = path.stat()
    text = path.read_text("utf-8")
    path.write_text(text.replace("from 14 to 4", "from 15 to 4"), "utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size
    assert build_site(site_workspace).rendered == 1
    assert "15 to 4" in (site_workspace.out_dir / "site/posts/ci/index.html").read_text("utf-8")
    os.utime(path, (before.st_atime - 3600, before.st_mtime - 3600))  # touched, bytes kept
    assert build_site(site_workspace).rendered == 0
    state = json.loads((site_workspace.state_dir / "site-state.json").read_text("utf-8"))
    assert state["posts"]["posts/ci.md"]["stat"] == [before.st_size, path.stat().st_mtime_ns]


def test_rebuilds_highlight_only_changed_code(site_workspace) -> None:
    """Code whose language and text are unchanged keeps the last build's highlighting:
    a rebuild after a prose edit loads none of Pygments' lexers and formatters."""
    build_site(site_workspace)
    page = site_workspace.out_dir / "site/posts/ci/index.html"
    highlighted = re.findall(r'<div class="highlight">.*?</div>', page.read_text("utf-8"), re.S)
    assert highlighted and '<span class="k">def</span>' in highlighted[0]
    path = site_workspace.posts_dir / "ci.md"
    path.write_text(path.read_text("utf-8").replace("waited 14", "waited for 14"), "utf-8")
    script = (
        "import sys; from pathlib import Path; from inpublic.site import build_site;"
        "from inpublic.workspace import Workspace;"
        f"result = build_site(Workspace(Path({str(site_workspace.root)!r})));"
        "loaded = any(m.startswith('pygments.') for m in sys.modules);"
        "print(result.rendered, result.listings, loaded)"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.stdout.split() == ["1", "True", "False"], done.stderr  # summary changed
    text = page.read_text("utf-8")
    assert "waited for 14" in text
    assert re.findall(r'<div class="highlight">.*?</div>', text, re.S) == highlighted


def test_templates_can_be_overridden(site_workspace) -> None:
    custom = site_workspace.root / "templates"
    custom.mkdir()
    (custom / "about.html").write_text(
        '{% extends "base.html" %}{% block main %}<h1>My own about page</h1>{% endblock %}', "utf-8"
    )
    out = build_site(site_workspace).out
    assert "My own about page" in (out / "about" / "index.html").read_text("utf-8")
    # compiled code is kept in the user's own folder: code found in a workspace never runs
    assert not (site_workspace.state_dir / "compiled-templates").exists()
    assert list(Path(compiled_templates().directory).glob("inpublic-sandboxed-*.cache"))
    (custom / "about.html").write_text(
        '{% extends "base.html" %}{% block main %}<h1>About, edited</h1>{% endblock %}', "utf-8"
    )
    build_site(site_workspace)  # the compiled template kept from the last build is not used
    assert "About, edited" in (out / "about" / "index.html").read_text("utf-8")


@pytest.mark.parametrize(
    "damage",
    [
        lambda state: {**state, "posts": list(state["posts"])},
        lambda state: {**state, "posts": {key: {"meta": {}} for key in state["posts"]}},
        lambda state: {**state, "saved": "yesterday"},
    ],
)
def test_a_damaged_build_state_rebuilds_the_site(site_workspace, damage) -> None:
    first = build_site(site_workspace)
    path = site_workspace.state_dir / "site-state.json"
    path.write_text(json.dumps(damage(json.loads(path.read_text("utf-8")))), "utf-8")
    again = build_site(site_workspace)
    assert (again.rendered, again.listings) == (first.rendered, True)
    path.write_text("{not json", "utf-8")
    assert build_site(site_workspace).rendered == first.rendered


def test_a_state_folder_that_is_a_file_is_a_clear_error(site_workspace) -> None:
    shutil.rmtree(site_workspace.state_dir, ignore_errors=True)
    site_workspace.state_dir.write_text("not a folder", "utf-8")
    with pytest.raises(InpublicError) as caught:
        build_site(site_workspace)
    assert "cannot write here" in caught.value.message


def test_slug_collision_names_both_posts(site_workspace) -> None:
    out = build_site(site_workspace).out
    page = (out / "posts" / "ci" / "index.html").read_text("utf-8")
    write_post(site_workspace, "other", "---\ntitle: Other\nslug: ci\n---\n\nx\n")
    with pytest.raises(SiteError) as caught:
        build_site(site_workspace)
    assert "two posts have the slug 'ci': posts/ci.md and posts/other.md" in caught.value.message
    write_post(site_workspace, "other", "---\ntitle: Other\nslug: other\n---\n\nx\n")
    build_site(site_workspace)  # the colliding page was written over: it is rendered again
    assert (out / "posts" / "ci" / "index.html").read_text("utf-8") == page
    assert (out / "posts" / "other" / "index.html").is_file()


def test_bad_input_warnings(site_workspace) -> None:
    write_post(
        site_workspace,
        "unsafe",
        "---\ntitle: Unsafe\n---\n\n![gone](missing.png)\n\n"
        "<script>alert('x')</script>\n\n<p onclick=\"steal()\">Hi</p>\n",
    )
    result = build_site(site_workspace)
    warnings = " ".join(result.warnings)
    assert "posts/unsafe.md: image not found: missing.png" in warnings
    assert "posts/unsafe.md: unsafe HTML removed" in warnings
    page = (result.out / "posts" / "unsafe" / "index.html").read_text("utf-8")
    assert "alert(" not in page and "onclick" not in page and "<p>Hi</p>" in page


def test_no_site_url_gives_relative_links_and_a_warning(workspace) -> None:
    write_post(workspace, "p", "---\ntitle: P\ndate: 2026-11-01\n---\n\nText.\n")
    result = build_site(workspace)
    assert any("no site_url" in w for w in result.warnings)
    page = (result.out / "posts" / "p" / "index.html").read_text("utf-8")
    assert 'rel="canonical"' not in page and 'href="../../archive/"' in page


def test_no_horizontal_overflow_in_chromium(site_workspace, http_root, tmp_path, browser) -> None:
    """Also the README's screenshots: INPUBLIC_UPDATE_SCREENSHOTS=1 writes them to docs/."""
    import os

    out = build_site(site_workspace).out
    root = http_root(out)
    shots = README_SHOTS if os.environ.get("INPUBLIC_UPDATE_SCREENSHOTS") else tmp_path
    shots.mkdir(parents=True, exist_ok=True)
    for width in (375, 1280):
        page = browser.new_page(viewport={"width": width, "height": 900})
        for path, name in (("", "home"), ("posts/ci/", "post"), ("posts/fabu/", "post-zh")):
            page.goto(root + path)
            scroll = page.evaluate("document.documentElement.scrollWidth")
            assert scroll <= width, (path, width, scroll)
            page.screenshot(path=str(shots / f"{name}-{width}.png"), full_page=False)
            assert (shots / f"{name}-{width}.png").stat().st_size > 1000
        page.close()


def test_serve_rebuilds_on_change(site_workspace) -> None:
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, "-m", "inpublic", "site", "serve", "--port", str(port)],
        cwd=site_workspace.root,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )

    def fetch() -> str:
        url = f"http://127.0.0.1:{port}/posts/ci/"
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.read().decode("utf-8")

    def wait_for(text: str) -> bool:
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                if text in fetch():
                    return True
            except OSError:
                pass
            time.sleep(0.2)
        return False

    def build_number() -> str:
        url = f"http://127.0.0.1:{port}/_inpublic/build"
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.read().decode("utf-8")

    try:
        assert wait_for("Every pull request waited 14 minutes")
        page = fetch()  # served with the script that reloads it after a build, once
        assert page.count("/_inpublic/build") == 1 and page.index("<script>") < page.index(
            "</body>"
        )
        first = build_number()
        path = site_workspace.posts_dir / "ci.md"
        path.write_text(
            path.read_text("utf-8").replace("waited 14 minutes", "waited 15 minutes"), "utf-8"
        )
        assert wait_for("Every pull request waited 15 minutes")
        assert int(build_number()) > int(first)  # what the open page sees, and reloads on
        built = (site_workspace.root / "out" / "site" / "posts" / "ci" / "index.html").read_text()
        assert "<script>" not in built  # the built site stays free of JavaScript
        # A post that cannot be read is reported, and serve goes on (issue 12, item 12).
        (site_workspace.posts_dir / "bad.md").write_text("---\ndate: 2026-02-30\n---\nx\n")
        time.sleep(1)
        path.write_text(
            path.read_text("utf-8").replace("waited 15 minutes", "waited 16 minutes"), "utf-8"
        )
        assert wait_for("Every pull request waited 16 minutes")
    finally:
        process.terminate()
        output = process.communicate(timeout=10)[0].decode("utf-8")
    assert "error: posts/bad.md:2: front matter: not a real date: 2026-02-30" in output


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_a_build_on_every_core_is_the_build_on_one(workspace, tmp_path, monkeypatch, method):
    """Many posts are rendered in worker processes, started by fork on Linux and by spawn
    (or forkserver) where fork is not the default (macOS, Windows, Python 3.14): the pages
    are those of a build in one process."""
    import inpublic._parallel

    for number in range(30):
        write_post(
            workspace,
            f"post-{number}",
            f"---\ntitle: Post {number}\ndate: 2026-10-{number % 28 + 1:02d}\n---\n\n"
            f"Build {number} took {number + 3} min before and 2 min after.\n",
        )
    alone = build_site(workspace, tmp_path / "one", jobs=1)
    monkeypatch.setattr(inpublic._parallel, "start_method", lambda: method)
    spread = build_site(workspace, tmp_path / "many", jobs=2)
    assert (spread.posts, spread.rendered, spread.errors) == (30, 30, ())
    pages = sorted(p.relative_to(alone.out) for p in alone.out.rglob("*.html"))
    assert pages == sorted(p.relative_to(spread.out) for p in spread.out.rglob("*.html"))
    for page in pages:
        assert (alone.out / page).read_text() == (spread.out / page).read_text(), page


def test_a_post_without_a_summary_is_summed_up_by_its_problem_and_result(workspace) -> None:
    """The summary (the page's description, the listings' line) comes from the parts check
    finds, as the channels' hooks do: the problem and the key result, not the opening."""
    write_post(
        workspace,
        "cache",
        "---\ntitle: Wheel cache\ndate: 2026-10-12\n---\n\nSome context first: we are a small "
        "team.\n\nEvery pull request waited 14 minutes for CI.\n\nI cached the wheel build.\n\n"
        "CI now takes 4 min instead of 14 min.\n",
    )
    out = build_site(workspace).out
    page = (out / "posts" / "cache" / "index.html").read_text("utf-8")
    expected = "Every pull request waited 14 minutes for CI. CI now takes 4 min instead of 14 min."
    assert f'<meta name="description" content="{expected}">' in page


def test_a_page_takes_the_language_its_post_is_written_in(workspace) -> None:
    """In an English site, a post written in Chinese, with no lang: set, is a Chinese page:
    <html lang="zh">, its words in Chinese (issue 16)."""
    write_post(
        workspace,
        "zh-post",
        "---\ntitle: 导出提速\ndate: 2026-10-12\n---\n\n运营每周都要手工导出订单，经常超时。\n\n"
        "我把导出改成了按天分片的异步任务，导出时间从 18 分钟降到 3 分钟。\n",
    )
    assert workspace.config.default_lang == "en"
    page = (build_site(workspace).out / "posts" / "zh-post" / "index.html").read_text("utf-8")
    assert '<html lang="zh">' in page and "阅读约" in page
