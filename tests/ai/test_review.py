"""inpublic review through the real CLI: offline (the rules' deletions and questions) and with
the model of the local endpoint (endpoint.py); the walk, --apply, --json and the guard."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from inpublic.cli import app
from tests.ai.conftest import configure
from tests.ai.endpoint import Reply, findings

# A front matter with odd but valid formatting: it must come back byte for byte.
FRONT = """---
title:   "CI from 14 to 4 minutes"   # kept as written
id: 01JCI000000000000000000000
lang: en
tags: [ci,   speed]
---
"""
BODY = """
## Problem

Every pull request waited for CI before review. The migration went smoothly.

## Solution

I cached the wheel builds and it was very simple. I think it helps the team.

## Result

CI takes 4 min instead of 14 min, and the team loved it.
"""
POST = FRONT + BODY


@pytest.fixture
def post(workspace, endpoint, monkeypatch) -> Path:
    monkeypatch.chdir(workspace.root)
    monkeypatch.delenv("INPUBLIC_TEST_AI_KEY", raising=False)
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    configure(workspace, endpoint)
    path = workspace.posts_dir / "ci.md"
    path.write_text(POST, "utf-8")
    return path


def review(runner, *args: str, input: str | None = None):
    return runner.invoke(app, ["review", "posts/ci.md", *args], input=input)


def test_offline_the_rules_propose_deletions_and_the_walk_applies_what_is_accepted(
    runner, post, endpoint
) -> None:
    data = json.loads(review(runner, "--json").stdout)
    assert data["version"] == 1 and data["ai"] is None
    shown = [(p["quote"], p["kind"], p["rewrite"], p["by"]) for p in data["proposals"]]
    assert shown == [  # each flagged sentence: a question, or without the flagged words
        ("The migration went smoothly.", "question", None, "rules"),
        (
            "I cached the wheel builds and it was very simple.",
            "rewrite",
            "I cached the wheel builds and it was simple.",
            "rules",
        ),
        ("I think it helps the team.", "rewrite", "It helps the team.", "rules"),
    ]
    assert post.read_text("utf-8") == POST  # --json changes nothing
    assert data["proposals"][0]["question"].startswith("Show what happened")
    result = review(runner, input="n\ny\nq\n")
    assert result.exit_code == 0, result.output
    assert "posts/ci.md:14:1" in result.output and "[y]es [n]o [e]dit [q]uit" in result.output
    assert "1 of 3 proposal(s) applied" in result.output
    assert post.read_text("utf-8") == POST.replace("was very simple", "was simple")
    assert endpoint.requests == []  # nothing is sent without --ai


def test_no_skips_and_edit_takes_the_writers_own_line(runner, post) -> None:
    result = review(runner, input="n\nn\ne\nIt lets the team review sooner.\n")
    assert result.exit_code == 0, result.output
    assert "1 of 3 proposal(s) applied" in result.output
    expected = POST.replace("I think it helps the team.", "It lets the team review sooner.")
    assert post.read_text("utf-8") == expected


MODEL = findings(
    {
        "quote": "The migration went smoothly.",
        "category": "peacock",
        "rewrite": "The migration finished.",
    },
    {
        "quote": "I cached the wheel builds and it was very simple.",
        "category": "intensifier",
        "rewrite": "I cached the wheel builds in 3 steps.",  # an invented number
    },
    {
        "quote": "and the team loved it",
        "category": "unsupported-claim",
        "question": "What did the team do or say that shows it?",
    },
)


def test_with_the_model_apply_writes_only_the_guarded_rewrites(runner, post, endpoint) -> None:
    endpoint.answer(Reply(MODEL))
    data = json.loads(review(runner, "--ai", "--json").stdout)
    kinds = [(p["quote"], p["kind"], p["by"], p["source"]) for p in data["proposals"]]
    cached = "I cached the wheel builds and it was very simple."
    assert kinds == [
        ("The migration went smoothly.", "rewrite", "ai", "rules"),  # the rules flagged it too
        # the rules flagged 'very' in it: the model's rewrite is rejected, the rules' stays
        (cached, "rejected", "ai", "rules"),
        (cached, "rewrite", "rules", "rules"),
        ("I think it helps the team.", "rewrite", "rules", "rules"),  # the model said nothing
        ("and the team loved it", "question", "ai", "ai"),
    ]
    rejected = next(p for p in data["proposals"] if p["kind"] == "rejected")
    assert rejected["rejected"] == "adds the number 3, not in the post"
    assert data["ai"]["model"] == "test-model" and data["ai"]["tokens"] == 120
    # what was sent: the body and the words the rules flagged, not the front matter
    sent = endpoint.chat_requests[0]["messages"]
    assert sent[0]["content"].startswith("You are the second reader")
    flagged = "FLAGGED:\n- The migration went smoothly (unsupported-claim)\n- very (intensifier)\n"
    assert flagged + "- I think (hedge)" in sent[1]["content"]
    assert "title:" not in sent[1]["content"] and "ci.md" not in sent[1]["content"]

    result = review(runner, "--ai", "--apply")
    assert result.exit_code == 0, result.output
    assert "rejected: adds the number 3, not in the post" in result.output
    assert "? What did the team do or say that shows it?" in result.output
    assert "3 of 5 proposal(s) applied" in result.output
    expected = POST.replace("The migration went smoothly.", "The migration finished.")
    expected = expected.replace("was very simple", "was simple")
    assert post.read_text("utf-8") == expected.replace("I think it", "It")
    assert len(endpoint.chat_requests) == 1  # the second run's answer came from the cache


def test_a_rejected_rewrite_is_not_offered_and_a_question_is_answered_by_edit(
    runner, post, endpoint
) -> None:
    endpoint.answer(Reply(MODEL))
    # the peacock: yes; the rejected one: y is no choice, so it is asked again: no; the
    # rules' deletion in the same sentence: no; the hedge: no; the question: edit
    answers = "y\ny\nn\nn\nn\ne\nand 6 of 8 reviewers asked for it\n"
    result = review(runner, "--ai", input=answers)
    assert result.exit_code == 0, result.output
    assert result.output.count("Answer it [e]dit, or [n]o [q]uit") == 3  # asked twice, then once
    text = post.read_text("utf-8")
    assert "The migration finished." in text and "in 3 steps" not in text
    assert "14 min, and 6 of 8 reviewers asked for it." in text
    assert text.startswith(FRONT)


def test_an_edit_saved_meanwhile_is_never_overwritten(runner, post, monkeypatch) -> None:
    import typer

    answers = iter(["n", "y"])  # the question: no; the first rewrite: yes

    def meanwhile(*args, **kwargs) -> str:
        post.write_text(POST.replace("Every pull request", "Each pull request"), "utf-8")
        return next(answers, "q")

    monkeypatch.setattr(typer, "prompt", meanwhile)
    result = review(runner)
    assert result.exit_code == 2
    assert "changed on disk while inpublic was working on it: not overwritten" in result.stderr
    assert post.read_text("utf-8") == POST.replace("Every pull request", "Each pull request")


def test_when_the_endpoint_fails_the_rules_proposals_are_still_offered(
    runner, post, endpoint
) -> None:
    endpoint.answer(Reply(status=401))
    result = review(runner, "--ai", "--apply")
    assert result.exit_code == 0, result.output
    assert "warning: posts/ci.md: the model's rewrites are left out: 401" in result.stderr
    assert "2 of 3 proposal(s) applied" in result.output
    expected = POST.replace("was very simple", "was simple").replace("I think it", "It")
    assert post.read_text("utf-8") == expected


def test_dry_run_prints_the_diff_and_writes_nothing(runner, post) -> None:
    result = review(runner, "--apply", "--dry-run")
    assert "-I cached the wheel builds and it was very simple. I think it helps" in result.output
    assert "+I cached the wheel builds and it was simple. It helps the team." in result.output
    assert post.read_text("utf-8") == POST


def test_chinese_messages_and_deletion(runner, workspace, endpoint, monkeypatch) -> None:
    monkeypatch.chdir(workspace.root)
    path = workspace.posts_dir / "zh.md"
    text = (
        "---\ntitle: 发版检查\nlang: zh\n---\n\n## 结果\n\n检查从 40 分钟降到 3 分钟。\n\n"
        "## 过程\n\n写脚本的过程我觉得非常顺手。\n"
    )
    path.write_text(text, "utf-8")
    result = runner.invoke(app, ["review", "posts/zh.md"], input="y\n")
    assert result.exit_code == 0, result.output
    assert "「我觉得」含糊其辞，没说清楚哪里不确定。「非常」只是加强语气" in result.output
    assert "采用这个改写吗 [y]是 [n]否 [e]编辑 [q]退出" in result.output
    assert "posts/zh.md：1 条建议中采用了 1 条" in result.output
    assert path.read_text("utf-8") == text.replace("我觉得非常顺手", "顺手")


def run_in_a_terminal(args: list[str], cwd: Path, env: dict, answers: tuple[bytes, ...]) -> str:
    """``inpublic ARGS`` in a real pseudo-terminal, each answer typed at a review prompt."""
    from tests.terminal import run_in_a_terminal as run

    return run(args, cwd, [(b"[q]uit", answer) for answer in answers], env)


def terminal_env(**values: str) -> dict[str, str]:
    import os

    env = {**os.environ, "TERM": "xterm-256color", **values}
    env.pop("NO_COLOR", None)
    return env


def test_on_a_terminal_the_walk_shows_a_word_diff_and_edit_opens_the_editor(post, tmp_path) -> None:
    """A real pseudo-terminal: Rich's styles for the word diff, and [e]dit opens $EDITOR
    on the one sentence (here a script that writes the writer's new sentence)."""
    import sys

    editor = tmp_path / "editor.py"
    editor.write_text(
        "import sys, pathlib\n"
        "file = pathlib.Path(sys.argv[1])\n"
        "assert file.read_text() == 'It helps the team.', file.read_text()\n"
        "file.write_text('It lets the team review sooner.\\n')\n",
        "utf-8",
    )
    env = terminal_env(EDITOR=f"{sys.executable} {editor}")
    # the question: no; the intensifier: yes; the hedge: edit
    shown = run_in_a_terminal(
        ["review", "posts/ci.md"], post.parent.parent, env, (b"n\n", b"y\n", b"e\n")
    )
    assert "\x1b[9;31mvery \x1b[0m" in shown and "[-very -]" not in shown  # struck, red
    assert "2 of 3 proposal(s) applied" in shown
    expected = POST.replace("was very simple", "was simple")
    assert post.read_text("utf-8") == expected.replace(
        "I think it helps the team.", "It lets the team review sooner."
    )


def test_on_a_terminal_a_bar_shows_the_sections_the_model_answers(post, endpoint) -> None:
    endpoint.answer(Reply(MODEL, delay=0.5))
    shown = run_in_a_terminal(
        ["review", "posts/ci.md", "--ai", "--apply"], post.parent.parent, terminal_env(), ()
    )
    assert "AI rewrites (test-model) \x1b[38;5;237m━" in shown  # the bar, drawn
    assert "3 of 5 proposal(s) applied" in shown


def test_a_rejected_rewrite_edited_takes_its_sentence_and_the_rules_one_is_not_asked(
    runner, post, endpoint
) -> None:
    endpoint.answer(Reply(MODEL))
    # the peacock: no; the rejected rewrite: edit; (the rules' deletion in the same sentence
    # is not asked about); the hedge: no; the question: no
    answers = "n\ne\nI cached the wheel builds.\nn\nn\n"
    result = review(runner, "--ai", input=answers)
    assert result.exit_code == 0, result.output
    assert result.output.count("[y]es [n]o [e]dit [q]uit") == 2  # the peacock, the hedge
    assert "1 of 5 proposal(s) applied" in result.output
    expected = POST.replace(
        "I cached the wheel builds and it was very simple.", "I cached the wheel builds."
    )
    assert post.read_text("utf-8") == expected


def test_in_chinese_the_prompt_and_the_rejection_are_chinese(
    runner, workspace, endpoint, monkeypatch
) -> None:
    monkeypatch.chdir(workspace.root)
    configure(workspace, endpoint)
    path = workspace.posts_dir / "zh.md"
    text = (
        "---\ntitle: 发版检查\nlang: zh\n---\n\n## 结果\n\n检查从 40 分钟降到 3 分钟，反响热烈。\n"
    )
    path.write_text(text, "utf-8")
    answer = findings(
        {
            "quote": "检查从 40 分钟降到 3 分钟，反响热烈。",
            "category": "unsupported-claim",
            "rewrite": "检查从 40 分钟降到 3 分钟，5 个同事改用了它。",
        }
    )
    endpoint.answer(Reply(answer))
    result = runner.invoke(app, ["review", "posts/zh.md", "--ai", "--apply"])
    assert result.exit_code == 0, result.output
    assert "已拒绝：加入了原文没有的数字 5" in result.output
    assert "posts/zh.md：1 条建议中采用了 0 条" in result.output
    assert endpoint.chat_requests[0]["messages"][0]["content"].startswith("你是一篇技术短文")
    assert path.read_text("utf-8") == text
