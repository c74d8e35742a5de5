"""The site with hostile or mistaken input: no script runs, feeds stay valid XML, URLs stay
valid, templates cannot run code, the preview serves only its own files to its own host,
and a full disk or a busy port is a clear message."""

from __future__ import annotations

import http.client
import json
import random
import re
import socket
import subprocess
import sys
import time
import xml.etree.ElementTree as ElementTree
from pathlib import Path
from urllib.parse import unquote

import pytest

from inpublic.cli import app
from inpublic.site import SiteError, build_site, slug_of
from inpublic.workspace import Workspace

from .conftest import write_post

# Each tries to run alert(): in an element, an attribute, a URL, a comment or a script.
XSS = [
    "<script>alert(1)</script>",
    "<!--<script>",
    "</script><script>alert(2)</script>",
    '"><img src=x onerror=alert(3)>',
    "'><svg onload=alert(4)>",
    '<iframe srcdoc="<script>alert(5)</script>"></iframe>',
    "javascript:alert(6)",
    "]]><script>alert(7)</script>",
    "<a href=javascript:alert(8)>x</a>",
    "&lt;script&gt;alert(9)&lt;/script&gt;",
    "<style>body{display:none}</style>",
    "{{ 7 * 7 }}<!--",
    "\u2028<script>alert(10)</script>",
]


TABBED = "  java\tscript:alert(11)"  # a browser takes tabs out of a URL: still javascript:


def toml_string(text: str) -> str:
    return json.dumps(text)  # a JSON string with ASCII escapes is a TOML basic string


def configure(
    workspace, profile: dict[str, str], links: dict[str, str], projects: str = ""
) -> Workspace:
    lines = ["[profile]"]
    lines += [f"{key} = {toml_string(value)}" for key, value in profile.items()]
    lines += ['languages = ["en", "zh"]', "[profile.links]"]
    lines += [f"{toml_string(name)} = {toml_string(href)}" for name, href in links.items()]
    workspace.config_path.write_text("\n".join(lines) + "\n" + projects, "utf-8")
    return Workspace(workspace.root)


def front_matter(**fields) -> str:
    return "---\n" + "".join(f"{k}: {json.dumps(v)}\n" for k, v in fields.items()) + "---\n"


def pages(out: Path) -> list[str]:
    return sorted(str(p.parent.relative_to(out)) for p in out.rglob("index.html"))


def json_ld(page: Path) -> dict:
    text = page.read_text("utf-8")
    return json.loads(re.search(r'ld\+json">(.*?)</script>', text, re.S).group(1))


def test_no_script_runs_from_any_page_in_chromium(workspace, http_root, browser) -> None:
    vector = " ".join(XSS)
    site = configure(
        workspace,
        {
            "name": "Mei " + vector,
            "handle": "mei" + XSS[3],
            "bio": vector,
            "main_track": vector,
            "site_url": "https://mei.example",
        },
        {XSS[0]: "https://github.com/mei", "evil": XSS[6], "ok" + XSS[3]: "mailto:mei@x.example"},
        "[[projects]]\n"
        f"name = {toml_string('p' + XSS[1])}\ntitle = {toml_string(vector)}\n"
        f"description = {toml_string(vector)}\n"
        f"[projects.links]\n{toml_string(XSS[5])} = {toml_string(TABBED)}\n",
    )
    for number, text in enumerate(XSS):
        write_post(
            site,
            f"p{number}",
            front_matter(
                title=f"Title {number} {text}",
                date=f"2026-10-{number + 10}",
                tags=[text, f"tag {number}"],
                summary=f"Summary {text}",
                series=text,
                project="p" + XSS[1],
            )
            + f"\n## Problem\n\nBody {number} {text} and [link {text}](https://x.example).\n",
        )
    out = build_site(site).out
    root = http_root(out)
    dialogs: list[str] = []
    page = browser.new_page()
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    visited = pages(out)
    assert len(visited) > len(XSS) * 2  # posts, tag and series pages, listings
    for path in visited:
        page.goto(root + ("" if path == "." else path + "/"))
        shown = page.inner_text("body")
        assert "Mei" in shown, path  # the header and the page are there: nothing hid them
        if path.startswith("posts/"):
            number = path.split("/p")[1]
            assert f"Body {number}" in shown, path
        links = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
        assert not [href for href in links if not href.startswith(("http", "mailto:"))]
        assert page.evaluate("document.querySelectorAll('script:not([type]), iframe').length") == 0
    page.close()
    assert dialogs == []


def test_json_ld_cannot_hide_the_page(workspace, http_root, browser) -> None:
    """`<!--<script>` inside the JSON-LD element made Chromium read the rest of the page
    as script: every page was blank."""
    site = configure(workspace, {"name": "Ana <!--<script>", "bio": "Bio"}, {})
    write_post(
        site,
        "hidden",
        front_matter(title="Hi <!--<script>", date="2026-10-11", tags=["<!--<script>"])
        + "\n## Problem\n\nThe body is shown.\n",
    )
    out = build_site(site).out
    data = json_ld(out / "posts" / "hidden" / "index.html")
    assert data["headline"] == "Hi <!--<script>"  # the same text, once JSON is decoded
    script = re.search(r'ld\+json">(.*?)</script>', (out / "index.html").read_text(), re.S)
    assert not set("<>&") & set(script.group(1))
    root = http_root(out)
    page = browser.new_page()
    page.goto(root + "posts/hidden/")
    assert "The body is shown." in page.inner_text("main")
    page.goto(root)
    assert "Hi <!--<script>" in page.inner_text("main")
    page.close()


def test_feeds_and_sitemap_stay_valid_xml_with_control_characters(site_workspace) -> None:
    config = site_workspace.config_path.read_text("utf-8")
    site_workspace.config_path.write_text(
        config.replace('bio = ""', 'bio = "bell\\u0007 and escape\\u001b"'), "utf-8"
    )
    write_post(
        site_workspace,
        "controls",
        front_matter(title="Bell\u0007 form\u000c feed", date="2026-12-01", tags=["t\u0001"])
        + "\n## Problem\n\nA delete\u007f, a vertical tab\u000b and the end.\n",
    )
    out = build_site(Workspace(site_workspace.root)).out
    for name in ("atom.xml", "rss.xml", "sitemap.xml"):
        ElementTree.parse(out / name)  # a strict parser: one control character fails it
    atom = ElementTree.parse(out / "atom.xml").getroot()
    titles = [e.text for e in atom.iter("{http://www.w3.org/2005/Atom}title")]
    assert "Bell form feed" in titles


def test_urls_in_sitemap_and_feeds_are_percent_encoded(site_workspace, http_root, browser) -> None:
    write_post(
        site_workspace,
        "数据",  # a Chinese slug
        front_matter(title="标签", date="2026-12-02", tags=["数据 工程"], series="系列 一")
        + "\n## Problem\n\n正文。\n",
    )
    out = build_site(site_workspace).out
    uri = re.compile(r"https://mei\.example/[A-Za-z0-9._~%!$&'()*+,;=:@/-]*")
    sitemap = ElementTree.parse(out / "sitemap.xml").getroot()
    locs = [e.text for e in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert all(uri.fullmatch(loc) for loc in locs), locs
    assert "https://mei.example/posts/%E6%95%B0%E6%8D%AE/" in locs
    assert "https://mei.example/tags/%E6%95%B0%E6%8D%AE-%E5%B7%A5%E7%A8%8B/" in locs
    assert "https://mei.example/series/系列-一/" in map(unquote, locs)
    for name in ("atom.xml", "rss.xml"):
        text = (out / name).read_text("utf-8")
        links = re.findall(r'(?:href="|<link>|<guid[^>]*>|<id>)([^"<]+)', text)
        assert links and all(uri.fullmatch(link) for link in links), links
    # links inside pages stay relative UTF-8, and work: follow the Chinese tag from the post
    root = http_root(out)
    page = browser.new_page()
    page.goto(root + "posts/数据/")
    page.click("text=#数据 工程")
    page.wait_for_load_state()
    assert unquote(page.url).endswith("/tags/数据-工程/")
    assert "标签" in page.inner_text("main")
    page.close()


def test_tag_slugs_are_one_short_safe_path_segment(site_workspace) -> None:
    long_tag = "很长的标签" * 60  # 900 bytes: longer than a file name can be
    names = ["../../etc", "a/b?c#d e", "C:\\x", ".", "..", long_tag, long_tag + "二"]
    for name in names:
        slug = slug_of(name)
        assert re.fullmatch(r"[\w-]{1,60}", slug) and slug.strip("-") == slug, (name, slug)
    assert slug_of(long_tag) != slug_of(long_tag + "二")
    assert slug_of("C++") != slug_of("C#")  # two tags never share a page
    assert [slug_of(n) for n in ("ci", "GitHub Actions", "自动化")] == [
        "ci",
        "github-actions",
        "自动化",
    ]
    write_post(
        site_workspace,
        "long",
        front_matter(title="Long", date="2026-12-03", tags=names) + "\n## Problem\n\nX.\n",
    )
    out = build_site(site_workspace).out
    assert (out / "tags" / slug_of(long_tag) / "index.html").is_file()
    assert not (out.parent / "etc").exists()


def test_only_web_and_mail_links_from_the_config(workspace, runner, monkeypatch) -> None:
    unsafe = {
        "js": "javascript:alert(1)",
        "spaced": " \tJaVa\nScRiPt:alert(2)",
        "data": "data:text/html,<script>alert(3)</script>",
        "vb": "vbscript:msgbox(4)",
        "file": "file:///etc/passwd",
    }
    safe = {"web": "https://github.com/mei", "mail": "mailto:mei@x.example", "cv": "cv.pdf"}
    site = configure(
        workspace,
        {"name": "Mei", "site_url": "https://mei.example"},
        {**unsafe, **safe},
        '[[projects]]\nname = "ledger"\n[projects.links]\n'
        'repo = "https://github.com/mei/ledger"\nbad = "javascript:alert(5)"\n',
    )
    write_post(site, "p", front_matter(title="P", date="2026-10-11", project="ledger") + "\nX.\n")
    monkeypatch.chdir(site.root)
    result = runner.invoke(app, ["site", "build"])
    assert result.exit_code == 0, result.output
    for name in unsafe:
        assert f"[profile.links]: {name} = " in result.output
    assert "[projects.links] of 'ledger': bad = 'javascript:alert(5)' is left out" in result.output
    out = site.root / "out" / "site"
    about = (out / "about" / "index.html").read_text("utf-8")
    projects = (out / "projects" / "index.html").read_text("utf-8")
    hrefs = re.findall(r'<a href="([^"]*)"', about + projects)
    assert {"https://github.com/mei", "mailto:mei@x.example", "cv.pdf"} <= set(hrefs)
    assert "https://github.com/mei/ledger" in hrefs
    assert not [h for h in hrefs if re.match(r"\s*(java|vb)script:|data:|file:", h, re.I)]
    assert json_ld(out / "index.html")["sameAs"] == list(safe.values())


def test_templates_run_in_a_sandbox(site_workspace, runner, monkeypatch, tmp_path) -> None:
    custom = site_workspace.root / "templates"
    custom.mkdir()
    monkeypatch.chdir(site_workspace.root)
    (custom / "about.html").write_text(
        "{% extends 'base.html' %}{% block main %}\n"
        "{{ ''.__class__.__mro__[1].__subclasses__() }}{% endblock %}",
        "utf-8",
    )
    result = runner.invoke(app, ["site", "build"])
    assert result.exit_code == 2, result.output
    assert result.output.splitlines() == [
        "error: templates/about.html:2: template error: access to attribute '__class__' of "
        "'str' object is unsafe. (fix the template in templates/, or delete it to use the "
        "built-in one)"
    ]
    marker = tmp_path / "ran"
    (custom / "about.html").write_text(
        f"{{{{ cycler.__init__.__globals__.os.system('touch {marker}') }}}}", "utf-8"
    )
    assert runner.invoke(app, ["site", "build"]).exit_code == 2
    assert not marker.exists()
    for mistake in ("{% if %}", "{{ 1 // 0 }}", "{% include 'about.html' %}", "{% extends 'x' %}"):
        (custom / "about.html").write_text(mistake, "utf-8")
        result = runner.invoke(app, ["site", "build"])
        assert result.exit_code == 2, (mistake, result.output)
        assert result.output.startswith("error: templates/about.html:1: template error:")
        assert len(result.output.splitlines()) == 1


def test_a_template_linked_outside_the_workspace_is_refused(site_workspace, tmp_path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("the private key", "utf-8")
    (site_workspace.root / "templates").mkdir()
    (site_workspace.root / "templates" / "about.html").symlink_to(secret)
    with pytest.raises(SiteError) as caught:
        build_site(site_workspace)
    assert "link to a file outside the workspace" in str(caught.value)
    assert caught.value.path.name == "about.html"
    out = site_workspace.out_dir / "site"
    assert not [p for p in out.rglob("*.html") if "the private key" in p.read_text("utf-8")]


def test_a_file_that_is_not_an_image_is_a_warning(site_workspace) -> None:
    (site_workspace.posts_dir / "fake.png").write_text("not a picture", "utf-8")
    write_post(
        site_workspace,
        "fake",
        front_matter(title="Fake", date="2026-10-11") + "\n## Problem\n\n![chart](fake.png)\n",
    )
    result = build_site(site_workspace)
    shown = "posts/fake.md: fake.png is not an image (PNG, JPEG"
    assert any(w.startswith(shown) for w in result.warnings)
    assert not (result.out / "posts" / "fake" / "fake.png").exists()


@pytest.fixture
def full_disk(tmp_path):
    """A 64 KB file system: mounting one needs root."""
    folder = tmp_path / "tiny"
    folder.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(folder)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip("mounting a tmpfs needs root")
    yield folder
    subprocess.run(["umount", str(folder)], check=True)


def test_a_full_disk_is_a_one_line_error(site_workspace, runner, monkeypatch, full_disk) -> None:
    from PIL import Image

    # random pixels: a picture that does not compress below the disk's size
    noise = Image.frombytes("RGB", (300, 300), random.Random(7).randbytes(300 * 300 * 3))
    noise.save(site_workspace.posts_dir / "noise.png")
    for number in range(30):  # enough posts to be rendered by worker processes
        write_post(
            site_workspace,
            f"n{number}",
            front_matter(title=f"N{number}", date="2026-10-11") + "\nX.\n\n![n](noise.png)\n",
        )
    monkeypatch.chdir(site_workspace.root)
    result = runner.invoke(app, ["site", "build", "--out", str(full_disk / "site")])
    assert result.exit_code == 2, result.output
    assert len(result.output.splitlines()) == 1
    assert "No space left on device" in result.output and "error: " in result.output


def get(port: int, path: str, host: str | None) -> tuple[int, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    connection.putrequest("GET", path, skip_host=True)
    if host is not None:
        connection.putheader("Host", host)
    connection.endheaders()
    response = connection.getresponse()
    body = response.read().decode("utf-8", "replace")
    connection.close()
    return response.status, body


def test_serve_takes_a_free_port_and_serves_only_files_to_its_own_host(
    site_workspace, runner, monkeypatch
) -> None:
    monkeypatch.chdir(site_workspace.root)
    result = runner.invoke(app, ["site", "serve", "--port", "99999"])
    assert result.exit_code == 2
    assert result.output.splitlines() == [
        "error: --port 99999 is not a port (give a number from 1024 to 65535, e.g. 8000)"
    ]
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        process = subprocess.Popen(
            [sys.executable, "-m", "inpublic", "site", "serve", "--port", str(port)],
            cwd=site_workspace.root,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        try:
            first = process.stdout.readline()
            assert first.startswith(f"Port {port} is not available: using port "), first
            used = int(first.split("using port ")[1].split()[0])
            assert process.stdout.readline().strip() == (
                f"Serving on http://127.0.0.1:{used}/ (Ctrl-C stops)"
            )
            deadline = time.time() + 30
            while "Built " not in process.stdout.readline() and time.time() < deadline:
                pass
            for host in (f"127.0.0.1:{used}", f"localhost:{used}", f"[::1]:{used}"):
                status, body = get(used, "/posts/ci/", host)
                assert status == 200 and "Every pull request waited 14 minutes" in body
            # DNS rebinding: a page on attacker.example whose name now points at 127.0.0.1
            for host in (f"attacker.example:{used}", "127.0.0.1", f"127.0.0.1:{port}", None):
                status, body = get(used, "/posts/ci/", host)
                assert status == 403 and "Every pull request" not in body, host
            status, body = get(used, "/posts/", f"127.0.0.1:{used}")  # a folder: no listing
            assert status == 404 and "ci/" not in body
            status, _ = get(used, "/posts/ci/index.html%00", f"127.0.0.1:{used}")
            assert status == 404  # a NUL in the path: not found, no traceback
            status, body = get(used, "/favicon.ico", f"127.0.0.1:{used}")
            assert status == 200 and body.startswith("<svg")  # the site's icon
            status, body = get(used, "/posts/gone/deep/", f"127.0.0.1:{used}")
            assert status == 404 and "<h1>Page not found</h1>" in body  # the site's 404.html
            assert 'href="/static/style.css"' in body  # its links hold at any depth
        finally:
            process.terminate()
            process.wait(timeout=10)


def test_images_are_taken_only_from_inside_the_workspace(site_workspace, tmp_path) -> None:
    """Issue 12, items 2, 5 and 16 on the site: an address climbing out of the workspace, a
    link to a file outside it and an absolute path are never copied or published; an image
    is copied by its name alone, and a PNG named index.html is published as a PNG."""
    from PIL import Image

    secret = tmp_path / "secret"
    secret.mkdir()
    Image.new("RGB", (4, 4)).save(secret / "id_rsa.png")
    posts = site_workspace.posts_dir
    (posts / "img").mkdir()
    Image.new("RGB", (4, 4)).save(posts / "img" / "index.html", format="PNG")
    Image.new("RGB", (5, 5)).save(posts / "img" / "chart.png")
    (posts / "linked.png").symlink_to(secret / "id_rsa.png")
    write_post(
        site_workspace,
        "images",
        front_matter(title="Images", date="2026-10-11")
        + f"\n![up](../../secret/id_rsa.png) ![link](linked.png) ![abs]({secret}/id_rsa.png)"
        + f" ![page](img/index.html) ![ok]({posts}/img/chart.png)\n",
    )
    result = build_site(site_workspace)
    warnings = " ".join(result.warnings)
    assert "image ../../secret/id_rsa.png is outside the workspace" in warnings
    assert "image linked.png is a symbolic link to a file outside the workspace" in warnings
    folder = result.out / "posts" / "images"
    assert sorted(p.name for p in folder.iterdir()) == ["chart.png", "index.html", "index.html.png"]
    page = (folder / "index.html").read_text("utf-8")
    assert "<h1" in page and str(tmp_path) not in page and "secret" not in page
    assert 'src="chart.png"' in page


def test_a_preview_bound_to_the_network_answers_to_addresses_never_to_domain_names() -> None:
    """--bind 0.0.0.0 shows the preview to phones on the network, by address; a domain name
    pointed at this machine (DNS rebinding) is still refused."""
    from inpublic.site.serve import _allowed_host

    assert _allowed_host("127.0.0.1:8000", 8000, "127.0.0.1")
    assert not _allowed_host("192.168.1.5:8000", 8000, "127.0.0.1")
    for host in ("192.168.1.5:8000", "localhost:8000", "[fe80::1]:8000"):
        assert _allowed_host(host, 8000, "0.0.0.0"), host
    for host in ("evil.example:8000", "192.168.1.5:8001", "192.168.1.5", ""):
        assert not _allowed_host(host, 8000, "0.0.0.0"), host
    assert _allowed_host("10.0.0.7:8000", 8000, "10.0.0.7")
    assert _allowed_host("localhost", 80, "127.0.0.1")
