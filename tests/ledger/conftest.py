from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from inpublic.ledger import open_ledger
from inpublic.workspace import parse_post

UTC8 = dt.timezone(dt.timedelta(hours=8))


def make_post(
    slug: str, title: str, tags: list[str] | None = None, started: str = "2026-11-02T20:00:00+08:00"
):
    tag_text = "[" + ", ".join(tags or []) + "]"
    text = (
        f"---\ntitle: {title}\nslug: {slug}\nlang: en\ntags: {tag_text}\n"
        f"started_at: {started}\n---\n\nBody.\n"
    )
    return parse_post(text, Path(f"{slug}.md"))


@pytest.fixture
def ledger(workspace):
    with open_ledger(workspace) as opened:
        yield opened


@pytest.fixture
def shipped(ledger):
    """Three posts shipped to x and wechat on known days."""
    posts = [
        make_post("ci", "CI from 14 to 4 minutes", ["ci", "python"]),
        make_post("search", "SQLite search", ["sqlite", "search"]),
        make_post("release", "Release checks", ["ci"]),
    ]
    for day, post in enumerate(posts, start=2):
        at = dt.datetime(2026, 11, day, 21, 0, tzinfo=UTC8)
        ledger.ship(
            post, "x", url=f"https://x.com/mei/status/10{day}", external_id=f"10{day}", at=at
        )
        ledger.ship(post, "wechat", url=f"https://mp.weixin.qq.com/s/{post.slug}", at=at)
    return posts
