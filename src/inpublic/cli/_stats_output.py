"""``inpublic stats`` in the terminal."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text

from inpublic.cli._common import console, user_text

if TYPE_CHECKING:
    from inpublic.ledger.stats import Stats

_SHADES = " ░▒▓█"


def print_stats(data: Stats) -> None:
    progress = data["goal_progress"] or 0
    bar = "█" * round(progress * 40) + "·" * (40 - round(progress * 40))
    console.print(
        Text.assemble(
            ("Shares ", "bold"),
            f"{data['shares_total']} of {data['goal_total']}  ",
            (bar, "green"),
            f" {progress:.1%}",
        )
    )
    console.print(
        f"Cadence: {data['per_week_target']} a week; streak {data['streak_weeks']} week(s)"
    )
    median = data["median_minutes_to_publish"]
    if median is not None:
        console.print(
            f"Time to publish: median {median:.0f} min against a "
            f"{data['minutes_budget']}-minute budget; "
            f"{data['within_budget']:.0%} inside"
        )
        console.print(
            "  " + "  ".join(f"{k}: {v}" for k, v in data["minutes_distribution"].items())
        )
    _heatmap(data)
    for title, rows in (
        ("Channels", data["channels"]),
        ("Tags", data["tags"]),
        ("Weekdays", data["weekdays"]),
    ):
        if not rows:
            continue
        table = Table(title=title, title_justify="left")
        for column in ("", "shares", "impressions", "engagements", "rate"):
            table.add_column(column, justify="left" if not column else "right")
        for name, values in rows.items():
            rate = values["engagement_rate"]
            table.add_row(
                user_text(name),
                str(values["shares"]),
                str(values["impressions"]),
                str(values["engagements"]),
                "—" if rate is None else f"{rate:.1%}",
            )
        console.print(table)
        if title == "Channels":
            defined = data["rate_definition"]
            impressions = "; ".join(f"{k}: {v}" for k, v in defined["impressions"].items())
            console.print(
                user_text(
                    f"  rate = {defined['is']}; engagements: {defined['engagements']}; "
                    f"impressions are: {impressions}",
                    "dim",
                )
            )
    if data["top_posts"]:
        console.print("Top posts:")
        for post in data["top_posts"]:
            console.print(
                user_text(
                    f"  {post['title']}: {post['engagements']} engagements, "
                    f"{post['impressions']} impressions"
                )
            )
    console.print(Text.assemble(("What to write next: ", "bold"), user_text(data["next"])))
    plan = data.get("plan")
    if plan:
        console.print(
            user_text(
                f"Against the plan: {plan['on_topic_share']:.0%} of tagged shares on "
                f"planned topics; off plan: {', '.join(plan['off_plan_topics']) or 'none'}; "
                f"silent channels: {', '.join(plan['silent_channels']) or 'none'}"
            )
        )


def _heatmap(data: Stats) -> None:
    """Shares per day over the window the page shows too, one row per weekday and a row of
    month names above (like GitHub's)."""
    from inpublic.ledger.dashboard import month_starts

    today = dt.date.fromisoformat(data["today"])
    weeks = data["window_weeks"]
    calendar = data["calendar"]
    start = today - dt.timedelta(days=today.weekday() + 7 * (weeks - 1))
    most = max(calendar.values(), default=0) or 1
    console.print(f"Shares per day, last {weeks} weeks:")
    months = [" "] * (weeks + 3)
    for week, name in month_starts(start, weeks):
        if all(c == " " for c in months[week : week + 4]):
            months[week : week + 3] = name
    console.print("    " + "".join(months).rstrip(), highlight=False, style="dim")
    for weekday in range(7):
        cells = []
        for week in range(weeks):
            day = start + dt.timedelta(days=7 * week + weekday)
            count = calendar.get(day.isoformat(), 0)
            cells.append(_SHADES[min(4, round(4 * count / most))] if day <= today else " ")
        console.print(f"  {'MTWTFSS'[weekday]} " + "".join(cells), highlight=False)
