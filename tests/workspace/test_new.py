from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from inpublic.document import parse_document
from inpublic.errors import InpublicError, PostError
from inpublic.workspace import load_post, new_post, read_answers, template_sections

NOW = dt.datetime(2026, 11, 23, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))
IDS = ["problem", "before", "solution", "result", "process", "next", "learnings"]


def test_template_has_the_seven_sections_in_both_languages() -> None:
    for lang in ("en", "zh"):
        assert [s.id for s in template_sections(lang)] == IDS
    assert [s.heading for s in template_sections("en")] == [
        "Problem",
        "Before",
        "Solution",
        "Result",
        "Process and challenges",
        "Next",
        "Learnings",
    ]
    assert template_sections("zh")[0].heading == "问题"


def test_new_english_post(workspace) -> None:
    created = new_post(workspace, "Cache the wheels", project="ci", now=NOW)
    assert created.path == workspace.posts_dir / "cache-the-wheels.md"
    post = load_post(created.path)
    assert post.title == "Cache the wheels"
    assert post.lang == "en"  # the profile's first language
    assert post.meta["project"] == "ci"
    assert post.meta["draft"] is True
    assert post.meta["started_at"] == NOW
    assert "\nstarted_at: 2026-11-23T09:30:00+08:00\n" in created.path.read_text("utf-8")
    document = parse_document(post)
    assert [s.title for s in document.sections] == [s.heading for s in template_sections("en")]
    prompts = [b.text.strip() for b in document.blocks if b.kind == "html" and "<!-- " in b.text]
    assert prompts == [f"<!-- {s.prompt} -->" for s in template_sections("en")]
    assert document.more_line is not None
    assert document.sections[1].line > document.more_line > document.sections[0].line
    assert all(block.kind == "heading" for block, _ in document.sentences())  # nothing written


def test_new_chinese_post_with_answers(workspace) -> None:
    answers = {
        "problem": "发版前要手动检查 23 项。",
        "result": "检查从 40 分钟变成 3 分钟。\n\n最近 8 次发版都用了它。",
    }
    created = new_post(workspace, "发版检查脚本", lang="zh", answers=answers, now=NOW)
    assert created.path.name == "发版检查脚本.md"
    assert created.answered == ("problem", "result")
    document = parse_document(load_post(created.path))
    assert document.sections[0].title == "问题"
    result = next(s for s in document.sections if s.title == "结果")
    texts = [b.text for b in document.section_blocks(result) if b.kind == "paragraph"]
    assert texts == ["检查从 40 分钟变成 3 分钟。", "最近 8 次发版都用了它。"]
    assert document.summary == "发版前要手动检查 23 项。"


def test_new_refuses_to_overwrite(workspace) -> None:
    new_post(workspace, "Same title", now=NOW)
    with pytest.raises(PostError) as caught:
        new_post(workspace, "Same title", now=NOW)
    assert "--slug" in caught.value.hint


def test_answers_file(tmp_path: Path) -> None:
    path = tmp_path / "a.toml"
    path.write_text('problem = "p"\nresult = """\nline one\n\nline two\n"""\n', encoding="utf-8")
    assert read_answers(path) == {"problem": "p", "result": "line one\n\nline two\n"}


@pytest.mark.parametrize(
    ("text", "line", "expected"),
    [
        ('problem = "p"\nresults = "r"\n', 2, "unknown section 'results'"),
        ('problem = "p"\nresult = 40\n', 2, "'result' should be text"),
    ],
)
def test_bad_answers_file(tmp_path: Path, text: str, line: int, expected: str) -> None:
    path = tmp_path / "a.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InpublicError) as caught:
        read_answers(path)
    assert caught.value.line == line
    assert expected in caught.value.message
