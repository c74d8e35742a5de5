"""``inpublic stats --html``: one self-contained page, charts drawn by matplotlib as inline SVG."""

from __future__ import annotations

import datetime as dt
import html
import io
import re
from importlib import resources
from pathlib import Path
from string import Template
from typing import TYPE_CHECKING, Any

from inpublic._files import write_atomic

ACCENT = "#0f7b6c"

if TYPE_CHECKING:
    from inpublic.ledger.stats import Stats


def _svg(figure: Any) -> str:
    import matplotlib.pyplot as plt

    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight")
    plt.close(figure)
    text = buffer.getvalue()
    text = re.sub(r"<metadata>.*?</metadata>", "", text, flags=re.S)  # no links, no date
    text = text[text.index("<svg") :]  # drop the XML prolog and doctype: inline in HTML
    # As wide as the page, and as tall as its viewBox keeps it: it fits a phone and a desktop.
    head = text[: text.index(">")]
    fitted = re.sub(r'\s(?:width|height)="[^"]*"', "", head) + ' width="100%"'
    return fitted + text[len(head) :]


def _figure(width: float = 9, height: float = 2.6) -> tuple[Any, Any]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams["svg.fonttype"] = "none"  # text stays text, in the page's fonts
    figure, axes = plt.subplots(figsize=(width, height))
    axes.spines[["top", "right"]].set_visible(False)
    return figure, axes


def weeks_chart(data: Stats) -> str:
    figure, axes = _figure()
    weeks = list(data["weeks"].items())  # every week of the window, with none shared too
    axes.bar([w[2:] for w, _ in weeks], [n for _, n in weeks], color=ACCENT)
    axes.axhline(
        data["per_week_target"], color="#d64045", linestyle="--", linewidth=1, label="weekly target"
    )
    axes.set_title(f"Shares per week, last {len(weeks)} weeks", loc="left")
    axes.tick_params(axis="x", labelrotation=90, labelsize=7)
    axes.yaxis.get_major_locator().set_params(integer=True)
    # Above the plot, at its right: the legend never covers a bar.
    axes.legend(frameon=False, loc="lower right", bbox_to_anchor=(1, 1), borderaxespad=0)
    return _svg(figure)


def month_starts(start: dt.date, weeks: int) -> list[tuple[int, str]]:
    """(week column, month name) for each month that begins inside the window of ``weeks``
    weeks from the Monday ``start``: the labels over a calendar heatmap, as GitHub's."""
    found = []
    for week in range(weeks):
        monday = start + dt.timedelta(weeks=week)
        sunday = monday + dt.timedelta(days=6)
        if week == 0 or sunday.month != monday.month or monday.day == 1:
            first = sunday if sunday.month != monday.month else monday
            if week == 0 and monday.day > 7:
                continue  # a month already well under way: its label would crowd the next
            found.append((week, first.strftime("%b")))
    return found


def calendar_chart(data: Stats) -> str:
    import numpy as np

    today = dt.date.fromisoformat(data["today"])
    weeks = data["window_weeks"]
    start = today - dt.timedelta(days=today.weekday() + 7 * (weeks - 1))
    grid = np.full((7, weeks), np.nan)  # days still to come stay blank
    for offset in range((today - start).days + 1):
        grid[offset % 7, offset // 7] = 0
    for day, count in data["calendar"].items():
        offset = (dt.date.fromisoformat(day) - start).days
        if 0 <= offset <= (today - start).days:
            grid[offset % 7, offset // 7] = count
    figure, axes = _figure(height=2.2)
    axes.imshow(grid, cmap="Greens", aspect="equal", vmin=0)
    axes.set_yticks(range(7), ["Mon", "", "Wed", "", "Fri", "", ""], fontsize=7)
    ticks = month_starts(start, weeks)
    axes.set_xticks([week for week, _ in ticks], [name for _, name in ticks], fontsize=7)
    axes.xaxis.tick_top()
    axes.tick_params(length=0)
    axes.spines[["bottom", "left"]].set_visible(False)
    axes.set_title(f"Shares per day, last {weeks} weeks", loc="left", pad=18)
    return _svg(figure)


def minutes_chart(data: Stats) -> str:
    figure, axes = _figure()
    labels = list(data["minutes_distribution"])
    axes.bar(labels, list(data["minutes_distribution"].values()), color=ACCENT)
    axes.set_title(f"Minutes from start to share (budget {data['minutes_budget']})")
    return _svg(figure)


def _label(text: str) -> str:
    """User text as a matplotlib label: a '$' is a dollar sign, never the start of mathtext
    (which fails on unknown commands)."""
    return text.replace("$", r"\$")


def channels_chart(data: Stats) -> str:
    figure, axes = _figure()
    channels = {_label(name): v["engagement_rate"] or 0 for name, v in data["channels"].items()}
    axes.bar(list(channels), [rate * 100 for rate in channels.values()], color=ACCENT)
    axes.set_ylabel("%")
    axes.set_title("Engagement rate by channel", loc="left")
    return _svg(figure)


def _rate_legend(rate: dict[str, Any]) -> str:
    impressions = "; ".join(
        f"<b>{html.escape(name)}</b>: {html.escape(text)}"
        for name, text in rate["impressions"].items()
    )
    return (
        f"Engagement rate = {html.escape(rate['is'])}. Engagements: "
        f"{html.escape(rate['engagements'])}. Impressions are, on {impressions}."
    )


def write_dashboard(data: Stats, path: Path, author: str = "") -> None:
    template = Template(
        resources.files(__package__).joinpath("templates/dashboard.html").read_text("utf-8")
    )
    median = data["median_minutes_to_publish"]
    cards = [
        ("Shares", f"{data['shares_total']} / {data['goal_total']}"),
        ("Streak", f"{data['streak_weeks']} week(s)"),
        ("Median minutes", "—" if median is None else f"{median:.0f}"),
        ("Inside budget", "—" if data["within_budget"] is None else f"{data['within_budget']:.0%}"),
    ]
    top = "".join(
        f"<tr><td>{html.escape(p['title'])}</td><td>{p['shares']}</td><td>{p['impressions']}"
        f"</td><td>{p['engagements']}</td><td>"
        f"{'—' if p['engagement_rate'] is None else format(p['engagement_rate'], '.1%')}</td></tr>"
        for p in data["top_posts"]
    )
    page = template.substitute(
        title=html.escape(f"{author} · build in public" if author else "Build in public"),
        lead=html.escape(
            f"{data['shares_total']} shares toward {data['goal_total']}; "
            f"{data['per_week_target']} a week planned."
        ),
        cards="".join(
            f'<div class="card">{html.escape(k)}<b>{html.escape(v)}</b></div>' for k, v in cards
        ),
        next=html.escape(data["next"]),
        weeks_chart=weeks_chart(data),
        calendar_chart=calendar_chart(data),
        minutes_chart=minutes_chart(data),
        channels_chart=channels_chart(data),
        rates=_rate_legend(data["rate_definition"]),
        top=top,
    )
    write_atomic(path, page)
