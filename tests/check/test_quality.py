"""Precision and recall of fluff detection on the project's own labelled sentences."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from .conftest import lint

DATA = tomllib.loads((Path(__file__).parent / "labelled.toml").read_text("utf-8"))
NOT_FLUFF = {"typography", "structure"}


def predicted_fluff(text: str, lang: str) -> bool:
    return any(f.category not in NOT_FLUFF for f in lint(text, lang))


def test_the_set_is_big_and_balanced() -> None:
    en, zh = DATA["en"], DATA["zh"]
    assert len(en) + len(zh) >= 150
    assert abs(len(en) - len(zh)) <= 10
    for items in (en, zh):
        fluff = sum(item["fluff"] for item in items)
        assert 0.35 <= fluff / len(items) <= 0.65
        hard_cases = [item for item in items if "note" in item]
        assert len(hard_cases) >= 10  # numbers that brag, concrete without numbers, honest hedges


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_precision_and_recall(lang: str) -> None:
    true_positive = false_positive = false_negative = 0
    misses = []
    for item in DATA[lang]:
        guess = predicted_fluff(item["text"], lang)
        if guess and item["fluff"]:
            true_positive += 1
        elif guess:
            false_positive += 1
            misses.append(f"flagged but concrete: {item['text']}")
        elif item["fluff"]:
            false_negative += 1
            misses.append(f"missed fluff: {item['text']}")
    precision = true_positive / (true_positive + false_positive)
    recall = true_positive / (true_positive + false_negative)
    print(f"{lang}: precision {precision:.2f}, recall {recall:.2f}", *misses, sep="\n  ")
    assert precision >= 0.9, misses
    assert recall >= 0.9, misses
