from __future__ import annotations

import json

from inpublic.cli import app

POST = """---
title: CI from 14 to 4 minutes
lang: en
tags: [ci]
---

## Problem

Every pull request waited 14 minutes for CI.

## Result

CI takes 4 min instead of 14 min. See ![chart](missing.png) for the chart.
"""


def test_render_all_channels_and_manifest(runner, workspace, monkeypatch) -> None:
    monkeypatch.chdir(workspace.root)
    (workspace.posts_dir / "ci.md").write_text(POST, "utf-8")
    result = runner.invoke(app, ["render", "ci", "--to", "every"])
    assert result.exit_code == 0, result.output
    out = workspace.out_dir / "ci"
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    assert manifest["version"] == 1
    assert list(manifest["channels"]) == ["hugo", "wechat", "xiaohongshu", "x", "linkedin", "zhihu"]
    for channel in manifest["channels"].values():
        for name in channel["files"]:
            assert (out / name).is_file(), name
    assert "hugo.missing-image" in [f["rule"] for f in manifest["channels"]["hugo"]["findings"]]
    assert "image not found: missing.png" in result.output


def test_strict_and_json(runner, workspace, monkeypatch) -> None:
    monkeypatch.chdir(workspace.root)
    (workspace.posts_dir / "ci.md").write_text(POST, "utf-8")
    result = runner.invoke(app, ["render", "ci", "--to", "hugo", "--strict", "--json"])
    assert result.exit_code == 1
    assert json.loads(result.output)["slug"] == "ci"
    fine = POST.replace(" See ![chart](missing.png) for the chart.", "")
    (workspace.posts_dir / "ci.md").write_text(fine, "utf-8")
    assert runner.invoke(app, ["render", "ci", "--to", "hugo,x", "--strict"]).exit_code == 0


def test_unknown_channel(runner, workspace, monkeypatch) -> None:
    monkeypatch.chdir(workspace.root)
    (workspace.posts_dir / "ci.md").write_text(POST, "utf-8")
    result = runner.invoke(app, ["render", "ci", "--to", "hugo,myspace"])
    assert result.exit_code == 2
    assert "unknown channel 'myspace'" in result.output
    assert "hugo, wechat, xiaohongshu, x, linkedin, zhihu" in result.output


def test_post_without_title(runner, workspace, monkeypatch) -> None:
    monkeypatch.chdir(workspace.root)
    (workspace.posts_dir / "untitled.md").write_text("## Problem\n\nSlow CI.\n", "utf-8")
    result = runner.invoke(app, ["render", "untitled", "--to", "x", "--strict", "--force"])
    assert result.exit_code == 1
    assert "the post has no title" in result.output


def test_all_is_the_channels_of_the_posts_language(runner, workspace, monkeypatch) -> None:
    """Issue 15: [channels] zh and en choose the channels of a post by its language, for
    render (no --to, or --to all) and ship --channel all; a plain publish list still works."""
    monkeypatch.chdir(workspace.root)
    config = workspace.config_path.read_text("utf-8").replace(
        'publish = ["hugo"]', 'publish = ["hugo"]\nzh = ["wechat", "zhihu"]\nen = ["x", "hugo"]'
    )
    workspace.config_path.write_text(config, "utf-8")
    (workspace.posts_dir / "ci.md").write_text(POST, "utf-8")
    zh = "---\ntitle: 导出\n---\n\n运营每周都要手工导出订单，经常超时。我把导出改成了异步任务。\n"
    (workspace.posts_dir / "zh.md").write_text(zh, "utf-8")
    for post, expected in (("ci", ["x", "hugo"]), ("zh", ["wechat", "zhihu"])):
        for args in ([], ["--to", "all"]):
            result = runner.invoke(app, ["render", post, *args, "--json", "--force"])
            assert list(json.loads(result.output)["channels"]) == expected, (post, args)
    shipped = runner.invoke(app, ["ship", "zh", "--channel", "all", "--force", "--json"])
    assert [s["channel"] for s in json.loads(shipped.output)["shares"]] == ["wechat", "zhihu"]


def test_outputs_older_than_the_post_are_named(runner, workspace, monkeypatch) -> None:
    """Issue 15: the manifest records the post it was rendered from; render --check and
    ship say when the outputs are older than the post."""
    monkeypatch.chdir(workspace.root)
    path = workspace.posts_dir / "ci.md"
    path.write_text(POST, "utf-8")
    missing = runner.invoke(app, ["render", "ci", "--check"])
    assert missing.exit_code == 1 and "has not been rendered yet" in missing.output
    assert runner.invoke(app, ["render", "ci", "--to", "hugo"]).exit_code == 0
    assert runner.invoke(app, ["render", "ci", "--check"]).exit_code == 0
    path.write_text(POST.replace("14 min", "15 min"), "utf-8")
    stale = runner.invoke(app, ["render", "ci", "--check"])
    assert stale.exit_code == 1 and "before the post's last edit" in stale.output
    shipped = runner.invoke(app, ["ship", "ci", "--channel", "hugo", "--force"])
    assert "the outputs of ci were rendered before its last edit: inpublic render ci" in (
        shipped.output
    )


def test_ship_open_opens_each_channels_compose_page(runner, workspace, monkeypatch, tmp_path):
    """Issue 15: render writes each platform's compose page into the manifest, with the
    text filled in where the platform takes it (X's intent, LinkedIn's share box); ship
    --open opens them, and the file to copy from, through the user's browser ($BROWSER)."""
    from urllib.parse import parse_qs, urlsplit

    monkeypatch.chdir(workspace.root)
    (workspace.posts_dir / "ci.md").write_text(POST, "utf-8")
    opened = tmp_path / "opened.txt"
    browser = tmp_path / "browser.sh"
    browser.write_text(f'#!/bin/sh\necho "$1" >> {opened}\n', "utf-8")
    browser.chmod(0o755)
    monkeypatch.setenv("BROWSER", f"{browser} %s")
    unrendered = runner.invoke(app, ["ship", "ci", "--channel", "x", "--force", "--open"])
    assert unrendered.exit_code == 2 and "inpublic render ci" in unrendered.output
    assert runner.invoke(app, ["render", "ci", "--to", "every"]).exit_code == 0
    manifest = json.loads((workspace.out_dir / "ci" / "manifest.json").read_text("utf-8"))
    composes = {name: c["compose"] for name, c in manifest["channels"].items()}
    assert composes["hugo"] is None
    x_text = parse_qs(urlsplit(composes["x"]["url"]).query)["text"][0]
    first = json.loads((workspace.out_dir / "ci" / "x.json").read_text("utf-8"))["posts"][0]
    assert x_text == first
    linkedin = (workspace.out_dir / "ci" / "linkedin.txt").read_text("utf-8").strip()
    assert parse_qs(urlsplit(composes["linkedin"]["url"]).query)["text"][0] == linkedin
    result = runner.invoke(app, ["ship", "ci", "--channel", "x,wechat,hugo", "--force", "--open"])
    assert result.exit_code == 0, result.output
    assert "the site publishes it" in result.output and "wechat.preview.html" in result.output
    args = ["ship", "ci", "--channel", "linkedin", "--force", "--open", "--json"]
    quiet = runner.invoke(app, args)
    assert json.loads(quiet.output)["shares"][0]["channel"] == "linkedin"  # the JSON alone
    pages = opened.read_text("utf-8").split()
    assert pages == [
        composes["x"]["url"],
        "https://mp.weixin.qq.com/",
        (workspace.out_dir / "ci" / "wechat.preview.html").resolve().as_uri(),
        composes["linkedin"]["url"],
    ]


def test_render_checks_the_post_first_and_force_goes_on(runner, workspace, monkeypatch):
    """Issue 15: render, like ship, checks the post now (never an old verdict) and refuses
    one that is NOT READY, or a draft, with the reason; --force renders it (a preview)."""
    monkeypatch.chdir(workspace.root)
    (workspace.posts_dir / "thin.md").write_text("---\ntitle: Thin\n---\n\nIt is better.\n")
    refused = runner.invoke(app, ["render", "thin", "--to", "x"])
    assert refused.exit_code == 2 and "thin is NOT READY" in refused.output
    assert "render --force" in refused.output and not (workspace.out_dir / "thin").exists()
    assert runner.invoke(app, ["render", "thin", "--to", "x", "--force"]).exit_code == 0
    draft = POST.replace("lang: en", "lang: en\ndraft: true")
    (workspace.posts_dir / "ci.md").write_text(draft, "utf-8")
    refused = runner.invoke(app, ["render", "ci", "--to", "x"])
    assert refused.exit_code == 2 and "draft: true" in refused.output
    (workspace.posts_dir / "ci.md").write_text(POST, "utf-8")
    rendered = runner.invoke(app, ["render", "ci", "--to", "x"])
    assert rendered.exit_code == 0 and "inpublic ship ci --channel all --open" in rendered.output


def test_on_a_terminal_render_offers_to_publish_a_draft(workspace) -> None:
    """A post from `new` is a draft: at the gate, on a terminal (a real pseudo-terminal
    here), render asks, and a yes writes draft: false and renders."""
    from tests.terminal import run_in_a_terminal

    path = workspace.posts_dir / "ci.md"
    path.write_text(POST.replace("lang: en", "lang: en\ndraft: true"), "utf-8")
    run_in_a_terminal(["render", "ci", "--to", "x"], workspace.root, [(b"publish it?", b"y\n")])
    assert "draft: false" in path.read_text("utf-8")
    assert (workspace.out_dir / "ci" / "x.json").is_file()
