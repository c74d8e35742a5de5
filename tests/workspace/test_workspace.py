from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from inpublic.errors import InpublicError, WorkspaceError
from inpublic.workspace import find_workspace, init_workspace


def test_init_creates_config_posts_and_gitignore(tmp_path: Path) -> None:
    workspace = init_workspace(
        tmp_path / "blog", name='Mei "MC" Chen', languages=["zh", "en"], channels=["hugo", "wechat"]
    )
    assert (tmp_path / "blog" / "posts").is_dir()
    assert (tmp_path / "blog" / ".gitignore").read_text() == "out/\n.inpublic/\n"
    config = workspace.config
    assert config.profile.name == 'Mei "MC" Chen'
    assert config.profile.languages == ["zh", "en"]
    assert config.channels.publish == ["hugo", "wechat"]
    assert config.goals.total == 1000
    assert config.goals.minutes_per_share == 30


def test_init_keeps_an_existing_gitignore(tmp_path: Path) -> None:
    (tmp_path / ".gitignore").write_text("*.pyc\nout/")
    init_workspace(tmp_path, name="x")
    assert (tmp_path / ".gitignore").read_text() == "*.pyc\nout/\n.inpublic/\n"


def test_init_takes_the_name_from_git(tmp_path: Path) -> None:
    subprocess.run(["git", "config", "--global", "user.name", "Git Person"], check=True)
    assert init_workspace(tmp_path).config.profile.name == "Git Person"


def test_init_refuses_to_overwrite(tmp_path: Path) -> None:
    init_workspace(tmp_path, name="x")
    with pytest.raises(WorkspaceError) as caught:
        init_workspace(tmp_path, name="y")
    assert "already exists" in caught.value.message


def test_init_rejects_unknown_channel(tmp_path: Path) -> None:
    with pytest.raises(InpublicError) as caught:
        init_workspace(tmp_path, channels=["hugo", "myspace"])
    assert "myspace" in caught.value.message
    assert not (tmp_path / "inpublic.toml").exists()


def test_found_by_walking_up(tmp_path: Path, monkeypatch) -> None:
    init_workspace(tmp_path / "ws", name="x")
    deep = tmp_path / "ws" / "posts" / "2026" / "nov"
    deep.mkdir(parents=True)
    monkeypatch.chdir(deep)
    assert find_workspace().root == (tmp_path / "ws").resolve()


def test_outside_a_workspace_says_how_to_make_one(tmp_path: Path) -> None:
    with pytest.raises(WorkspaceError) as caught:
        find_workspace(tmp_path)
    assert "inpublic init" in caught.value.hint


def test_post_path_accepts_path_name_or_slug(workspace) -> None:
    post = workspace.posts_dir / "hello.md"
    post.write_text("---\ntitle: hi\n---\n")
    assert workspace.post_path("hello") == post
    assert workspace.post_path("hello.md") == post
    assert workspace.post_path(post) == post
    with pytest.raises(InpublicError):
        workspace.post_path("nope")


def test_post_path_finds_a_post_by_its_front_matter_slug(workspace) -> None:
    """Issue 15: a post renamed through its slug: is still found by that slug, and a leaf
    bundle by its folder; two posts with one slug are named, not guessed between."""
    dated = workspace.posts_dir / "2026-11-30-wheel-cache.md"
    dated.write_text("---\ntitle: Cache\nslug: ci-cache\n---\n\nText.\n", "utf-8")
    assert workspace.post_path("ci-cache") == dated
    bundle = workspace.posts_dir / "release-checks" / "index.md"
    bundle.parent.mkdir()
    bundle.write_text("---\ntitle: Release\n---\n\nText.\n", "utf-8")
    assert workspace.post_path("release-checks") == bundle
    (workspace.posts_dir / "twin.md").write_text("---\ntitle: T\nslug: ci-cache\n---\n\nx\n")
    with pytest.raises(InpublicError, match="2 posts have the slug 'ci-cache'"):
        workspace.post_path("ci-cache")
