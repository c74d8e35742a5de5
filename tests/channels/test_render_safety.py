"""Issue 12: `inpublic render` on hostile or mistaken posts, through the real CLI.

Nothing outside out/ may change, nothing from outside the workspace is copied, and every
mistake is a finding or a one-line error with exit code 2, never an internal error.
"""

from __future__ import annotations

import hashlib
import json
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image

from inpublic.cli import app

HEAD = "---\ntitle: {title}\nlang: en\n{extra}---\n\n## Problem\n\nEvery build took 14 minutes.\n\n"


def post(body: str = "", title: str = "CI from 14 to 4 minutes", extra: str = "") -> str:
    return HEAD.format(title=title, extra=extra) + body + "\n## Result\n\n4 minutes now.\n"


def snapshot(folder: Path, skip: Path | None = None) -> dict[str, str]:
    """Every file under folder (links as their target), with a hash of its bytes."""
    found = {}
    for path in sorted(folder.rglob("*")):
        if skip is not None and path.is_relative_to(skip):
            continue
        if path.is_symlink():
            found[str(path)] = "-> " + str(path.readlink())
        elif path.is_file():
            found[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def outputs(out: Path) -> str:
    """All the text the render wrote to be published (manifest.json is for the writer)."""
    return "\n".join(
        p.read_text("utf-8")
        for p in sorted(out.rglob("*"))
        if p.suffix in (".md", ".json", ".txt", ".html") and p.name != "manifest.json"
    )


@pytest.fixture
def ws(workspace, monkeypatch):
    monkeypatch.chdir(workspace.root)
    return workspace


def png(path: Path, size=(40, 20)) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, (30, 120, 200)).save(path, format="PNG")
    return path


def render(runner, *args: str):
    result = runner.invoke(app, ["render", *args])
    assert result.exit_code in (0, 1, 2), result.output
    return result


# item 2: images from outside the workspace, and nothing written outside out/<slug>/ --------


def test_item2_reproduction_nothing_outside_the_workspace_is_copied(runner, ws, tmp_path) -> None:
    secret = tmp_path / "secret" / "id_rsa"
    secret.parent.mkdir()
    secret.write_text("-----BEGIN OPENSSH PRIVATE KEY-----\nsecret\n", "utf-8")
    shipped = ws.root / "authorized_keys"
    shipped.write_text("ssh-ed25519 AAAA attacker@example\n", "utf-8")
    (ws.posts_dir / "ci.md").write_text(
        post("![architecture](../authorized_keys)\n\n![up](../../secret/id_rsa)\n"), "utf-8"
    )
    before = snapshot(tmp_path, skip=ws.out_dir)
    result = render(runner, "ci", "--to", "every")
    assert result.exit_code == 0, result.output
    assert snapshot(tmp_path, skip=ws.out_dir) == before
    out = ws.out_dir / "ci"
    copied = {p.name for p in (out / "hugo").iterdir()}
    assert copied == {"index.md"}
    assert "OPENSSH" not in outputs(out) and "attacker@" not in outputs(out)
    assert "image ../../secret/id_rsa is outside the workspace" in result.output
    assert "authorized_keys is not an image" in result.output
    # The bundle's Markdown names the files, never the paths.
    index = (out / "hugo" / "index.md").read_text("utf-8")
    assert "](authorized_keys)" in index and "](id_rsa)" in index and "../" not in index


@pytest.mark.parametrize("slug", ["{home}/.ssh", "../../victim", ".."])
def test_item2_reproduction_a_slug_leading_out_of_out_writes_nothing_outside_it(
    runner, ws, tmp_path, slug
) -> None:
    """`slug: /home/me/.ssh` with `![architecture](../authorized_keys)` overwrote the keys.
    The slug is refused here (or made safe where posts are read): either way nothing
    outside out/ changes."""
    keys = tmp_path / "home" / ".ssh" / "authorized_keys"
    keys.parent.mkdir(parents=True)
    keys.write_text("ssh-ed25519 AAAA me@laptop\n", "utf-8")
    png(ws.root / "authorized_keys")  # even a real image is copied by name only
    extra = f'slug: "{slug.format(home=tmp_path / "home")}"\n'
    (ws.posts_dir / "ci.md").write_text(
        post("![architecture](../authorized_keys)\n", extra=extra), "utf-8"
    )
    before = snapshot(tmp_path, skip=ws.out_dir)
    result = render(runner, "ci", "--to", "every")
    assert result.exit_code in (0, 2), result.output
    assert "internal error" not in result.output
    assert snapshot(tmp_path, skip=ws.out_dir) == before
    assert keys.read_text("utf-8") == "ssh-ed25519 AAAA me@laptop\n"


def test_a_link_planted_in_out_is_not_written_through(runner, ws, tmp_path) -> None:
    """A cloned workspace can ship out/ with a link where an image will be copied."""
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me\n", "utf-8")
    png(ws.posts_dir / "chart.png")
    (ws.posts_dir / "ci.md").write_text(post("![chart](chart.png)\n"), "utf-8")
    bundle = ws.out_dir / "ci" / "hugo"
    bundle.mkdir(parents=True)
    (bundle / "chart.png").symlink_to(victim)
    result = render(runner, "ci", "--to", "hugo")
    assert result.exit_code == 2, result.output
    assert "refusing to write outside the output folder" in result.output
    assert victim.read_text("utf-8") == "keep me\n"


def test_an_output_folder_that_is_a_link_is_refused(runner, ws, tmp_path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    ws.out_dir.mkdir()
    (ws.out_dir / "ci").symlink_to(elsewhere)
    (ws.posts_dir / "ci.md").write_text(post(), "utf-8")
    result = render(runner, "ci", "--to", "every")
    assert result.exit_code == 2, result.output
    assert "symbolic link" in result.output
    assert list(elsewhere.iterdir()) == []


def test_an_out_folder_linking_out_of_the_workspace_is_refused(runner, ws, tmp_path) -> None:
    home = tmp_path / "home"
    (home / "ci").mkdir(parents=True)
    (home / "ci" / "x.txt").write_text("mine\n", "utf-8")
    ws.out_dir.symlink_to(home)
    (ws.posts_dir / "ci.md").write_text(post(), "utf-8")
    result = render(runner, "ci", "--to", "every")
    assert result.exit_code == 2, result.output
    assert "is a link to a folder outside the workspace" in result.output
    assert sorted(p.name for p in (home / "ci").iterdir()) == ["x.txt"]
    # Named on purpose, the real folder is used.
    assert render(runner, "ci", "--to", "x", "--out", str(tmp_path / "elsewhere")).exit_code == 0


def test_images_with_one_name_get_two_names_and_the_markdown_follows(runner, ws) -> None:
    png(ws.posts_dir / "a" / "chart.png", (10, 10))
    png(ws.posts_dir / "b" / "chart.png", (20, 10))
    png(ws.root / "img" / "Chart.png", (30, 10))
    body = (
        "![a](a/chart.png) and again ![a again](./a/chart.png)\n\n"
        "![b][second]\n\n"
        "![c](<../img/Chart.png>)\n\n"
        "```markdown\n![kept as written](a/chart.png)\n```\n\n"
        "[second]: b/chart.png\n"
    )
    (ws.posts_dir / "ci.md").write_text(post(body), "utf-8")
    result = render(runner, "ci", "--to", "hugo,zhihu")
    assert result.exit_code == 0, result.output
    assert "warning" not in result.output  # Zhihu only says which files to upload
    bundle = ws.out_dir / "ci" / "hugo"
    sizes = {p.name: Image.open(p).size for p in bundle.glob("*.png")}
    assert sizes == {"chart.png": (10, 10), "chart-2.png": (20, 10), "Chart-3.png": (30, 10)}
    index = (bundle / "index.md").read_text("utf-8")
    assert "![a](chart.png) and again ![a again](chart.png)" in index
    assert "[second]: chart-2.png" in index
    assert "![c](Chart-3.png)" in index
    assert "![kept as written](a/chart.png)" in index  # code is left as it is
    zhihu = (ws.out_dir / "ci" / "zhihu.md").read_text("utf-8")
    assert "![c](Chart-3.png)" in zhihu


def test_an_image_named_index_md_does_not_replace_the_page(runner, ws) -> None:
    """An image named index.md would replace the bundle's page: it keeps its format's suffix."""
    png(ws.posts_dir / "pics" / "index.md")
    (ws.posts_dir / "ci.md").write_text(post("![x](pics/index.md)\n"), "utf-8")
    result = render(runner, "ci", "--to", "hugo")
    assert result.exit_code == 0, result.output
    bundle = ws.out_dir / "ci" / "hugo"
    assert "## Problem" in (bundle / "index.md").read_text("utf-8")
    assert (bundle / "index.md.png").is_file()


# item 5: a symbolic link as an image ------------------------------------------------------


def test_item5_an_image_linking_out_of_the_workspace_is_refused(runner, ws, tmp_path) -> None:
    private = png(tmp_path / "private" / "scan.png")
    (ws.posts_dir / "scan.png").symlink_to(private)
    png(ws.root / "img" / "real.png")
    (ws.posts_dir / "inside.png").symlink_to(ws.root / "img" / "real.png")
    (ws.posts_dir / "ci.md").write_text(post("![s](scan.png)\n\n![i](inside.png)\n"), "utf-8")
    result = render(runner, "ci", "--to", "hugo,wechat")
    assert result.exit_code == 0, result.output
    assert "image scan.png is a symbolic link to a file outside the workspace" in result.output
    bundle = ws.out_dir / "ci" / "hugo"
    assert sorted(p.name for p in bundle.iterdir()) == ["index.md", "inside.png"]
    manifest = json.loads((ws.out_dir / "ci" / "manifest.json").read_text("utf-8"))
    rules = [f["rule"] for f in manifest["channels"]["hugo"]["findings"]]
    assert rules == ["hugo.image-outside-workspace"]


# item 16: absolute image paths ------------------------------------------------------------


def test_item16_absolute_image_paths_are_copied_or_refused_and_never_published(
    runner, ws, tmp_path
) -> None:
    inside = png(ws.root / "shots" / "mine.png")
    outside = png(tmp_path / "Pictures" / "x.png")
    body = f"![in]({inside})\n\n![out]({outside})\n\n![site](/images/logo.png)\n"
    (ws.posts_dir / "ci.md").write_text(post(body), "utf-8")
    result = render(runner, "ci", "--to", "every")
    assert result.exit_code == 0, result.output
    out = ws.out_dir / "ci"
    assert sorted(p.name for p in (out / "hugo").iterdir()) == ["index.md", "mine.png"]
    assert f"image {outside} is outside the workspace" in result.output
    text = outputs(out)
    assert str(tmp_path) not in text  # no path of this computer, in any output
    assert "](mine.png)" in text and "](x.png)" in text
    assert "/images/logo.png" in text  # a site address is not a file: kept
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    assert manifest["source"] == "posts/ci.md"
    assert all(
        not Path(name).is_absolute() for c in manifest["channels"].values() for name in c["files"]
    )


# item 10: the size cap, and the cards counted before they are drawn -----------------------


def test_item10_a_post_over_the_size_cap_is_refused(runner, ws) -> None:
    from inpublic.workspace.post import MAX_BYTES

    (ws.posts_dir / "huge.md").write_text(post("a" * MAX_BYTES), "utf-8")
    result = render(runner, "huge", "--to", "hugo")
    assert result.exit_code == 2, result.output
    assert "too large to be a post" in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert not ws.out_dir.exists()


def test_item10_only_the_cards_xiaohongshu_takes_are_drawn(runner, ws) -> None:
    body = "\n\n".join(f"Paragraph {n} says what changed in the build." for n in range(400))
    (ws.posts_dir / "ci.md").write_text(post(body), "utf-8")
    result = render(runner, "ci", "--to", "xiaohongshu")
    assert result.exit_code == 0, result.output
    assert "the text needs more than 18 cards" in result.output
    assert len(list((ws.out_dir / "ci" / "xiaohongshu").glob("card-*.png"))) == 18


# item 15: two posts with one slug ---------------------------------------------------------


def test_item15_two_posts_with_one_slug_are_refused(runner, ws) -> None:
    (ws.posts_dir / "one.md").write_text(post(extra="slug: ci\n"), "utf-8")
    (ws.posts_dir / "two.md").write_text(post(extra="slug: ci\n"), "utf-8")
    result = render(runner, "one", "--to", "hugo")
    assert result.exit_code == 2, result.output
    assert "two posts have the slug 'ci': posts/one.md and posts/two.md" in result.output
    assert "give one of them another 'slug:'" in result.output
    assert not ws.out_dir.exists()
    (ws.posts_dir / "two.md").write_text(post(extra="slug: ci-two\n"), "utf-8")
    assert render(runner, "one", "--to", "hugo").exit_code == 0


# item 12: each of these was an internal error (exit 70) -----------------------------------


def test_item12_line_separators_in_the_body_on_xiaohongshu(runner, ws) -> None:
    body = "One\u0085two\u2029three\u2028four\x1cfive, and a \r carriage return.\n"
    (ws.posts_dir / "ci.md").write_text(post(body, title='"Build\\u2029time\\x85"'), "utf-8")
    result = render(runner, "ci", "--to", "xiaohongshu")
    assert result.exit_code == 0, result.output
    assert list((ws.out_dir / "ci" / "xiaohongshu").glob("card-*.png"))


@pytest.mark.parametrize("font", ["posts/ci.md", "no/such/font.ttf", "[1, 2]"])
def test_item12_a_font_that_is_not_one_is_a_finding(runner, ws, font) -> None:
    extra = f"channels:\n  xiaohongshu:\n    font: {font}\n"
    (ws.posts_dir / "ci.md").write_text(post(extra=extra), "utf-8")
    result = render(runner, "ci", "--to", "xiaohongshu", "--strict")
    assert result.exit_code == 1, result.output
    assert "channels.xiaohongshu.font:" in result.output
    assert (ws.out_dir / "ci" / "xiaohongshu.txt").is_file()


def test_item12_a_file_that_is_not_an_image(runner, ws) -> None:
    (ws.posts_dir / "notes.png").write_text("just text\n", "utf-8")
    (ws.posts_dir / "ci.md").write_text(post("![chart](notes.png)\n"), "utf-8")
    result = render(runner, "ci", "--to", "every")
    assert result.exit_code == 0, result.output
    assert "notes.png is not an image" in result.output
    assert not (ws.out_dir / "ci" / "hugo" / "notes.png").exists()


def test_item12_a_225_megapixel_png(runner, ws) -> None:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", 15000, 15000, 8, 0, 0, 0, 0)  # grey, 8 bits
    data = zlib.compress(b"\0" * 15001 * 4)  # a few rows: Pillow refuses it by the header
    (ws.posts_dir / "big.png").write_bytes(
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")
    )
    (ws.posts_dir / "ci.md").write_text(post("![big](big.png)\n"), "utf-8")
    result = render(runner, "ci", "--to", "every")
    assert result.exit_code == 0, result.output
    assert "big.png is too large to be a post's image (225 megapixels" in result.output
    assert not (ws.out_dir / "ci" / "hugo" / "big.png").exists()


# item 24: raw HTML that runs code, for Hugo -----------------------------------------------


def test_item24_raw_html_that_runs_code_is_a_warning_for_hugo(runner, ws) -> None:
    body = (
        "<script>alert(1)</script>\n\n"
        "A picture <img src=x onerror=alert(2)> inline.\n\n"
        "<!-- a comment with onclick= in it is fine -->\n"
    )
    (ws.posts_dir / "ci.md").write_text(post(body), "utf-8")
    result = render(runner, "ci", "--to", "hugo", "--strict")
    assert result.exit_code == 1, result.output
    manifest = json.loads((ws.out_dir / "ci" / "manifest.json").read_text("utf-8"))
    missing, finding = manifest["channels"]["hugo"]["findings"]
    assert missing["rule"] == "hugo.missing-image"  # a raw <img>'s src is an image too
    assert finding["rule"] == "hugo.raw-html"
    assert "<script>, on…=" in finding["message"] and "line 10, 12" in finding["message"]
    assert "markup.goldmark.renderer.unsafe" in finding["message"]
    plain = post("<!-- only a comment -->\n")
    (ws.posts_dir / "ci.md").write_text(plain, "utf-8")
    assert render(runner, "ci", "--to", "hugo", "--strict").exit_code == 0
