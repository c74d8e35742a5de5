"""``check --fix`` changes prose only: code, HTML, math and tables stay byte for byte."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inpublic.check import check_file, fix_file

FRONT = "---\ntitle: 标点\nlang: zh\nid: p-0123456789ab\n---\n\n"  # an id: --fix adds none
RAW = "中文,标点!"  # AutoCorrect would make it 中文，标点！

KEPT = [
    f'```python\ns = "{RAW}"  # {RAW}\n```',
    f"~~~\n{RAW}\n~~~",
    f"    {RAW} = 1",
    f"<!-- {RAW} -->",
    f"<div>\n{RAW}\n</div>",
    f"$$\n{RAW}\n$$",
    f"| 列 | {RAW} |\n|---|---|\n| {RAW} | x |",
]
KEPT_INLINE = [f"`{RAW}`", f"${RAW}$", f"<!-- {RAW} -->", f"[链接](https://x.cn/{RAW})"]


def test_fix_leaves_code_html_math_and_tables_alone(tmp_path: Path) -> None:
    prose = "我们用Python写了脚本,快了3倍."
    inline = "用" + " 和 ".join(KEPT_INLINE) + " 写,好的."
    post = tmp_path / "p.md"
    post.write_text(FRONT + "\n\n".join([prose, *KEPT, inline]) + "\n", "utf-8")
    assert fix_file(post).changed
    fixed = post.read_text("utf-8")
    assert "我们用 Python 写了脚本，快了 3 倍。" in fixed
    assert fixed.endswith(" 写，好的。\n")
    for kept in KEPT + KEPT_INLINE:
        assert kept in fixed, kept
    assert fixed.count(RAW) == sum(k.count(RAW) for k in KEPT + KEPT_INLINE)  # none fixed


def test_findings_are_only_about_prose(tmp_path: Path) -> None:
    post = tmp_path / "p.md"
    post.write_text(FRONT + "\n\n".join(KEPT) + "\n\n中文,好的.\n", "utf-8")
    findings = [f for f in check_file(post).findings if f.category == "typography"]
    assert [(f.line, f.match) for f in findings] == [(31, "文,好"), (31, "的.")]
    assert fix_file(post).changed


def test_only_code_means_nothing_to_fix(tmp_path: Path) -> None:
    post = tmp_path / "p.md"
    text = FRONT + "## 代码\n\n" + "\n\n".join(KEPT) + "\n"
    post.write_text(text, "utf-8")
    assert not fix_file(post).changed
    assert post.read_text("utf-8") == text


_WORDS = st.sampled_from(["中文", "标点", "Python", "3", "倍", ",", "!", ".", ":", "?", " ", "("])
_TEXT = st.lists(_WORDS, min_size=1, max_size=8).map("".join).map(str.strip).filter(bool)
_BLOCKS = st.sampled_from(
    [
        "```python\n{}\n```",
        "```\n{}\n```",
        "    {}",
        "<!-- {} -->",
        "<div>\n{}\n</div>",
        "$$\n{}\n$$",
        "| a | b |\n|---|---|\n| {} | x |",
    ]
)
_INLINE = st.sampled_from(["`{}`", "<!-- {} -->", "${}$", "<https://x.cn/{}>"])


@st.composite
def _piece(draw) -> tuple[str, list[str]]:
    """(Markdown, the parts of it that must not change)."""
    if draw(st.booleans()):
        kept = draw(_BLOCKS).format(draw(_TEXT))
        return kept, [kept]
    parts, kept = [draw(st.sampled_from(["", "# ", "- ", "> ", "1. ", "**"])) + "中"], []
    for _ in range(draw(st.integers(0, 3))):
        parts.append(draw(_TEXT))
        if draw(st.booleans()):
            inline = draw(_INLINE).format(draw(_TEXT).replace(" ", ""))
            parts.append(f" {inline} ")
            kept.append(inline)
    return "".join(parts), kept


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(_piece(), min_size=1, max_size=6))
def test_fix_never_changes_a_byte_outside_prose(tmp_path: Path, pieces) -> None:
    post = tmp_path / "p.md"
    # An indented block right after a list item continues the item: end the list first.
    body = "\n\n<!-- -->\n\n".join(text for text, _ in pieces)
    post.write_text(FRONT + body + "\n", "utf-8")
    fix_file(post)
    fixed = post.read_text("utf-8")
    assert fixed.startswith(FRONT)
    cursor = 0
    for kept in (k for _, ks in pieces for k in ks):
        found = fixed.find(kept, cursor)
        assert found >= 0, (kept, fixed)
        cursor = found + len(kept)


def test_a_line_autocorrect_gives_up_on_is_left_alone(tmp_path: Path) -> None:
    """AutoCorrect's parser has a call limit: past its first call in a process, it raises
    ValueError on a line this long. The check goes on; the line is fixed or left alone."""
    post = tmp_path / "p.md"
    text = FRONT + "中文,标点!Python写" * 30000 + "\n"
    post.write_text(text, "utf-8")
    for _ in range(2):
        report = check_file(post)
        assert report.error is None and report.verdict
    fix_file(post)
    assert post.read_text("utf-8") in (
        text,
        text.replace("中文,标点!Python写", "中文，标点!Python 写"),
    )


def test_long_lines_are_fixed_in_linear_time(tmp_path: Path) -> None:
    """Not timed: 20,000 edits on one line would take minutes with a quadratic diff."""
    post = tmp_path / "p.md"
    post.write_text(FRONT + "中文,标点!Python写" * 2000 + "\n", "utf-8")
    assert fix_file(post).changed
    assert post.read_text("utf-8") == FRONT + "中文，标点!Python 写" * 2000 + "\n"


def test_edits_are_kept_in_and_next_to_prose_only() -> None:
    from inpublic.check._typography import _keep_prose

    assert _keep_prose("ab,c", "a b，c", [(0, 1)]) == "a b,c"  # ',' is not prose here
    assert _keep_prose("ab,c", "a b，c", [(2, 3)]) == "ab，c"  # no prose beside the space
    assert _keep_prose("ab", " ab", [(1, 2)]) == "ab"  # column 0 is not prose
    assert _keep_prose("a  b", "a b", [(0, 4)]) == "a b"
    assert _keep_prose("ab", "abc", [(0, 2)]) == "ab"  # not AutoCorrect's kind of change


def test_a_paragraph_of_many_code_spans_is_fixed_in_linear_time(tmp_path: Path) -> None:
    """Not timed: matching 20,000 text ranges against 20,000 segments pairwise took minutes."""
    post = tmp_path / "p.md"
    post.write_text(FRONT + "中文,`x`" * 20000 + "\n", "utf-8")
    fix_file(post)
    assert post.read_text("utf-8") == FRONT + "中文，`x`" * 20000 + "\n"
