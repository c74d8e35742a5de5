from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from inpublic import __version__
from inpublic.cli import app
from inpublic.workspace import load_post


def run(runner, *args: str, input: str | None = None):
    return runner.invoke(app, list(args), input=input)


def test_version_and_help(runner) -> None:
    assert run(runner, "--version").output.strip() == f"inpublic {__version__}"
    result = run(runner, "--help")
    assert result.exit_code == 0
    for command in ("init", "new", "outline", "demo"):
        assert command in result.output


def test_start_up_imports_no_heavy_library() -> None:
    """--help must stay fast: parsers, YAML and validation load only in the commands."""
    code = (
        "import sys, inpublic.cli;"
        "heavy = {'markdown_it', 'ruamel', 'msgspec', 'rich.table', 'inpublic.document'};"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy or m in heavy))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_init_then_new_with_answers(runner, tmp_path: Path, monkeypatch) -> None:
    result = run(runner, "init", "blog", "--name", "Mei", "--lang", "zh,en", "--channels", "hugo,x")
    assert result.exit_code == 0, result.output
    assert 'Next: cd blog && inpublic new "What I fixed"' in result.output
    config = (tmp_path / "blog" / "inpublic.toml").read_text("utf-8")
    for example in ("\n# [capture]\n", "\n# repos = ", "\n# [check]\n", "\n# disable = "):
        assert example in config
    monkeypatch.chdir(tmp_path / "blog")
    answers = tmp_path / "answers.toml"
    answers.write_text(
        'problem = "发版要手动检查 23 项。"\nresult = "40 分钟 → 3 分钟。"\n', "utf-8"
    )
    result = run(runner, "new", "发版检查", "--answers", str(answers), "--project", "ledger")
    assert result.exit_code == 0, result.output
    assert "Wrote posts/发版检查.md" in result.output
    post = load_post(tmp_path / "blog" / "posts" / "发版检查.md")
    assert post.lang == "zh" and post.meta["project"] == "ledger"
    assert (
        "## 问题\n\n<!-- 你解决了什么问题？谁遇到了这个问题？ -->\n\n发版要手动检查 23 项。\n"
        in post.body
    )
    assert "started_at" in post.meta


def test_new_interview(runner, workspace, monkeypatch) -> None:
    monkeypatch.chdir(workspace.root)
    answers = "CI took too long.\nReviews waited.\n\n\n\n4 min, down from 14.\n\n\n\n\n"
    result = run(runner, "new", "Faster CI", "--interview", input=answers)
    assert result.exit_code == 0, result.output
    body = load_post(workspace.posts_dir / "faster-ci.md").body
    assert (
        "## Problem\n\n<!-- What problem did you solve, and who had it? -->\n\n"
        "CI took too long.\nReviews waited.\n" in body
    )
    assert "## Result\n\n<!-- " in body and "\n\n4 min, down from 14.\n" in body
    assert "Still to write: Before, Solution, Process and challenges" in result.output


def test_outline_json(runner, workspace, monkeypatch) -> None:
    monkeypatch.chdir(workspace.root)
    (workspace.posts_dir / "p.md").write_text("---\ntitle: t\n---\n\n# H\n\nOne. Two.\n", "utf-8")
    result = run(runner, "outline", "p", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["version"] == 1
    sentences = [
        (s["line"], s["column"], s["text"]) for b in data["blocks"] for s in b["sentences"]
    ]
    assert sentences == [(5, 3, "H"), (7, 1, "One."), (7, 6, "Two.")]


def test_demo(runner, tmp_path: Path) -> None:
    result = run(runner, "demo", "d")
    assert result.exit_code == 0, result.output
    outputs = sorted((tmp_path / "d" / "out").glob("*/document.json"))
    assert len(outputs) == 4
    assert "check: NOT READY: peacock, brag, weasel, hedge, intensifier, buzzword" in result.output
    assert result.output.count("check: READY") == 3
    langs = {json.loads(p.read_text("utf-8"))["lang"] for p in outputs}
    assert langs == {"zh", "en"}
    assert "out/sqlite-fts5-search/document.json" in result.output.replace("\n", "")
    assert run(runner, "demo", "d").exit_code == 0  # a demo folder can be rebuilt
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "notes.txt").write_text("mine")
    result = run(runner, "demo", "other")
    assert result.exit_code == 2
    assert (tmp_path / "other" / "notes.txt").read_text() == "mine"


# bad input: one line naming the file, exit code 2 -----------------------------


def one_error_line(result) -> str:
    assert result.exit_code == 2, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, result.output
    assert "Traceback" not in result.output
    return lines[0]


def test_outside_a_workspace(runner) -> None:
    line = one_error_line(run(runner, "new", "x"))
    assert "not inside an inpublic workspace" in line and "inpublic init" in line


def test_missing_post(runner, workspace, monkeypatch) -> None:
    monkeypatch.chdir(workspace.root)
    assert one_error_line(run(runner, "outline", "nope")).startswith("error: nope: no such post")


def test_non_utf8_post(runner, workspace, monkeypatch) -> None:
    monkeypatch.chdir(workspace.root)
    (workspace.posts_dir / "gbk.md").write_bytes("---\ntitle: 标题\n---\n".encode("gbk"))
    line = one_error_line(run(runner, "outline", "gbk"))
    assert line.startswith("error: posts/gbk.md:2: not UTF-8")


def test_malformed_front_matter(runner, workspace, monkeypatch) -> None:
    monkeypatch.chdir(workspace.root)
    (workspace.posts_dir / "bad.md").write_text("---\ntitle: a: b\n---\n", "utf-8")
    line = one_error_line(run(runner, "outline", "bad"))
    assert line.startswith("error: posts/bad.md:2: front matter is not valid YAML")


def test_bad_config(runner, workspace, monkeypatch) -> None:
    monkeypatch.chdir(workspace.root)
    text = workspace.config_path.read_text("utf-8").replace("total = 1000", 'total = "many"')
    workspace.config_path.write_text(text, "utf-8")
    line = one_error_line(run(runner, "new", "x"))
    number = text.splitlines().index('total = "many"') + 1
    assert line == f"error: inpublic.toml:{number}: goals.total: expected an integer, got 'many'"


def test_folder_that_cannot_be_written(runner, tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    line = one_error_line(run(runner, "init", "file/blog"))
    assert "file" in line and "cannot" in line


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "inpublic", "--debug", "new", "x"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert done.returncode != 0
    assert "Traceback" in done.stderr and "WorkspaceError" in done.stderr
    done = subprocess.run(
        [sys.executable, "-m", "inpublic", "new", "x"], capture_output=True, text=True, cwd=tmp_path
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr and done.stderr.count("\n") == 1


def test_new_edit_opens_the_post_in_the_editor(runner, tmp_path: Path, monkeypatch) -> None:
    run(runner, "init", "blog")
    monkeypatch.chdir(tmp_path / "blog")
    editor = tmp_path / "editor.sh"  # an editor that writes a line and quits
    editor.write_text('#!/bin/sh\nprintf "Edited in the editor.\\n" >> "$1"\n', "utf-8")
    editor.chmod(0o755)
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", str(editor))
    result = run(runner, "new", "Cache", "--edit")
    assert result.exit_code == 0, result.output
    post = tmp_path / "blog" / "posts" / "cache.md"
    assert post.read_text("utf-8").endswith("Edited in the editor.\n")

    monkeypatch.setenv("EDITOR", str(tmp_path / "no-such-editor"))
    line = one_error_line_of(run(runner, "new", "Second", "--edit"))
    assert "could not open the editor" in line and "$EDITOR" in line
    assert (tmp_path / "blog" / "posts" / "second.md").is_file()  # written, waiting


def one_error_line_of(result) -> str:
    """The one error line of a command that printed other lines before it failed."""
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    (line,) = [line for line in result.output.splitlines() if line.startswith("error")]
    return line


def test_short_version_and_dash_c_runs_in_another_folder(
    runner, tmp_path: Path, monkeypatch
) -> None:
    assert run(runner, "-V").output.strip() == f"inpublic {__version__}"
    assert run(runner, "init", "blog").exit_code == 0
    other = tmp_path / "elsewhere"
    other.mkdir()
    monkeypatch.chdir(other)  # and back after the test, whatever -C does meanwhile
    result = run(runner, "-C", str(tmp_path / "blog"), "new", "From afar")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "blog" / "posts" / "from-afar.md").is_file()
    line = one_error_line(run(runner, "-C", str(tmp_path / "missing"), "check"))
    assert "-C" in line and "missing" in line


def test_config_shows_each_setting_and_where_it_came_from(
    runner, tmp_path: Path, monkeypatch
) -> None:
    import json

    run(runner, "init", "blog", "--name", "Mei")
    monkeypatch.chdir(tmp_path / "blog")
    path = tmp_path / "blog" / "inpublic.toml"
    path.write_text(path.read_text("utf-8") + '\n[check]\nmin_severity = "error"\n', "utf-8")
    result = run(runner, "config", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    settings = {s["key"]: s for s in data["settings"]}
    assert data["version"] == 1 and data["file"].endswith("inpublic.toml")
    lines = path.read_text("utf-8").splitlines()
    severity = settings["check.min_severity"]
    assert severity["value"] == "error" and lines[severity["line"] - 1].startswith("min_severity")
    assert settings["profile.name"]["value"] == "Mei"
    assert settings["check.disable"] == {"key": "check.disable", "value": [], "line": None}
    text = run(runner, "config").output
    assert 'check.min_severity      = "error"  # inpublic.toml:' in text
    assert "check.disable           = []  # default" in text


def test_shell_completion(tmp_path: Path) -> None:
    """As gh, ruff and hugo ship it: the script for a shell, and completions from the app."""
    command = str(Path(sys.executable).parent / "inpublic")  # the installed script
    done = subprocess.run(
        [command, "--show-completion", "bash"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "complete -o default -F _inpublic_completion inpublic" in done.stdout
    env = {
        **os.environ,
        "_INPUBLIC_COMPLETE": "complete_bash",
        "COMP_WORDS": "inpublic site ",
        "COMP_CWORD": "2",
    }
    words = subprocess.run(
        [command], env=env, capture_output=True, text=True, check=True
    ).stdout.split()
    assert words == ["build", "serve"]


def test_every_command_that_reports_has_json(runner, tmp_path: Path, monkeypatch) -> None:
    """Each prints one JSON document with "version": 1 and nothing else on stdout."""

    def data(*args: str) -> dict:
        result = run(runner, *args, "--json")
        assert result.exit_code == 0, result.output
        parsed = json.loads(result.stdout)
        assert parsed["version"] == 1
        return parsed

    assert data("init", "blog")["root"] == str((tmp_path / "blog").resolve())
    monkeypatch.chdir(tmp_path / "blog")
    created = data("new", "Cache wheels")
    assert created["slug"] == "cache-wheels" and "Result" in created["still_to_write"]
    assert [t["slug"] for t in data("timer", "status")["timers"]] == ["cache-wheels"]
    shipped = data(
        "ship", "cache-wheels", "--force", "--channel", "x", "--url", "https://x.com/m/status/7"
    )
    assert [(s["channel"], s["share"], s["recorded"]) for s in shipped["shares"]] == [
        ("x", 1, "new")
    ]
    export = tmp_path / "x.csv"
    export.write_text("Post id,Post Link,Impressions,Likes\n7,https://x.com/m/status/7,90,4\n")
    imported = data("metrics", "import", str(export))
    assert (imported["source"], imported["imported"]) == ("x", 1)
    built = data("site", "build", "--drafts")
    assert built["posts"] == 1 and built["errors"] == []
    repo = tmp_path / "repo"
    repo.mkdir()
    git = ["git", "-C", str(repo), "-c", "user.name=Mei", "-c", "user.email=mei@example.com"]
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    (repo / "a.txt").write_text("a\n")
    subprocess.run([*git, "add", "a.txt"], check=True)
    subprocess.run([*git, "commit", "-qm", "Add a"], check=True)
    bragged = data("brag", "--repo", str(repo), "--author", "mei@example.com")
    assert bragged["commits"] == 1 and Path(bragged["path"]).is_file()


def test_a_reader_that_goes_away_stops_the_output_quietly() -> None:
    """`inpublic … | head`: the closed pipe ends the command as it ends a Unix tool, with no
    'internal error' (exit 141, as SIGPIPE gives)."""
    command = str(Path(sys.executable).parent / "inpublic")
    process = subprocess.Popen(
        [command, "rules", "--json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert process.stdout is not None and process.stdout.read(10)
    process.stdout.close()
    stderr = process.communicate(timeout=30)[1].decode()
    assert process.returncode in (141, 0) and "internal error" not in stderr, stderr


def test_quiet_prints_nothing_but_errors(runner, tmp_path: Path, monkeypatch) -> None:
    run(runner, "init", "blog")
    monkeypatch.chdir(tmp_path / "blog")
    result = run(runner, "-q", "new", "Quiet post")
    assert result.exit_code == 0 and result.output == ""
    assert (tmp_path / "blog" / "posts" / "quiet-post.md").is_file()
    checked = run(runner, "-q", "check")
    assert checked.exit_code == 1 and checked.output == ""  # the exit code tells
    assert json.loads(run(runner, "-q", "timer", "status", "--json").output)["version"] == 1


def test_a_chinese_title_gets_a_pinyin_slug_when_asked(runner, tmp_path: Path, monkeypatch) -> None:
    """Issue 15: --slug pinyin, or [workspace] slug = "pinyin", writes the slug in pinyin;
    by default the characters are kept, as Hugo keeps them."""
    run(runner, "init", "blog")
    monkeypatch.chdir(tmp_path / "blog")
    assert "Wrote posts/发版检查.md" in run(runner, "new", "发版检查").output
    asked = run(runner, "new", "发版检查从 40 分钟到 3 分钟", "--slug", "pinyin")
    assert "Wrote posts/fa-ban-jian-cha-cong-40-fen-zhong-dao-3-fen-zhong.md" in asked.output
    config = tmp_path / "blog" / "inpublic.toml"
    config.write_text(config.read_text("utf-8") + '\n[workspace]\nslug = "pinyin"\n', "utf-8")
    assert "Wrote posts/tui-song-ce-shi.md" in run(runner, "new", "推送测试").output


def test_mv_renames_a_post_and_its_record_keeps_its_address(
    runner, tmp_path: Path, monkeypatch
) -> None:
    """Issue 15: inpublic mv renames a post's file and slug while its timer runs; the share
    then counts the minutes of before the rename, and the site keeps the old address."""
    import datetime as dt

    from inpublic.ledger import now, open_ledger
    from inpublic.workspace import find_workspace

    run(runner, "init", "blog")
    monkeypatch.chdir(tmp_path / "blog")
    assert run(runner, "new", "Cache", "--slug", "ci-faster").exit_code == 0
    workspace = find_workspace()
    with open_ledger(workspace) as ledger, ledger.transaction():  # the timer ran 20 minutes
        ledger.db.execute(
            "UPDATE sessions SET started_at = ?", ((now() - dt.timedelta(minutes=20)).isoformat(),)
        )
    moved = run(runner, "mv", "ci-faster", "ci-from-14-to-4")
    assert moved.exit_code == 0, moved.output
    post = load_post(tmp_path / "blog" / "posts" / "ci-from-14-to-4.md")
    assert not (tmp_path / "blog" / "posts" / "ci-faster.md").exists()
    assert post.slug == "ci-from-14-to-4" and post.meta["aliases"] == ["/posts/ci-faster/"]
    shipped = run(runner, "ship", "ci-from-14-to-4", "--channel", "x", "--force", "--json")
    assert json.loads(shipped.output)["shares"][0]["minutes"] >= 20
    run(runner, "site", "build", "--drafts")
    alias = (tmp_path / "blog" / "out" / "site" / "posts" / "ci-faster" / "index.html").read_text()
    assert 'content="0; url=../../posts/ci-from-14-to-4/"' in alias  # it sends readers on
    taken = run(runner, "mv", "ci-from-14-to-4", "ci-from-14-to-4")
    assert taken.exit_code == 2
