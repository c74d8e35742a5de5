"""The ledger's schema, as append-only migrations. Never edit one that has shipped."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

MIGRATIONS: list[tuple[str, Callable[[sqlite3.Connection], None]]] = []


def migration(function: Callable[[sqlite3.Connection], None]):
    MIGRATIONS.append((function.__name__, function))
    return function


def run(db: sqlite3.Connection, script: str) -> None:
    """Each statement on its own: executescript would commit the migration's transaction."""
    for statement in script.split(";"):
        if statement.strip():
            db.execute(statement)


@migration
def m001_initial(db: sqlite3.Connection) -> None:
    run(
        db,
        """
        CREATE TABLE posts (
            id INTEGER PRIMARY KEY,
            slug TEXT NOT NULL UNIQUE,
            title TEXT NOT NULL DEFAULT '',
            lang TEXT NOT NULL DEFAULT '',
            tags TEXT NOT NULL DEFAULT '[]',      -- JSON list
            series TEXT NOT NULL DEFAULT '',
            project TEXT NOT NULL DEFAULT '',
            channel_titles TEXT NOT NULL DEFAULT '{}'  -- JSON: the channels.<name>.title overrides
        );
        CREATE TABLE shares (
            id INTEGER PRIMARY KEY,
            post_id INTEGER NOT NULL REFERENCES posts(id),
            channel TEXT NOT NULL,
            url TEXT NOT NULL DEFAULT '',
            external_id TEXT NOT NULL DEFAULT '',
            shared_at TEXT NOT NULL,              -- ISO 8601 with offset
            minutes REAL,                         -- time from writing start to this share
            UNIQUE (post_id, channel, shared_at)
        );
        CREATE INDEX shares_url ON shares(url);
        CREATE TABLE metrics (
            id INTEGER PRIMARY KEY,
            share_id INTEGER NOT NULL REFERENCES shares(id) ON DELETE CASCADE,
            taken_at TEXT NOT NULL,               -- the day the counts are as of
            source TEXT NOT NULL,                 -- x, linkedin, wechat, xiaohongshu, csv, manual
            impressions INTEGER,
            likes INTEGER,
            comments INTEGER,
            reposts INTEGER,
            saves INTEGER,
            follows INTEGER,
            clicks INTEGER,
            engagements INTEGER,                  -- the platform's total, when only that is known
            UNIQUE (share_id, taken_at, source)
        );
        CREATE INDEX metrics_share ON metrics(share_id, taken_at);
        CREATE TABLE sessions (
            id INTEGER PRIMARY KEY,
            post_slug TEXT NOT NULL,
            started_at TEXT NOT NULL,
            stopped_at TEXT
        );
        """,
    )


@migration
def m002_post_ids(db: sqlite3.Connection) -> None:
    """A post's stable id (its front matter's ``id:``): renaming its file or its slug
    changes nothing in the ledger. Posts recorded before have none until shipped again."""
    run(
        db,
        """
        ALTER TABLE posts ADD COLUMN uid TEXT NOT NULL DEFAULT '';
        CREATE INDEX posts_uid ON posts(uid);
        ALTER TABLE sessions ADD COLUMN post_uid TEXT NOT NULL DEFAULT ''
        """,
    )
