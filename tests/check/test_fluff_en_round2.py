"""English fluff by kind, not by phrase (issue 13, section 5, round 2): self-description of
character, reputation with no count, promises to the reader, engagement asks, vision
statements, unnamed praise, praise by colloquial degree; and the plain sentences beside
them that must stay quiet, a version change first. The paragraphs are written for these
tests."""

from __future__ import annotations

import pytest

from inpublic.check import Severity

from .conftest import lint

ENGINEERING = """\
We care about p99 more than the mean, so every chart in this post shows p99. Redis is known
for being single-threaded, but since 6.0 it does network I/O on several threads. It's not
just the allocator; the kernel also zeroes every page it hands out. The image is built for
arm64 so that it runs on the Graviton nodes, and the health check fails within seconds if
the socket is missing.

People who ran the beta told us the sync dropped files; we found the race in two days.
Developers say it is hard to debug, and they are right: the stack traces stop at the FFI
boundary. Retries did not make a difference: the error rate stayed at 2.1 %. The palette uses
vibrant oranges for errors. Stay tuned for part 2, where we profile the allocator.
"""


def warnings(text: str) -> list[str]:
    return [f"{f.rule}: {f.match}" for f in lint(text) if f.severity >= Severity.warning]


def test_engineering_prose_stays_quiet() -> None:
    assert warnings(ENGINEERING) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "The project increased its minimum supported Rust version to 1.74.",
        "It also improves the toolchain requirement from Go 1.20 to Go 1.22.",
        "Dependabot increased the lodash version from 4.17.20 to 4.17.21.",
        "We raised the minimum Go version from 1.20 to 1.22 and upgraded React from 17 to 18.2.",
    ],
)
def test_a_version_change_states_a_fact(sentence: str) -> None:
    assert warnings(sentence) == []


@pytest.mark.parametrize(
    ("sentence", "rule"),
    [
        # self-description of one's character or care
        ("I'm a little obsessive about error messages.", "en.brag.character"),
        ("A staff engineer who cares deeply about mentoring.", "en.brag.character"),
        ("What motivates me is untangling messy systems.", "en.brag.character"),
        ("Our founders are known for their relentless focus.", "en.brag.character"),
        ("We couldn't be more excited about what's next.", "en.brag.character"),
        # reputation with no count and no name
        ("Lina is a sought-after consultant.", "en.brag.reputation"),
        ("Our agency has helped hundreds of brands grow online.", "en.brag.reputation"),
        # résumé lines with no subject
        ("Highly accomplished, versatile product designer.", "en.brag.self-praise"),
        ("- Successfully delivered three platform migrations.", "en.brag.self-praise"),
        ("Outstanding written and verbal communication skills.", "en.brag.self-praise"),
        # promises to the reader and engagement asks
        ("This talk will change the way you write tests.", "en.clickbait.promise"),
        ("You'll never look at your logs the same way again.", "en.clickbait.promise"),
        ("Big things are coming in 2027, and we can't wait to show you.", "en.clickbait.promise"),
        (
            "Smash that like button and share this post with your network!",
            "en.clickbait.engagement",
        ),
        # vision statements
        ("We believe that great tooling should be accessible to everyone.", "en.buzzword.vision"),
        ("Our vision is a world where every team ships daily.", "en.buzzword.vision"),
        # unnamed praise
        (
            "Founders all over the world are telling us how much time it saves.",
            "en.weasel.testimonial",
        ),
        ("Everyone in the community has been talking about our new API.", "en.weasel"),
        # praise by colloquial degree and outcomes with no measure
        ("Our docs are a joy to read.", "en.unsupported-claim.praise"),
        ("Deploy your app in minutes.", "en.unsupported-claim.praise"),
        ("Our new dashboard has transformed how teams work.", "en.unsupported-claim.outcome"),
        ("The feedback blew us away.", "en.peacock.idiom"),
        ("It's the smartest scheduler in the world.", "en.peacock.rank"),
        # a feature sheet of qualities, absences promised, one unnamed voice
        ("Our editor is lightweight, intuitive and secure.", "en.unsupported-claim.praise"),
        ("No setup, no servers, no headaches.", "en.clickbait.absences"),
        ("A beta user described it as the missing piece.", "en.weasel.testimonial"),
        ("She has a rare gift for simplifying hard ideas.", "en.brag.character"),
        ("Explains distributed systems better than anyone.", "en.unsupported-claim.praise"),
    ],
)
def test_fluff_by_kind(sentence: str, rule: str) -> None:
    rules = {f.rule for f in lint(sentence)}
    assert rule in rules, f"{rule} did not fire on: {sentence} ({sorted(rules)})"


@pytest.mark.parametrize(
    "sentence",
    [
        "The minimum Go version is raised from 1.20 to 1.22, which is a big improvement.",
        "We upgraded Postgres from 14 to 16 and the planner got faster.",
    ],
)
def test_a_version_change_is_no_evidence_for_a_claim_beside_it(sentence: str) -> None:
    assert any(f.rule.startswith("en.unsupported-claim") for f in lint(sentence))


def test_a_sentence_opening_with_a_capitalised_word_still_reads_the_pronoun() -> None:
    """'I' after 'Honestly,' is the pronoun, not part of a name such as 'Transparent Huge'."""
    assert "en.brag.character" in {f.rule for f in lint("Honestly, I'm pretty good at this.")}


def test_one_phrase_gets_one_finding_from_a_rule() -> None:
    """A pattern ("I'm passionate") and a token ("passionate about") of one rule that
    overlap are one finding, not two."""
    found = [f.rule for f in lint("I'm passionate about developer tools.")]
    assert found.count("en.brag.self-praise") == 1


def test_the_lead_in_of_a_signed_quotation_is_no_unnamed_praise() -> None:
    text = (
        "Our customers say it best:\n\n"
        '> "The export went from a day of copy-paste to one command." — Ana Ruiz, Tallyhoe\n'
    )
    assert "en.weasel.testimonial" not in {f.rule for f in lint(text)}
    assert "en.weasel.testimonial" in {f.rule for f in lint("Our customers say it best.")}
