"""Posts written by someone else: a slug, a link or an out folder must never make inpublic
write or delete outside the folders it owns. Each test runs the real command line in a
temporary folder and compares every file in that folder before and after."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from inpublic.cli import app

GOOD = "---\ntitle: Good\ndate: 2026-10-11\n---\n\n## Problem\n\nMy post.\n"
GENERATED = ("out", ".inpublic")


def run(runner, *args: str):
    return runner.invoke(app, list(args))


def snapshot(folder: Path, skip: tuple[str, ...] = GENERATED) -> dict[str, str]:
    """Every file and link under ``folder`` (but generated ones) with a hash of its bytes."""
    files = {}
    for path in folder.rglob("*"):
        relative = path.relative_to(folder)
        if set(relative.parts) & set(skip):
            continue
        if path.is_symlink():
            files[str(relative)] = "-> " + os.readlink(path)
        elif path.is_file():
            files[str(relative)] = hashlib.sha256(path.read_bytes()).hexdigest()
    return files


@pytest.fixture
def ws(runner, tmp_path: Path, monkeypatch) -> Path:
    assert run(runner, "init", "ws", "--name", "Me").exit_code == 0
    monkeypatch.chdir(tmp_path / "ws")
    (tmp_path / "ws" / "posts" / "good.md").write_text(GOOD, "utf-8")
    return tmp_path / "ws"


def test_a_slug_that_climbs_out_cannot_delete_the_workspace(runner, ws, tmp_path) -> None:
    """Issue 12, item 1, as reported: build, delete the post, build again."""
    evil = ws / "posts" / "evil.md"
    evil.write_text(
        '---\ntitle: Evil\ndate: 2026-10-12\nslug: "../../.."\n---\n\n## Problem\n\nHello.\n',
        "utf-8",
    )
    before = snapshot(tmp_path)
    first = run(runner, "site", "build")
    assert first.exit_code == 2
    assert "posts/evil.md:4: slug: expected one path segment" in first.output
    assert (ws / "out" / "site" / "posts" / "good" / "index.html").is_file()  # the rest is built
    evil.unlink()
    before.pop("ws/posts/evil.md")
    assert run(runner, "site", "build").exit_code == 0
    assert snapshot(tmp_path) == before


def test_a_stale_page_is_removed_only_inside_the_site(runner, ws, tmp_path) -> None:
    """A damaged or planted build state may name any slug: only out/site/posts/<slug> goes."""
    assert run(runner, "site", "build").exit_code == 0
    state = ws / ".inpublic" / "site-state.json"
    planted = state.read_text("utf-8").replace('"slug":"good"', '"slug":"../../../posts"')
    state.write_text(planted, "utf-8")
    (ws / "posts" / "good.md").write_text(GOOD.replace("My post.", "My post, edited."), "utf-8")
    before = snapshot(tmp_path)
    assert run(runner, "site", "build").exit_code == 0
    assert snapshot(tmp_path) == before


def test_render_cannot_write_outside_out(runner, ws, tmp_path) -> None:
    """Issue 12, item 2: a slug that is an absolute path, and an image outside the workspace."""
    ssh = tmp_path / "home" / ".ssh"
    ssh.mkdir(parents=True)
    (ssh / "authorized_keys").write_text("ssh-ed25519 AAAA mine\n", "utf-8")
    (tmp_path / "secret").mkdir()
    (tmp_path / "secret" / "id_rsa").write_text("PRIVATE\n", "utf-8")
    (ws / "posts" / "evil.md").write_text(
        f"---\ntitle: Evil\nslug: {ssh}\n---\n\n## Problem\n\n"
        "![architecture](../authorized_keys)\n",
        "utf-8",
    )
    before = snapshot(tmp_path)
    result = run(runner, "render", "evil", "--to", "every", "--force")
    assert result.exit_code == 2
    assert "posts/evil.md:3: slug: expected one path segment" in result.output
    assert snapshot(tmp_path) == before
    assert not (ws / "out").exists()


@pytest.mark.parametrize("out", [".", "posts", "posts/site", "/", ".inpublic", ".."])
@pytest.mark.parametrize(
    "command", [["site", "build"], ["render", "good", "--to", "every", "--force"]]
)
def test_an_out_folder_that_holds_or_lies_in_the_sources_is_refused(
    runner, ws, out, command
) -> None:
    before = snapshot(ws, skip=())
    result = run(runner, *command, "--out", out)
    assert result.exit_code == 2, result.output
    assert "cannot write outputs in" in result.output
    assert snapshot(ws, skip=()) == before


@pytest.mark.parametrize("link", ["out", "out/site", ".inpublic"])
def test_a_workspace_folder_linked_out_of_the_workspace_is_not_written_through(
    runner, ws, tmp_path, link
) -> None:
    """A cloned workspace can ship out/, out/site or .inpublic as a link to any folder."""
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "index.html").write_text("precious", "utf-8")
    (ws / link).parent.mkdir(parents=True, exist_ok=True)
    (ws / link).symlink_to(victim)
    commands = [
        ["site", "build"],
        ["render", "good", "--force"],
        ["check"],
        ["ship", "good", "--force", "--channel", "x"],
    ]
    for command in commands + [["brag"]]:
        result = run(runner, *command)
        assert "internal error" not in result.output, (command, result.output)
    assert sorted(p.name for p in victim.iterdir()) == ["index.html"]
    assert (victim / "index.html").read_text("utf-8") == "precious"


def test_a_leaf_bundle_is_never_deleted_by_a_slug_rename(runner, ws, tmp_path) -> None:
    """Issue 12, item 3: with posts/<slug>/index.md, --out posts would delete the source."""
    bundle = ws / "posts" / "bundle"
    bundle.mkdir()
    (bundle / "index.md").write_text(GOOD.replace("Good", "Bundle") + "slug: bundle\n", "utf-8")
    assert run(runner, "site", "build", "--out", "posts").exit_code == 2
    assert run(runner, "site", "build", "--out", "public").exit_code == 0
    assert (bundle / "index.md").is_file()


def test_a_link_in_the_site_folder_is_not_written_through(runner, ws, tmp_path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    site = ws / "out" / "site"
    site.mkdir(parents=True)
    (site / "posts").symlink_to(elsewhere)
    result = run(runner, "site", "build")
    assert result.exit_code == 2
    assert "is a link in the site folder" in result.output
    assert list(elsewhere.iterdir()) == []


def test_a_linked_post_outside_the_workspace_is_not_published(runner, ws, tmp_path) -> None:
    """Issue 12, item 5: posts/notes.md -> a private file."""
    secret = tmp_path / "id_rsa.md"
    secret.write_text("---\ntitle: key\n---\n\nPRIVATE KEY\n", "utf-8")
    (ws / "posts" / "notes.md").symlink_to(secret)
    inside = ws / "drafts.md"
    inside.write_text(GOOD.replace("Good", "Linked inside"), "utf-8")
    (ws / "posts" / "inside.md").symlink_to(inside)  # a link inside the workspace is fine
    result = run(runner, "site", "build")
    assert result.exit_code == 2
    assert "posts/notes.md: is a link to" in result.output
    assert "outside the workspace" in result.output
    site = ws / "out" / "site"
    published = " ".join(p.read_text("utf-8") for p in site.rglob("*") if p.is_file())
    assert "PRIVATE KEY" not in published and "Linked inside" in published
    for command in (
        ["check", "posts/notes.md"],
        ["render", "notes", "--force"],
        ["ship", "notes", "--force", "--channel", "x"],
    ):
        result = run(runner, *command)
        assert result.exit_code == 2, (command, result.output)
        assert "outside the workspace" in result.output


def test_one_bad_post_is_reported_and_the_others_are_checked_and_built(runner, ws) -> None:
    """Issue 12, item 12: an impossible date used to abort the whole run."""
    (ws / "posts" / "bad.md").write_text("---\ntitle: Bad\ndate: 2026-02-30\n---\n\nx\n", "utf-8")
    result = run(runner, "check")
    assert result.exit_code == 2
    assert "posts/bad.md:3: front matter: not a real date: 2026-02-30" in (result.output)
    assert "good.md" in result.output
    result = run(runner, "site", "build")
    assert result.exit_code == 2
    assert "posts/bad.md:3:" in result.output
    assert (ws / "out" / "site" / "posts" / "good" / "index.html").is_file()


def test_an_error_quoting_user_text_sends_no_escape_sequence(runner, ws) -> None:
    (ws / "posts" / "t.md").write_text('---\ntitle: t\nslug: "a\x1b]0;pwned\x07"\n---\nx\n')
    for args in (["render", "t"], ["render", "no\x1b]52;c;Zm9v\x07such"]):
        result = run(runner, *args)
        assert result.exit_code == 2 and "\x1b" not in result.output, result.output


def test_a_gone_post_takes_only_the_files_the_build_wrote(runner, ws, tmp_path) -> None:
    """--out at a folder of the user's own (a GitHub Pages checkout): when a post goes away,
    its page goes, and the user's own files in that folder stay."""
    from PIL import Image

    pages = tmp_path / "pages"
    (pages / "posts" / "good").mkdir(parents=True)
    (pages / "posts" / "good" / "photo.jpg").write_text("mine", "utf-8")
    Image.new("RGB", (4, 4)).save(ws / "posts" / "chart.png")
    (ws / "posts" / "good.md").write_text(GOOD + "\n![c](chart.png)\n", "utf-8")
    assert run(runner, "site", "build", "--out", str(pages)).exit_code == 0
    assert (pages / "posts" / "good" / "chart.png").is_file()
    (ws / "posts" / "good.md").unlink()
    assert run(runner, "site", "build", "--out", str(pages)).exit_code == 0
    assert [p.name for p in (pages / "posts" / "good").iterdir()] == ["photo.jpg"]
    (ws / "posts" / "other.md").write_text(GOOD.replace("Good", "Other"), "utf-8")
    assert run(runner, "site", "build", "--out", str(pages)).exit_code == 0
    (ws / "posts" / "other.md").unlink()
    assert run(runner, "site", "build", "--out", str(pages)).exit_code == 0
    assert not (pages / "posts" / "other").exists()  # a folder left empty goes too


@pytest.mark.parametrize("form", ["text", "line", "github"])
def test_a_file_name_cannot_start_a_line_of_its_own(runner, ws, form) -> None:
    """GitHub Actions obeys any output line that starts with '::'."""
    (ws / "posts" / "a\n::warning::y.md").write_text(GOOD, "utf-8")
    result = run(runner, "check", "--format", form)
    assert result.exit_code in (1, 2), result.output
    assert "y.md" in result.output
    assert not [line for line in result.output.splitlines() if line.startswith("::warning::y")]
