from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from inpublic.capture import CaptureError, capture, find_facts

from .conftest import Repo


def test_facts_in_commit_messages() -> None:
    texts = {
        f.text: f
        for f in find_facts(
            "perf: startup 2.1s → 0.6s; p95 from 800 ms to 120 ms, 3x faster overall.\n"
            "内存减少了 40%，构建从 14 分钟降到 4 分钟。",
            "abc1234",
        )
    }
    assert set(texts) == {
        "2.1s → 0.6s",
        "from 800 ms to 120 ms",
        "3x faster",
        "减少了 40%",
        "从 14 分钟降到 4 分钟",
    }
    change = texts["from 800 ms to 120 ms"]
    assert (change.kind, change.before, change.after) == ("change", "800 ms", "120 ms")
    assert texts["3x faster"].kind == "ratio" and texts["减少了 40%"].kind == "ratio"


def test_pieces_by_pull_request_scope_and_gaps(repo: Repo) -> None:
    repo.commit("feat(parser): read front matter", "2026-10-01T10:00:00+00:00")
    repo.commit("fix(parser): keep CRLF line endings", "2026-10-02T10:00:00+00:00")
    repo.commit(
        "Cache wheel builds in CI (#12)\n\nCI from 14 min to 4 min.",
        "2026-10-03T10:00:00+00:00",
        {"bench/results.csv": "ci,4\n"},
    )
    repo.commit("tidy up", "2026-10-10T09:00:00+00:00")
    repo.commit("more tidying", "2026-10-10T11:00:00+00:00")
    repo.commit("unrelated later work", "2026-10-20T09:00:00+00:00")
    log = capture([repo.path], since="2026-09-01")
    assert [(p.key, len(p.commits)) for p in log.pieces] == [
        ("scope parser", 2),
        ("pr #12", 1),
        ("work of 2026-10-10", 2),  # a burst of work is named by its days
        ("work of 2026-10-20", 1),
    ]
    pr = log.pieces[1]
    assert pr.title == "Cache wheel builds in CI"
    assert pr.refs == ("#12",)
    assert pr.result_files == ("bench/results.csv",)
    assert [f.text for f in pr.facts] == ["from 14 min to 4 min"]
    assert log.pieces[0].title == "parser: read front matter"


def test_unmerged_branches_are_pieces(repo: Repo) -> None:
    repo.commit("main work", "2026-10-01T10:00:00+00:00")
    repo.git("checkout", "-q", "-b", "search-index")
    repo.commit("try trigram tokenizer", "2026-10-02T10:00:00+00:00")
    repo.commit("fall back to LIKE", "2026-10-02T11:00:00+00:00")
    repo.git("checkout", "-q", "main")
    repo.commit("more main work", "2026-10-02T12:00:00+00:00")
    log = capture([repo.path], since="2026-09-01")
    assert [(p.key, [c.subject for c in p.commits]) for p in log.pieces] == [
        ("work of 2026-10-01", ["main work"]),
        ("branch search-index", ["try trigram tokenizer", "fall back to LIKE"]),
        ("work of 2026-10-02", ["more main work"]),
    ]


def test_window_author_and_merges(repo: Repo) -> None:
    repo.commit("old work", "2025-01-01T10:00:00+00:00")
    repo.commit("someone else", "2026-10-01T10:00:00+00:00", email="sam@example.com", name="Sam")
    repo.commit("my work", "2026-10-02T10:00:00+00:00")
    repo.git("checkout", "-q", "-b", "topic")
    repo.commit("topic work", "2026-10-03T10:00:00+00:00")
    repo.git("checkout", "-q", "main")
    repo.commit("main work", "2026-10-04T10:00:00+00:00")
    repo.git(
        "merge",
        "-q",
        "--no-ff",
        "topic",
        "-m",
        "Merge pull request #7 from mei/topic",
        env={
            "GIT_AUTHOR_DATE": "2026-10-05T10:00:00+00:00",
            "GIT_COMMITTER_DATE": "2026-10-05T10:00:00+00:00",
        },
    )
    subjects = [
        c.subject for p in capture([repo.path], since="2026-09-01").pieces for c in p.commits
    ]
    assert subjects == ["my work", "topic work", "main work"]
    with_merges = capture([repo.path], since="2026-09-01", merges=True)
    assert "Merge pull request #7 from mei/topic" in [
        c.subject for p in with_merges.pieces for c in p.commits
    ]
    sam = capture([repo.path], since="2026-09-01", author="sam@example.com")
    assert [c.subject for p in sam.pieces for c in p.commits] == ["someone else"]


def test_mailmap_is_honoured(repo: Repo) -> None:
    repo.commit("as old address", "2026-10-01T10:00:00+00:00", email="mei@old.example")
    repo.commit("as new address", "2026-10-02T10:00:00+00:00")
    log = capture([repo.path], since="2026-09-01")
    assert log.commits == 1
    assert "also commits as mei@old.example" in log.warnings[0]
    assert ".mailmap" in log.warnings[0]
    (repo.path / ".mailmap").write_text("Mei Chen <mei@example.com> <mei@old.example>\n")
    log = capture([repo.path], since="2026-09-01")
    assert log.commits == 2 and not log.warnings
    assert {c.email for p in log.pieces for c in p.commits} == {"mei@example.com"}


def test_not_a_repository(tmp_path: Path) -> None:
    with pytest.raises(CaptureError) as caught:
        capture([tmp_path])
    assert caught.value.message == "not a git repository"
    with pytest.raises(CaptureError) as caught:
        capture([tmp_path / "missing"])
    assert "no such folder" in caught.value.message


def test_empty_repository(tmp_path: Path) -> None:
    Repo(tmp_path / "empty")
    with pytest.raises(CaptureError) as caught:
        capture([tmp_path / "empty"])
    assert "no commits yet" in caught.value.message


def test_no_commits_in_the_window_suggests_a_wider_one(repo: Repo) -> None:
    repo.commit("old work", "2024-01-01T10:00:00+00:00")
    with pytest.raises(CaptureError) as caught:
        capture([repo.path], since="2w")
    assert "no commits by mei@example.com since 2w" in caught.value.message
    assert "--since 3m" in caught.value.hint


def test_shallow_clone_is_a_warning(repo: Repo, tmp_path: Path) -> None:
    for day in range(1, 4):
        repo.commit(f"work {day}", f"2026-10-0{day}T10:00:00+00:00")
    clone = tmp_path / "shallow"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", repo.path.as_uri(), str(clone)], check=True
    )
    log = capture([clone], since="2026-09-01", author="mei@example.com")
    assert log.commits == 1
    assert "shallow clone" in log.warnings[0] and "--unshallow" in log.warnings[0]


def test_messages_that_are_not_utf8(repo: Repo) -> None:
    repo.git("config", "i18n.commitEncoding", "binary")
    short = repo.commit("caf\xe9 latin-1 message".encode("latin-1"), "2026-10-01T10:00:00+00:00")
    log = capture([repo.path], since="2026-09-01")
    assert log.pieces[0].commits[0].subject == "caf� latin-1 message"
    assert f"not UTF-8 ({short})" in log.warnings[0]


def test_draft_never_invents_a_number(repo: Repo, workspace, monkeypatch) -> None:
    from typer.testing import CliRunner

    from inpublic.cli import app
    from inpublic.workspace import load_post

    messages = [
        "perf(ci): cache wheels\n\nCI went from 14 min to 4 min on 50 runs.",
        "perf(ci): split tests into 4 jobs\n\nThe slowest job: 5 min 10 s → 70 s.",
        "perf(ci): drop the docs build, 3x faster",
    ]
    for day, message in enumerate(messages, start=1):
        repo.commit(message, f"2026-10-0{day}T10:00:00+00:00")
    monkeypatch.chdir(workspace.root)
    result = CliRunner().invoke(
        app,
        ["new", "--from-git", "--repo", str(repo.path), "--since", "2026-09-01", "--piece", "1"],
    )
    assert result.exit_code == 0, result.output
    post = load_post(next(workspace.posts_dir.glob("*.md")))
    body = post.body
    assert "- 14 min (commit " in body.split("## Before")[1].split("## Solution")[0]
    result_section = body.split("## Result")[1].split("## Process")[0]
    assert "from 14 min to 4 min" in result_section and "3x faster" in result_section
    shas = set(re.findall(r"\(commit ([0-9a-f]{7,})\)", body))
    assert shas and all(len(s) >= 7 for s in shas)
    source = "\n".join(messages)
    drafted = re.sub(r"<!--.*?-->|\(commit [0-9a-f]+\)", "", body)  # prompts and citations out
    for number in re.findall(r"\d+(?:\.\d+)?", drafted):
        assert number in source, number
    assert (
        "## Problem\n\n<!-- What problem did you solve, and who had it? -->\n\n<!--more-->" in body
    )  # what the facts cannot answer is left as a prompt


def test_capture_cli_text_and_json(repo: Repo, runner) -> None:
    import json

    from inpublic.cli import app

    repo.commit("feat(api): add /search, p95 from 180 ms to 23 ms", "2026-10-01T10:00:00+00:00")
    result = runner.invoke(app, ["capture", "--repo", str(repo.path), "--since", "2026-09-01"])
    assert result.exit_code == 0, result.output
    assert "facts: from 180 ms to 23 ms" in result.output
    data = json.loads(
        runner.invoke(
            app, ["capture", "--repo", str(repo.path), "--since", "2026-09-01", "--json"]
        ).output
    )
    assert data["version"] == 1
    assert data["pieces"][0]["facts"][0]["before"] == "180 ms"
    bad = runner.invoke(app, ["capture", "--repo", str(repo.path.parent / "nope")])
    assert bad.exit_code == 2 and "no such folder" in bad.output


def test_brag_document(repo: Repo, workspace, runner, monkeypatch) -> None:
    from inpublic.cli import app

    repo.commit(
        "feat(api): add /search, p95 from 180 ms to 23 ms\n\n"
        "Co-authored-by: Sam Lee <sam@example.com>",
        "2026-10-01T10:00:00+00:00",
    )
    config = workspace.config_path.read_text("utf-8")
    workspace.config_path.write_text(config + f'\n[capture]\nrepos = ["{repo.path}"]\n', "utf-8")
    monkeypatch.chdir(workspace.root)
    result = runner.invoke(app, ["brag", "--since", "2026-09-01"])
    assert result.exit_code == 0, result.output
    text = (workspace.out_dir / "brag.md").read_text("utf-8")
    for heading in (
        "## Goals",
        "## Projects",
        "### ledgerline",
        "## What shipped",
        "## Collaboration",
        "## What I learned",
    ):
        assert heading in text
    assert "from 180 ms to 23 ms" in text and "Worked with: Sam Lee" in text


HOSTILE = "\x1b]0;pwned\x07 and \x1b]52;c;cHduZWQ=\x07 \x1b[2J"


def test_escape_sequences_in_commits_do_not_reach_the_terminal(repo: Repo, runner) -> None:
    import json

    from inpublic.cli import app

    repo.commit(
        f"feat: {HOSTILE} p95 from 180 ms to 23 ms",
        "2026-10-01T10:00:00+00:00",
        files={f"src/{HOSTILE}.py": "x = 1\n"},
        name=f"Mei {HOSTILE}",
    )
    args = ["--repo", str(repo.path), "--since", "2026-09-01"]
    result = runner.invoke(app, ["capture", *args])
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "]0;pwned and ]52;c;cHduZWQ=" in result.output  # the text is shown, inert
    data = json.loads(runner.invoke(app, ["capture", *args, "--json"]).output)
    assert HOSTILE in data["pieces"][0]["commits"][0]["subject"]  # JSON keeps it exact
    out = repo.path.parent / f"brag{HOSTILE}.md"
    brag = runner.invoke(app, ["brag", *args, "--out", str(out)])
    assert brag.exit_code == 0, brag.output
    assert out.exists() and "\x1b" not in brag.output


@pytest.mark.parametrize(
    "message",
    [
        "chore(release): bump version 2.1.0 → 2.2.0",
        "release v2.4.0 (#123)",
        "deps: bump go from 1.21 to 1.22",
        "升级 docker-ce 从 18.09.1 到 19.03",
        "fix #1234, reported on 2024-01-02 at 14:05",
        "docs: 2015 年以来的更新记录",
    ],
)
def test_a_version_bump_or_a_reference_is_not_a_fact(message: str) -> None:
    assert find_facts(message, "abc1234") == []


def test_a_drafts_result_is_never_a_version_bump(repo: Repo, workspace, monkeypatch) -> None:
    from typer.testing import CliRunner

    from inpublic.cli import app
    from inpublic.workspace import load_post

    repo.commit("chore(release): bump version 2.1.0 → 2.2.0", "2026-10-01T10:00:00+00:00")
    repo.commit("chore(release): tag v2.2.0 (see #87)", "2026-10-01T11:00:00+00:00")
    monkeypatch.chdir(workspace.root)
    result = CliRunner().invoke(
        app,
        ["new", "--from-git", "--repo", str(repo.path), "--since", "2026-09-01", "--piece", "1"],
    )
    assert result.exit_code == 0, result.output
    body = load_post(next(workspace.posts_dir.glob("*.md"))).body
    result_section = body.split("## Result")[1].split("## Process")[0]
    before_section = body.split("## Before")[1].split("## Solution")[0]
    assert "2.2.0" not in result_section and "2.1.0" not in before_section
    assert "<!--" in result_section  # left as a prompt for the writer's own measurement


def test_a_draft_from_several_pieces_holds_the_facts_of_each(
    repo: Repo, workspace, monkeypatch
) -> None:
    """Issue 15: one feature often lands as several pull requests: --piece 1-2 (or 1,3)
    drafts one post from all of them."""
    from typer.testing import CliRunner

    from inpublic.cli import app
    from inpublic.workspace import load_post

    repo.commit("Cache wheels (#31)\n\nCI went from 14 min to 4 min.", "2026-10-01T10:00:00+00:00")
    repo.commit("Split tests (#32)\n\nThe slowest job: 5 min → 70 s.", "2026-10-04T10:00:00+00:00")
    repo.commit("Fix typo (#33)", "2026-10-07T10:00:00+00:00")
    monkeypatch.chdir(workspace.root)
    args = ["new", "--from-git", "--repo", str(repo.path), "--since", "2026-09-01"]
    result = CliRunner().invoke(app, [*args, "--piece", "1-2", "--slug", "ci"])
    assert result.exit_code == 0, result.output
    body = load_post(workspace.posts_dir / "ci.md").body
    assert "from 14 min to 4 min" in body and "5 min → 70 s" in body
    wrong = CliRunner().invoke(app, [*args, "--piece", "2-9"])
    assert wrong.exit_code == 2 and "no piece 4" in wrong.output
