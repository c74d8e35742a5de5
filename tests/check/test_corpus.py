"""The evaluation corpus is well formed (every document reads as a post, every labelled
fluff sentence is in it once, with a known category), and check judges it as issue 13
asks: verdicts, precision, recall, the fluff density's AUC, and warnings that are right at
least 85 % of the time. bench/bench_judgement.py prints the same figures in detail."""

from __future__ import annotations

from collections import Counter, defaultdict

import pytest

from inpublic.workspace import load_post

from .judgement import CORPUS, HELDOUT, Evaluation, evaluate, load


@pytest.mark.parametrize("folder", [CORPUS, HELDOUT], ids=["corpus", "heldout"])
def test_every_label_is_found_once_and_every_document_reads(folder) -> None:
    docs = load(folder)
    assert docs, "the corpus is empty"
    for doc in docs:
        load_post(doc.path)  # valid front matter, UTF-8, a post
        if doc.label == "fluffy":
            assert doc.spans, f"{doc.path}: a fluffy document with no fluff sentence labelled"
    kinds = Counter((doc.lang, doc.label) for doc in docs)
    assert set(kinds) == {
        ("en", "concrete"),
        ("en", "fluffy"),
        ("zh", "concrete"),
        ("zh", "fluffy"),
    }


@pytest.fixture(scope="module")
def judged() -> Evaluation:
    return evaluate(load())


def test_verdicts_reach_the_goals(judged: Evaluation) -> None:
    ready, concrete = judged.verdict_share("concrete", ("READY", "ALMOST"))
    not_ready, fluffy = judged.verdict_share("fluffy", ("NOT READY",))
    assert ready / concrete >= 0.80, (ready, concrete)
    assert not_ready / fluffy >= 0.90, (not_ready, fluffy)


def test_prose_findings_are_precise_and_catch_the_fluff(judged: Evaluation) -> None:
    right, shown = judged.precision()
    assert right / shown >= 0.85, (right, shown)
    right, shown = judged.precision(lambda j: j.doc.label == "concrete")
    assert right / shown >= 0.85, (right, shown)
    caught, labelled = judged.recall(lambda doc, span: doc.label == "fluffy")
    assert caught / labelled >= 0.75, (caught, labelled)
    assert judged.auc() >= 0.85


def test_every_warning_rule_is_right_at_least_85_percent_of_the_time(judged: Evaluation) -> None:
    """Issue 13, section 6: a finding is a warning only where it is right at least 85 % of
    the time; below that it is a suggestion. Rules with fewer than 5 findings on the corpus
    are too rare to judge here (their examples are tested in their data files)."""
    hits: dict[str, list[bool]] = defaultdict(list)
    for finding in judged.findings:
        hits[finding.rule].append(finding.span is not None)
    imprecise = {
        rule: f"{sum(found)} of {len(found)}"
        for rule, found in hits.items()
        if len(found) >= 5 and sum(found) / len(found) < 0.85
    }
    assert not imprecise


def test_anchors_skip_only_sentences_a_pattern_cannot_match(monkeypatch) -> None:
    """Rule.anchors lets a sentence skip a pattern it holds none of the strings of; on the
    whole corpus, the findings are those of running every pattern on every sentence."""
    from inpublic.check import _engine, check_file
    from inpublic.check.rules import Rule

    docs = load()
    fast = [check_file(doc.path).findings for doc in docs]
    _engine._index.cache_clear()
    monkeypatch.setattr(Rule, "anchors", property(lambda rule: None))
    try:
        assert [check_file(doc.path).findings for doc in docs] == fast
    finally:
        _engine._index.cache_clear()
