from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest

from inpublic.cli import app

READY = """---
title: CI from 14 to 4 minutes
lang: en
---

## Problem

Every pull request waited for CI before review.

## Solution

I cached the wheel builds and split the tests into four jobs.

## Result

CI takes 4 min instead of 14 min.
"""

FLUFFY = """---
title: Our amazing deploys
lang: en
---

## Problem

Everyone knows deploys are hard.
"""


@pytest.fixture
def posts(workspace, monkeypatch) -> Path:
    monkeypatch.chdir(workspace.root)
    (workspace.posts_dir / "ready.md").write_text(READY, "utf-8")
    (workspace.posts_dir / "fluffy.md").write_text(FLUFFY, "utf-8")
    return workspace.posts_dir


def run(runner, *args: str):
    return runner.invoke(app, ["check", *args])


def test_ready_post_exits_0(runner, posts) -> None:
    result = run(runner, "posts/ready.md")
    assert result.exit_code == 0, result.output
    assert "posts/ready.md  READY" in result.output
    assert "ready does not mean perfect" in result.output
    assert "not shown" in result.output  # suggestions hidden below the default threshold


def test_line_format_is_exact(runner, posts) -> None:
    result = run(runner, "posts/fluffy.md", "--format", "line")
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "posts/fluffy.md:2:1: error structure.solution "
        "Add a solution: what you did (I replaced…, we added…)",
        "posts/fluffy.md:2:1: error structure.result "
        "Add a measured result: a number with its baseline (14 min → 4 min)",
        "posts/fluffy.md:2:12: warning en.peacock 'amazing' praises instead of showing.",
        "posts/fluffy.md:8:1: warning en.weasel "
        "'Everyone knows' claims support without saying whose.",
    ]


def test_json_schema(runner, posts) -> None:
    result = run(runner, "--format", "json", "--min-severity", "suggestion")
    data = json.loads(result.output)
    assert data["version"] == 3
    files = {Path(f["path"]).name: f for f in data["files"]}
    assert files["ready.md"]["verdict"] == "READY"
    assert files["fluffy.md"]["verdict"] == "NOT READY"
    parts = files["ready.md"]["parts"]
    assert parts["problem"] == {
        "line": 8,
        "column": 1,
        "text": "Every pull request waited for CI before review.",
    }
    assert parts["solution"]["line"] == 12 and parts["result"]["line"] == 16
    assert parts["baseline"] == parts["result"]  # 4 min instead of 14 min: its own baseline
    assert files["fluffy.md"]["parts"]["result"] is None
    finding = next(f for f in files["fluffy.md"]["findings"] if f["rule"] == "en.weasel")
    assert finding == {
        "rule": "en.weasel",
        "category": "weasel",
        "severity": "warning",
        "line": 8,
        "column": 1,
        "end_line": 8,
        "end_column": 14,
        "message": "'Everyone knows' claims support without saying whose.",
        "suggestion": "Name the source and link it, or say what you measured yourself.",
        "source": "rules",
    }


def test_github_format(runner, posts) -> None:
    result = run(runner, "posts/fluffy.md", "--format", "github")
    assert (
        "::warning file=posts/fluffy.md,line=8,col=1,endLine=8,endColumn=15,title=en.weasel::"
        in result.output
    )


def test_text_format_marks_the_span(runner, posts) -> None:
    result = run(runner, "posts/fluffy.md")
    lines = result.output.splitlines()
    source = lines.index("     8 | Everyone knows deploys are hard.")
    assert lines[source + 1] == "       | ^^^^^^^^^^^^^^"


def test_min_severity_error_shows_only_errors(runner, posts) -> None:
    result = run(runner, "posts/fluffy.md", "--format", "line", "--min-severity", "error")
    assert all(" error " in line for line in result.output.splitlines())


def test_bad_files_are_reported_and_the_rest_checked(runner, posts) -> None:
    (posts / "binary.md").write_bytes(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR")
    (posts / "huge.md").write_bytes(b"---\ntitle: x\n---\n" + b"word " * (4 * 1024 * 1024))
    (posts / "empty.md").write_bytes(b"")
    (posts / "front-only.md").write_text("---\ntitle: only\n---\n", "utf-8")
    (posts / "gbk.md").write_bytes("---\ntitle: 标题\n---\n正文\n".encode("gbk"))
    result = run(runner, "--format", "line")
    assert result.exit_code == 2
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert len(errors) == 5
    assert any("binary.md: a binary file" in e for e in errors)
    assert any("huge.md: too large to be a post (20.0 MB)" in e for e in errors)
    assert any("empty.md: empty post" in e for e in errors)
    assert any("front-only.md:4: only front matter" in e for e in errors)
    assert any("gbk.md:2: not UTF-8" in e for e in errors)
    assert "posts/fluffy.md:8:1: warning en.weasel" in result.output  # the others were checked


def test_fix_applies_typography_only(runner, posts) -> None:
    post = posts / "mixed.md"
    original = (
        "---\ntitle: 用Python写脚本\nlang: zh\n---\n\n我们用Python写了脚本,快了3倍.\n\n很强大。\n"
    )
    post.write_text(original, "utf-8")
    dry = run(runner, "--fix", "--dry-run", "posts/mixed.md")
    assert dry.exit_code == 0
    assert "-我们用Python写了脚本,快了3倍." in dry.output
    assert "+我们用 Python 写了脚本，快了 3 倍。" in dry.output
    assert post.read_text("utf-8") == original
    assert run(runner, "--fix", "posts/mixed.md").exit_code == 0
    fixed = post.read_text("utf-8")
    given = re.search(r"^id: (p-[0-9a-f]{12})$", fixed, re.M)  # the first write gives an id
    assert given, fixed
    assert fixed == original.replace(
        "我们用Python写了脚本,快了3倍.", "我们用 Python 写了脚本，快了 3 倍。"
    ).replace("lang: zh\n", f"lang: zh\nid: {given[1]}\n")
    assert "title: 用Python写脚本" in fixed  # front matter untouched; 强大 (not typography) kept


def test_outside_a_workspace_paths_still_work(runner, tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "p.md").write_text(READY, "utf-8")
    assert run(runner, "p.md").exit_code == 0
    result = run(runner)
    assert result.exit_code == 2
    assert "inpublic init" in result.output


HOSTILE = "\x1b]0;pwned\x07\x1b]52;c;cHduZWQ=\x07\x1b[2J"


@pytest.mark.parametrize("format_", ["text", "line", "github"])
def test_escape_sequences_do_not_reach_the_terminal(runner, posts, format_) -> None:
    name = f"{HOSTILE}.md"
    (posts / name).write_text(FLUFFY.replace("Everyone knows", f"Everyone knows{HOSTILE}"), "utf-8")
    (posts / f"bad{HOSTILE}.md").write_bytes(b"")  # an error line names the file too
    result = run(runner, "--format", format_)
    assert result.exit_code == 2
    assert "weasel" in result.output and "empty post" in result.output
    assert "\x1b" not in result.output and "\x07" not in result.output
    data = json.loads(run(runner, "--format", "json", f"posts/{name}").output)
    assert data["files"][0]["path"].endswith(name)  # JSON keeps the text exact


def test_fix_output_has_no_escape_sequences(runner, posts) -> None:
    post = posts / f"{HOSTILE}.md"
    post.write_text(f"---\ntitle: t\n---\n\n我们用Python写了脚本,快了3倍.{HOSTILE}\n", "utf-8")
    for args, shown in ((["--fix", "--dry-run"], "+我们用 Python"), (["--fix"], "fixed ")):
        result = run(runner, *args)
        assert result.exit_code == 0, result.output
        assert "\x1b" not in result.output and shown in result.output


def test_github_format_escapes_file_names_and_messages(runner, posts) -> None:
    name = "a,b:c%\n::error file=x.md,line=1::injected\r.md"
    (posts / name).write_text(FLUFFY, "utf-8")
    result = run(runner, "--format", "github", f"posts/{name}")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert all(line.startswith("::") for line in lines) and len(lines) == 4
    assert not any("injected" in line and line.startswith("::error file=x") for line in lines)
    expected = "file=posts/a%2Cb%3Ac%25%0A%3A%3Aerror file=x.md%2Cline=1%3A%3Ainjected%0D.md,"
    assert all(expected in line for line in lines)


@pytest.mark.parametrize("separator", ["\f", "\v", "\x1c", "\u2028", "\u2029", "\x85"])
def test_source_line_is_right_after_characters_python_splits_lines_at(
    runner, posts, separator
) -> None:
    (posts / "odd.md").write_text(FLUFFY.replace("## Problem", f"## Problem{separator}ok"), "utf-8")
    result = run(runner, "posts/odd.md")
    lines = result.output.splitlines()
    source = lines.index("     8 | Everyone knows deploys are hard.")
    assert lines[source + 1] == "       | ^^^^^^^^^^^^^^"
    assert "warning  en.weasel" in lines[source - 1]


MIXED = "---\ntitle: t\nlang: zh\nid: p-0123456789ab\n---\n\n我们用Python写了脚本,快了3倍.\n"
MIXED_FIXED = MIXED.replace("用Python写了脚本,快了3倍.", "用 Python 写了脚本，快了 3 倍。")


def test_fix_never_overwrites_an_edit_saved_meanwhile(runner, posts, monkeypatch) -> None:
    import inpublic.check as check_module

    post = posts / "mixed.md"
    post.write_text(MIXED, "utf-8")
    edited = MIXED + "\nA paragraph the writer saved while --fix ran.\n"
    real = check_module.fixed_body

    def editor_saves_meanwhile(*args):
        post.write_text(edited, "utf-8")  # the same size would do: the hash differs
        return real(*args)

    monkeypatch.setattr(check_module, "fixed_body", editor_saves_meanwhile)
    result = run(runner, "--fix", "posts/mixed.md")
    assert result.exit_code == 2
    assert "posts/mixed.md: changed on disk while inpublic was working on it" in result.output
    assert post.read_text("utf-8") == edited
    assert sorted(p.name for p in posts.iterdir()) == ["fluffy.md", "mixed.md", "ready.md"]


def test_fix_writes_through_a_symlink(runner, posts) -> None:
    real = posts.parent / "drafts" / "real.md"
    real.parent.mkdir()
    real.write_text(MIXED, "utf-8")
    (posts / "link.md").symlink_to(Path("..") / "drafts" / "real.md")
    result = run(runner, "--fix", "posts/link.md")
    assert result.exit_code == 0, result.output
    assert (posts / "link.md").is_symlink()
    assert real.read_text("utf-8") == MIXED_FIXED


def test_fix_refuses_a_read_only_post_and_fixes_the_others(runner, posts) -> None:
    locked, other = posts / "locked.md", posts / "other.md"
    locked.write_text(MIXED, "utf-8")
    other.write_text(MIXED, "utf-8")
    locked.chmod(0o444)
    result = run(runner, "--fix")
    assert result.exit_code == 2
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert errors == [
        "error: posts/locked.md: is read-only: not changed "
        "(make it writable (chmod u+w) to let inpublic change it)"
    ]
    assert locked.read_text("utf-8") == MIXED and locked.stat().st_mode & 0o777 == 0o444
    assert other.read_text("utf-8") == MIXED_FIXED


def test_check_runs_when_its_cache_cannot_be_written(runner, posts, tmp_path, monkeypatch) -> None:
    """A read-only workspace (simulated: root writes through chmod) and, outside a
    workspace, a cache folder that cannot be made: the check runs and reports the same."""
    expected = run(runner, "--format", "line", "--no-cache")
    assert expected.exit_code == 1
    state = posts.parent / ".inpublic"
    shutil.rmtree(state, ignore_errors=True)
    state.write_text("not a folder", "utf-8")
    result = run(runner, "--format", "line")
    assert (result.exit_code, result.output) == (1, expected.output)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CACHE_HOME", str(state / "cache"))
    outside = run(runner, "--format", "line", str(posts / "fluffy.md"))
    assert outside.exit_code == 1 and "en.weasel" in outside.output
    assert "error:" not in outside.output


BAD_FRONT_MATTER = {
    "bad-date.md": "date: 2026-02-30",
    "year-zero.md": "date: 0000-01-01",
    "list-key.md": "? [a]\n: b",
    "huge-number.md": "n: " + "9" * 5000,
    "target.md": "target_length: [a, b]",
}


@pytest.mark.parametrize("count", [2, 40], ids=["one-process", "process-pool"])
def test_a_post_that_cannot_be_read_never_stops_the_others(runner, posts, count) -> None:
    for index in range(count):
        (posts / f"good-{index:02}.md").write_text(FLUFFY, "utf-8")
    for name, line in BAD_FRONT_MATTER.items():
        (posts / name).write_text(FLUFFY.replace("lang: en", line), "utf-8")
    os.mkfifo(posts / "fifo.md")  # reading it would block forever; named, it is reported
    result = run(runner, "--format", "line", "--no-cache", "posts", "posts/fifo.md")
    assert result.exit_code == 2
    errors = sorted(line for line in result.output.splitlines() if line.startswith("error:"))
    assert errors == [
        "error: posts/bad-date.md:3: front matter: not a real date: 2026-02-30 "
        "(give a date that exists, e.g. 2026-02-28)",
        "error: posts/fifo.md: not a regular file (give a text file)",
        "error: posts/huge-number.md:3: front matter: a number with more than 4300 digits "
        "(quote it to keep it as text)",
        "error: posts/list-key.md:2: front matter holds a value that cannot be read: "
        "unhashable type: 'list' (fix or quote the value)",
        "error: posts/target.md:3: target_length.0: expected an integer, got 'a' "
        "(two numbers, e.g. 'target_length: [300, 800]')",
        "error: posts/year-zero.md:3: front matter: not a real date: 0000-01-01 "
        "(give a date that exists, e.g. 2026-02-28)",
    ]
    checked = {line.split(":")[0] for line in result.output.splitlines() if "en.weasel" in line}
    assert checked == {f"posts/good-{index:02}.md" for index in range(count)} | {"posts/fluffy.md"}
    fixed = run(runner, "--fix", "posts", "posts/fifo.md")  # --fix too reports them, goes on
    assert fixed.exit_code == 2 and fixed.output.count("error:") == 6


def test_ready_with_warnings_says_so_and_exits_1(runner, posts) -> None:
    text = READY.replace("I cached", "I cached the amazing")
    (posts / "ready.md").write_text(text, "utf-8")
    result = run(runner, "posts/ready.md")
    assert result.exit_code == 1
    assert "posts/ready.md  READY, with 1 warning\n" in result.output
    assert "fix the 1 warning above for check to pass" in result.output
    hidden = run(runner, "posts/ready.md", "--min-severity", "error")
    assert hidden.exit_code == 0, hidden.output  # what is not shown does not count
    assert "posts/ready.md  READY\n" in hidden.output


def test_ready_with_only_suggestions_exits_0(runner, posts) -> None:
    result = run(runner, "posts/ready.md", "--min-severity", "suggestion")
    assert " suggestion " in result.output  # shown, and still not a failure
    assert result.exit_code == 0, result.output
    assert "posts/ready.md  READY\n" in result.output
    lines = run(runner, "posts/ready.md", "--min-severity", "suggestion", "--format", "line")
    assert lines.exit_code == 0 and " suggestion " in lines.output


def test_not_ready_exits_1_with_nothing_shown(runner, posts) -> None:
    (posts / "plain.md").write_text("---\ntitle: Notes\nlang: en\n---\n\nA note.\n", "utf-8")
    result = run(runner, "posts/plain.md", "--format", "line", "--min-severity", "error")
    assert result.exit_code == 1


LONG_ZH = (
    "每次发布都要等流水线跑完，原来要十四分钟，大部分时间花在重复安装依赖和重新编译上，"
    "团队里每个人每天都要等好几次，于是我决定用纯Python写一个缓存层，把依赖和编译产物按"
    "锁文件的哈希存起来，命中以后直接复用，不再重新下载和编译。"
)
LONG_EN = (
    "The pipeline used to take fourteen minutes on every push, most of it spent reinstalling "
    "the same dependencies and compiling the same crates again, and the cache now makes that "
    "an amazing improvement for everyone on the team who waits for it before a review."
)


@pytest.mark.parametrize(
    ("lang", "line", "match"), [("zh", LONG_ZH, "纯Python写"), ("en", LONG_EN, "amazing")]
)
def test_long_lines_show_a_window_that_fits_80_columns(
    runner, posts, monkeypatch, lang, line, match
) -> None:
    from rich.cells import cell_len

    from inpublic.cli._common import console

    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setattr(console, "_width", None)  # read COLUMNS now, as a terminal would
    (posts / "long.md").write_text(f"---\ntitle: t\nlang: {lang}\n---\n\n{line}\n", "utf-8")
    output = run(runner, "posts/long.md").output.splitlines()
    source = next(i for i, text in enumerate(output) if text.startswith("     6 | "))
    shown, carets = output[source], output[source + 1]
    assert cell_len(shown) <= 80 and cell_len(carets) <= 80
    assert shown.startswith("     6 | …") and shown.endswith("…")  # cut on both sides
    start = carets.index("^")
    width = carets.count("^")
    assert carets[start:] == "^" * width
    # the characters above the carets, counted in display cells, are the finding's
    cells, under = 0, ""
    for char in shown:
        if start <= cells < start + width:
            under += char
        cells += cell_len(char)
    assert match in under and cell_len(under) == width


def test_the_window_counts_display_cells() -> None:
    from inpublic.cli._check_output import _window

    assert _window("纯Python写", 0, 8, 72) == ("纯Python写", 0, 10)  # fits: shown whole
    assert _window("a\tbc", 2, 3, 72) == ("a    bc", 5, 1)  # a tab is four cells
    shown, before, span = _window("中" * 50 + "amazing", 50, 57, 40)
    assert (shown, before, span) == ("…" + "中" * 15 + "amazing", 31, 7)  # the end of the line
    shown, before, span = _window("x" * 200, 10, 190, 40)
    assert (shown[0], shown[-1], before, span) == ("…", "…", 1, 38)  # longer than the window


def test_explain_shows_the_sentence_behind_each_part(runner, posts) -> None:
    (posts / "zh.md").write_text(
        "---\ntitle: 导出\n---\n\n运营每周都要手工导出订单，经常超时。\n\n"
        "我把导出改成了按天分片的异步任务。\n\n导出时间从 18 分钟降到了 3 分钟。\n",
        "utf-8",
    )
    for _ in range(2):  # the second run reads the cache: the parts and the language are kept
        result = run(runner, "--explain", "posts/ready.md", "posts/zh.md")
        assert result.exit_code == 0, result.output
        lines = result.output.splitlines()
        assert "posts/ready.md  Which sentence holds each part:" in lines
        assert "  problem    8:1      Every pull request waited for CI before review." in lines
        assert "  result     16:1     CI takes 4 min instead of 14 min." in lines
        assert "  learnings           not found" in lines
        assert "posts/zh.md  每个部分由哪句话满足：" in lines, result.output
        assert "  方案       7:1      我把导出改成了按天分片的异步任务。" in lines
        assert "  收获                没找到" in lines
    assert "Which sentence" not in run(runner, "posts/ready.md").output  # only when asked


def test_select_ignore_exit_zero_and_the_summary_line(runner, posts) -> None:
    """As ruff: --select and --ignore narrow the findings by rule id, prefix or category,
    --exit-zero never fails the run, and the text ends with one summary line."""
    every = run(runner, "--format", "line", "--min-severity", "suggestion", "posts")
    rules = {line.split()[2] for line in every.output.splitlines()}
    assert {"en.peacock", "en.weasel"} <= rules
    selected = run(runner, "--format", "line", "--select", "peacock,weasel", "posts")
    assert {line.split()[2] for line in selected.output.splitlines()} <= {"en.peacock", "en.weasel"}
    ignored = run(runner, "--format", "line", "--ignore", "en.peacock", "--ignore", "structure")
    assert not {"en.peacock", "structure.solution"} & {
        line.split()[2] for line in ignored.output.splitlines()
    }
    assert ignored.exit_code == 1  # the fluffy post is still not ready
    assert run(runner, "--exit-zero", "posts").exit_code == 0
    last = run(runner, "posts").output.strip().splitlines()[-1]
    assert last.startswith("2 posts: 1 READY, 1 NOT READY; ") and "warning" in last, last


def test_fix_says_what_it_changed_and_what_is_left(runner, posts) -> None:
    text = "---\ntitle: t\nlang: zh\n---\n\n我用纯Python写了缓存。\n"
    (posts / "zh.md").write_text(text, "utf-8")
    output = run(runner, "--fix", "posts/zh.md").output
    assert "fixed posts/zh.md: spacing and punctuation on 1 line(s)" in output
    assert "typography only: 'inpublic check' shows what is left" in output


def test_rules_lists_the_rules_and_explains_one(runner) -> None:
    import json

    listed = runner.invoke(app, ["rules"])
    assert listed.exit_code == 0 and "en.peacock" in listed.output and "zh.hedge" in listed.output
    one = runner.invoke(app, ["rules", "zh.hedge"])
    assert one.exit_code == 0
    for part in ("hedge, suggestion", "fires on: ", "passes: ", "rules/zh/hedge.toml"):
        assert part in one.output
    data = json.loads(runner.invoke(app, ["rules", "en.weasel", "--json"]).stdout)
    assert data["version"] == 1 and data["category"] == "weasel" and data["fires"]
    wrong = runner.invoke(app, ["rules", "en.peac"])
    assert wrong.exit_code == 2 and "did you mean en.peacock" in wrong.output


def test_workspace_rule_files_add_and_replace_rules(runner, posts, workspace) -> None:
    """As Vale's styles: rules/<lang>/<category>.toml in the workspace, in the built-ins'
    format, add rules and replace a built-in of the same id; an edited file is read again
    (the cache follows it), and a bad one is one error line naming its file and line."""
    folder = workspace.root / "rules" / "en"
    folder.mkdir(parents=True)
    (folder / "buzzword.toml").write_text(
        'category = "buzzword"\n\n[[rules]]\nname = "house"\ntokens = ["north-star metric"]\n'
        'examples.fire = ["Our north-star metric grew."]\n',
        "utf-8",
    )
    (folder / "hedge.toml").write_text(  # replaces en.hedge: only 'perchance' now
        'category = "hedge"\n\n[[rules]]\ntokens = ["perchance"]\n', "utf-8"
    )
    (posts / "house.md").write_text(
        "---\ntitle: t\nlang: en\n---\n\nOur north-star metric is, I think, perchance up.\n",
        "utf-8",
    )
    args = ("--format", "line", "--min-severity", "suggestion", "posts/house.md")
    rules = {line.split()[2] for line in run(runner, *args).output.splitlines()}
    assert {"en.buzzword.house", "en.hedge"} <= rules
    found = run(runner, *args).output
    assert "'perchance'" in found and "'I think'" not in found  # the built-in is replaced
    explained = runner.invoke(app, ["rules", "en.buzzword.house"])
    assert explained.exit_code == 0 and "rules/en/buzzword.toml" in explained.output
    (folder / "buzzword.toml").write_text('category = "buzzword"\n\n[[rules]]\ntokens = [\n')
    broken = run(runner, *args)
    assert broken.exit_code == 2
    assert "rules/en/buzzword.toml" in broken.output and "not valid TOML" in broken.output
