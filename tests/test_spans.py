"""'2w', '3m', '1y' mean the same day in every command."""

from __future__ import annotations

import datetime as dt

import pytest

from inpublic._spans import span_start
from inpublic.capture import git_since
from inpublic.ledger.stats import since_date


@pytest.mark.parametrize(
    ("span", "today", "start"),
    [
        ("10d", dt.date(2026, 11, 30), dt.date(2026, 11, 20)),
        ("2w", dt.date(2026, 11, 30), dt.date(2026, 11, 16)),
        ("3m", dt.date(2026, 5, 31), dt.date(2026, 2, 28)),  # the month's last day
        ("1m", dt.date(2026, 1, 15), dt.date(2025, 12, 15)),  # across a year
        ("12m", dt.date(2026, 12, 31), dt.date(2025, 12, 31)),
        ("1y", dt.date(2024, 2, 29), dt.date(2023, 2, 28)),
        (" 6m ", dt.date(2026, 8, 31), dt.date(2026, 2, 28)),
    ],
)
def test_spans_count_by_the_calendar(span: str, today: dt.date, start: dt.date) -> None:
    assert span_start(span, today) == start
    assert since_date(span, today) == start


def test_capture_and_stats_read_a_span_as_the_same_day() -> None:
    for span in ("2w", "3m", "1y"):
        assert git_since(span) == f"{since_date(span).isoformat()} 00:00:00"
    assert git_since("last monday") == "last monday"  # git reads its own dates
    assert span_start("2026-01-01") is None


def test_a_span_before_the_year_1_is_refused_or_reaches_every_commit() -> None:
    from inpublic.ledger import LedgerError

    with pytest.raises(LedgerError, match="before the year 1"):
        since_date("9999999y")
    assert git_since("9999999y") == "1970-01-01"
