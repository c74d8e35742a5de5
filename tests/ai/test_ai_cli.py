"""inpublic ai test, the [ai] settings, prompts as data, sections and lazy loading."""

from __future__ import annotations

import json
import socket
import subprocess
import sys

import pytest

from inpublic.ai.prompt import load_prompt
from inpublic.ai.sections import split_sections
from inpublic.cli import app
from tests.ai.conftest import configure
from tests.ai.endpoint import Endpoint, Reply, findings


@pytest.fixture
def ws(workspace, endpoint, monkeypatch):
    monkeypatch.chdir(workspace.root)
    configure(workspace, endpoint, retries=0, timeout=1)
    return workspace


def test_ai_test_prints_model_latency_and_answer(runner, ws, endpoint: Endpoint) -> None:
    endpoint.answer(Reply('{"ok": true}'))
    result = runner.invoke(app, ["ai", "test"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"ok  test-model at {endpoint.url}: ")
    assert ' s (json_schema, 120 tokens): {"ok": true}' in result.stdout
    assert len(endpoint.chat_requests) == 1  # one tiny request


@pytest.mark.parametrize(
    ("reply", "line"),
    [
        (Reply(status=401), "error: 401: the endpoint refused the key; set INPUBLIC_TEST_AI_KEY"),
        (Reply(status=404), "error: 404: the endpoint has no model 'test-model'"),
        (Reply(status=429), "error: 429: rate limited, still after 0 retries"),
        (Reply('{"ok": true}', delay=3), "error: no answer within 1.0 s, after 0 retries"),
        (Reply("I am fine, thank you"), "error: the answer was not JSON of the expected shape"),
    ],
)
def test_ai_test_failures_are_one_line_exit_2(runner, ws, endpoint, reply, line) -> None:
    endpoint.answer(reply)
    result = runner.invoke(app, ["ai", "test"])
    assert result.exit_code == 2
    assert len(result.stderr.splitlines()) == 1 and result.stderr.startswith(line), result.stderr
    assert result.stdout == ""


def test_ai_test_unreachable(runner, workspace, monkeypatch) -> None:
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    monkeypatch.chdir(workspace.root)
    configure(workspace, Endpoint(url=f"http://127.0.0.1:{port}/v1"), retries=0)
    result = runner.invoke(app, ["ai", "test"])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: cannot reach http://127.0.0.1:{port}/v1: ")
    assert len(result.stderr.splitlines()) == 1


def test_ai_test_without_settings(runner, workspace, monkeypatch) -> None:
    monkeypatch.chdir(workspace.root)
    result = runner.invoke(app, ["ai", "test"])
    assert result.exit_code == 2
    assert "[ai] needs base_url and model in inpublic.toml" in result.stderr


def test_ai_test_in_chinese_for_a_chinese_writer(runner, tmp_path, endpoint, monkeypatch) -> None:
    from inpublic.workspace import init_workspace

    workspace = init_workspace(tmp_path / "zh", name="写作者", languages=["zh"])
    monkeypatch.chdir(workspace.root)
    configure(workspace, endpoint, retries=0)
    endpoint.answer(Reply(status=404))
    result = runner.invoke(app, ["ai", "test"])
    assert result.stderr.startswith("error: 404：服务没有模型「test-model」")


def test_ai_settings_are_checked_with_their_line(runner, workspace, monkeypatch) -> None:
    monkeypatch.chdir(workspace.root)
    with workspace.config_path.open("a", encoding="utf-8") as file:
        file.write('\n[ai]\nconcurrency = 0\napi_key = "sk-secret"\n')
    result = runner.invoke(app, ["config", "--json"])
    assert result.exit_code == 2
    assert "ai.concurrency: expected an integer >= 1, got 0" in result.stderr
    assert "unknown key 'ai.api_key'" in result.stderr  # a key is never stored here


def test_neither_version_nor_a_plain_check_loads_the_client(workspace) -> None:
    (workspace.posts_dir / "a.md").write_text("---\ntitle: A\n---\n\nI fixed it.\n", "utf-8")
    code = (
        "import sys\nfrom inpublic.cli import app\n"
        "for args in (['--version'], ['-C', sys.argv[1], 'check', 'posts/a.md']):\n"
        "    try:\n        app(args)\n    except SystemExit:\n        pass\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('openai', 'httpx')"
        " or m.startswith('inpublic.ai')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(workspace.root)], capture_output=True, text=True
    )
    assert done.stdout.strip().splitlines()[-1] == "[]", done.stdout + done.stderr


def test_review_render_and_new_without_ai_do_not_load_the_client(workspace) -> None:
    post = "---\ntitle: A\nlang: en\n---\n\nIt was very slow. I fixed it.\n"
    (workspace.posts_dir / "a.md").write_text(post, "utf-8")
    code = (
        "import sys\nfrom inpublic.cli import app\nroot = sys.argv[1]\n"
        "for args in (['review', '--apply', 'posts/a.md'], ['render', '--force', '--to', "
        "'wechat,linkedin', 'posts/a.md'], ['new', 'B']):\n"
        "    try:\n        app(['-C', root, *args])\n    except SystemExit as e:\n"
        "        print('exit', e.code)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('openai', 'httpx')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(workspace.root)], capture_output=True, text=True
    )
    lines = done.stdout.strip().splitlines()
    assert [line for line in lines if line.startswith("exit")] == ["exit 0"] * 3, done.stdout
    assert "1 of 1 proposal(s) applied" in done.stdout
    assert lines[-1] == "[]", done.stdout + done.stderr


def test_the_client_loads_only_with_ai(workspace, endpoint) -> None:
    configure(workspace, endpoint)
    endpoint.answer(Reply(findings()))
    (workspace.posts_dir / "a.md").write_text("---\ntitle: A\n---\n\nI fixed it.\n", "utf-8")
    code = (
        "import sys\nfrom inpublic.cli import app\n"
        "try:\n    app(['-C', sys.argv[1], 'check', '--ai', 'posts/a.md'])\n"
        "except SystemExit:\n    pass\nprint('openai' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(workspace.root)], capture_output=True, text=True
    )
    assert done.stdout.strip().splitlines()[-1] == "True", done.stdout + done.stderr


def test_a_workspace_prompt_overrides_and_changes_the_cache_key(
    runner, ws, endpoint: Endpoint
) -> None:
    post = ws.posts_dir / "a.md"
    post.write_text("---\ntitle: A\nlang: en\n---\n\nI fixed it. It went smoothly.\n", "utf-8")
    endpoint.answer(Reply(findings({"quote": "It went smoothly.", "category": "peacock"})))
    runner.invoke(app, ["check", "--ai", "posts/a.md"])
    assert (
        "second reader of a short technical post"
        in endpoint.chat_requests[0]["messages"][0]["content"]
    )
    (ws.root / "prompts").mkdir()
    (ws.root / "prompts" / "check.en.md").write_text(
        "<!-- inpublic prompt: check, version 7 -->\nFind fluff. Answer JSON.\n", "utf-8"
    )
    assert load_prompt("check", "en", ws.root / "prompts").version == "7"
    result = runner.invoke(app, ["check", "--ai", "--format", "json", "posts/a.md"])
    assert len(endpoint.chat_requests) == 2  # a new prompt: not the cached answer
    assert endpoint.chat_requests[1]["messages"][0]["content"] == "Find fluff. Answer JSON."
    assert json.loads(result.stdout)["ai"]["findings"] == 1


def test_a_prompt_without_a_version_line_is_one_line(runner, ws) -> None:
    (ws.posts_dir / "a.md").write_text("---\ntitle: A\n---\n\nI fixed it.\n", "utf-8")
    (ws.root / "prompts").mkdir()
    (ws.root / "prompts" / "check.en.md").write_text("Find fluff.\n", "utf-8")
    result = runner.invoke(app, ["check", "--ai", "posts/a.md"])
    assert result.exit_code == 2
    assert "prompts/check.en.md:1: a prompt's first line must name its version" in result.stderr


def test_built_in_prompts_name_the_categories_and_the_shape() -> None:
    from inpublic.config import WORD_CATEGORIES

    for lang in ("en", "zh"):
        prompt = load_prompt("check", lang)
        assert prompt.version == "1"
        assert all(
            f"- {category}：" in prompt.text or f"- {category}:" in prompt.text
            for category in WORD_CATEGORIES
        )
        assert '{"findings": [{"quote":' in prompt.text


def test_sections_cut_at_headings_under_the_limit_and_cover_the_body() -> None:
    paragraph = "word " * 150  # 750 characters
    body = "Intro.\n\n" + "".join(
        f"## Part {n}\n\n{paragraph}\n\n{paragraph}\n\n" for n in range(5)
    )
    body += "```\n# a comment, not a heading\n```\n<!-- the template's question -->\n"
    sections = split_sections(body, 1000)
    assert all(len(s.text) <= 1000 for s in sections)
    for section in sections:  # each one is the body's text at its offset
        assert (
            body[section.start : section.start + len(section.text)]
            .strip()
            .startswith(section.text.strip()[:20])
        )
    sent = "".join(s.text for s in sections)
    assert sent.count("## Part") == 5 and sent.count("word") == 1500
    assert "template's question" not in sent  # comments are not sent
    assert not any(s.text.lstrip().startswith("# a comment") for s in sections)
    assert len(split_sections(body, 100_000)) == 1


def test_the_init_templates_ai_example_is_valid_once_uncommented(tmp_path) -> None:
    import re

    from inpublic.config import load_config
    from inpublic.workspace import init_workspace

    ws = init_workspace(tmp_path / "ws", name="T", languages=["en"])
    text = ws.config_path.read_text("utf-8")
    example = text[text.index("# [ai]") :]
    keys = re.sub(r"^# ((?:\[ai\]|\w+ = ).*)$", r"\1", example, flags=re.M)
    ws.config_path.write_text(text.replace(example, keys), "utf-8")
    settings = load_config(ws.config_path).ai
    assert (settings.base_url, settings.model) == (
        "http://127.0.0.1:11434/v1",
        "qwen2.5:7b-instruct",
    )
    assert settings.api_key_env == "OPENAI_API_KEY" and settings.enabled is False
