"""check --ai and ai test through the real CLI, against the local endpoint (endpoint.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from inpublic.cli import app
from tests.ai.conftest import configure
from tests.ai.endpoint import Endpoint, Reply, findings

POST = """---
title: CI from 14 to 4 minutes
lang: en
---

## Problem

Every pull request waited for CI before review. The migration went smoothly.

## Solution

I cached the wheel builds and split the tests into four jobs.

## Result

CI takes 4 min instead of 14 min, and the team loved it.
"""

POST_ZH = """---
title: 发版检查从 40 分钟到 3 分钟
lang: zh
---

## 问题

发版前要手动检查 23 项，反响热烈。

## 做法

我把检查写成了脚本，在 CI 里跑。

## 结果

检查从 40 分钟降到 3 分钟。
"""

GOOD = findings(
    {
        "quote": "The migration went smoothly.",
        "category": "peacock",
        "rewrite": "The migration finished.",
    },
    {
        "quote": "and the team loved it",
        "category": "unsupported-claim",
        "question": "What did the team do or say that shows it?",
    },
)


@pytest.fixture
def post(workspace, endpoint, monkeypatch) -> Path:
    monkeypatch.chdir(workspace.root)
    monkeypatch.delenv("INPUBLIC_TEST_AI_KEY", raising=False)
    configure(workspace, endpoint)
    path = workspace.posts_dir / "ci.md"
    path.write_text(POST, "utf-8")
    return path


def check(runner, *args: str):
    return runner.invoke(app, ["check", "posts/ci.md", *args])


def test_findings_are_anchored_beside_the_rule_findings(runner, post, endpoint: Endpoint) -> None:
    endpoint.answer(Reply(GOOD))
    result = check(runner, "--ai", "--format", "json", "--min-severity", "suggestion")
    assert result.exit_code == 1, result.output  # warnings, as rule warnings do
    data = json.loads(result.stdout)
    assert data["version"] == 3
    found = data["files"][0]["findings"]
    ai = [f for f in found if f["source"] == "ai"]
    assert {f["source"] for f in found} == {"ai", "rules"}
    smoothly = next(f for f in ai if f["category"] == "peacock")
    assert smoothly["rule"] == "ai.peacock" and smoothly["severity"] == "warning"
    lines = POST.splitlines()
    line = lines[smoothly["line"] - 1]
    assert line[smoothly["column"] - 1 : smoothly["end_column"]] == "The migration went smoothly."
    assert smoothly["rewrite"] == "The migration finished." and smoothly["rewrite_rejected"] is None
    loved = next(f for f in ai if f["category"] == "unsupported-claim")
    assert loved["severity"] == "suggestion" and loved["question"].startswith("What did")
    assert data["files"][0]["verdict"] == "READY"  # AI findings never change it
    assert data["ai"]["findings"] == 2 and data["ai"]["tokens"] == 120
    # what was sent: the prompt and the body, not the front matter or the file name
    request = endpoint.chat_requests[0]
    assert request["model"] == "test-model"
    assert request["response_format"]["type"] == "json_schema"
    sent = json.dumps(request["messages"], ensure_ascii=False)
    assert "The migration went smoothly." in sent
    assert "title:" not in sent and "ci.md" not in sent


def test_rule_findings_keep_their_shape_with_source_rules(runner, post, endpoint) -> None:
    without = json.loads(check(runner, "--format", "json").stdout)
    endpoint.answer(Reply(GOOD))
    with_ai = json.loads(check(runner, "--ai", "--format", "json").stdout)
    rules = [f for f in with_ai["files"][0]["findings"] if f["source"] == "rules"]
    assert rules == without["files"][0]["findings"]
    assert all(set(f) == set(rules[0]) for f in rules)
    assert endpoint.chat_requests and "ai" not in without


def test_text_output_shows_rewrite_and_question(runner, post, endpoint) -> None:
    endpoint.answer(Reply(GOOD))
    result = check(runner, "--ai", "--min-severity", "suggestion")
    assert "ai.peacock" in result.output
    assert "→ The migration finished." in result.output
    assert "? What did the team do or say that shows it?" in result.output
    assert "AI second reader (test-model): 2 finding(s) from 1 section(s)" in result.output
    github = check(runner, "--ai", "--format", "github").stdout
    assert "title=ai.peacock::Tells, does not show. → The migration finished." in github


def test_nothing_is_sent_without_ai(runner, post, endpoint) -> None:
    result = check(runner)
    assert result.exit_code in (0, 1) and endpoint.requests == []


def test_enabled_makes_it_the_default_and_no_ai_turns_it_off(runner, post, workspace, endpoint):
    text = workspace.config_path.read_text("utf-8").replace("\n[ai]\n", "\n[ai]\nenabled = true\n")
    workspace.config_path.write_text(text, "utf-8")
    endpoint.answer(Reply(GOOD))
    assert "ai.peacock" in check(runner).output
    sent = len(endpoint.requests)
    assert sent == 1
    assert "ai.peacock" not in check(runner, "--no-ai", "--no-cache").output
    assert len(endpoint.requests) == sent


def test_a_second_run_on_an_unchanged_post_sends_nothing(runner, post, endpoint) -> None:
    endpoint.answer(Reply(GOOD))
    first = check(runner, "--ai", "--format", "json")
    assert len(endpoint.requests) == 1
    second = check(runner, "--ai", "--format", "json")
    assert len(endpoint.requests) == 1, "the cached answer was not used"
    assert json.loads(second.stdout)["files"] == json.loads(first.stdout)["files"]
    assert json.loads(second.stdout)["ai"]["cached"] == 1
    post.write_text(POST.replace("four jobs", "five jobs"), "utf-8")
    check(runner, "--ai")
    assert len(endpoint.requests) == 2  # the changed post is read again


def test_a_quote_not_in_the_post_is_dropped_and_counted(runner, post, endpoint) -> None:
    endpoint.answer(Reply(findings({"quote": "The deploy was flawless.", "category": "peacock"})))
    result = check(runner, "--ai", "--format", "json")
    data = json.loads(result.stdout)
    assert not [f for f in data["files"][0]["findings"] if f["source"] == "ai"]
    assert data["ai"]["dropped"]["quote_not_found"] == 1
    text = check(runner, "--ai").output
    assert "1 with a quote not in the post dropped" in text


def test_a_rewrite_with_an_invented_number_is_shown_rejected(runner, post, endpoint) -> None:
    endpoint.answer(
        Reply(
            findings(
                {
                    "quote": "The migration went smoothly.",
                    "category": "peacock",
                    "rewrite": "The migration took 40 minutes on Postgres.",
                }
            )
        )
    )
    data = json.loads(check(runner, "--ai", "--format", "json").stdout)
    found = next(f for f in data["files"][0]["findings"] if f["source"] == "ai")
    assert found["rewrite_rejected"] == "adds the number 40, the name Postgres, not in the post"
    output = check(runner, "--ai").output
    assert "rejected: adds the number 40" in output
    assert "→ The migration took" not in output


def test_malformed_then_good_is_retried_once(runner, post, endpoint) -> None:
    endpoint.answer(Reply("Sure! Here are the findings: none"), Reply(GOOD))
    result = check(runner, "--ai", "--format", "json")
    assert json.loads(result.stdout)["ai"]["findings"] == 2
    assert len(endpoint.chat_requests) == 2 and "warning" not in result.stderr


def test_plain_answer_in_a_fence_is_read(runner, post, endpoint) -> None:
    endpoint.answer(Reply(f"Here you are:\n```json\n{GOOD}\n```"))
    assert json.loads(check(runner, "--ai", "--format", "json").stdout)["ai"]["findings"] == 2


@pytest.mark.parametrize(
    ("reply", "line"),
    [
        (Reply("not json"), "the answer was not JSON of the expected shape, twice"),
        (Reply('{"findings": [{"quote": 3}]}'), "the answer was not JSON of the expected shape"),
        (Reply(status=401), "401: the endpoint refused the key; set INPUBLIC_TEST_AI_KEY"),
        (Reply(status=404), "404: the endpoint has no model 'test-model'"),
        (Reply(status=429), "429: rate limited, still after 1 retries"),
        (Reply(status=500), "HTTP 500: The server had an error"),
    ],
)
def test_each_failure_is_one_warning_and_the_rules_still_show(
    runner, post, endpoint, reply, line
) -> None:
    endpoint.answer(reply)
    plain = check(runner, "--no-cache")
    result = check(runner, "--ai", "--no-cache")
    assert result.exit_code == plain.exit_code
    warnings = [x for x in result.stderr.splitlines() if x.startswith("warning:")]
    assert len(warnings) == 1 and line in warnings[0], result.stderr
    assert warnings[0].startswith("warning: posts/ci.md: ")
    assert "note: the AI second reader failed on 1 post(s)" in result.stderr
    assert "Traceback" not in result.output
    assert "posts/ci.md  READY" in result.stdout  # the rule findings and verdict


def test_429_then_good_is_retried_by_the_client(runner, post, endpoint) -> None:
    endpoint.answer(Reply(status=429), Reply(GOOD))
    result = check(runner, "--ai", "--format", "json")
    assert json.loads(result.stdout)["ai"]["findings"] == 2, result.stderr
    assert len(endpoint.chat_requests) == 2


def test_a_slow_answer_past_the_timeout(runner, workspace, endpoint, monkeypatch) -> None:
    monkeypatch.chdir(workspace.root)
    configure(workspace, endpoint, timeout=0.3, retries=0)
    (workspace.posts_dir / "ci.md").write_text(POST, "utf-8")
    endpoint.answer(Reply(GOOD, delay=2))
    result = check(runner, "--ai")
    assert "warning: posts/ci.md: no answer within 0.3 s, after 0 retries" in result.stderr
    assert "posts/ci.md  READY" in result.stdout


def test_unreachable_endpoint(runner, workspace, monkeypatch) -> None:
    import socket

    with socket.socket() as unused:  # a port nothing listens on
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    monkeypatch.chdir(workspace.root)
    configure(workspace, Endpoint(url=f"http://127.0.0.1:{port}/v1"), retries=0)
    (workspace.posts_dir / "ci.md").write_text(POST, "utf-8")
    result = check(runner, "--ai")
    assert f"warning: posts/ci.md: cannot reach http://127.0.0.1:{port}/v1" in result.stderr
    assert "posts/ci.md  READY" in result.stdout


def test_json_schema_refused_falls_back_to_json_mode(runner, post, endpoint) -> None:
    endpoint.refuse_json_schema = True
    endpoint.answer(Reply(GOOD))
    data = json.loads(check(runner, "--ai", "--format", "json").stdout)
    assert data["ai"]["findings"] == 2
    kinds = [r.get("response_format", {}).get("type") for r in endpoint.chat_requests]
    assert kinds == ["json_schema", "json_object"]


def test_streamed_answers_are_joined(runner, post, workspace, endpoint) -> None:
    text = workspace.config_path.read_text("utf-8").replace("\n[ai]\n", "\n[ai]\nstream = true\n")
    workspace.config_path.write_text(text, "utf-8")
    endpoint.answer(Reply(GOOD))
    data = json.loads(check(runner, "--ai", "--format", "json").stdout)
    assert endpoint.chat_requests[0]["stream"] is True
    assert data["ai"]["findings"] == 2 and data["ai"]["tokens"] == 120


def test_the_key_comes_from_the_environment(runner, post, endpoint, monkeypatch) -> None:
    endpoint.key = "sk-test"
    monkeypatch.setenv("INPUBLIC_TEST_AI_KEY", "sk-test")
    endpoint.answer(Reply(GOOD))
    result = check(runner, "--ai", "--format", "json")
    assert json.loads(result.stdout)["ai"]["findings"] == 2, result.stderr
    assert {k.lower(): v for k, v in endpoint.headers[0].items()}[
        "authorization"
    ] == "Bearer sk-test"
    assert "sk-test" not in (post.parent.parent / "inpublic.toml").read_text("utf-8")


def test_missing_base_url_or_model_is_one_line_exit_2(runner, workspace, monkeypatch) -> None:
    monkeypatch.chdir(workspace.root)
    (workspace.posts_dir / "ci.md").write_text(POST, "utf-8")
    with workspace.config_path.open("a", encoding="utf-8") as file:
        file.write('\n[ai]\nmodel = "m"\n')
    result = check(runner, "--ai")
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        "error: inpublic.toml: [ai] needs base_url in inpublic.toml for --ai "
        "(the README lists presets)"
    ]


def test_a_post_over_the_size_is_one_warning(runner, post, endpoint) -> None:
    post.write_text(POST + ("\nMore text for the size limit.\n" * 5000), "utf-8")
    result = check(runner, "--ai")
    assert "characters is over the 120000 that --ai sends" in result.stderr
    assert endpoint.requests == []


def test_messages_in_the_writers_language(runner, workspace, endpoint, monkeypatch) -> None:
    monkeypatch.chdir(workspace.root)
    configure(workspace, endpoint)
    (workspace.posts_dir / "ci.md").write_text(POST_ZH, "utf-8")
    endpoint.answer(
        Reply(
            findings(
                {
                    "quote": "反响热烈",
                    "category": "unsupported-claim",
                    "rewrite": "反响热烈，5 人点赞",
                }
            )
        )
    )
    data = json.loads(check(runner, "--ai", "--format", "json").stdout)
    found = next(f for f in data["files"][0]["findings"] if f["source"] == "ai")
    assert found["rewrite_rejected"] == "加入了原文没有的数字 5"
    assert "已拒绝：加入了原文没有的数字 5" in check(runner, "--ai").stdout
    system = endpoint.chat_requests[0]["messages"][0]["content"]
    assert "你是一篇技术短文的第二读者" in system
    endpoint.answer(Reply(status=401))
    result = check(runner, "--ai", "--no-cache")
    assert "401：服务拒绝了密钥" in result.stderr
    assert "AI 第二读者" in result.stderr  # the note


def test_long_posts_go_in_sections_at_most_concurrency_at_a_time(
    runner, workspace, endpoint, monkeypatch
) -> None:
    monkeypatch.chdir(workspace.root)
    configure(workspace, endpoint, concurrency=2)
    paragraph = "I measured the build again and wrote the number down in the log. " * 20
    body = "".join(f"\n## Step {n}\n\n{paragraph}\n\n{paragraph}\n" for n in range(8))
    (workspace.posts_dir / "ci.md").write_text(POST + body, "utf-8")
    endpoint.answer(Reply(GOOD, delay=0.2))
    data = json.loads(check(runner, "--ai", "--format", "json").stdout)
    sent = [r["messages"][1]["content"] for r in endpoint.chat_requests]
    assert len(sent) == data["ai"]["sections"] > 3
    assert all(len(text) <= 4000 for text in sent)
    assert "".join(sent).count("## Step") == 8  # every heading sent once, none lost
    assert endpoint.most_in_flight == 2  # [ai] concurrency
    # the two good findings sit in the first section only: the others quote what they lack
    assert data["ai"]["findings"] == 2
    assert data["ai"]["dropped"]["quote_not_found"] == 2 * (len(sent) - 1)


def test_progress_is_reported_as_sections_are_answered(workspace, endpoint) -> None:
    from inpublic.ai.reader import second_read
    from inpublic.check import check_paths
    from inpublic.config import AISettings

    paragraph = "I measured the build again and wrote the number down. " * 30
    post = workspace.posts_dir / "long.md"
    post.write_text(POST + "".join(f"\n## S{n}\n\n{paragraph}\n" for n in range(6)), "utf-8")
    calls: list[tuple[int, int]] = []
    totals: list[int] = []

    def started(total: int):
        totals.append(total)
        return lambda done, of: calls.append((done, of))

    settings = AISettings(base_url=endpoint.url, model="m", concurrency=3)
    report = second_read(check_paths([post]), settings, progress=started)
    assert report.ai is not None and totals == [report.ai["sections"]] and totals[0] > 1
    assert calls == [(n, totals[0]) for n in range(1, totals[0] + 1)]


def test_a_quote_of_a_wrapped_line_is_found_where_the_line_breaks(runner, post, endpoint) -> None:
    post.write_text(POST.replace("the team loved it.", "the team\nloved it."), "utf-8")
    endpoint.answer(
        Reply(findings({"quote": "the team loved it", "category": "unsupported-claim"}))
    )
    data = json.loads(check(runner, "--ai", "--format", "json").stdout)
    found = next(f for f in data["files"][0]["findings"] if f["source"] == "ai")
    assert (found["line"], found["end_line"]) == (16, 17)
    assert found["quote"] == "the team\nloved it"


def test_a_chinese_quote_across_a_line_break(runner, workspace, endpoint, monkeypatch) -> None:
    monkeypatch.chdir(workspace.root)
    configure(workspace, endpoint)
    (workspace.posts_dir / "ci.md").write_text(POST_ZH.replace("反响热烈", "反响\n热烈"), "utf-8")
    endpoint.answer(Reply(findings({"quote": "反响热烈", "category": "unsupported-claim"})))
    data = json.loads(check(runner, "--ai", "--format", "json").stdout)
    found = next(f for f in data["files"][0]["findings"] if f["source"] == "ai")
    assert (found["line"], found["column"], found["end_line"], found["end_column"]) == (
        8,
        15,
        9,
        2,
    )
