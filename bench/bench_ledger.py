"""The ledger at scale: `stats` over 10,000 shares and 1,000,000 metric rows (target: under
1 s), and importing a 100,000-row export (target: under 5 s)."""

from __future__ import annotations

import datetime as dt
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _common import table  # noqa: E402

from inpublic.ledger import Ledger  # noqa: E402
from inpublic.ledger.importers import import_file  # noqa: E402
from inpublic.ledger.stats import compute  # noqa: E402

CHANNELS = ["hugo", "wechat", "xiaohongshu", "x", "linkedin", "zhihu"]
TAGS = ["ci", "python", "sqlite", "search", "release", "rust", "observability", "testing"]


def fill(ledger: Ledger, shares: int, snapshots: int, rng: random.Random) -> None:
    start = dt.datetime(2024, 1, 1, 9, tzinfo=dt.UTC)
    db = ledger.db
    with ledger.transaction():
        db.executemany(
            "INSERT INTO posts (id, slug, title, tags) VALUES (?, ?, ?, ?)",
            [
                (i, f"post-{i}", f"Post {i}", f'["{rng.choice(TAGS)}", "{rng.choice(TAGS)}"]')
                for i in range(1, shares // 3 + 2)
            ],
        )
        db.executemany(
            "INSERT INTO shares (id, post_id, channel, url, shared_at, minutes) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [
                (
                    i,
                    i // 3 + 1,
                    CHANNELS[i % 6],
                    f"https://example.com/s/{i}",
                    (start + dt.timedelta(hours=3 * i)).isoformat(),
                    rng.uniform(10, 90),
                )
                for i in range(1, shares + 1)
            ],
        )
        rows = []
        for share in range(1, shares + 1):
            for day in range(snapshots):
                impressions = rng.randint(100, 10_000)
                rows.append(
                    (
                        share,
                        (dt.date(2025, 1, 1) + dt.timedelta(days=day)).isoformat(),
                        "csv",
                        impressions,
                        impressions // 30,
                        impressions // 200,
                    )
                )
        db.executemany(
            "INSERT INTO metrics (share_id, taken_at, source, impressions, likes, "
            "comments) VALUES (?, ?, ?, ?, ?, ?)",
            rows,
        )


def main() -> None:
    rng = random.Random(1)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        ledger = Ledger(folder / "big.db")
        fill(ledger, 10_000, 100, rng)
        count = ledger.db.execute("SELECT COUNT(*) FROM metrics").fetchone()[0]
        start = time.perf_counter()
        compute(ledger, goal_total=1000, per_week=2, budget=30)
        stats_time = time.perf_counter() - start
        ledger.close()

        ledger = Ledger(folder / "import.db")
        fill(ledger, 100_000, 0, rng)
        export = folder / "export.csv"
        lines = ["url,impressions,likes,comments"]
        lines += [
            f"https://example.com/s/{i},{rng.randint(100, 9999)},{rng.randint(0, 300)},"
            f"{rng.randint(0, 30)}"
            for i in range(1, 100_001)
        ]
        export.write_text("\n".join(lines) + "\n", encoding="utf-8")
        start = time.perf_counter()
        result = import_file(ledger, export, "csv", as_of=dt.date(2026, 11, 20))
        import_time = time.perf_counter() - start
        start = time.perf_counter()
        again = import_file(ledger, export, "csv", as_of=dt.date(2026, 11, 20))
        reimport_time = time.perf_counter() - start
        ledger.close()
    table(
        "ledger at scale",
        [
            (f"stats: 10,000 shares, {count:,} metric rows", stats_time, "target < 1000 ms"),
            (f"import {result.imported:,} rows", import_time, "target < 5000 ms"),
            (f"re-import, {again.unchanged:,} unchanged", reimport_time, "changes nothing"),
        ],
    )


if __name__ == "__main__":
    main()
