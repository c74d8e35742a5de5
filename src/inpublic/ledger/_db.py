"""Opening the ledger: WAL, foreign keys, and migrations with a backup before each."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from pathlib import Path

from inpublic.errors import InpublicError
from inpublic.ledger.migrations import MIGRATIONS


class LedgerError(InpublicError):
    """Raised by ``inpublic.ledger`` for a ledger that cannot be opened or bad metric data."""


def connect(path: Path) -> sqlite3.Connection:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(path, timeout=30, isolation_level=None)  # explicit transactions
    except (OSError, sqlite3.Error) as exc:
        raise LedgerError(f"cannot open the ledger: {exc}", path=path) from None
    db.row_factory = sqlite3.Row
    try:
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA foreign_keys = ON")
        db.execute("PRAGMA busy_timeout = 30000")
        migrate(db, path)
    except sqlite3.DatabaseError as exc:
        db.close()
        raise LedgerError(
            f"not a usable ledger: {exc}",
            path=path,
            hint="restore it from a backup in the same folder",
        ) from None
    return db


def migrate(db: sqlite3.Connection, path: Path) -> list[str]:
    """Apply the migrations not yet recorded, each after a backup copy of the file."""
    db.execute(
        "CREATE TABLE IF NOT EXISTS _inpublic_migrations "
        "(name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
    )
    done = {row[0] for row in db.execute("SELECT name FROM _inpublic_migrations")}
    applied = []
    for name, function in MIGRATIONS:
        if name in done:
            continue
        if done:  # a fresh ledger has nothing to back up
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
            shutil.copyfile(path, path.with_name(f"{path.stem}.before-{name}.{stamp}.db"))
        db.execute("BEGIN IMMEDIATE")
        try:
            if (
                db.execute("SELECT 1 FROM _inpublic_migrations WHERE name = ?", (name,)).fetchone()
                is None
            ):  # another process may have applied it
                function(db)
                db.execute(
                    "INSERT INTO _inpublic_migrations VALUES (?, ?)",
                    (name, dt.datetime.now().astimezone().isoformat()),
                )
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        applied.append(name)
        done.add(name)
    return applied
