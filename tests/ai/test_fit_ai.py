"""render --ai through the real CLI: where the rules cannot shorten a title to its limit,
the model of the local endpoint (endpoint.py) is asked, and its answer checked."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from inpublic.cli import app
from tests.ai.conftest import configure
from tests.ai.endpoint import Endpoint, Reply

# One word of 67 characters: no clause or word can be dropped to fit WeChat's 32 characters.
TITLE = "Supercalifragilisticexpialidociousness-Antidisestablishmentarianism"
POST = f"""---
title: {TITLE}
lang: en
---

## Problem

The Antidisestablishmentarianism parser was slow on every file.
"""


@pytest.fixture
def post(workspace, endpoint, monkeypatch) -> Path:
    monkeypatch.chdir(workspace.root)
    monkeypatch.delenv("INPUBLIC_TEST_AI_KEY", raising=False)
    configure(workspace, endpoint)
    path = workspace.posts_dir / "long.md"
    path.write_text(POST, "utf-8")
    return path


def render(runner, *args: str):
    return runner.invoke(app, ["render", "posts/long.md", "--to", "wechat", "--force", *args])


def wechat(workspace) -> dict:
    manifest = workspace.root / "out" / "long" / "manifest.json"
    return json.loads(manifest.read_text("utf-8"))["channels"]["wechat"]


def shorter(text: str) -> str:
    return json.dumps({"text": text})


def test_the_models_title_is_used_when_no_word_can_be_dropped(
    runner, post, workspace, endpoint: Endpoint
) -> None:
    without = render(runner)
    assert "wechat.title-too-long" in json.dumps(wechat(workspace)["findings"])
    assert endpoint.requests == []  # nothing is sent without --ai
    endpoint.answer(Reply(shorter("The parser was slow")))
    result = render(runner, "--ai")
    assert result.exit_code == 0, result.output
    channel = wechat(workspace)
    assert channel["proposals"] == [
        {
            "key": "title",
            "text": "The parser was slow",
            "length": 19,
            "limit": 32,
            "source": "ai",
        }
    ]
    assert not any(f["rule"] == "wechat.title-too-long" for f in channel["findings"])
    assert "(from AI)" in result.output and "AI fitting (test-model): 1 asked" in result.output
    assert without.exit_code == 0
    sent = endpoint.chat_requests[0]["messages"]
    assert sent[0]["content"].startswith("A text of a short technical post is too long")
    assert sent[1]["content"].startswith(f"TEXT: {TITLE}\nLIMIT: 32. WeChat counts")
    assert "title:" not in sent[1]["content"]  # the body, not the front matter
    render(runner, "--ai")
    assert len(endpoint.chat_requests) == 1  # the same title again: from the cache


@pytest.mark.parametrize(
    ("answer", "why"),
    [
        (TITLE, "67 is over the limit of 32"),
        ("The parser, 3 times faster", "adds the number 3, not in the post"),
    ],
)
def test_an_over_long_or_invented_title_is_refused_and_the_finding_stays(
    runner, post, workspace, endpoint, answer: str, why: str
) -> None:
    endpoint.answer(Reply(shorter(answer)))
    result = render(runner, "--ai")
    assert result.exit_code == 0, result.output
    channel = wechat(workspace)
    assert channel["proposals"] == []
    assert any(f["rule"] == "wechat.title-too-long" for f in channel["findings"])
    assert f"note: AI title for WeChat refused: {why}" in result.stderr


def test_a_failing_endpoint_leaves_the_finding_with_one_note(
    runner, post, workspace, endpoint
) -> None:
    endpoint.answer(Reply(status=401))
    result = render(runner, "--ai")
    assert result.exit_code == 0, result.output
    assert result.stderr.count("note: AI fitting failed: 401") == 1
    assert any(f["rule"] == "wechat.title-too-long" for f in wechat(workspace)["findings"])


def test_a_juejin_summary_the_rules_cannot_cut_is_asked_of_the_model(
    runner, workspace, endpoint: Endpoint, monkeypatch
) -> None:
    """The Juejin summary (zhihu) cuts its own way; with --ai, when nothing fits, the
    model's summary is used, checked like a title."""
    monkeypatch.chdir(workspace.root)
    configure(workspace, endpoint)
    word = "Antidisestablishmentarianism" * 4  # 112 characters, no sentence to keep
    (workspace.posts_dir / "sum.md").write_text(
        f"---\ntitle: {word}\nsummary: {word}\nlang: en\n---\n\n{word}\n", "utf-8"
    )
    endpoint.answer(Reply(shorter("The parser was slow")))
    args = ["render", "posts/sum.md", "--to", "zhihu", "--force", "--ai"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    manifest = workspace.root / "out" / "sum" / "manifest.json"
    zhihu = json.loads(manifest.read_text("utf-8"))["channels"]["zhihu"]
    assert [p["text"] for p in zhihu["proposals"] if p["key"] == "summary"] == [
        "The parser was slow"
    ]
    summary = (workspace.root / "out" / "sum" / "juejin-summary.txt").read_text("utf-8")
    assert summary == "The parser was slow\n"
