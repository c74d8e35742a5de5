from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
import shutil
import sqlite3
import subprocess
import zipfile
from pathlib import Path

import pytest

from inpublic.cli import app

ANSWERS = 'problem = "CI was slow."\nsolution = "Cached wheels."\nresult = "14 min → 4 min."\n'


def test_golden_loop_from_the_command_line(runner, workspace, monkeypatch, tmp_path) -> None:
    monkeypatch.chdir(workspace.root)
    answers = tmp_path / "a.toml"
    answers.write_text(ANSWERS, "utf-8")
    assert runner.invoke(app, ["new", "CI faster", "--answers", str(answers)]).exit_code == 0
    status = runner.invoke(app, ["timer", "status"])
    assert status.output.startswith("ci-faster: 0 of 30 minutes")
    result = runner.invoke(
        app,
        [
            "ship",
            "ci-faster",
            "--force",
            "--channel",
            "x",
            "--url",
            "https://x.com/mei/status/55",
            "--id",
            "55",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "share 1 of 1000" in result.output and "inside the 30-minute budget" in result.output
    assert runner.invoke(app, ["timer", "status"]).output.strip() == "No timer is running."
    export = tmp_path / "x.csv"
    export.write_text("Post id,Impressions,Likes,Replies\n55,1.2K,40,3\n", "utf-8")
    result = runner.invoke(app, ["metrics", "import", str(export), "--from", "x"])
    assert result.exit_code == 0 and "Imported 1 row(s)" in result.output
    result = runner.invoke(
        app,
        [
            "metrics",
            "add",
            "ci-faster",
            "--channel",
            "x",
            "--impressions",
            "1500",
            "--likes",
            "60",
            "--as-of",
            "2099-01-01",
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(runner.invoke(app, ["stats", "--json"]).output)
    assert data["shares_total"] == 1
    assert data["channels"]["x"]["impressions"] == 1500  # the newest snapshot wins
    page = tmp_path / "dash.html"
    assert runner.invoke(app, ["stats", "--html", str(page)]).exit_code == 0
    assert page.read_text("utf-8").count("<svg") == 4
    text = runner.invoke(app, ["stats"]).output
    assert "Shares 1 of 1000" in text and "What to write next" in text


def test_bad_inputs(runner, workspace, monkeypatch, tmp_path) -> None:
    monkeypatch.chdir(workspace.root)
    empty = tmp_path / "empty.csv"
    empty.write_text("", "utf-8")
    result = runner.invoke(app, ["metrics", "import", str(empty), "--from", "x"])
    assert result.exit_code == 2 and "the file is empty" in result.output
    result = runner.invoke(app, ["metrics", "import", str(empty), "--from", "myspace"])
    assert result.exit_code == 2
    (workspace.posts_dir / "p.md").write_text("---\ntitle: P\n---\nx\n", "utf-8")
    result = runner.invoke(app, ["ship", "p", "--force", "--channel", "myspace"])
    assert result.exit_code == 2 and "unknown channel 'myspace'" in result.output
    result = runner.invoke(app, ["ship", "p", "--force", "--channel", "x", "--at", "yesterday-ish"])
    assert result.exit_code == 2 and "not a date or time" in result.output


def test_export_and_import_ledger(runner, workspace, monkeypatch, tmp_path) -> None:
    monkeypatch.chdir(workspace.root)
    (workspace.posts_dir / "p.md").write_text("---\ntitle: P\n---\nx\n", "utf-8")
    runner.invoke(app, ["ship", "p", "--force", "--channel", "x", "--at", "2026-11-02T10:00+08:00"])
    dump = tmp_path / "ledger.json"
    assert runner.invoke(app, ["export", "--out", str(dump)]).exit_code == 0
    folder = tmp_path / "csv"
    assert runner.invoke(app, ["export", "--format", "csv", "--out", str(folder)]).exit_code == 0
    assert sorted(p.name for p in folder.iterdir()) == [
        "metrics.csv",
        "posts.csv",
        "sessions.csv",
        "shares.csv",
    ]
    result = runner.invoke(app, ["import-ledger", str(dump)])
    assert result.exit_code == 0 and "1 shares" in result.output
    assert runner.invoke(app, ["import-ledger", str(folder)]).exit_code == 0
    assert json.loads(runner.invoke(app, ["stats", "--json"]).output)["shares_total"] == 1


def test_plan_is_asked_and_kept_in_the_config(runner, workspace, monkeypatch) -> None:
    monkeypatch.chdir(workspace.root)
    before = workspace.config_path.read_text("utf-8")
    answers = (
        "\n".join(
            [
                "Developer productivity",
                "a reputation for measured speed-ups",
                "ci, search",
                "x, wechat",
                "backend engineers",
                "ideas they can copy",
                "the timeline",
                "threads with numbers",
                "Chinese engineers",
                "a saved evening",
                "subscribers",
                "long reads",
            ]
        )
        + "\n"
    )
    result = runner.invoke(app, ["plan"], input=answers)
    assert result.exit_code == 0, result.output
    text = workspace.config_path.read_text("utf-8")
    assert "# The main track (主线事业): the career line every post serves." in text  # kept
    from inpublic.config import load_config

    config = load_config(workspace.config_path)
    assert config.profile.main_track == "Developer productivity"
    assert config.plan.topics == ["ci", "search"]
    assert config.plan.channels["wechat"].rewards == "long reads"
    assert config.channels.publish == ["x", "wechat"]  # the plan's channels are the posts'
    assert before != text
    plan = json.loads(runner.invoke(app, ["stats", "--json"]).output)["plan"]
    assert plan["unused_topics"] == ["ci", "search"] and plan["silent_channels"] == ["wechat", "x"]


def test_ambiguous_rows_are_confirmed_in_the_terminal(
    runner, workspace, monkeypatch, tmp_path
) -> None:
    monkeypatch.chdir(workspace.root)
    for slug in ("a", "b"):
        (workspace.posts_dir / f"{slug}.md").write_text(
            "---\ntitle: Weekly notes\n---\nx\n", "utf-8"
        )
        runner.invoke(
            app, ["ship", slug, "--force", "--channel", "wechat", "--at", "2026-11-02T10:00+08:00"]
        )
    export = tmp_path / "w.csv"
    export.write_text("内容标题,发表日期,阅读人数\nWeekly notes,20261102,300\n", "utf-8")
    result = runner.invoke(
        app, ["metrics", "import", str(export), "--from", "wechat", "--ask"], input="2\n"
    )
    assert result.exit_code == 0, result.output
    assert "Row 2 could be any of these shares:" in result.output
    assert (
        "1. Weekly notes — wechat" in result.output and "2. Weekly notes — wechat" in result.output
    )
    assert "Imported 1 row(s)" in result.output
    skipped = runner.invoke(app, ["metrics", "import", str(export), "--from", "wechat", "--no-ask"])
    assert "1 ambiguous row(s) skipped: 2" in skipped.output


# Bad input (issue 12) ---------------------------------------------------------------------


def _ship(runner, slug: str = "p", title: str = "P", channel: str = "x", **front) -> None:
    lines = "".join(f"{key}: {value}\n" for key, value in front.items())
    (Path("posts") / f"{slug}.md").write_text(f"---\ntitle: {title}\n{lines}---\nx\n", "utf-8")
    result = runner.invoke(
        app,
        [
            "ship",
            slug,
            "--force",
            "--channel",
            channel,
            "--id",
            "55",
            "--at",
            "2026-11-02T10:00+08:00",
        ],
    )
    assert result.exit_code == 0, result.output


def _one_line_error(result, *words: str) -> None:
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.output
    for word in words:
        assert word in lines[0], lines[0]


def _workbook(path: Path, rows: list[list], dimension: str | None = None, **cells) -> Path:
    """A real XLSX written by openpyxl; ``dimension`` rewrites the sheet's declared size, as a
    hostile file would; ``cells`` ('A5'=value) adds cells far from the table."""
    from openpyxl import Workbook

    book = Workbook()
    for number, row in enumerate(rows, start=1):
        for column, value in enumerate(row or [], start=1):
            book.active.cell(number, column, value)
    for ref, value in cells.items():
        book.active[ref] = value
    book.save(path)
    if dimension:
        with zipfile.ZipFile(path) as archive:
            files = {name: archive.read(name) for name in archive.namelist()}
        sheet = "xl/worksheets/sheet1.xml"
        files[sheet] = re.sub(
            rb'<dimension ref="[^"]*"', f'<dimension ref="{dimension}"'.encode(), files[sheet]
        )
        assert dimension.encode() in files[sheet]
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in files.items():
                archive.writestr(name, data)
    return path


X_ROWS = [["Post id", "Impressions", "Likes"], ["55", 1200, 40]]


def test_a_workbook_declaring_the_largest_sheet_is_streamed(
    runner, workspace, monkeypatch, tmp_path
) -> None:
    """Issue 12, item 8: <dimension ref="A1:XFD1048576"> in a 5 KB file exhausted memory."""
    monkeypatch.chdir(workspace.root)
    _ship(runner)
    # The data row far down: openpyxl padded each of the 50,000 rows to 16,384 cells.
    rows = [X_ROWS[0], *([None] * 49_998), X_ROWS[1]]
    book = _workbook(tmp_path / "x.xlsx", rows, dimension="A1:XFD1048576")
    assert book.stat().st_size < 8000
    result = runner.invoke(app, ["metrics", "import", str(book), "--from", "x"])
    assert result.exit_code == 0, result.output
    assert "Imported 1 row(s)" in result.output


@pytest.mark.parametrize(
    ("cells", "words"),
    [
        ({"ALM1": "far"}, ("row 1 has more than 1,000 columns",)),  # column 1001
        ({"A500001": 1}, ("more than 500,000 rows",)),
    ],
)
def test_a_workbook_past_the_size_limits_is_refused(
    runner, workspace, monkeypatch, tmp_path, cells, words
) -> None:
    monkeypatch.chdir(workspace.root)
    _ship(runner)
    book = _workbook(tmp_path / "x.xlsx", X_ROWS, **cells)
    result = runner.invoke(app, ["metrics", "import", str(book), "--from", "x"])
    _one_line_error(result, "x.xlsx", *words)


def test_a_damaged_workbook_is_a_clear_error(runner, workspace, monkeypatch, tmp_path) -> None:
    """Issue 12, item 12: a truncated or non-zip .xlsx ended as internal error."""
    monkeypatch.chdir(workspace.root)
    whole = _workbook(tmp_path / "whole.xlsx", X_ROWS).read_bytes()
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(whole[: len(whole) // 2])
    text = tmp_path / "text.xlsx"
    text.write_text("Post id,Impressions\n55,1200\n", "utf-8")
    flipped = tmp_path / "flipped.xlsx"  # a zip whose sheet is not XML
    with zipfile.ZipFile(tmp_path / "whole.xlsx") as source, zipfile.ZipFile(flipped, "w") as out:
        for name in source.namelist():
            data = source.read(name)
            out.writestr(name, b"<<<" + data[::-1] if name.endswith("sheet1.xml") else data)
    for path in (cut, text, flipped):
        result = runner.invoke(app, ["metrics", "import", str(path), "--from", "x"])
        _one_line_error(result, path.name, "not a readable XLSX workbook")


def test_a_csv_cell_past_the_field_limit_is_a_clear_error(
    runner, workspace, monkeypatch, tmp_path
) -> None:
    monkeypatch.chdir(workspace.root)
    export = tmp_path / "big.csv"
    export.write_text("Post id,Impressions\n55,1200\n56," + "9" * 140_000 + "\n", "utf-8")
    result = runner.invoke(app, ["metrics", "import", str(export), "--from", "x"])
    _one_line_error(result, "big.csv:3:", "field larger than field limit")


@pytest.mark.parametrize(
    ("count", "words"),
    [
        ("-40", ("a count cannot be negative",)),  # item 20
        ("99999999999999999999999", ("too large for a count",)),  # item 12: SQLite's limit
        ("1" * 400, ("too large for a count",)),
    ],
)
def test_bad_counts_are_refused_by_metrics_import(
    runner, workspace, monkeypatch, tmp_path, count, words
) -> None:
    monkeypatch.chdir(workspace.root)
    _ship(runner)
    export = tmp_path / "x.csv"
    export.write_text(f"Post id,Impressions,Likes\n55,1200,{count}\n", "utf-8")
    result = runner.invoke(app, ["metrics", "import", str(export), "--from", "x"])
    _one_line_error(result, "x.csv", "row 2: Likes:", *words)
    assert json.loads(runner.invoke(app, ["export"]).output)["metrics"] == []


@pytest.mark.parametrize(
    ("value", "words"),
    [("-3", ("likes: a count cannot be negative",)), (str(2**63), ("likes: too large",))],
)
def test_bad_counts_are_refused_by_metrics_add(runner, workspace, monkeypatch, value, words):
    monkeypatch.chdir(workspace.root)
    _ship(runner)
    result = runner.invoke(app, ["metrics", "add", "p", "--channel", "x", "--likes", value])
    _one_line_error(result, *words)


def test_user_text_is_printed_as_plain_text(runner, workspace, monkeypatch) -> None:
    """Issue 12, item 11: Rich read '[...]' in titles and tags as markup: '[/usr/local]'
    crashed ship (after recording the share), stats and timer; '[link=…]' made a hyperlink.
    (A slug cannot hold '[' any more: it is one path segment.)"""
    monkeypatch.chdir(workspace.root)
    title = '"Fix [/usr/local] [link=https://example.com]paths[/link]"'
    (Path("posts") / "nix.md").write_text(
        f"---\ntitle: {title}\nslug: nix-paths\ntags: ['[/x]']\n---\nx\n", "utf-8"
    )
    result = runner.invoke(app, ["timer", "start", "posts/nix.md"])
    assert result.exit_code == 0 and "Timing nix-paths from" in result.output, result.output
    result = runner.invoke(app, ["timer", "status"])
    assert result.exit_code == 0 and "nix-paths: 0 of 30" in result.output, result.output
    result = runner.invoke(app, ["ship", "posts/nix.md", "--force", "--channel", "x"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Shipped nix-paths to x: share 1 of 1000")
    assert len(json.loads(runner.invoke(app, ["export"]).output)["shares"]) == 1
    result = runner.invoke(app, ["stats"])
    assert result.exit_code == 0, result.output
    assert "Fix [/usr/local] [link=https://example.com]paths[/link]: 0 engagements" in result.output
    assert "\x1b]8;" not in result.output and "│ [/x]" in result.output
    runner.invoke(app, ["timer", "start", "posts/nix.md"])
    result = runner.invoke(app, ["timer", "stop"])
    assert result.exit_code == 0 and "Stopped nix-paths:" in result.output, result.output
    result = runner.invoke(app, ["export", "--format", "csv", "--out", "dump-[/x]"])
    assert result.exit_code == 0 and "Wrote dump-[/x]/posts.csv" in result.output, result.output


def _export_with(tmp_path: Path, table: str, change) -> Path:
    data = {
        "version": 1,
        "posts": [
            {
                "id": 1,
                "slug": "p",
                "title": "P",
                "lang": "",
                "tags": "[]",
                "series": "",
                "project": "",
                "channel_titles": "{}",
            }
        ],
        "shares": [
            {
                "id": 1,
                "post_id": 1,
                "channel": "x",
                "url": "",
                "external_id": "",
                "shared_at": "2026-11-02T10:00:00+08:00",
                "minutes": 12.5,
            }
        ],
        "metrics": [
            {
                "id": 1,
                "share_id": 1,
                "taken_at": "2026-11-20",
                "source": "x",
                "impressions": 100,
                "likes": 5,
                "comments": None,
                "reposts": None,
                "saves": None,
                "follows": None,
                "clicks": None,
                "engagements": None,
            }
        ],
        "sessions": [],
    }
    if table:
        change(data[table][0])
    else:
        change(data)
    path = tmp_path / "ledger.json"
    path.write_text(json.dumps(data), "utf-8")
    return path


@pytest.mark.parametrize(
    ("table", "change", "words"),
    [
        (
            "posts",
            lambda row: row.update({"slug) VALUES (1); DROP TABLE shares; --": 1}),
            ("posts[0]: unknown column 'slug) VALUES",),
        ),
        (
            "shares",
            lambda row: row.update(shared_at="yesterday"),
            ("shares[0]: shared_at: not an ISO date and time: 'yesterday'",),
        ),
        (
            "shares",
            lambda row: row.update(shared_at="2026-11-02T10:00"),
            ("shares[0]: shared_at: the time has no offset",),
        ),
        ("shares", lambda row: row.update(post_id=7), ("shares[0]: post_id 7 is not in posts",)),
        ("shares", lambda row: row.update(minutes="lots"), ("shares[0]: minutes:",)),
        ("shares", lambda row: row.update(channel="$\\frac$"), ("shares[0]: channel: unknown",)),
        ("posts", lambda row: row.update(title=5), ("posts[0]: title: expected text, got 5",)),
        ("posts", lambda row: row.update(title="a\ud800"), ("posts[0]: title: not valid Unicode",)),
        (
            "posts",
            lambda row: row.update(tags='{"a": 1}'),
            ("posts[0]: tags: expected a JSON list",),
        ),
        ("posts", lambda row: row.pop("slug"), ("posts[0]: posts has no 'slug'",)),
        (
            "metrics",
            lambda row: row.update(likes=-1),
            ("metrics[0]: likes: a count cannot be neg",),
        ),
        ("metrics", lambda row: row.update(likes=2**64), ("metrics[0]: likes: too large",)),
        ("metrics", lambda row: row.update(likes=True), ("metrics[0]: likes: not a whole number",)),
        (
            "metrics",
            lambda row: row.update(taken_at="20/11"),
            ("metrics[0]: taken_at: not an ISO",),
        ),
        ("metrics", lambda row: row.update(id="x"), ("metrics[0]: id: expected a whole number",)),
        ("", lambda data: data.update(version=2), ("unknown export version 2",)),
        ("", lambda data: data.update(shares={}), ("shares: expected a list of rows",)),
        ("", lambda data: data.update(extra=[]), ("unknown key 'extra'",)),
        (
            "",
            lambda data: data["posts"].append(dict(data["posts"][0])),
            ("posts[1]: a second posts row with id=1",),
        ),
    ],
)
def test_import_ledger_checks_every_value(
    runner, workspace, monkeypatch, tmp_path, table, change, words
) -> None:
    """Issue 12, items 18 and 12: column names came from the JSON keys, values were not
    checked (a bad shared_at crashed stats later), constraint violations crashed."""
    monkeypatch.chdir(workspace.root)
    _ship(runner)
    before = runner.invoke(app, ["export"]).output
    result = runner.invoke(app, ["import-ledger", str(_export_with(tmp_path, table, change))])
    _one_line_error(result, "ledger.json:", *words)
    assert runner.invoke(app, ["export"]).output == before
    assert runner.invoke(app, ["stats"]).exit_code == 0


def test_import_ledger_backs_up_the_ledger_first(runner, workspace, monkeypatch, tmp_path):
    monkeypatch.chdir(workspace.root)
    _ship(runner, "old", "Old")
    result = runner.invoke(app, ["import-ledger", str(_export_with(tmp_path, "", lambda d: d))])
    assert result.exit_code == 0, result.output
    backups = list(workspace.state_dir.glob("ledger.before-import.*.db"))
    assert len(backups) == 1
    assert f"The previous ledger is kept in .inpublic/{backups[0].name}" in result.output
    with sqlite3.connect(backups[0]) as copy:
        assert copy.execute("SELECT slug FROM posts").fetchall() == [("old",)]
    assert json.loads(runner.invoke(app, ["export"]).output)["posts"][0]["slug"] == "p"


def test_export_import_export_is_byte_identical(runner, workspace, monkeypatch, tmp_path):
    """Issue 12, item 18 (a title '\\N' came back as NULL) and item 19 (a title starting
    with '=' was a formula in a spreadsheet): both survive the round trip unchanged."""
    monkeypatch.chdir(workspace.root)
    titles = [
        "\\N",
        "\\\\N",
        "'\\N",
        '=HYPERLINK("http://example.com","a, b")',
        "'=1+1",
        "''@x",
        "+1",
        "-2",
        "@SUM(A1)",
        "\tTab",
        "\rCR",
        'line\nbreak\r\nand "quotes", commas',
        "中文标题：数据，逗号",
        "",
        "'plain",
        "\\",
    ]
    for number, title in enumerate(titles):
        slug = f"p{number}"
        (Path("posts") / f"{slug}.md").write_text(
            f"---\ntitle: {json.dumps(title)}\n---\nx\n", "utf-8"
        )
        at = f"2026-11-{number + 1:02d}T10:00+08:00"
        assert (
            runner.invoke(app, ["ship", slug, "--force", "--channel", "x", "--at", at]).exit_code
            == 0
        )
    runner.invoke(app, ["metrics", "add", "p1", "--channel", "x", "--likes", "3"])
    first, second = tmp_path / "first", tmp_path / "second"
    assert runner.invoke(app, ["export", "--format", "csv", "--out", str(first)]).exit_code == 0
    posts = (first / "posts.csv").read_text("utf-8")
    for cell in ("'=HYPERLINK", "''=1+1", "'''@x", "'+1", "'-2", "'@SUM", "'\tTab", "\\\\N"):
        assert cell in posts, cell
    assert "\n=" not in posts and ",=" not in posts
    json_first = runner.invoke(app, ["export"]).output
    for source in (first, tmp_path / "ledger.json"):
        (tmp_path / "ledger.json").write_text(json_first, "utf-8")
        result = runner.invoke(app, ["import-ledger", str(source)])
        assert result.exit_code == 0, result.output
        assert runner.invoke(app, ["export"]).output == json_first
        second.mkdir(exist_ok=True)
        assert (
            runner.invoke(app, ["export", "--format", "csv", "--out", str(second)]).exit_code == 0
        )
        for name in ("posts.csv", "shares.csv", "metrics.csv", "sessions.csv"):
            assert (second / name).read_bytes() == (first / name).read_bytes(), name
    titles_back = [row["title"] for row in json.loads(json_first)["posts"]]
    assert titles_back == titles


def test_import_ledger_reads_csv_saved_with_a_bom(runner, workspace, monkeypatch, tmp_path):
    monkeypatch.chdir(workspace.root)
    _ship(runner)
    before = runner.invoke(app, ["export"]).output
    folder = tmp_path / "csv"
    assert runner.invoke(app, ["export", "--format", "csv", "--out", str(folder)]).exit_code == 0
    for path in folder.iterdir():
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    result = runner.invoke(app, ["import-ledger", str(folder)])
    assert result.exit_code == 0, result.output
    assert runner.invoke(app, ["export"]).output == before


@pytest.mark.parametrize(
    ("answers", "words"),
    [
        ("topics = [\n", ("a.toml: not valid TOML",)),
        ("channels = {x = 5}\n", ("a.toml:1: 'channels.x' should be a table of answers",)),
        ("[channels.myspace]\nwho = 'x'\n", ("a.toml:1: 'channels.myspace' should be a channel",)),
        ("[channels.x]\nwho = 5\n", ("a.toml:2: 'channels.x.who' should be a string, got 5",)),
        ("[channels.x]\nwhom = 'x'\n", ("a.toml:2: 'channels.x.whom' should be a channel q",)),
        ("topics = 'ci'\n", ("a.toml:1: 'topics' should be a list of strings",)),
        ("main_track = 5\n", ("a.toml:1: 'main_track' should be a string",)),
        ("\nbogus = 'x'\n", ("a.toml:2: unknown answer 'bogus'",)),
    ],
)
def test_bad_plan_answers_are_reported_in_the_answers_file(
    runner, workspace, monkeypatch, tmp_path, answers, words
) -> None:
    monkeypatch.chdir(workspace.root)
    before = workspace.config_path.read_bytes()
    path = tmp_path / "a.toml"
    path.write_text(answers, "utf-8")
    result = runner.invoke(app, ["plan", "--answers", str(path)])
    _one_line_error(result, *words)
    assert workspace.config_path.read_bytes() == before


@pytest.mark.parametrize("since", ["99999y", "9999999d", "1" * 5000 + "y"])
def test_stats_since_far_back_is_a_clear_error(runner, workspace, monkeypatch, since) -> None:
    monkeypatch.chdir(workspace.root)
    _one_line_error(
        runner.invoke(app, ["stats", "--since", since]),
        "--since" if len(since) < 10 else "not a date",
    )


def _fill(workspace, posts: int = 300) -> Path:
    from inpublic.ledger import open_ledger
    from inpublic.workspace import parse_post

    with open_ledger(workspace) as ledger:
        for number in range(posts):
            text = f"---\ntitle: Post {number} {'words ' * 40}\nslug: s{number}\n---\nx\n"
            at = dt.datetime(2026, 1, 1, tzinfo=dt.UTC) + dt.timedelta(hours=number)
            ledger.ship(parse_post(text, Path(f"s{number}.md")), "x", at=at)
    return workspace.state_dir / "ledger.db"


def test_a_damaged_ledger_page_is_a_clear_error(runner, workspace, monkeypatch) -> None:
    """Issue 12, item 12: garbage in the middle of a real ledger ended as internal error."""
    monkeypatch.chdir(workspace.root)
    path = _fill(workspace)
    data = bytearray(path.read_bytes())
    assert len(data) > 30 * 4096
    for page in range(len(data) // 4096 // 3, 2 * len(data) // 4096 // 3):
        data[page * 4096 : page * 4096 + 4096] = bytes(range(256)) * 16
    path.write_bytes(bytes(data))
    for command in (["stats"], ["export"], ["ship", "p", "--force", "--channel", "x"]):
        (Path("posts") / "p.md").write_text("---\ntitle: P\n---\nx\n", "utf-8")
        _one_line_error(runner.invoke(app, command), "ledger.db", "the ledger is damaged")


def test_a_dollar_in_a_channel_name_is_not_mathtext(runner, workspace, monkeypatch, tmp_path):
    """Issue 12, item 12: a '$' in a channel name (a ledger from elsewhere) reached
    matplotlib's mathtext, which failed on an unknown command."""
    monkeypatch.chdir(workspace.root)
    _ship(runner)
    with sqlite3.connect(workspace.state_dir / "ledger.db") as db:
        db.execute("UPDATE shares SET channel = '$\\foo{x}$'")
    page = tmp_path / "dash.html"
    result = runner.invoke(app, ["stats", "--html", str(page)])
    assert result.exit_code == 0, result.output
    assert "\\foo{x}" in page.read_text("utf-8")


def test_a_ledger_from_a_newer_inpublic_is_not_written(runner, workspace, monkeypatch) -> None:
    """Issue 12, item 24: a ledger with a newer schema was used without notice."""
    monkeypatch.chdir(workspace.root)
    _ship(runner)
    path = workspace.state_dir / "ledger.db"
    with sqlite3.connect(path) as db:
        db.execute("INSERT INTO _inpublic_migrations VALUES ('m900_future', '2027-01-01')")
    before = json.loads(runner.invoke(app, ["export"]).output)
    result = runner.invoke(app, ["ship", "p", "--force", "--channel", "linkedin"])
    _one_line_error(result, "newer version of inpublic", "m900_future", "upgrade inpublic")
    assert json.loads(runner.invoke(app, ["export"]).output) == before
    assert runner.invoke(app, ["stats"]).exit_code == 0  # reading it is fine


@contextlib.contextmanager
def _read_only(*paths: Path):
    """Folders and files nobody can write, root included: root ignores permissions, so for
    root they are made immutable (chattr +i) and made mutable again afterwards."""
    if os.geteuid() != 0:
        for path in paths:
            path.chmod(0o555 if path.is_dir() else 0o444)
        try:
            yield
        finally:
            for path in paths:
                path.chmod(0o755 if path.is_dir() else 0o644)
        return
    chattr = shutil.which("chattr")
    if not chattr or subprocess.run([chattr, "+i", *paths], check=False).returncode:
        pytest.skip("cannot make a file read-only for root here (no chattr +i)")
    try:
        yield
    finally:
        subprocess.run([chattr, "-i", *paths], check=True)


def test_a_read_only_workspace_can_still_be_read(runner, workspace, monkeypatch) -> None:
    """Issue 12, item 21: stats and export called a healthy ledger in a read-only folder
    'not a usable ledger'. They open it read-only; a write says the folder is read-only."""
    monkeypatch.chdir(workspace.root)
    _ship(runner)
    state = workspace.state_dir
    assert sorted(p.name for p in state.iterdir()) == ["ledger.db"]
    with _read_only(state, state / "ledger.db"):
        stats = runner.invoke(app, ["stats", "--json"])
        assert stats.exit_code == 0, stats.output
        assert json.loads(stats.output)["shares_total"] == 1
        export = runner.invoke(app, ["export"])
        assert export.exit_code == 0 and json.loads(export.output)["shares"], export.output
        assert runner.invoke(app, ["timer", "status"]).exit_code == 0
        ship = runner.invoke(app, ["ship", "p", "--force", "--channel", "linkedin"])
        _one_line_error(ship, "ledger.db", "cannot write the ledger", "read-only")
    assert sorted(p.name for p in state.iterdir()) == ["ledger.db"]
    assert len(json.loads(runner.invoke(app, ["export"]).output)["shares"]) == 1


def test_a_full_disk_says_the_disk_is_full(runner, workspace, monkeypatch, tmp_path) -> None:
    """Issue 12, item 21: a full disk was reported as 'not a usable ledger'. The workspace
    is copied onto a 512 KB tmpfs, which the test fills."""
    monkeypatch.chdir(workspace.root)
    _ship(runner)
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", str(disk)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode:
        pytest.skip("cannot mount a small file system here")
    try:
        shutil.copytree(workspace.root, disk / "ws")
        monkeypatch.chdir(disk / "ws")
        before = (disk / "ws" / ".inpublic" / "ledger.db").read_bytes()
        title = "Full " * 2000
        (Path("posts") / "big.md").write_text(f"---\ntitle: {title}\n---\nx\n", "utf-8")
        filler = disk / "filler"
        with contextlib.suppress(OSError), filler.open("wb") as handle:
            while True:
                handle.write(b"\0" * 4096)
                handle.flush()
        result = runner.invoke(app, ["ship", "big", "--force", "--channel", "x"])
        _one_line_error(result, "ledger.db", "the disk is full")
        filler.unlink()
        assert (disk / "ws" / ".inpublic" / "ledger.db").read_bytes() == before
        stats = runner.invoke(app, ["stats", "--json"])
        assert json.loads(stats.output)["shares_total"] == 1
    finally:
        monkeypatch.chdir(tmp_path)
        subprocess.run(["umount", str(disk)], check=True)


def test_times_out_of_range_are_clear_errors(runner, workspace, monkeypatch) -> None:
    """Issue 12, item 12: the year 1 in local time fell before the year 1 (internal error)."""
    monkeypatch.chdir(workspace.root)
    _ship(runner)
    for command in (
        ["ship", "p", "--force", "--channel", "linkedin", "--at", "0001-01-01T00:00"],
        ["stats", "--since", "0001-01-01"],
        ["metrics", "add", "p", "--channel", "x", "--likes", "1", "--as-of", "0001-01-01"],
    ):
        _one_line_error(runner.invoke(app, command), "out of range: '0001-01-01")


def test_a_bad_time_already_in_the_ledger_is_a_clear_error(runner, workspace, monkeypatch):
    """Issue 12, item 12: a non-date shared_at let in by an older import-ledger crashed stats."""
    monkeypatch.chdir(workspace.root)
    _ship(runner)
    with sqlite3.connect(workspace.state_dir / "ledger.db") as db:
        db.execute("UPDATE shares SET shared_at = 'yesterday'")
    for command in (["stats"], ["stats", "--html", "d.html"]):
        _one_line_error(
            runner.invoke(app, command), "bad time in share 1: 'yesterday'", "import-ledger"
        )


def test_orphan_timers_are_reported(runner, workspace, monkeypatch) -> None:
    """Issue 15: a timer whose post is gone, or that has run for more than a day, is named
    by timer status and stats, with how to stop it."""

    from inpublic.ledger import now, open_ledger

    monkeypatch.chdir(workspace.root)
    for slug in ("kept", "gone"):
        (workspace.posts_dir / f"{slug}.md").write_text(f"---\ntitle: {slug}\n---\n\nx\n")
    with open_ledger(workspace) as ledger:
        ledger.timer_start("kept", at=now() - dt.timedelta(days=2))
        ledger.timer_start("gone")
    (workspace.posts_dir / "gone.md").unlink()
    data = json.loads(runner.invoke(app, ["timer", "status", "--json"]).output)
    orphans = {t["slug"]: t["orphan"] for t in data["timers"]}
    assert orphans["gone"] == "no post has this slug any more"
    assert "more than a day" in orphans["kept"]
    text = runner.invoke(app, ["stats"]).output
    assert "orphan timer: gone" in text and "inpublic timer stop gone" in text


READY_POST = (
    "---\ntitle: Cache\n---\n\nEvery pull request waited 14 minutes for CI.\n\n"
    "I cached the wheel build.\n\nCI now takes 4 min instead of 14 min.\n"
)


def test_one_ship_for_several_channels_and_a_share_is_its_url(runner, workspace, monkeypatch):
    """Issue 15: one command records a share per channel; the same URL again is the same
    share, a URL given later fills the share that had none, another URL is another share."""
    monkeypatch.chdir(workspace.root)
    (workspace.posts_dir / "cache.md").write_text(READY_POST, "utf-8")

    def ship(*args: str) -> list[tuple]:
        result = runner.invoke(app, ["ship", "cache", *args, "--json"])
        assert result.exit_code == 0, result.output
        return [
            (s["channel"], s["share"], s["recorded"]) for s in json.loads(result.output)["shares"]
        ]

    first = ship("--channel", "x,wechat", "--url", "x=https://x.com/m/status/1")
    assert first == [("x", 1, "new"), ("wechat", 2, "new")]
    assert ship("--channel", "x", "--url", "https://x.com/m/status/1") == [("x", 1, "known")]
    assert ship("--channel", "wechat", "--url", "https://mp.weixin.qq.com/s/a") == [
        ("wechat", 2, "filled")
    ]
    later = ("--at", "2026-12-24T10:00")
    assert ship("--channel", "x", "--url", "https://x.com/m/status/2", *later) == [("x", 3, "new")]
    wrong = runner.invoke(app, ["ship", "cache", "--channel", "x,wechat", "--url", "https://a.b"])
    assert wrong.exit_code == 2 and "say which channel it is for" in wrong.output


def test_ship_refuses_a_post_that_is_not_ready_or_a_draft_without_force(
    runner, workspace, monkeypatch
) -> None:
    monkeypatch.chdir(workspace.root)
    (workspace.posts_dir / "thin.md").write_text("---\ntitle: Thin\n---\n\nIt is better.\n")
    refused = runner.invoke(app, ["ship", "thin", "--channel", "x"])
    assert refused.exit_code == 2
    assert "thin is NOT READY" in refused.output and "--force" in refused.output
    draft = READY_POST.replace("title: Cache", "title: Cache\ndraft: true")
    (workspace.posts_dir / "draft.md").write_text(draft, "utf-8")
    refused = runner.invoke(app, ["ship", "draft", "--channel", "x"])
    assert refused.exit_code == 2 and "draft: true" in refused.output
    assert runner.invoke(app, ["ship", "draft", "--channel", "x", "--force"]).exit_code == 0
