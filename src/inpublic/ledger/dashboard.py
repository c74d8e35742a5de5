"""``inpublic stats --html``: one self-contained page, charts drawn by matplotlib as inline SVG."""

from __future__ import annotations

import datetime as dt
import html
import io
import re
from importlib import resources
from pathlib import Path
from string import Template
from typing import Any

from inpublic._files import write_atomic

ACCENT = "#0f7b6c"


def _svg(figure: Any) -> str:
    import matplotlib.pyplot as plt

    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight")
    plt.close(figure)
    text = buffer.getvalue()
    text = re.sub(r"<metadata>.*?</metadata>", "", text, flags=re.S)  # no links, no date
    return text[text.index("<svg") :]  # drop the XML prolog and doctype: inline in HTML


def _figure(width: float = 9, height: float = 2.6) -> tuple[Any, Any]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams["svg.fonttype"] = "none"  # text stays text, in the page's fonts
    figure, axes = plt.subplots(figsize=(width, height))
    axes.spines[["top", "right"]].set_visible(False)
    return figure, axes


def weeks_chart(data: dict[str, Any]) -> str:
    figure, axes = _figure()
    weeks = list(data["weeks"].items())[-26:]
    axes.bar([w for w, _ in weeks], [n for _, n in weeks], color=ACCENT)
    axes.axhline(
        data["per_week_target"], color="#d64045", linestyle="--", linewidth=1, label="weekly target"
    )
    axes.set_title("Shares per week")
    axes.tick_params(axis="x", labelrotation=90, labelsize=7)
    axes.legend(frameon=False)
    return _svg(figure)


def calendar_chart(data: dict[str, Any], today: dt.date | None = None) -> str:
    import numpy as np

    today = today or dt.date.today()
    weeks = 52
    start = today - dt.timedelta(days=today.weekday() + 7 * (weeks - 1))
    grid = np.zeros((7, weeks))
    for day, count in data["calendar"].items():
        date = dt.date.fromisoformat(day)
        offset = (date - start).days
        if 0 <= offset < 7 * weeks:
            grid[offset % 7, offset // 7] = count
    figure, axes = _figure(height=1.9)
    axes.imshow(grid, cmap="Greens", aspect="equal", vmin=0)
    axes.set_yticks(range(7), ["M", "T", "W", "T", "F", "S", "S"], fontsize=7)
    axes.set_xticks([])
    axes.set_title("Shares per day, last 52 weeks")
    return _svg(figure)


def minutes_chart(data: dict[str, Any]) -> str:
    figure, axes = _figure()
    labels = list(data["minutes_distribution"])
    axes.bar(labels, list(data["minutes_distribution"].values()), color=ACCENT)
    axes.set_title(f"Minutes from start to share (budget {data['minutes_budget']})")
    return _svg(figure)


def _label(text: str) -> str:
    """User text as a matplotlib label: a '$' is a dollar sign, never the start of mathtext
    (which fails on unknown commands)."""
    return text.replace("$", r"\$")


def channels_chart(data: dict[str, Any]) -> str:
    figure, axes = _figure()
    channels = {_label(name): v["engagement_rate"] or 0 for name, v in data["channels"].items()}
    axes.bar(list(channels), [rate * 100 for rate in channels.values()], color=ACCENT)
    axes.set_ylabel("%")
    axes.set_title("Engagement rate by channel")
    return _svg(figure)


def write_dashboard(data: dict[str, Any], path: Path, author: str = "") -> None:
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
        top=top,
    )
    write_atomic(path, page)
