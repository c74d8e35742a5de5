from __future__ import annotations

from pathlib import Path

import autocorrect_py
from hypothesis import given, settings
from hypothesis import strategies as st

from inpublic.check import Severity, Verdict, check_post
from inpublic.config import CheckSettings
from inpublic.workspace import parse_post

from .conftest import lint


def rules_of(text: str, lang: str | None = None) -> list[str]:
    return [f.rule for f in lint(text, lang) if f.category != "typography"]


def test_chinese_words_inside_longer_words_do_not_match() -> None:
    assert rules_of("这是非常规的做法，值得一试。", "zh") == []
    assert rules_of("这个方案非常稳妥。", "zh") == ["zh.intensifier"]
    assert rules_of("这种情况不可能出现。", "zh") == []


def test_text_pasted_from_a_pdf_is_matched_as_it_reads() -> None:
    """Issue 13, section 4: PDFs write 非 as the Kangxi radical ⾮ (U+2FAE)."""
    assert rules_of("这个方案\u2fae常稳妥。", "zh") == ["zh.intensifier"]
    assert rules_of("It is ｖｅｒｙ slow.") == ["en.intensifier"]
    assert rules_of("构建明显变快了，从 １４ 分钟降到 ４ 分钟。", "zh") == []  # full-width digits


def test_english_words_need_word_boundaries() -> None:
    assert rules_of("Every test passed.") == []  # 'very' inside 'every'
    assert rules_of("It is very slow.") == ["en.intensifier"]


def test_code_urls_and_quotations_are_not_linted() -> None:
    assert rules_of("Run `make amazing-target` on the server.") == []
    assert rules_of("See https://amazing.example.com/revolutionary for the log.") == []
    assert rules_of('The reviewer wrote "this is amazing work" under the PR.') == []
    assert rules_of("他在评审里写道：“这个改动太强大了”。", "zh") == []
    assert rules_of("> This is an amazing, revolutionary tool.\n") == []


def test_a_claim_with_evidence_beside_it_passes() -> None:
    assert rules_of("Reviews got faster. The median fell from 5.2 h to 1.9 h.") == []
    assert rules_of("Reviews got faster. Everyone was happy.") == ["en.unsupported-claim"]


def test_headings_and_table_cells_name_the_work_and_claim_nothing() -> None:
    """Issue 13, section 4: '## Faster incremental builds' is a topic, not a claim."""
    assert rules_of("## Faster incremental builds\n\nWe cache the parse tree.") == []
    assert rules_of("### 性能优化\n\n我们把索引改成了联合索引。", "zh") == []
    assert rules_of("| 指标 | 优化后 |\n|---|---|\n| p99 | 23 ms |") == []
    assert rules_of("Builds got faster. Everyone was happy.") == ["en.unsupported-claim"]


def test_numbers_with_units_and_baselines_are_evidence() -> None:
    for sentence in (
        "The build is faster: 3 小时 → 5 分钟.",
        "It is faster, from 800 ms to 120 ms.",
        "It is better: 200/200 correct.",
        "It is faster by 40%.",
        "性能提升了，减少了 40%。",
        "检查更快了，从 40 分钟到 3 分钟。",
    ):
        assert rules_of(sentence) == [], sentence
    assert rules_of("Version 2 is better.") == ["en.unsupported-claim"]  # a version is no measure


def test_honest_unknowns_pass_and_vague_hedges_do_not() -> None:
    assert rules_of("我还没搞清楚为什么会这样，猜测是缓存的问题。", "zh") == []
    assert rules_of("I haven't worked out why. Maybe it is the cache.") == []
    assert rules_of("Maybe it is the cache.") == ["en.hedge"]


def test_brag_fires_even_with_numbers() -> None:
    assert rules_of("As a 10x engineer I closed 40 tickets in 3 days.") == ["en.brag"]


def test_inline_switches() -> None:
    text = (
        "It is amazing.\n\n<!-- inpublic-disable en.peacock -->\n\nIt is amazing and very slow.\n\n"
        "<!-- inpublic-enable -->\n\nIt is amazing again. <!-- inpublic-disable --> Very slow.\n"
    )
    assert [(f.line, f.rule) for f in lint(text, "en")] == [
        (6, "en.peacock"),
        (10, "en.intensifier"),
        (14, "en.peacock"),
    ]


def test_workspace_settings_disable_rules_and_add_words() -> None:
    post = parse_post(
        "---\ntitle: t\n---\n\nIt is amazing and very slow. 这个方案很牛掰。\n", Path("p.md")
    )
    settings = CheckSettings(disable=["en.peacock"], words={"peacock": ["牛掰"]})
    rules = [f.rule for f in check_post(post, settings).findings if f.category != "structure"]
    assert rules == ["en.intensifier", "custom.peacock"]


def test_the_title_is_checked_where_it_stands() -> None:
    findings = lint("Plain text.", "en", title="The ultimate guide to caching")
    title = [f for f in findings if f.rule == "en.clickbait"]
    assert [(f.line, f.column, f.end_column) for f in title] == [(2, 8, 25)]


def test_verdicts(tmp_path: Path) -> None:
    def verdict(body: str):
        return check_post(parse_post("---\ntitle: t\nlang: en\n---\n\n" + body, Path("p.md")))

    ready = verdict(
        "## Problem\n\nCI was slow.\n\n## Solution\n\nI cached the wheels.\n\n"
        "## Result\n\nCI takes 4 min instead of 14 min.\n"
    )
    assert (ready.verdict, ready.to_add) == (Verdict.READY, ())
    assert any(f.severity is Severity.suggestion for f in ready.findings)  # ready is not perfect
    almost = verdict(
        "## Problem\n\nCI was slow.\n\n## Solution\n\nI cached the wheels.\n\n"
        "## Result\n\nCI takes 4 min now.\n"
    )
    assert almost.verdict == Verdict.ALMOST
    assert almost.to_add == ("the baseline: what was it before? (14 min → 4 min)",)
    unmeasured = verdict(
        "## Problem\n\nCI was slow.\n\n## Solution\n\nI cached the wheels.\n\n"
        "## Result\n\nCI is quick now.\n"
    )
    assert unmeasured.verdict == Verdict.NOT_READY  # no measured result: not one step away
    assert unmeasured.to_add == ("a measured result: a number with its baseline (14 min → 4 min)",)
    not_ready = verdict("## Problem\n\nCI was slow.\n")
    assert not_ready.verdict == Verdict.NOT_READY
    assert len(not_ready.to_add) == 2


def test_chinese_structure_and_messages() -> None:
    report = check_post(
        parse_post(
            "---\ntitle: 测试\nlang: zh\n---\n\n"
            "## 问题\n\n发版要检查 23 项。\n\n## 方案\n\n写了一个脚本。\n\n"
            "## 结果\n\n现在只要 3 分钟。\n",
            Path("p.md"),
        )
    )
    assert report.verdict == Verdict.ALMOST
    assert report.to_add == ("基线：之前是多少？（14 分钟 → 4 分钟）",)


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(max_codepoint=0x7F), max_size=80))
def test_autocorrect_has_nothing_to_say_about_ascii(text: str) -> None:
    # check does not ask AutoCorrect about an ASCII-only body (see _typography).
    assert autocorrect_py.lint_for(text, "md").lines == []
