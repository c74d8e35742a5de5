"""What the ledger says: progress, cadence, time to publish, and what resonates."""

from __future__ import annotations

import datetime as dt
import json
import statistics
from collections import Counter, defaultdict
from typing import Any, TypedDict

from inpublic.ledger import BAD_ROW_HINT, ENGAGEMENTS, Ledger, LedgerError, stored_time

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
BUCKETS = ((15, "≤15"), (30, "15–30"), (60, "30–60"), (120, "60–120"), (None, ">120"))
STATS_VERSION = 1
WINDOW_WEEKS = 26  # the weeks the charts show, in the terminal (80 columns) and the page


def since_date(value: str | None, today: dt.date | None = None) -> dt.date | None:
    """'4w', '3m', '1y' (by the calendar, as every command reads them) or an ISO date."""
    if not value:
        return None
    from inpublic._spans import span_start
    from inpublic.ledger import LedgerError, parse_time

    try:
        start = span_start(value, today)
    except OverflowError:
        raise LedgerError(
            f"--since {value}: that is before the year 1",
            hint="give a shorter span, e.g. 3m or 10y, or a date",
        ) from None
    return start or parse_time(value).date()


def _latest_metrics(ledger: Ledger) -> dict[int, dict[str, int]]:
    """Per share, its newest counts, with engagements the larger of the platform's count
    and the sum of its parts."""
    result = {}
    for share_id, counts in ledger.latest_metrics().items():
        parts = sum(counts[n] or 0 for n in ENGAGEMENTS)
        result[share_id] = {
            **{name: value or 0 for name, value in counts.items()},
            "engagements": max(counts["engagements"] or 0, parts),
        }
    return result


RATE = "engagements / impressions"
ENGAGEMENTS_ARE = f"{' + '.join(ENGAGEMENTS)}, or the platform's own count when it is larger"


def impressions_are(channel: str) -> str:
    """What a channel's impressions are (its export's count: formats.toml
    `impressions_are`), for the legend of its engagement rate."""
    from inpublic.ledger.importers import formats

    spec = next((f for f in formats().values() if f.get("channel") == channel), {})
    return spec.get("impressions_are", "impressions entered with metrics add")


def _rate(engagements: int, impressions: int) -> float | None:
    return round(engagements / impressions, 4) if impressions else None


class Group(TypedDict):
    """The shares of one channel, tag, series or weekday, and how readers answered them."""

    shares: int
    impressions: int
    engagements: int
    engagement_rate: float | None


class Stats(TypedDict, total=False):
    """What ``stats`` reports (and ``stats --json`` prints, "version": 1)."""

    version: int
    shares_total: int
    shares_in_window: int
    goal_total: int
    goal_progress: float | None
    per_week_target: int
    streak_weeks: int
    window_weeks: int
    today: str
    weeks: dict[str, int]  # ISO week -> shares, every week of the window
    calendar: dict[str, int]  # ISO day -> shares
    median_minutes_to_publish: float | None
    minutes_budget: int
    within_budget: float | None
    minutes_distribution: dict[str, int]
    channels: dict[str, Group]
    rate_definition: dict[str, Any]
    tags: dict[str, Group]
    series: dict[str, Group]
    weekdays: dict[str, Group]
    top_posts: list[dict[str, Any]]
    resonates: list[str]
    quiet: list[str]
    next: str
    plan: dict[str, Any]


def compute(
    ledger: Ledger,
    *,
    goal_total: int,
    per_week: int,
    budget: int,
    since: dt.date | None = None,
    today: dt.date | None = None,
    plan: dict[str, Any] | None = None,
) -> Stats:
    today = today or dt.date.today()
    shares = ledger.shares()
    all_total = len(shares)
    when = {s["id"]: stored_time(s["shared_at"], f"share {s['id']}") for s in shares}
    if since:
        shares = [s for s in shares if when[s["id"]].date() >= since]
    metrics = _latest_metrics(ledger)

    days = Counter(when[s["id"]].date() for s in shares)
    weeks = Counter(day.isocalendar()[:2] for day in days.elements())
    streak = 0
    week = today
    if weeks.get(week.isocalendar()[:2], 0) < max(per_week, 1):
        week -= dt.timedelta(days=7)  # the current week may still be under way
    while per_week and weeks.get(week.isocalendar()[:2], 0) >= per_week:
        streak += 1
        week -= dt.timedelta(days=7)

    minutes = [s["minutes"] for s in shares if s["minutes"] is not None]
    distribution = {label: 0 for _, label in BUCKETS}
    for value in minutes:
        label = next(label for limit, label in BUCKETS if limit is None or value <= limit)
        distribution[label] += 1

    groups: dict[str, dict[str, dict[str, int]]] = defaultdict(lambda: defaultdict(Counter))
    posts: dict[str, dict[str, Any]] = {}
    for share in shares:
        counts = metrics.get(share["id"], {})
        impressions, engagements = counts.get("impressions", 0), counts.get("engagements", 0)
        day = when[share["id"]]
        keys = {
            "channel": [share["channel"]],
            "weekday": [WEEKDAYS[day.weekday()]],
            "tag": _tags(share) or ["(none)"],
            "series": [share["series"] or "(none)"],
        }
        for dimension, values in keys.items():
            for value in values:
                bucket = groups[dimension][value]
                bucket["shares"] += 1
                bucket["impressions"] += impressions
                bucket["engagements"] += engagements
        post = posts.setdefault(
            share["slug"],
            {
                "slug": share["slug"],
                "title": share["title"],
                "shares": 0,
                "impressions": 0,
                "engagements": 0,
            },
        )
        post["shares"] += 1
        post["impressions"] += impressions
        post["engagements"] += engagements

    def table(dimension: str) -> dict[str, Group]:
        return {
            name: Group(
                shares=values["shares"],
                impressions=values["impressions"],
                engagements=values["engagements"],
                engagement_rate=_rate(values["engagements"], values["impressions"]),
            )
            for name, values in sorted(groups[dimension].items())
        }

    for post in posts.values():
        post["engagement_rate"] = _rate(post["engagements"], post["impressions"])
    top = sorted(posts.values(), key=lambda p: (p["engagements"], p["impressions"]), reverse=True)[
        :5
    ]
    tags = table("tag")
    rated = {
        t: v["engagement_rate"]
        for t, v in tags.items()
        if v["engagement_rate"] is not None and t != "(none)"
    }
    middle = statistics.median(rated.values()) if rated else None
    resonates = sorted(
        (t for t, r in rated.items() if middle is not None and r > middle), key=lambda t: -rated[t]
    )
    quiet = sorted(
        (t for t, r in rated.items() if middle is not None and r < middle), key=lambda t: rated[t]
    )
    result: Stats = {
        "version": STATS_VERSION,
        "shares_total": all_total,
        "shares_in_window": len(shares),
        "goal_total": goal_total,
        "goal_progress": round(all_total / goal_total, 4) if goal_total else None,
        "per_week_target": per_week,
        "streak_weeks": streak,
        "window_weeks": WINDOW_WEEKS,
        "today": today.isoformat(),
        "weeks": {
            f"{y}-W{w:02d}": weeks.get((y, w), 0)
            for y, w in sorted(
                {
                    (today - dt.timedelta(weeks=back)).isocalendar()[:2]
                    for back in range(WINDOW_WEEKS)
                }
            )
        },
        "calendar": {day.isoformat(): n for day, n in sorted(days.items())},
        "median_minutes_to_publish": statistics.median(minutes) if minutes else None,
        "minutes_budget": budget,
        "within_budget": round(sum(m <= budget for m in minutes) / len(minutes), 4)
        if minutes
        else None,
        "minutes_distribution": distribution,
        "channels": table("channel"),
        "rate_definition": {
            "is": RATE,
            "engagements": ENGAGEMENTS_ARE,
            "impressions": {name: impressions_are(name) for name in sorted(groups["channel"])},
        },
        "tags": tags,
        "series": table("series"),
        "weekdays": table("weekday"),
        "top_posts": top,
        "resonates": resonates,
        "quiet": quiet,
        "next": _advice(resonates, quiet),
    }
    if plan:
        result["plan"] = _against_plan(plan, groups)
    return result


def _tags(share: Any) -> list[str]:
    try:
        tags = json.loads(share["tags"])
    except (TypeError, ValueError):
        tags = None
    if not isinstance(tags, list) or not all(isinstance(tag, str) for tag in tags):
        raise LedgerError(
            f"the ledger holds bad tags for post {share['slug']!r}: {share['tags']!r}",
            hint=BAD_ROW_HINT,
        )
    return tags


def _advice(resonates: list[str], quiet: list[str]) -> str:
    if not resonates:
        return "Not enough engagement data yet: ship a few more posts and import their metrics."
    advice = f"Write more about {', '.join(resonates[:3])}: readers engage most there."
    if quiet:
        advice += f" {', '.join(quiet[:2])} drew the least; try a sharper problem or a number."
    return advice


def _against_plan(plan: dict[str, Any], groups: dict) -> dict[str, Any]:
    topics = [t.lower() for t in plan.get("topics", [])]
    tag_shares = {t: v["shares"] for t, v in groups["tag"].items()}
    on_plan = sum(n for t, n in tag_shares.items() if t.lower() in topics)
    total = sum(tag_shares.values()) or 1
    planned = list(plan.get("channels", {}))
    actual = {c: v["shares"] for c, v in groups["channel"].items()}
    return {
        "on_topic_share": round(on_plan / total, 4),
        "off_plan_topics": sorted(
            t for t in tag_shares if t.lower() not in topics and t != "(none)"
        ),
        "unused_topics": sorted(t for t in plan.get("topics", []) if t not in tag_shares),
        "channel_split": actual,
        "unplanned_channels": sorted(c for c in actual if planned and c not in planned),
        "silent_channels": sorted(c for c in planned if c not in actual),
    }
