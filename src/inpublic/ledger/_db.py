"""Opening the ledger: WAL, foreign keys, and migrations with a backup before each.

Commands that only read open the file read-only (SQLite's ``mode=ro``), so that they work
in a read-only workspace and can never change the ledger. SQLite's errors become one-line
``LedgerError``s that say what happened: a read-only folder, a full disk, a damaged file.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
from pathlib import Path

from inpublic.errors import InpublicError
from inpublic.ledger.migrations import MIGRATIONS


class LedgerError(InpublicError):
    """Raised by ``inpublic.ledger`` for a ledger that cannot be opened or bad metric data."""


RESTORE_HINT = (
    "restore it from a backup in the same folder (ledger.before-*.db) or from an export "
    "with 'inpublic import-ledger'"
)


def ledger_error(exc: sqlite3.Error | OSError, path: Path) -> LedgerError:
    """What an SQLite (or file system) error means for the user, in one line."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    if isinstance(exc, OSError):
        return LedgerError(
            f"cannot create the ledger's folder: {exc.strerror}",
            path=path.parent,
            hint="check the folder's permissions and free space",
        )
    read_only = name.startswith("SQLITE_CANTOPEN") and not (
        os.access(path.parent, os.W_OK) and (not path.exists() or os.access(path, os.W_OK))
    )
    if read_only or name.startswith("SQLITE_READONLY") or name == "SQLITE_PERM":
        return LedgerError(
            "cannot write the ledger: the file or its folder is read-only",
            path=path,
            hint="make the folder and ledger.db writable; stats and export work without that",
        )
    if name == "SQLITE_FULL" or (name.startswith("SQLITE_IOERR") and _disk_full(path)):
        return LedgerError(
            "cannot write the ledger: the disk is full",
            path=path,
            hint="free some space and run the command again; the ledger is unchanged",
        )
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")):
        return LedgerError(f"the ledger is damaged ({exc})", path=path, hint=RESTORE_HINT)
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return LedgerError(
            "the ledger is busy: another inpublic is writing it", path=path, hint="try again"
        )
    if name.startswith("SQLITE_CANTOPEN"):
        return LedgerError(
            f"cannot open the ledger ({exc})",
            path=path,
            hint="check that the file and its folder exist and are readable and writable",
        )
    if name.startswith("SQLITE_IOERR"):
        return LedgerError(
            f"cannot read or write the ledger: input/output error ({exc})",
            path=path,
            hint="check the disk; if the file is damaged, " + RESTORE_HINT,
        )
    return LedgerError(f"the ledger cannot be used: {exc}", path=path, hint=RESTORE_HINT)


def _disk_full(path: Path) -> bool:
    """SQLite reports a full disk as an I/O error when it cannot grow its -shm file."""
    try:
        return shutil.disk_usage(path.parent).free < 2**20
    except OSError:
        return False


def connect(path: Path, *, read_only: bool = False) -> sqlite3.Connection:
    """The ledger at ``path``, migrated. Read-only: the file is never written (nor made); a
    missing file reads as an empty ledger, an old schema is migrated in a copy in memory."""
    try:
        if read_only:
            return _connect_read_only(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(path, timeout=30, isolation_level=None)  # explicit transactions
    except (OSError, sqlite3.Error) as exc:
        raise ledger_error(exc, path) from None
    db.row_factory = sqlite3.Row
    try:
        db.execute("PRAGMA busy_timeout = 30000")
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA foreign_keys = ON")
        migrate(db, path)
    except sqlite3.Error as exc:
        db.close()
        raise ledger_error(exc, path) from None
    except LedgerError:
        db.close()
        raise
    return db


def _connect_read_only(path: Path) -> sqlite3.Connection:
    memory = sqlite3.connect(":memory:", isolation_level=None)
    memory.row_factory = sqlite3.Row
    if path.exists():
        uri = path.resolve().as_uri()
        db = sqlite3.connect(f"{uri}?mode=ro", uri=True, timeout=30, isolation_level=None)
        try:
            db.execute("PRAGMA busy_timeout = 30000")
            db.execute("SELECT count(*) FROM sqlite_schema").fetchone()
        except sqlite3.OperationalError:
            # A WAL ledger in a read-only folder with no -shm file: nobody can be writing it.
            db.close()
            db = sqlite3.connect(
                f"{uri}?mode=ro&immutable=1", uri=True, timeout=30, isolation_level=None
            )
        if not _pending(db):
            memory.close()
            db.row_factory = sqlite3.Row
            return db
        db.backup(memory)  # an older schema: migrated in memory, the file is left as it is
        db.close()
    migrate(memory, path, copy_first=False)
    return memory


def _done(db: sqlite3.Connection) -> set[str]:
    exists = db.execute(
        "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = '_inpublic_migrations'"
    ).fetchone()
    if not exists:
        return set()
    return {row[0] for row in db.execute("SELECT name FROM _inpublic_migrations")}


def _pending(db: sqlite3.Connection) -> bool:
    return bool({name for name, _ in MIGRATIONS} - _done(db))


def backup(db: sqlite3.Connection, path: Path, label: str) -> Path:
    """A consistent copy of the ledger beside it: ledger.before-<label>.<time>.db."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.stem}.before-{label}.{stamp}.db")
    number = 1
    while target.exists():
        number += 1
        target = path.with_name(f"{path.stem}.before-{label}.{stamp}-{number}.db")
    copy = sqlite3.connect(target)
    try:
        db.backup(copy)
    finally:
        copy.close()
    return target


def migrate(db: sqlite3.Connection, path: Path, *, copy_first: bool = True) -> list[str]:
    """Apply the migrations not yet recorded, each after a backup copy of the file.

    A ledger with migrations this version does not know was written by a newer inpublic:
    it is refused rather than changed by a program that does not know its schema.
    """
    known = {name for name, _ in MIGRATIONS}
    done = _done(db)
    newer = sorted(done - known)
    if newer:
        raise LedgerError(
            f"the ledger was written by a newer version of inpublic (schema '{newer[-1]}')",
            path=path,
            hint="upgrade inpublic (pip install --upgrade inpublic); the ledger is unchanged",
        )
    db.execute(
        "CREATE TABLE IF NOT EXISTS _inpublic_migrations "
        "(name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
    )
    applied = []
    fresh = not done  # a fresh ledger has nothing to back up, before any of its migrations
    for name, function in MIGRATIONS:
        if name in done:
            continue
        if not fresh and copy_first:
            backup(db, path, name)
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
