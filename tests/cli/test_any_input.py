"""Any post, however odd, ends in 0, 1 or 2: never an internal error (70), never a
traceback, and the workspace's other files stay as they were.

Random front matter of every YAML type and random bytes as a post go through the real
command line: check, render (every channel), site build, ship and stats. Random CSV, XLSX
and JSON files for metrics import and import-ledger: tests/ledger/test_any_input.py.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inpublic.cli import app

from .test_hostile_input import GOOD, snapshot

KEYS = [
    "title",
    "date",
    "slug",
    "lang",
    "tags",
    "categories",
    "series",
    "draft",
    "summary",
    "project",
    "started_at",
    "target_length",
    "channels",
    "weight",
]
CHANNELS = ["hugo", "wechat", "xiaohongshu", "x", "linkedin", "zhihu"]
SETTINGS = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

_text = st.text(st.characters(blacklist_categories=["Cs"]), max_size=40)
_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    _text,
    st.sampled_from(["../../..", "/etc", ".", "a b", "2026-02-30", "[x]", "[/usr/local]"]),
    st.dates(min_value=dt.date(1, 1, 1)),
    st.datetimes(min_value=dt.datetime(1, 1, 2)),
)
_values = st.recursive(
    _scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.one_of(st.sampled_from(CHANNELS), _text), inner, max_size=3)
    ),
    max_leaves=8,
)
_front = st.dictionaries(st.one_of(st.sampled_from(KEYS), _text), _values, max_size=6)
_body = st.text(st.characters(blacklist_categories=["Cs"]), max_size=300)
# Markdown that renderers treat specially, mixed with random text: a body that gets past the
# front matter and reaches every channel.
_pieces = st.sampled_from(
    [
        "\n\n## Problem\n\n",
        "\n\n```python\ns = '中文,标点!'\n```\n\n",
        "\n\n<script>alert(1)</script>\n\n",
        "![x](../../../etc/passwd)",
        "![y](/etc/hostname)",
        "![z](missing.png)",
        "[a](javascript:alert(1))",
        "<!--more-->",
        "\u0085\u2028\u2029\x1b]0;t\x07\x1e",
        "x" * 3000,
        "| a | b |\n|---|---|\n| 1 | 2 |\n",
        "$$x^2$$",
        "Took 40 minutes, now 3 minutes.",
    ]
)
_rich_body = st.lists(st.one_of(_pieces, _body), max_size=8).map("".join)


def post_text(front: dict, body: str) -> bytes:
    dumped = yaml.safe_dump(front, allow_unicode=True, default_flow_style=False)
    return f"---\n{dumped}---\n\n{body}\n".encode()


def run(runner, *args: str) -> int:
    result = runner.invoke(app, list(args))
    assert result.exit_code in (0, 1, 2), (args, result.output)
    assert "internal error" not in result.output, (args, result.output)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code


@pytest.fixture
def ws(runner, tmp_path: Path, monkeypatch) -> Path:
    assert runner.invoke(app, ["init", "ws", "--name", "Me", "--lang", "en,zh"]).exit_code == 0
    root = tmp_path / "ws"
    monkeypatch.chdir(root)
    (root / "posts" / "good.md").write_text(GOOD, "utf-8")
    assert runner.invoke(app, ["ship", "good", "--force", "--channel", "x"]).exit_code == 0
    return root


@SETTINGS
@given(
    post=st.one_of(
        st.builds(post_text, _front, _body),
        st.builds(post_text, st.fixed_dictionaries({"title": _text}), _rich_body),
        st.binary(max_size=300),
    )
)
def test_any_post(runner, ws: Path, post: bytes) -> None:
    path = ws / "posts" / "fuzz.md"
    path.write_bytes(post)
    before = snapshot(ws)
    run(runner, "check")
    run(runner, "render", "fuzz", "--to", "every", "--force")
    run(runner, "site", "build")
    run(runner, "stats")
    assert snapshot(ws) == before
    run(runner, "ship", "fuzz", "--force", "--channel", "x")
    if path.read_bytes() != post:  # ship gives a post its stable id, and changes nothing else
        from inpublic.workspace import load_post, parse_post

        was, now = parse_post(post.decode("utf-8"), path), load_post(path)
        assert now.body == was.body and now.meta.get("id")
        assert {k: v for k, v in now.meta.items() if k != "id"} == dict(was.meta.items())
