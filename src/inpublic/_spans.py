"""Spans of time as every command reads them: '2w', '3m', '1y' back from today."""

from __future__ import annotations

import calendar
import datetime as dt
import re

_SPAN = re.compile(r"(\d{1,7})\s*([dwmy])")


def span_start(value: str, today: dt.date | None = None) -> dt.date | None:
    """The day ``value`` ('10d', '2w', '3m', '1y') reaches back to from ``today``, by the
    calendar: 3m on 31 May is 28 February (or 29), 1y on 29 February is 28 February.
    None when ``value`` is not such a span; OverflowError before the year 1."""
    found = _SPAN.fullmatch(value.strip())
    if not found:
        return None
    count, unit = int(found.group(1)), found.group(2)
    today = today or dt.date.today()
    if unit in "dw":
        return today - dt.timedelta(days=count * (7 if unit == "w" else 1))
    months = today.year * 12 + today.month - 1 - count * (12 if unit == "y" else 1)
    year, month = divmod(months, 12)
    if year < 1:
        raise OverflowError(value)
    last_day = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(today.day, last_day))
