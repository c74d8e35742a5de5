"""Every rule proves itself: examples fire and pass, every token can match, a source is named."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from inpublic.check.rules import RuleError, builtin_rules, expand_classes, load_rule_file
from inpublic.document._sentences import is_cjk

from .conftest import lint

RULES = builtin_rules()
IDS = [rule.id for rule in RULES]


def lang_of(text: str) -> str:
    return "zh" if any(is_cjk(c) for c in text) else "en"


@pytest.mark.parametrize("rule", RULES, ids=IDS)
def test_rule_has_examples_and_source(rule) -> None:
    assert rule.fire, f"{rule.id} has no examples.fire"
    assert rule.passes, f"{rule.id} has no examples.pass"
    assert rule.source, f"{rule.id} has no source"


@pytest.mark.parametrize("rule", RULES, ids=IDS)
def test_fire_examples_fire(rule) -> None:
    for example in rule.fire:
        rules = {f.rule for f in lint(example, lang_of(example))}
        assert rule.id in rules, f"{rule.id} did not fire on: {example}"


@pytest.mark.parametrize("rule", RULES, ids=IDS)
def test_pass_examples_pass(rule) -> None:
    for example in rule.passes:
        rules = {f.rule for f in lint(example, lang_of(example)) if f.category != "typography"}
        assert rule.id not in rules, f"{rule.id} fired on: {example}"


@pytest.mark.parametrize("rule", RULES, ids=IDS)
def test_every_token_can_match(rule) -> None:
    """A token that its own boundaries or exceptions block could never fire."""
    for token in rule.tokens:
        text = f"x {token} x" if not any(is_cjk(c) for c in token) else f"我们{token}了"
        matched = [m.group() for regex in rule.regexes for m in regex.finditer(text)]
        assert any(" ".join(m.lower().split()) == token.lower() for m in matched), token
        for longer in rule.exceptions.get(token.lower(), ()):
            assert token.lower() in longer, (
                f"{rule.id}: exception {longer!r} does not hold {token!r}"
            )
    for key in rule.exceptions:
        assert key in (t.lower() for t in rule.tokens), f"{rule.id}: exception for unknown {key!r}"


def test_no_token_is_listed_twice_in_a_language() -> None:
    seen: dict[tuple[str, str], str] = {}
    for rule in RULES:
        lang = rule.id.split(".")[0]
        for token in rule.tokens:
            key = (lang, token.lower())
            assert key not in seen, f"{token!r} is in {seen.get(key)} and {rule.id}"
            seen[key] = rule.id


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('category = "fluff"\n', "unknown category 'fluff'"),
        ('category = "hedge"\n[[rules]]\nkind = "regex"\ntokens = ["x"]\n', "unknown rule kind"),
        ('category = "hedge"\n[[rules]]\ntokens = ["x"]\nlevle = "error"\n', "unknown rule key"),
        ('category = "hedge"\n[[rules]]\ntokens = ["x"]\nunless = ["moon"]\n', "unknown condition"),
        ('category = "hedge"\n[[rules]]\npatterns = ["(unclosed"]\n', "bad pattern"),
        ('category = "hedge"\n[[rules]]\nkind = "existence"\n', "needs tokens or patterns"),
        ('category = "hedge"\n[[rules]]\npatterns = ["a <<moonwords>>"]\n', "unknown word class"),
    ],
)
def test_bad_rule_files_are_refused(text: str, message: str) -> None:
    with pytest.raises(RuleError) as caught:
        load_rule_file(text, Path("rules/en/x.toml"), "en")
    assert message in caught.value.message
    assert caught.value.path == Path("rules/en/x.toml")


def test_word_classes_are_written_out_in_patterns() -> None:
    """A pattern names a kind of word once (<<role>>) instead of listing phrases."""
    pattern = re.compile(expand_classes(r"\ba (?:<<trait>> )+<<role>>\b", "en"))
    assert pattern.search("a creative driven full-stack developer") is None  # not a role word
    assert pattern.search("a creative driven developer")
    assert pattern.search("a hands-on problem solver")  # a space in a class word: space or hyphen


def test_every_example_that_fires_holds_one_of_its_rules_anchors() -> None:
    """The anchors are necessary: a sentence that a rule's pattern matches holds one."""
    from inpublic.check.rules import builtin_rules

    for rule in builtin_rules():
        if rule.anchors and not rule.tokens:
            for example in rule.fire:
                assert any(a in example.lower() for a in rule.anchors), (rule.id, example)
