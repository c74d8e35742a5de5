from __future__ import annotations

from pathlib import Path

import autocorrect_py
from hypothesis import given, settings
from hypothesis import strategies as st

from inpublic.check import Severity, Verdict, check_post
from inpublic.config import CheckSettings
from inpublic.workspace import parse_post

from .conftest import lint


def rules_of(text: str, lang: str | None = None, title: str = "t") -> list[str]:
    return [f.rule for f in lint(text, lang, title) if f.category != "typography"]


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
    assert rules_of("> This is an amazing, revolutionary tool.\n>\n> — Jane Doe, SRE lead\n") == []
    assert rules_of("As Jane wrote:\n\n> This is an amazing, revolutionary tool.\n") == []


def test_the_authors_own_call_out_in_a_blockquote_is_linted() -> None:
    """Issue 13, section 4: a blockquote nobody signed is the author's voice."""
    assert rules_of("> An amazing tool, at scale!!!\n") == ["en.peacock"]


def test_a_claim_with_evidence_beside_it_passes() -> None:
    assert rules_of("Reviews got faster. The median fell from 5.2 h to 1.9 h.") == []
    assert rules_of("Reviews got faster. Everyone was happy.") == ["en.unsupported-claim"]


def test_headings_and_table_cells_name_the_work_and_claim_nothing() -> None:
    """Issue 13, section 4: '## Faster incremental builds' is a topic, not a claim."""
    assert rules_of("## Faster incremental builds\n\nWe cache the parse tree.") == []
    assert rules_of("### 性能优化\n\n我们把索引改成了联合索引。", "zh") == []
    assert rules_of("| 指标 | 优化后 |\n|---|---|\n| p99 | 23 ms |") == []
    assert rules_of("Builds got faster. Everyone was happy.") == ["en.unsupported-claim"]


def test_a_link_a_code_span_a_year_or_a_quoted_name_is_not_evidence() -> None:
    """Issue 13, section 3: press releases are full of links and years."""
    assert rules_of("The new parser is [much faster](https://example.org/parser).") == [
        "en.unsupported-claim"
    ]
    assert rules_of("Since 2015, `fastq` has been faster than the rest.") == [
        "en.unsupported-claim"
    ]
    assert rules_of('The "Turbo" plan is faster.') == ["en.unsupported-claim"]
    assert "en.peacock.idiom" in rules_of("We made [giant leaps forward](/beta) in performance.")


def test_evidence_in_a_table_or_a_programs_output_in_the_same_section() -> None:
    """Issue 13, section 3: a claim's numbers may sit in its section's table or output."""
    table = "| step | before | after |\n|---|---|---|\n| compile | 14 min | 4 min |\n"
    assert rules_of(f"## Results\n\nThe new build is faster.\n\n{table}") == []
    output = "```\n$ hyperfine ./old ./new\n  new ran 3.2 x faster than old\n```\n"
    assert rules_of(f"## Results\n\nThe new build is faster.\n\n{output}") == []
    source = "```go\nconst timeout = 30 * time.Second\n```\n"
    assert rules_of(f"## Results\n\nThe new build is faster.\n\n{source}") == [
        "en.unsupported-claim"
    ]
    elsewhere = f"## Results\n\n{table}\n## Cost\n\nThe new build is faster.\n"
    assert rules_of(elsewhere) == ["en.unsupported-claim"]


def test_evidence_in_the_sentence_before_counts_across_list_items() -> None:
    """Issue 13, section 3: "the sentences around it", in the same paragraph or not."""
    items = (
        "- Aggregations: 15x faster, 0.31 s against 4.8 s.\n- Full-text search is faster in ES.\n"
    )
    assert rules_of(items) == []
    apart = "## Numbers\n\nAggregations took 0.31 s.\n\n## Search\n\nFull-text search is faster.\n"
    assert rules_of(apart) == ["en.unsupported-claim"]


def test_a_pointer_to_a_figure_or_table_is_evidence_when_there_is_one() -> None:
    """Issue 13, section 3: "as the chart shows", "see the table below", 如下图."""
    figure = "\n\n![p99 latency, before and after](p99.png)\n"
    assert rules_of("Reads got faster, as the chart below shows." + figure) == []
    assert rules_of("Reads got faster, as the chart below shows.") == ["en.unsupported-claim"]
    assert rules_of("读取明显更快了，如下图所示。" + figure, "zh") == []


def test_an_honest_negative_result_is_not_a_claim() -> None:
    """Issue 13, section 3: "it did not help", "no measurable difference"."""
    assert rules_of("The second index did not make the query any faster.") == []
    assert rules_of("There was no measurable improvement, so we reverted it.") == []
    assert rules_of("The query is not only faster but cheaper.") == ["en.unsupported-claim"]


def test_goals_plans_questions_and_conditions_are_not_claims() -> None:
    """Issue 13, section 4."""
    for sentence in (
        "We must make the cold start faster.",
        "We're always looking for ways to make Go faster.",
        "If it's faster on your machine, keep it.",
        "Maybe we can pass an estimated length?",
        "There had to be a better way.",
    ):
        assert rules_of(sentence) == [], sentence
    assert rules_of("The cold start is faster, so we must ship it.") == ["en.unsupported-claim"]


def test_topic_sentences_and_titles_that_name_the_work_claim_nothing() -> None:
    """Issue 13, section 4: "How we optimised X", "Kitex 性能优化实践"."""
    assert rules_of("We cache the parse tree.", title="How we made CI faster") == []
    assert rules_of("Here is how we made the build faster. We cache the parse tree.") == []
    assert rules_of("我们把索引改成了联合索引。", "zh", title="Kitex 性能优化实践") == []
    assert rules_of("We made the build faster. We cache the parse tree.") == [
        "en.unsupported-claim"
    ]


def test_a_change_log_entry_names_the_change() -> None:
    """Release notes list changes by their verb: "Improved error messages for …"."""
    notes = (
        "- Improved error messages for invalid struct tags.\n- Reduced allocations in `Encode`.\n"
    )
    assert rules_of(notes) == []
    assert rules_of("We improved the error messages.") == ["en.unsupported-claim"]
    assert rules_of("- Improved performance significantly.\n") == [
        "en.unsupported-claim",
        "en.intensifier",
    ]


def test_english_rules_do_not_read_terms_inside_chinese_sentences() -> None:
    """Issue 13, section 4: in a Chinese sentence an English word is a name or a term."""
    assert rules_of("我们 fork 了一个叫 Powerful Queue 的项目，放在内网。", "zh") == []
    assert rules_of("We forked a powerful queue.") == ["en.peacock"]


def test_a_capitalised_name_in_an_ordinary_sentence_is_a_name() -> None:
    """Issue 13, section 4: case tells a term from praise ('Transparent Huge Pages')."""
    assert (
        rules_of("We turned off Transparent Huge Pages; TLS keeps Perfect Forward Secrecy.") == []
    )
    assert rules_of("The parser uses Beautiful Soup.") == []
    assert rules_of("Amazing work by the team.") == ["en.peacock"]
    assert rules_of("Nova: The Most Powerful Deploy Platform Ever") == ["en.peacock.rank"]


def test_quotations_over_several_sentences_are_not_linted() -> None:
    text = 'The CTO said: "It is amazing. It is revolutionary." We have not measured it yet.'
    assert rules_of(text) == []


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


def test_a_title_names_the_work_but_its_praise_is_read(tmp_path) -> None:
    """Issue 13, section 4: a title that names the work is no claim ("Faster builds with a
    cache"); a title that praises is still praise."""
    from inpublic.check import check_file

    def rules(title: str) -> set[str]:
        path = tmp_path / "post.md"
        path.write_text(f"---\ntitle: {title}\nlang: en\n---\n\nThe build.\n", "utf-8")
        return {f.rule for f in check_file(path).findings if f.line == 2}

    assert not {r for r in rules("Faster builds with a wheel cache") if "claim" in r}
    assert any("peacock" in r for r in rules("The most amazing deploy tool ever"))


def test_custom_words_of_two_workspaces_in_one_process_do_not_mix(tmp_path) -> None:
    """The rule index was cached by rule ids: 'custom.peacock' with other words reused the
    first workspace's words (issue 16, section 3)."""
    from inpublic.check import check_file
    from inpublic.config import CheckSettings

    path = tmp_path / "post.md"
    path.write_text("---\ntitle: t\nlang: en\n---\n\nThe build is snazzy and groovy.\n")

    def matched(words: list[str]) -> set[str]:
        settings = CheckSettings(words={"peacock": words})
        return {f.match for f in check_file(path, settings).findings if f.rule == "custom.peacock"}

    assert matched(["snazzy"]) == {"snazzy"}
    assert matched(["groovy"]) == {"groovy"}


def test_control_and_invisible_characters_are_flagged(tmp_path) -> None:
    """Issue 16: an escape code typed into an interview, a zero-width space pasted from a
    page, a bidirectional override ("Trojan source") are warnings at their place."""
    from inpublic.check import check_file

    path = tmp_path / "post.md"
    path.write_text(
        "\ufeff---\ntitle: t\nlang: en\n---\n\nThe cache\x1b[D works.\n"
        "A zero\u200bwidth space and \u202ereversed\u202c text.\n",
        "utf-8",
    )
    found = [
        (f.line, f.column, f.match)
        for f in check_file(path).findings
        if f.rule == "typography.invisible"
    ]
    assert found == [(6, 10, "\x1b"), (7, 7, "\u200b"), (7, 24, "\u202e"), (7, 33, "\u202c")]


def test_a_belief_reported_is_no_claim_of_the_author(tmp_path) -> None:
    """What a program or another person believes is reported, not claimed: 'the planner
    thinks the seq scan is faster', 优化器觉得这个索引更好; the author's own 'I think … is
    faster' is still a claim."""
    from inpublic.check import check_file

    path = tmp_path / "post.md"
    path.write_text(
        "---\ntitle: t\nlang: en\n---\n\n优化器觉得这个索引的过滤性更好。我觉得新方案更好。\n\n"
        "The planner thinks the seq scan is faster. I think the new plan is faster.\n",
        "utf-8",
    )
    claims = [(f.line, f.match) for f in check_file(path).findings if "unsupported-claim" in f.rule]
    assert claims == [(6, "更好"), (8, "faster")]  # the second sentence of each line only
