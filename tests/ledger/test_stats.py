from __future__ import annotations

import datetime as dt

from inpublic.ledger.stats import compute, since_date

from .conftest import UTC8, make_post


def fill(ledger, shipped) -> None:
    counts = {1: (1000, 50), 2: (400, 4), 3: (2000, 30), 4: (300, 3), 5: (800, 90), 6: (100, 1)}
    for share_id, (impressions, likes) in counts.items():
        ledger.add_metrics(
            share_id,
            dt.date(2026, 11, 10),
            "manual",
            {"impressions": impressions // 2, "likes": likes // 2},
        )
        ledger.add_metrics(
            share_id, dt.date(2026, 11, 20), "manual", {"impressions": impressions, "likes": likes}
        )


def test_stats_keys_and_numbers(ledger, shipped) -> None:
    fill(ledger, shipped)
    data = compute(ledger, goal_total=1000, per_week=2, budget=30, today=dt.date(2026, 11, 23))
    for key in (
        "shares_total",
        "goal_total",
        "streak_weeks",
        "median_minutes_to_publish",
        "channels",
        "top_posts",
    ):
        assert key in data
    assert (data["shares_total"], data["goal_total"]) == (6, 1000)
    assert data["median_minutes_to_publish"] == 1500  # started 11-02 20:00; shared a day later
    x = data["channels"]["x"]
    assert (x["shares"], x["impressions"], x["engagements"]) == (3, 3800, 170)
    assert x["engagement_rate"] == round(170 / 3800, 4)
    assert data["top_posts"][0]["slug"] == "release"  # 90 + 1 engagements on 900 impressions
    assert data["calendar"] == {"2026-11-02": 2, "2026-11-03": 2, "2026-11-04": 2}
    assert len(data["weeks"]) == data["window_weeks"] == 26  # every week, as the charts show
    assert data["weeks"]["2026-W45"] == 6 and data["weeks"]["2026-W46"] == 0
    assert list(data["weeks"])[-1] == "2026-W48"  # this week
    rate = data["rate_definition"]
    assert rate["is"] == "engagements / impressions"
    assert rate["impressions"]["wechat"].startswith("reads")
    assert data["streak_weeks"] == 0  # nothing in weeks 46 and 47
    assert data["resonates"][0] == "ci" and "sqlite" in data["quiet"]
    assert "Write more about ci" in data["next"]


def test_streak_counts_weeks_at_the_target(ledger) -> None:
    start = dt.datetime(2026, 10, 5, 9, tzinfo=UTC8)  # a Monday
    for week in range(4):
        for n in range(2):
            post = make_post(f"w{week}-{n}", f"Week {week} post {n}")
            ledger.ship(post, "x", at=start + dt.timedelta(days=7 * week + n))
    data = compute(ledger, goal_total=1000, per_week=2, budget=30, today=dt.date(2026, 10, 27))
    assert data["streak_weeks"] == 4
    since = compute(
        ledger,
        goal_total=1000,
        per_week=2,
        budget=30,
        since=dt.date(2026, 10, 19),
        today=dt.date(2026, 10, 27),
    )
    assert (since["shares_total"], since["shares_in_window"]) == (8, 4)


def test_since_dates() -> None:
    today = dt.date(2026, 11, 23)
    assert since_date("4w", today) == dt.date(2026, 10, 26)
    assert since_date("2026-01-01", today) == dt.date(2026, 1, 1)
    assert since_date(None, today) is None


def test_plan_comparison(ledger, shipped) -> None:
    plan = {"topics": ["ci", "observability"], "channels": {"x": {}, "linkedin": {}}}
    data = compute(ledger, goal_total=1000, per_week=2, budget=30, plan=plan)
    assert data["plan"]["off_plan_topics"] == ["python", "search", "sqlite"]
    assert data["plan"]["unused_topics"] == ["observability"]
    assert data["plan"]["silent_channels"] == ["linkedin"]
    assert data["plan"]["unplanned_channels"] == ["wechat"]


def test_dashboard_in_chromium(ledger, shipped, tmp_path, browser) -> None:
    from inpublic.ledger.dashboard import write_dashboard

    fill(ledger, shipped)
    data = compute(ledger, goal_total=1000, per_week=2, budget=30)
    page_path = tmp_path / "dashboard.html"
    write_dashboard(data, page_path, "Mei Chen")
    text = page_path.read_text("utf-8")
    assert "http://" not in text.replace("http://www.w3.org", "")  # nothing to fetch
    assert "<script" not in text
    page = browser.new_page()
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(page_path.as_uri())
    charts = page.evaluate("""() => [...document.querySelectorAll('.chart svg')].map(svg => {
        const box = svg.getBoundingClientRect();
        return {width: box.width, height: box.height,
                shapes: svg.querySelectorAll('path, rect, image, use').length};
    })""")
    assert len(charts) == 4
    for chart in charts:
        assert chart["width"] > 300 and chart["height"] > 80 and chart["shapes"] >= 3, chart
    assert requests == [page_path.as_uri()]
    assert "Impressions are, on" in page.inner_text(".rates")
    labels = page.evaluate(
        "[...document.querySelectorAll('#calendar svg text')].map(t => t.textContent)"
    )
    assert {"Sep", "Oct", "Nov"} <= set(labels)  # months over the heatmap
    for width in (375, 1000):  # the charts fit the page, on a phone and on a desktop
        page.set_viewport_size({"width": width, "height": 800})
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        widths = page.evaluate(
            "[...document.querySelectorAll('.chart svg')].map(s => s.getBoundingClientRect().width)"
        )
        column = page.evaluate("document.querySelector('.chart').getBoundingClientRect().width")
        assert all(abs(w - column) < 1 for w in widths), (width, widths, column)
