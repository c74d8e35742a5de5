"""The ledger: every share, the time it took, and the audience's reaction, in SQLite.

Entry point: ``open_ledger(workspace) -> Ledger``. One file, .inpublic/ledger.db.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from inpublic.ledger._db import LedgerError, connect, ledger_error

if TYPE_CHECKING:
    from inpublic.workspace import Workspace
    from inpublic.workspace.post import Post

__all__ = [
    "COUNTS",
    "LEDGER_FILE",
    "Ledger",
    "LedgerError",
    "ShipResult",
    "open_ledger",
    "check_count",
    "parse_time",
]

COUNTS = (
    "impressions",
    "likes",
    "comments",
    "reposts",
    "saves",
    "follows",
    "clicks",
    "engagements",
)
ENGAGEMENTS = ("likes", "comments", "reposts", "saves", "clicks")
MAX_COUNT = 2**63 - 1  # SQLite's largest INTEGER
LEDGER_FILE = "ledger.db"


def now() -> dt.datetime:
    return dt.datetime.now().astimezone().replace(microsecond=0)


def parse_time(value: str | dt.datetime | dt.date | None) -> dt.datetime:
    """An ISO date or time; local time when no offset is given."""
    if value is None:
        return now()
    hint = "use 2026-11-23 or 2026-11-23T18:30+08:00"
    if isinstance(value, dt.datetime):
        parsed = value
    elif isinstance(value, dt.date):
        parsed = dt.datetime.combine(value, dt.time(12))
    else:
        try:
            parsed = dt.datetime.fromisoformat(str(value).strip().replace("Z", "+00:00"))
        except ValueError:
            raise LedgerError(f"not a date or time: {value!r}", hint=hint) from None
    try:
        return parsed if parsed.tzinfo else parsed.astimezone()
    except (ValueError, OverflowError):  # the year 1 in local time may fall before the year 1
        raise LedgerError(f"out of range: {value!r}", hint=hint) from None


BAD_ROW_HINT = (
    "export the ledger (inpublic export), correct the value, and read it back with "
    "'inpublic import-ledger'"
)


def stored_time(value: Any, what: str) -> dt.datetime:
    """A time the ledger holds. One written by hand or by an older import-ledger may not be
    a time (or may lack its offset): that is a clear error, not a crash later on."""
    try:
        parsed = dt.datetime.fromisoformat(value)
    except (TypeError, ValueError):
        parsed = None
    if parsed is None or parsed.tzinfo is None:
        raise LedgerError(f"the ledger holds a bad time in {what}: {value!r}", hint=BAD_ROW_HINT)
    return parsed


def check_count(value: object) -> int | None:
    """A count as the ledger keeps it: a whole number from 0 to SQLite's largest integer.

    Raises ``ValueError`` for the caller to say which count and where it came from.
    """
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"not a whole number: {value!r}")
    if value < 0:
        raise ValueError(f"a count cannot be negative: {value}")
    if value > MAX_COUNT:
        raise ValueError(f"too large for a count: {value}")
    return value


@dataclass(frozen=True)
class ShipResult:
    share_id: int
    number: int  # this share's number in the whole ledger
    goal: int
    minutes: float | None
    budget: int
    recorded: str = "new"  # "new", "filled" (a share of that channel got its URL), "known"

    @property
    def inside_budget(self) -> bool | None:
        return None if self.minutes is None else self.minutes <= self.budget


def channel_titles(meta: Any) -> dict[str, str]:
    """The per-channel titles a post sets in its front matter (channels.<name>.title)."""
    channels = meta.get("channels") or {}
    return {
        name: str(options["title"])
        for name, options in channels.items()
        if isinstance(options, dict) and options.get("title")
    }


class Ledger:
    """The ledger, opened for writing or (``read_only``) for reading only.

    Used as a context manager, it closes the file and turns an SQLite error raised inside
    the block (a full disk, a damaged page) into a one-line ``LedgerError``.
    """

    def __init__(self, path: Path, *, read_only: bool = False) -> None:
        self.path = path
        self.read_only = read_only
        self.db = connect(path, read_only=read_only)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, kind: object, error: object, trace: object) -> None:
        self.close()
        if isinstance(error, sqlite3.Error):
            raise ledger_error(error, self.path) from None

    def transaction(self) -> _Transaction:
        return _Transaction(self.db)

    # posts ----------------------------------------------------------------------------

    def upsert_post(self, post: Post) -> int:
        """Record (or refresh) a post's slug, title, language and topics. A post whose id
        the ledger knows under another slug was renamed: the slug follows (``rename``)."""
        meta = post.meta
        uid = str(meta.get("id") or "")
        if uid:
            known = self.db.execute("SELECT slug FROM posts WHERE uid = ?", (uid,)).fetchone()
            if known and known[0] != post.slug:
                self.rename(known[0], post.slug)
            self.follow_renames(post.slug, uid)
        series = meta.get("series") or ""
        row = (
            post.slug,
            uid,
            post.title,
            post.lang or "",
            json.dumps(post.tags, ensure_ascii=False),
            series if isinstance(series, str) else ",".join(series),
            str(meta.get("project") or ""),
            json.dumps(channel_titles(meta), ensure_ascii=False),
        )
        self.db.execute(
            "INSERT INTO posts (slug, uid, title, lang, tags, series, project, channel_titles) "
            "VALUES (?,?,?,?,?,?,?,?) ON CONFLICT(slug) DO UPDATE SET title=excluded.title, "
            "uid=CASE WHEN excluded.uid != '' THEN excluded.uid ELSE posts.uid END, "
            "lang=excluded.lang, tags=excluded.tags, series=excluded.series, "
            "project=excluded.project, channel_titles=excluded.channel_titles",
            row,
        )
        return self.db.execute("SELECT id FROM posts WHERE slug = ?", (post.slug,)).fetchone()[0]

    def rename(self, old: str, new: str) -> None:
        """The post ``old`` is now ``new``: its record, shares and writing sessions follow."""
        if self.db.execute("SELECT 1 FROM posts WHERE slug = ?", (new,)).fetchone():
            raise LedgerError(
                f"the ledger already has a post {new!r}",
                hint="choose another slug, or export the ledger and merge the two by hand",
            )
        self.db.execute("UPDATE posts SET slug = ? WHERE slug = ?", (new, old))
        self.db.execute("UPDATE sessions SET post_slug = ? WHERE post_slug = ?", (new, old))

    def follow_renames(self, slug: str, uid: str) -> None:
        """Sessions started under another slug for the post with id ``uid`` are ``slug``'s
        now: the post was renamed (its file or its slug:) before it was first shipped."""
        if uid:
            self.db.execute(
                "UPDATE sessions SET post_slug = ? WHERE post_uid = ? AND post_slug != ?",
                (slug, uid, slug),
            )

    # the writing timer ----------------------------------------------------------------

    def timer_start(self, slug: str, at: dt.datetime | None = None, uid: str = "") -> dt.datetime:
        """Start timing ``slug`` (with its post's id, so that a rename keeps its minutes)."""
        at = at or now()
        with self.transaction():
            if self.open_session(slug) is None:
                self.db.execute(
                    "INSERT INTO sessions (post_slug, started_at, post_uid) VALUES (?, ?, ?)",
                    (slug, at.isoformat(), uid),
                )
        return at

    def timer_stop(self, slug: str | None = None, at: dt.datetime | None = None) -> list[str]:
        """Stop the open session of ``slug`` (or all open sessions); return their slugs."""
        at = at or now()
        with self.transaction():
            rows = self.db.execute(
                "SELECT id, post_slug FROM sessions WHERE stopped_at IS NULL"
                + (" AND post_slug = ?" if slug else ""),
                (slug,) if slug else (),
            ).fetchall()
            for row in rows:
                self.db.execute(
                    "UPDATE sessions SET stopped_at = ? WHERE id = ?", (at.isoformat(), row["id"])
                )
        return [row["post_slug"] for row in rows]

    def open_session(self, slug: str) -> dt.datetime | None:
        row = self.db.execute(
            "SELECT started_at FROM sessions WHERE post_slug = ? AND stopped_at IS NULL", (slug,)
        ).fetchone()
        return stored_time(row[0], f"the writing session of {slug}") if row else None

    def timer_status(self) -> list[tuple[str, float]]:
        """(slug, minutes so far) for every post being written, the open session included."""
        result = []
        for (slug,) in self.db.execute(
            "SELECT DISTINCT post_slug FROM sessions WHERE stopped_at IS NULL"
        ):
            result.append((slug, self.writing_minutes(slug) or 0.0))
        return result

    def writing_minutes(self, slug: str, until: dt.datetime | None = None) -> float | None:
        """Minutes in the post's writing sessions; an open session counts up to ``until``."""
        until = until or now()
        total, found = 0.0, False
        for start, stop in self.db.execute(
            "SELECT started_at, stopped_at FROM sessions WHERE post_slug = ?", (slug,)
        ):
            what = f"the writing sessions of {slug}"
            end = stored_time(stop, what) if stop else until
            total += max((end - stored_time(start, what)).total_seconds(), 0) / 60
            found = True
        return round(total, 1) if found else None

    # shares ---------------------------------------------------------------------------

    def ship(
        self,
        post: Post,
        channel: str,
        *,
        url: str = "",
        external_id: str = "",
        at: dt.datetime | None = None,
        goal: int = 1000,
        budget: int = 30,
    ) -> ShipResult:
        """Record a share and how long it took: the timer's sessions, else from started_at.

        A share is the post, the channel and its URL: the same URL again is the share already
        recorded ("known"); a URL given later fills the share of that channel that had none
        ("filled"); another URL is another share."""
        at = at or now()
        with self.transaction():
            post_id = self.upsert_post(post)  # first: a renamed post's sessions follow it
            minutes = self.writing_minutes(post.slug, at)
            started = post.meta.get("started_at")
            if minutes is None and started:
                minutes = round((at - parse_time(started)).total_seconds() / 60, 1)
            if url:
                for wanted, recorded in ((url, "known"), ("", "filled")):
                    row = self.db.execute(
                        "SELECT id, minutes FROM shares WHERE post_id = ? AND channel = ? "
                        "AND url = ? ORDER BY id DESC",
                        (post_id, channel, wanted),
                    ).fetchone()
                    if row:
                        if recorded == "filled":
                            self.db.execute(
                                "UPDATE shares SET url = ?, external_id = COALESCE("
                                "NULLIF(?, ''), external_id) WHERE id = ?",
                                (url, external_id, row["id"]),
                            )
                        number = self.db.execute(
                            "SELECT COUNT(*) FROM shares WHERE id <= ?", (row["id"],)
                        ).fetchone()[0]
                        return ShipResult(row["id"], number, goal, row["minutes"], budget, recorded)
            try:
                cursor = self.db.execute(
                    "INSERT INTO shares (post_id, channel, url, external_id, shared_at, minutes) "
                    "VALUES (?,?,?,?,?,?)",
                    (post_id, channel, url, external_id, at.isoformat(), minutes),
                )
            except sqlite3.IntegrityError:
                raise LedgerError(
                    f"{post.slug} was already shipped to {channel} at {at}",
                    hint="give another --at",
                ) from None
            number = self.db.execute(
                "SELECT COUNT(*) FROM shares WHERE id <= ?", (cursor.lastrowid,)
            ).fetchone()[0]
            if self.open_session(post.slug):
                self.timer_stop(post.slug, at)
        return ShipResult(cursor.lastrowid or 0, number, goal, minutes, budget)

    def shares(self) -> list[sqlite3.Row]:
        return self.db.execute(
            "SELECT s.*, p.slug, p.title, p.channel_titles, p.tags, p.series FROM shares s "
            "JOIN posts p ON p.id = s.post_id "
            "ORDER BY s.shared_at"
        ).fetchall()

    # metrics --------------------------------------------------------------------------

    def add_metrics(
        self, share_id: int, taken_at: dt.date, source: str, counts: dict[str, int | None]
    ) -> None:
        """Insert or replace the counts of one share as of one day, from one source."""
        unknown = set(counts) - set(COUNTS)
        if unknown:
            raise LedgerError(
                f"unknown metric {sorted(unknown)[0]!r}", hint=f"use {', '.join(COUNTS)}"
            )
        for name, value in counts.items():
            try:
                check_count(value)
            except ValueError as exc:
                raise LedgerError(f"{name}: {exc}", hint="give counts of 0 or more") from None
        if self.db.execute("SELECT 1 FROM shares WHERE id = ?", (share_id,)).fetchone() is None:
            raise LedgerError(f"no share {share_id}", hint="list shares with 'inpublic stats'")
        self.put_metrics(taken_at, source, {share_id: tuple(counts.get(n) for n in COUNTS)})

    def latest_metrics(self) -> dict[int, dict[str, int | None]]:
        """Per share, the counts as of its newest day (the sources of that day merged, the
        largest count of each kind winning)."""
        rows = self.db.execute(
            f"""
            SELECT m.share_id, {", ".join(f"MAX(m.{name})" for name in COUNTS)}
            FROM metrics m
            JOIN (SELECT share_id, MAX(taken_at) AS day FROM metrics GROUP BY share_id) latest
              ON latest.share_id = m.share_id AND latest.day = m.taken_at
            GROUP BY m.share_id
            """
        )
        return {row[0]: dict(zip(COUNTS, row[1:], strict=True)) for row in rows}

    def metrics_on(self, day: dt.date, source: str) -> dict[int, tuple[int | None, ...]]:
        """Per share, the counts (in COUNTS order) stored for ``day`` from ``source``."""
        rows = self.db.execute(
            f"SELECT share_id, {', '.join(COUNTS)} FROM metrics WHERE taken_at = ? AND source = ?",
            (day.isoformat(), source),
        )
        return {row[0]: tuple(row[1:]) for row in rows}

    def put_metrics(
        self, day: dt.date, source: str, counts: dict[int, tuple[int | None, ...]]
    ) -> None:
        """Insert or replace, per share, the counts (in COUNTS order) of ``day`` from
        ``source``: the one place metrics are written."""
        self.db.executemany(
            f"INSERT INTO metrics (share_id, taken_at, source, {', '.join(COUNTS)}) "
            f"VALUES (?, ?, ?, {', '.join('?' * len(COUNTS))}) "
            "ON CONFLICT(share_id, taken_at, source) DO UPDATE SET "
            + ", ".join(f"{name} = excluded.{name}" for name in COUNTS),
            [(share_id, day.isoformat(), source, *values) for share_id, values in counts.items()],
        )

    # export ---------------------------------------------------------------------------

    TABLES = ("posts", "shares", "metrics", "sessions")

    def replace_all(self, rows: dict[str, list[dict[str, Any]]], columns: dict[str, list[str]]):
        """Every table's rows replaced by ``rows`` (each table's ``columns``), in one
        transaction: the ledger is the export's, or unchanged."""
        with self.transaction():
            for table in reversed(self.TABLES):
                self.db.execute(f"DELETE FROM {table}")
            for table in self.TABLES:
                names = columns[table]
                self.db.executemany(
                    f"INSERT INTO {table} ({', '.join(names)}) "
                    f"VALUES ({', '.join('?' * len(names))})",
                    ([row[name] for name in names] for row in rows[table]),
                )

    def export(self) -> dict[str, list[dict[str, Any]]]:
        return {
            table: [dict(row) for row in self.db.execute(f"SELECT * FROM {table} ORDER BY id")]
            for table in self.TABLES
        }


class _Transaction:
    """BEGIN IMMEDIATE … COMMIT, or ROLLBACK on any error: all or nothing."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self.outer = False

    def __enter__(self) -> _Transaction:
        self.outer = not self.db.in_transaction
        if self.outer:
            self.db.execute("BEGIN IMMEDIATE")
        return self

    def __exit__(self, kind: object, *rest: object) -> None:
        if not self.outer:
            return
        self.db.execute("ROLLBACK" if kind else "COMMIT")


def open_ledger(workspace: Workspace, *, read_only: bool = False) -> Ledger:
    return Ledger(workspace.state_dir / LEDGER_FILE, read_only=read_only)
