"""new --from-git --ai through the real CLI: a real git repository, the local endpoint."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from inpublic.cli import app
from inpublic.workspace import load_post
from tests.ai.conftest import configure
from tests.ai.endpoint import Endpoint, Reply
from tests.capture.conftest import Repo


@pytest.fixture
def repo(tmp_path: Path, workspace, endpoint, monkeypatch) -> Repo:
    found = Repo(tmp_path / "ci")
    found.commit("Cache wheels (#31)\n\nCI went from 14 min to 4 min.", "2026-10-01T10:00:00+00:00")
    monkeypatch.chdir(workspace.root)
    monkeypatch.delenv("INPUBLIC_TEST_AI_KEY", raising=False)
    configure(workspace, endpoint)
    return found


def new(runner, repo: Repo, *args: str):
    return runner.invoke(
        app,
        ["new", "--from-git", "--repo", str(repo.path), "--since", "2026-09-01", "--piece", "1"]
        + ["--slug", "ci", *args],
    )


def sections(workspace) -> dict[str, str]:
    body = load_post(workspace.posts_dir / "ci.md").body
    parts = body.split("\n## ")[1:]
    return {part.split("\n", 1)[0]: part.split("\n", 1)[1].strip() for part in parts}


def draft(**values: object) -> str:
    return json.dumps({"before": None, "solution": None, "result": None, **values})


def test_the_models_prose_is_used_and_what_the_facts_cannot_answer_stays_a_question(
    runner, repo, workspace, endpoint: Endpoint
) -> None:
    endpoint.answer(
        Reply(
            draft(
                before="Every CI run took 14 min.",
                solution="I cached the wheel builds.",
                result="CI went from 14 min to 4 min.",
            )
        )
    )
    result = new(runner, repo, "--ai")
    assert result.exit_code == 0, result.output
    written = sections(workspace)
    assert written["Before"].endswith("Every CI run took 14 min.")
    assert written["Solution"].endswith("I cached the wheel builds.")
    assert written["Result"].endswith("CI went from 14 min to 4 min.")
    assert "(commit " not in written["Result"]  # the prose replaced the list
    assert written["Process and challenges"].startswith("<!--")  # the template's question
    assert "AI draft (test-model): Before, Solution, Result written from the facts" in (
        result.output
    )
    # what was sent: the facts, under their sections
    sent = endpoint.chat_requests[0]["messages"][1]["content"]
    assert sent.startswith("TITLE: Cache wheels\n")
    assert "BEFORE:\n- 14 min (commit " in sent and "RESULT:\n- from 14 min to 4 min" in sent
    assert "COMMITS:\n" in sent and " Cache wheels (#31)\nCI went from 14 min to 4 min." in sent


def test_prose_with_an_invented_number_is_refused_for_that_section(
    runner, repo, workspace, endpoint
) -> None:
    endpoint.answer(
        Reply(
            draft(
                solution="I cached the wheel builds.",
                result="CI went from 14 min to 4 min, 3.5 times faster.",
                # the facts say nothing of this: it is never used
            )
        )
    )
    result = new(runner, repo, "--ai")
    assert result.exit_code == 0, result.output
    assert (
        "note: AI draft: Result refused (adds the number 3.5, not in the post); "
        "the facts stay as a list" in result.stderr
    )
    written = sections(workspace)
    assert "3.5" not in written["Result"] and "- from 14 min to 4 min (commit " in written["Result"]
    assert written["Solution"].endswith("I cached the wheel builds.")


def test_a_section_the_facts_do_not_answer_is_never_written_by_the_model(
    runner, tmp_path, workspace, endpoint, monkeypatch
) -> None:
    bare = Repo(tmp_path / "bare")
    bare.commit("Rewrite the parser", "2026-10-01T10:00:00+00:00")
    monkeypatch.chdir(workspace.root)
    configure(workspace, endpoint)
    endpoint.answer(Reply(draft(solution="I rewrote the parser.", before="It was slow.")))
    result = new(runner, bare, "--ai")
    assert result.exit_code == 0, result.output
    written = sections(workspace)
    assert written["Solution"].endswith("I rewrote the parser.")
    assert "It was slow." not in written["Before"] and written["Before"].startswith("<!--")


def test_when_the_endpoint_fails_the_plain_draft_is_written_with_one_warning(
    runner, repo, workspace, endpoint
) -> None:
    endpoint.answer(Reply(status=404))
    result = new(runner, repo, "--ai")
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert warnings == [
        "warning: AI draft failed (404: the endpoint has no model 'test-model' (or base_url "
        f"{endpoint.url} is wrong)): the plain draft is written"
    ]
    assert "- from 14 min to 4 min (commit " in sections(workspace)["Result"]


def test_ai_without_from_git_is_a_usage_error(runner, repo) -> None:
    result = runner.invoke(app, ["new", "Faster CI", "--ai"])
    assert result.exit_code == 2 and "use it with --from-git" in result.stderr


def test_in_chinese_the_prompt_and_the_notes_are_chinese(runner, repo, workspace, endpoint) -> None:
    endpoint.answer(Reply(draft(solution="我缓存了 wheel 构建。", result="CI 快了 3.5 倍。")))
    result = new(runner, repo, "--ai", "--lang", "zh")
    assert result.exit_code == 0, result.output
    assert "note: AI 初稿：结果被拒绝（加入了原文没有的数字 3.5），保留事实列表" in result.stderr
    assert "AI 初稿（test-model）：根据事实写出了方案" in result.output
    assert endpoint.chat_requests[0]["messages"][0]["content"].startswith("你把从 git 历史")
    assert sections(workspace)["方案"].endswith("我缓存了 wheel 构建。")
