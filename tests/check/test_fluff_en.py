"""English fluff that has no stock word, and engineering prose that must stay quiet
(issue 13, sections 4 and 5). The paragraphs are written for these tests."""

from __future__ import annotations

import pytest

from inpublic.check import Severity

from .conftest import lint

POSTMORTEM = """\
On 12 March between 14:02 and 14:40 UTC, 3.1 % of checkout requests failed with a 502.
Users reported blank payment pages, and support opened 41 tickets.

The gateway's certificate is trusted by the load balancer only through an intermediate CA,
and the new image shipped without it. This is one of the most common causes of TLS failures
we see. The only component that talks to the gateway is the payments worker. The best way to
reproduce it is to run `openssl s_client` against the staging gateway.

We enabled certificate pinning and optimized the health check for latency. The minimum CPU
guaranteed to the container is 0.25 vCPU, and with Transparent Huge Pages on, the first page
faults are slow. You might be tempted to raise the memory limit; it did not help. My guess is
that the rest is TLS setup. The job still reads a lot of data from S3.

Next we must make the alert faster. If the canary had checked the handshake, it would have
caught it. We're always looking for ways to make the deploy safer.
"""


def warnings(text: str) -> list[str]:
    return [f.rule for f in lint(text) if f.severity >= Severity.warning]


def test_engineering_prose_with_plain_senses_stays_quiet() -> None:
    assert warnings(POSTMORTEM) == []


@pytest.mark.parametrize(
    ("sentence", "rule"),
    [
        # superlatives and rank claims without a source
        ("It is one of the most trusted tools in the ecosystem.", "en.peacock.rank"),
        ("It's the best way to deploy to Kubernetes, period.", "en.peacock.rank"),
        ("The #1 choice for API docs.", "en.peacock.rank"),
        ("It is the only platform that gets onboarding right.", "en.peacock.rank"),
        ("Kestrel is an industry-leading payments API.", "en.peacock"),
        # résumé and self-evaluation clichés, and the pattern behind them
        ("Results-driven engineer and team player.", "en.brag.self-praise"),
        ("Proven track record of shipping on time.", "en.brag.self-praise"),
        ("I'm passionate about developer tools.", "en.brag.self-praise"),
        ("Detail-oriented self-starter.", "en.brag.self-praise"),
        ("He is a highly motivated, versatile engineer.", "en.brag.self-praise"),
        # press-release idioms
        ("The new scheduler worked wonders.", "en.peacock.idiom"),
        ("We made giant leaps in reliability this quarter.", "en.peacock.idiom"),
        ("Version 4 changes everything.", "en.peacock.idiom"),
        ("The results speak for themselves.", "en.peacock.idiom"),
        ("Our new CLI is a game-changer.", "en.peacock"),
        # outcome claims with no stock word and nothing measured near them
        ("The migration went smoothly.", "en.unsupported-claim.outcome"),
        ("The feedback has been overwhelming.", "en.unsupported-claim.outcome"),
        ("Customers love it.", "en.unsupported-claim.outcome"),
        ("Loved by developers, trusted by thousands of teams.", "en.brag"),
    ],
)
def test_fluff_with_no_stock_word(sentence: str, rule: str) -> None:
    assert rule in warnings(sentence)


def test_an_outcome_with_its_numbers_is_not_fluff() -> None:
    assert warnings("The migration went smoothly: 0 failed writes in 14 days.") == []
    assert warnings("Customers love it: 31 of 40 teams renewed this year.") == []
