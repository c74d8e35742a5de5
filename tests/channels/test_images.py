"""Issue 14, section 1: a post's local images on every channel and the site.

Real files in tmp_path, the real CLI, a real Hugo build, headless Chromium, and a local
HTTP server that answers as WeChat's API documents it.
"""

from __future__ import annotations

import base64
import email
import email.policy
import hashlib
import io
import json
import re
import shutil
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from PIL import Image

from inpublic.cli import app

HUGO = shutil.which("hugo") or "hugo"
SHOT = "截屏 2024-01-01 10.00.00.png"  # the macOS screenshot name in a Chinese locale


def png(path: Path, size=(400, 200), colour=(200, 30, 30)) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, colour).save(path, format="PNG")
    return path


def noisy(path: Path, size: tuple[int, int]) -> Path:
    """A photo-like PNG (random pixels): large on disk, as screenshots of photos are."""
    import random

    rng = random.Random(7)
    image = Image.frombytes("RGB", size, rng.randbytes(size[0] * size[1] * 3))
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, format="PNG")
    return path


def write_post(ws, body: str, extra: str = "", lang: str = "zh") -> Path:
    path = ws.posts_dir / "pics.md"
    path.write_text(
        f"---\ntitle: 图片\nlang: {lang}\nslug: pics\n{extra}---\n\n## 问题\n\n构建要 14 分钟。\n\n"
        f"{body}\n\n## 结果\n\n4 分钟。\n",
        "utf-8",
    )
    return path


def render(runner, *args: str, env: dict[str, str] | None = None):
    result = runner.invoke(app, ["render", "pics", "--force", *args], env=env)
    assert result.exit_code in (0, 1, 2), result.output
    return result


@pytest.fixture
def ws(workspace, monkeypatch):
    monkeypatch.chdir(workspace.root)
    monkeypatch.delenv("WECHAT_APP_SECRET", raising=False)
    return workspace


def manifest_findings(ws, channel: str) -> list[dict]:
    manifest = json.loads((ws.out_dir / "pics" / "manifest.json").read_text("utf-8"))
    return manifest["channels"][channel]["findings"]


# one predicate --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "src",
    [
        "data:image/png;base64,iVBORw0KGgo=",
        "https://example.com/a.png",
        "http://example.com/a.png",
        "//cdn.example.com/x.png",
        "/images/not-on-this-computer.png",
        "mailto:a@b.c",
    ],
)
def test_addresses_that_are_no_local_file(src: str, tmp_path: Path) -> None:
    from inpublic.channels._images import local_path

    assert local_path(src, tmp_path / "post.md") is None


def test_local_addresses_are_decoded(tmp_path: Path) -> None:
    from inpublic.channels._images import local_path

    post = tmp_path / "posts" / "post.md"
    encoded = "images/%E6%9E%B6%E6%9E%84%E5%9B%BE.png"  # as markdown-it normalises 架构图.png
    assert local_path(encoded, post) == tmp_path / "posts" / "images" / "架构图.png"
    assert local_path("../assets/x%20y.png", post) == tmp_path / "posts" / "../assets/x y.png"
    absolute = png(tmp_path / "abs.png")
    assert local_path(str(absolute), post) == absolute  # a file here: local


def test_every_channel_and_the_site_agree_on_what_is_local(runner, ws) -> None:
    """data: URIs, web and site addresses are kept as written by Hugo, Zhihu, WeChat and the
    site; the one local image is taken by each."""
    png(ws.posts_dir / "chart.png")
    body = (
        "![local](chart.png)\n\n![data](data:image/gif;base64,R0lGODlhAQABAAAAACw=)\n\n"
        "![site](/abs.png)\n\n![web](https://example.com/a.png)\n\n![proto](//host/x.png)\n"
    )
    write_post(ws, body)
    assert render(runner, "--to", "hugo,zhihu,wechat").exit_code == 0
    out = ws.out_dir / "pics"
    kept = [
        "data:image/gif;base64,R0lGODlhAQABAAAAACw=",
        "/abs.png",
        "https://example.com/a.png",
        "//host/x.png",
    ]
    hugo = (out / "hugo" / "index.md").read_text("utf-8")
    zhihu = (out / "zhihu.md").read_text("utf-8")
    wechat = (out / "wechat.html").read_text("utf-8")
    for text in (hugo, zhihu):
        assert "](chart.png)" in text
        assert all(f"]({src})" in text for src in kept)
    assert all(f'src="{src}"' in wechat for src in kept)
    assert sorted(p.name for p in (out / "hugo").iterdir()) == ["chart.png", "index.md"]
    for channel in ("zhihu", "wechat"):
        uploads = [f for f in manifest_findings(ws, channel) if f["rule"].endswith("upload-image")]
        assert len(uploads) == 1 and "chart.png" in uploads[0]["message"]

    from inpublic.document import parse_document
    from inpublic.site._html import render_document
    from inpublic.workspace import load_post

    post = load_post(ws.posts_dir / "pics.md")
    page = ws.root / "site-page"
    rendered = render_document(parse_document(post, "zh"), post.path, page, root=ws.root)
    assert rendered.images == ["chart.png"] and (page / "chart.png").is_file()
    assert all(f'src="{src}"' in rendered.html for src in kept)


# names with Chinese characters and spaces ---------------------------------------------------


def test_chinese_names_and_spaces_are_found_and_named_as_written(runner, ws) -> None:
    png(ws.posts_dir / "images" / "架构图.png")
    png(ws.posts_dir / "images" / SHOT, (300, 600))
    write_post(ws, f"![架构](images/架构图.png)\n\n![截屏](<images/{SHOT}>)\n")
    result = render(runner, "--to", "hugo,zhihu,wechat")
    assert result.exit_code == 0, result.output
    assert "warning" not in result.output
    bundle = ws.out_dir / "pics" / "hugo"
    assert {p.name for p in bundle.iterdir()} == {
        "index.md",
        "架构图.png",
        "截屏-2024-01-01-10.00.00.png",
    }
    index = (bundle / "index.md").read_text("utf-8")
    assert "![架构](架构图.png)" in index and "![截屏](截屏-2024-01-01-10.00.00.png)" in index
    messages = [f["message"] for f in manifest_findings(ws, "zhihu")]
    assert f"（images/{SHOT}）" in "\n".join(messages)  # as written, not %E6%88%AA…
    assert "%E6" not in result.output


def test_a_missing_image_with_a_chinese_name_suggests_the_right_path(runner, ws) -> None:
    write_post(ws, "![架构](images/架构图.png)\n", lang="en")
    result = render(runner, "--to", "hugo")
    assert "image not found: images/架构图.png" in result.output
    assert "put the file at posts/images/架构图.png in the workspace" in result.output


# Hugo --------------------------------------------------------------------------------------


def snapshot(folder: Path, skip: Path) -> dict[str, str]:
    return {
        str(p): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.is_relative_to(skip)
    }


def test_hugo_copies_every_image_into_the_bundle_and_nothing_outside(runner, ws, tmp_path) -> None:
    png(ws.root / "assets" / "x.png", (100, 50))
    png(ws.root / "assets" / "封面.png", (120, 60))
    png(tmp_path / "x.png")  # three levels up from posts/: outside the workspace
    write_post(
        ws,
        "![资产](../assets/x.png)\n\n![逃逸](../../../x.png)\n",
        extra="cover:\n  image: ../assets/封面.png\n  alt: 封面\n",
    )
    before = snapshot(tmp_path, ws.out_dir / "pics")
    result = render(runner, "--to", "hugo")
    assert result.exit_code == 0, result.output
    assert "图片 ../../../x.png 在工作区之外" in result.output  # in the post's language
    assert snapshot(tmp_path, ws.out_dir / "pics") == before  # nothing but out/pics/ changed
    bundle = ws.out_dir / "pics" / "hugo"
    assert sorted(p.name for p in bundle.iterdir()) == ["index.md", "x.png", "封面.png"]
    index = (bundle / "index.md").read_text("utf-8")
    assert "![资产](x.png)" in index and "../" not in index
    assert "cover:\n  image: 封面.png\n  alt: 封面\n" in index


def test_hugo_copies_a_cover_path(runner, ws) -> None:
    png(ws.root / "assets" / "cover.png")
    write_post(ws, "正文。\n", extra="cover: ../assets/cover.png\n")
    assert render(runner, "--to", "hugo").exit_code == 0
    bundle = ws.out_dir / "pics" / "hugo"
    assert (bundle / "cover.png").is_file()
    assert "cover: cover.png\n" in (bundle / "index.md").read_text("utf-8")


def test_real_hugo_shows_every_image_from_assets_with_chinese_names(runner, ws, tmp_path) -> None:
    png(ws.root / "assets" / "架构图.png", (300, 150), (10, 120, 60))
    png(ws.root / "assets" / SHOT, (200, 400))
    png(ws.root / "assets" / "封面 图.png")
    write_post(
        ws,
        f"![架构](../assets/架构图.png)\n\n![截屏](<../assets/{SHOT}>)\n",
        extra="cover: ../assets/封面 图.png\n",
    )
    assert render(runner, "--to", "hugo").exit_code == 0
    site = tmp_path / "site"
    shutil.copytree(ws.out_dir / "pics" / "hugo", site / "content" / "posts" / "pics")
    (site / "hugo.toml").write_text('baseURL = "https://example.org/"\ntitle = "t"\n', "utf-8")
    layout = site / "layouts" / "_default" / "single.html"
    layout.parent.mkdir(parents=True)
    layout.write_text(
        "<html><body>{{ with .Resources.GetMatch .Params.cover }}"
        '<img class="cover" src="{{ .RelPermalink }}">{{ end }}{{ .Content }}</body></html>',
        "utf-8",
    )
    subprocess.run([HUGO, "--quiet", "--source", str(site)], check=True, capture_output=True)
    public = site / "public"
    page = (public / "posts" / "pics" / "index.html").read_text("utf-8")
    sources = re.findall(r'<img[^>]* src="([^"]+)"', page)
    assert len(sources) == 3, page
    for src in sources:
        path = unquote(urlsplit(src).path)
        file = public / path.lstrip("/") if path.startswith("/") else public / "posts/pics" / path
        assert Image.open(file).size[0] > 0, src


# WeChat: the preview shows the images --------------------------------------------------------


def data_image(src: str) -> Image.Image:
    assert src.startswith("data:image/")
    return Image.open(io.BytesIO(base64.b64decode(src.split(",", 1)[1])))


def test_wechat_embeds_local_images_and_asks_to_upload_each(runner, ws) -> None:
    png(ws.posts_dir / "images" / "架构图.png", (400, 200))
    noisy(ws.posts_dir / "big.png", (3000, 1500))
    write_post(ws, "![架构](images/架构图.png)\n\n![大图](big.png)\n\n![again](big.png)\n")
    result = render(runner, "--to", "wechat")
    assert result.exit_code == 0, result.output
    fragment = (ws.out_dir / "pics" / "wechat.html").read_text("utf-8")
    preview = (ws.out_dir / "pics" / "wechat.preview.html").read_text("utf-8")
    sources = re.findall(r'<img[^>]* src="([^"]+)"', fragment)
    assert len(sources) == 3 and all(src in preview for src in sources)
    small, big = data_image(sources[0]), data_image(sources[1])
    assert small.size == (400, 200)
    assert big.size[0] <= 2 * 677 and abs(big.size[0] / big.size[1] - 2) < 0.01  # scaled down
    assert len(sources[1]) < 600_000
    uploads = [f for f in manifest_findings(ws, "wechat") if f["rule"] == "wechat.upload-image"]
    assert [f["message"] for f in uploads] == [
        "架构图.png 是本机的文件（images/架构图.png），公众号读不到它",
        "big.png 是本机的文件（big.png），公众号读不到它",
    ]
    assert "--upload-images" in uploads[0]["suggestion"]


@pytest.mark.parametrize("width", [375, 677])
def test_wechat_images_show_and_keep_their_ratio_in_chromium(runner, ws, browser, width) -> None:
    png(ws.posts_dir / "images" / "架构图.png", (1200, 600))
    png(ws.posts_dir / SHOT, (300, 600))
    body = (
        f"![架构](images/架构图.png)\n\n![截屏](<{SHOT}>)\n\n"
        '<img src="images/架构图.png" width="200">\n'
    )
    write_post(ws, body)
    assert render(runner, "--to", "wechat").exit_code == 0
    page = browser.new_page(viewport={"width": width, "height": 800})
    # the article as a phone shows it (the fragment alone), and the preview's column
    for name in ("wechat.html", "wechat.preview.html"):
        page.goto((ws.out_dir / "pics" / name).as_uri())
        page.wait_for_load_state("load")
        images = page.evaluate("""() => [...document.querySelectorAll('img')].map(i => ({
            natural: [i.naturalWidth, i.naturalHeight], complete: i.complete,
            box: [i.getBoundingClientRect().width, i.getBoundingClientRect().height],
            column: i.parentElement.getBoundingClientRect().width}))""")
        assert len(images) == 3
        for image in images:
            assert image["complete"] and image["natural"][0] > 0, (name, image)  # not broken
            assert image["box"][0] <= image["column"] + 0.5, (name, image)
        for image in images[:2]:
            ratio = image["natural"][0] / image["natural"][1]
            assert abs(image["box"][0] / image["box"][1] - ratio) < 0.02, (name, image)
        assert images[0]["box"][0] == pytest.approx(min(image["column"], 677), abs=1)
        assert images[2]["box"][0] == 200  # a raw <img width=200> keeps its width


# WeChat: the upload, against a server that answers as the API documents ---------------------


class FakeWechat:
    """/cgi-bin/token and /cgi-bin/media/uploadimg as the Official Account API documents
    them: a JSON answer, an errcode and errmsg on failure."""

    def __init__(self, secret: str = "s3cret", token_error: dict | None = None, limit=1 << 20):
        self.secret, self.token_error, self.limit = secret, token_error, limit
        self.requests: list[str] = []
        self.uploads: list[tuple[str, str, bytes]] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def answer(self, data: dict) -> None:
                body = json.dumps(data).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json; encoding=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self) -> None:
                fake.requests.append("GET " + self.path)
                url = urlsplit(self.path)
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                if url.path != "/cgi-bin/token":
                    return self.answer({"errcode": 404, "errmsg": "no such api"})
                if fake.token_error:
                    return self.answer(fake.token_error)
                if query.get("grant_type") != "client_credential":
                    return self.answer({"errcode": 40002, "errmsg": "invalid grant_type"})
                if query.get("appid") != "wx0123456789abcdef":
                    return self.answer({"errcode": 40013, "errmsg": "invalid appid"})
                if query.get("secret") != fake.secret:
                    return self.answer({"errcode": 40125, "errmsg": "invalid appsecret"})
                self.answer({"access_token": "TOKEN-1", "expires_in": 7200})

            def do_POST(self) -> None:
                fake.requests.append("POST " + self.path)
                url = urlsplit(self.path)
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                if url.path != "/cgi-bin/media/uploadimg":
                    return self.answer({"errcode": 404, "errmsg": "no such api"})
                if query.get("access_token") != "TOKEN-1":
                    return self.answer({"errcode": 40001, "errmsg": "invalid credential"})
                length = int(self.headers["Content-Length"])
                raw = self.rfile.read(length)
                message = email.message_from_bytes(
                    f"Content-Type: {self.headers['Content-Type']}\r\n\r\n".encode() + raw,
                    policy=email.policy.HTTP,
                )
                parts = [
                    p
                    for p in message.iter_parts()
                    if p.get_param("name", header="content-disposition") == "media"
                ]
                if not parts:
                    return self.answer({"errcode": 41005, "errmsg": "media data missing"})
                data = parts[0].get_payload(decode=True)
                kind = Image.open(io.BytesIO(data)).format
                if kind not in ("PNG", "JPEG"):
                    return self.answer({"errcode": 40005, "errmsg": "invalid file type"})
                if len(data) > fake.limit:
                    return self.answer({"errcode": 40009, "errmsg": "invalid image size"})
                fake.uploads.append((parts[0].get_filename(), kind, data))
                number = len(fake.uploads)
                self.answer({"url": f"http://mmbiz.qpic.cn/mmbiz_png/fake{number}/0"})

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self) -> FakeWechat:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


def configure(ws, base: str) -> None:
    config = ws.root / "inpublic.toml"
    config.write_text(
        config.read_text("utf-8")
        + f'\n[wechat]\napp_id = "wx0123456789abcdef"\napi_base = "{base}"\n',
        "utf-8",
    )


def test_upload_rewrites_sources_and_uploads_each_image_once(runner, ws) -> None:
    png(ws.posts_dir / "images" / "架构图.png", (400, 200))
    Image.new("RGBA", (64, 32), (0, 0, 0, 0)).save(ws.posts_dir / "clear.webp")
    write_post(
        ws, "![架构](images/架构图.png)\n\n![透明](clear.webp)\n\n![又一次](images/架构图.png)\n"
    )
    secret = {"WECHAT_APP_SECRET": "s3cret"}
    with FakeWechat() as fake:
        configure(ws, fake.base)
        assert render(runner, "--to", "wechat", env=secret).exit_code == 0
        assert fake.requests == []  # nothing is sent without --upload-images

        result = render(runner, "--to", "wechat", "--upload-images", env=secret)
        assert result.exit_code == 0, result.output
        assert [(name, kind) for name, kind, _ in fake.uploads] == [
            ("架构图.png", "PNG"),
            ("clear.png", "PNG"),  # WebP is not taken: sent as PNG, its transparency kept
        ]
        fragment = (ws.out_dir / "pics" / "wechat.html").read_text("utf-8")
        sources = re.findall(r'<img[^>]* src="([^"]+)"', fragment)
        assert sources == [
            "http://mmbiz.qpic.cn/mmbiz_png/fake1/0",
            "http://mmbiz.qpic.cn/mmbiz_png/fake2/0",
            "http://mmbiz.qpic.cn/mmbiz_png/fake1/0",
        ]
        assert not [f for f in manifest_findings(ws, "wechat") if "upload" in f["rule"]]

        # Uploaded once: a second upload run and a plain render use the cache.
        requests = len(fake.requests)
        assert render(runner, "--to", "wechat", "--upload-images", env=secret).exit_code == 0
        assert render(runner, "--to", "wechat").exit_code == 0
        assert len(fake.requests) == requests
        assert "fake2" in (ws.out_dir / "pics" / "wechat.html").read_text("utf-8")
        # A changed file is a new image.
        png(ws.posts_dir / "images" / "架构图.png", (400, 201))
        assert render(runner, "--to", "wechat", "--upload-images", env=secret).exit_code == 0
        assert len(fake.uploads) == 3
    cache = json.loads((ws.root / ".inpublic" / "wechat-images.json").read_text("utf-8"))
    assert len(cache["wx0123456789abcdef"]) == 3


def test_upload_shrinks_an_image_over_the_size_limit(runner, ws) -> None:
    noisy(ws.posts_dir / "photo.png", (1600, 1200))  # about 5.8 MB as PNG
    write_post(ws, "![照片](photo.png)\n")
    with FakeWechat() as fake:
        configure(ws, fake.base)
        result = render(
            runner, "--to", "wechat", "--upload-images", env={"WECHAT_APP_SECRET": "s3cret"}
        )
        assert result.exit_code == 0, result.output
        ((name, kind, data),) = fake.uploads
    assert kind == "JPEG" and len(data) <= 1_000_000 and name == "photo.jpg"
    assert Image.open(io.BytesIO(data)).size[0] / Image.open(io.BytesIO(data)).size[1] == 4 / 3


@pytest.mark.parametrize(
    ("server", "secret", "expected"),
    [
        ({}, "wrong", "WeChat refused the AppID or AppSecret (errcode 40125: invalid appsecret)"),
        (
            {"token_error": {"errcode": 40001, "errmsg": "invalid credential"}},
            "s3cret",
            "WeChat refused the AppID or AppSecret (errcode 40001: invalid credential)",
        ),
        (
            {"token_error": {"errcode": 40164, "errmsg": "invalid ip 1.2.3.4, not in whitelist"}},
            "s3cret",
            "WeChat refused this computer's IP address: it is not on the account's allow-list "
            "(errcode 40164: invalid ip 1.2.3.4, not in whitelist)",
        ),
        (
            {"limit": 100},
            "s3cret",
            "chart.png is too large for WeChat's image upload (errcode 40009: invalid image size)",
        ),
        (
            {"token_error": {"errcode": -1, "errmsg": "system error"}},
            "s3cret",
            "WeChat's API refused access_token (errcode -1: system error)",
        ),
    ],
)
def test_api_errors_are_one_line_each(runner, ws, server, secret, expected) -> None:
    png(ws.posts_dir / "chart.png")
    write_post(ws, "![图](chart.png)\n", lang="en")
    with FakeWechat(**server) as fake:
        configure(ws, fake.base)
        result = render(
            runner, "--to", "wechat", "--upload-images", env={"WECHAT_APP_SECRET": secret}
        )
    assert result.exit_code == 2
    assert expected in result.output
    assert "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) <= 2  # the line, and what to do


def test_upload_needs_an_app_id_and_a_secret_and_a_reachable_api(runner, ws) -> None:
    png(ws.posts_dir / "chart.png")
    write_post(ws, "![图](chart.png)\n")
    result = render(runner, "--to", "wechat", "--upload-images")
    assert result.exit_code == 2 and "[wechat] app_id" in result.output
    configure(ws, "http://127.0.0.1:9")  # the discard port: nothing listens
    result = render(runner, "--to", "wechat", "--upload-images")
    assert result.exit_code == 2 and "环境变量 WECHAT_APP_SECRET" in result.output
    result = render(runner, "--to", "wechat", "--upload-images", env={"WECHAT_APP_SECRET": "x"})
    assert result.exit_code == 2 and "连不上微信接口 http://127.0.0.1:9" in result.output
    result = render(runner, "--to", "hugo", "--upload-images")
    assert result.exit_code == 2 and "wechat is not rendered" in result.output


def test_a_raw_img_is_a_local_image_on_every_channel_and_the_site(runner, ws) -> None:
    """<img src="images/架构图.png" width="200">: copied and renamed like a Markdown image,
    its width kept."""
    png(ws.root / "assets" / "架构图.png")
    write_post(ws, '<img src="../assets/架构图.png" width="200" alt="架构">\n')
    assert render(runner, "--to", "hugo,wechat").exit_code == 0
    out = ws.out_dir / "pics"
    assert (out / "hugo" / "架构图.png").is_file()
    assert '<img src="架构图.png" width="200" alt="架构">' in (out / "hugo" / "index.md").read_text(
        "utf-8"
    )
    (src,) = re.findall(r'<img[^>]* src="([^"]+)"', (out / "wechat.html").read_text("utf-8"))
    assert data_image(src).size == (400, 200)

    from inpublic.document import parse_document
    from inpublic.site._html import render_document
    from inpublic.workspace import load_post

    post = load_post(ws.posts_dir / "pics.md")
    page = ws.root / "site-page"
    rendered = render_document(parse_document(post, "zh"), post.path, page, root=ws.root)
    assert rendered.images == ["架构图.png"] and (page / "架构图.png").is_file()
    assert '<img src="架构图.png" width="200" alt="架构">' in rendered.html
