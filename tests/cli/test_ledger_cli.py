from __future__ import annotations

import json

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
    result = runner.invoke(app, ["ship", "p", "--channel", "myspace"])
    assert result.exit_code == 2 and "unknown channel 'myspace'" in result.output
    result = runner.invoke(app, ["ship", "p", "--channel", "x", "--at", "yesterday-ish"])
    assert result.exit_code == 2 and "not a date or time" in result.output


def test_export_and_import_ledger(runner, workspace, monkeypatch, tmp_path) -> None:
    monkeypatch.chdir(workspace.root)
    (workspace.posts_dir / "p.md").write_text("---\ntitle: P\n---\nx\n", "utf-8")
    runner.invoke(app, ["ship", "p", "--channel", "x", "--at", "2026-11-02T10:00+08:00"])
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
        runner.invoke(app, ["ship", slug, "--channel", "wechat", "--at", "2026-11-02T10:00+08:00"])
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
