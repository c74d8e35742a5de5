from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from inpublic.ledger import Ledger, LedgerError, open_ledger
from inpublic.ledger import migrations as migrations_module
from inpublic.ledger.transfer import export_csv, export_json, read_export, restore

from .conftest import UTC8, make_post


def test_wal_foreign_keys_and_migrations(ledger: Ledger) -> None:
    assert ledger.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert ledger.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    names = [r[0] for r in ledger.db.execute("SELECT name FROM _inpublic_migrations")]
    assert names == ["m001_initial", "m002_post_ids"]
    with pytest.raises(Exception):  # noqa: B017 - sqlite3.IntegrityError: a share needs its post
        ledger.db.execute("INSERT INTO shares (post_id, channel, shared_at) VALUES (99, 'x', 't')")


def test_a_new_migration_runs_once_after_a_backup(workspace, monkeypatch) -> None:
    open_ledger(workspace).close()

    def m002_notes(db):
        db.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY)")

    monkeypatch.setattr(
        migrations_module, "MIGRATIONS", [*migrations_module.MIGRATIONS, ("m002_notes", m002_notes)]
    )
    import inpublic.ledger._db as db_module

    monkeypatch.setattr(db_module, "MIGRATIONS", migrations_module.MIGRATIONS)
    with open_ledger(workspace) as ledger:
        tables = {r[0] for r in ledger.db.execute("SELECT name FROM sqlite_master")}
    assert "notes" in tables
    backups = list(workspace.state_dir.glob("ledger.before-m002_notes.*.db"))
    assert len(backups) == 1
    open_ledger(workspace).close()  # the second open applies nothing and backs up nothing
    assert len(list(workspace.state_dir.glob("ledger.before-*.db"))) == 1


def test_a_broken_ledger_is_a_clear_error(workspace) -> None:
    workspace.state_dir.mkdir(exist_ok=True)
    (workspace.state_dir / "ledger.db").write_bytes(b"not a database at all" * 100)
    with pytest.raises(LedgerError) as caught:
        open_ledger(workspace)
    assert "the ledger is damaged" in caught.value.message


def test_ship_uses_the_timer_then_started_at(ledger: Ledger) -> None:
    post = make_post("ci", "CI")
    start = dt.datetime(2026, 11, 2, 20, 0, tzinfo=UTC8)
    ledger.timer_start("ci", start)
    ledger.timer_stop("ci", start + dt.timedelta(minutes=10))
    ledger.timer_start("ci", start + dt.timedelta(minutes=30))
    result = ledger.ship(post, "x", at=start + dt.timedelta(minutes=42), goal=1000, budget=30)
    assert (result.number, result.minutes, result.inside_budget) == (1, 22.0, True)
    assert ledger.timer_status() == []  # shipping stops the timer
    other = make_post("search", "Search", started="2026-11-02T20:00:00+08:00")
    result = ledger.ship(other, "x", at=start + dt.timedelta(minutes=45))
    assert (result.number, result.minutes, result.inside_budget) == (2, 45.0, False)
    with pytest.raises(LedgerError):
        ledger.ship(other, "x", at=start + dt.timedelta(minutes=45))


def test_two_processes_shipping_at_once_lose_nothing(workspace) -> None:
    script = (
        "import sys, datetime as dt; from pathlib import Path;"
        "from inpublic.ledger import Ledger; from inpublic.workspace import parse_post;"
        "ledger = Ledger(Path(sys.argv[1]));"
        "base = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc);"
        "[ledger.ship(parse_post(f'---\\ntitle: p{i}\\nslug: {sys.argv[2]}{i}\\n---\\nx\\n',"
        " Path('p.md')), 'x', at=base + dt.timedelta(minutes=i)) for i in range(40)]"
    )
    path = workspace.state_dir / "ledger.db"
    open_ledger(workspace).close()
    processes = [
        subprocess.Popen([sys.executable, "-c", script, str(path), name]) for name in ("a", "b")
    ]
    assert [p.wait(timeout=120) for p in processes] == [0, 0]
    with open_ledger(workspace) as ledger:
        assert ledger.db.execute("SELECT COUNT(*) FROM shares").fetchone()[0] == 80
        assert ledger.db.execute("SELECT COUNT(DISTINCT id) FROM posts").fetchone()[0] == 80


def test_export_and_restore_are_lossless(ledger: Ledger, shipped, tmp_path: Path) -> None:
    ledger.add_metrics(1, dt.date(2026, 11, 20), "manual", {"impressions": 1200, "likes": 50})
    ledger.timer_start("draft", dt.datetime(2026, 11, 21, 9, tzinfo=UTC8))
    before = ledger.export()
    json_file = tmp_path / "ledger.json"
    json_file.write_text(export_json(ledger), "utf-8")
    folder = tmp_path / "csv"
    export_csv(ledger, folder)
    for source in (json_file, folder):
        restore(ledger, {"posts": [], "shares": [], "metrics": [], "sessions": []})
        assert ledger.export()["shares"] == []
        restore(ledger, read_export(source))
        assert ledger.export() == before, source
    data = json.loads(json_file.read_text("utf-8"))
    assert data["version"] == 1 and len(data["shares"]) == 6


def test_a_ledger_from_before_post_ids_migrates_and_keeps_its_shares(
    workspace, monkeypatch
) -> None:
    """Issue 15: a ledger made before posts had ids (m001 only) gains the id columns on
    open, keeps every share, and the post's next share, renamed and with an id, continues
    its record instead of starting another."""
    import inpublic.ledger._db as db_module
    from inpublic.workspace import load_post

    first = migrations_module.MIGRATIONS[:1]
    monkeypatch.setattr(db_module, "MIGRATIONS", first)
    path = workspace.posts_dir / "ci.md"
    path.write_text("---\ntitle: CI\n---\n\nBody.\n", "utf-8")
    with open_ledger(workspace) as old, old.transaction():  # as the inpublic of then wrote
        old.db.execute("INSERT INTO posts (slug, title) VALUES ('ci', 'CI')")
        old.db.execute(
            "INSERT INTO shares (post_id, channel, url, shared_at) "
            "VALUES (1, 'x', 'https://x.com/m/status/1', '2026-11-01T10:00:00+00:00')"
        )
        columns = {r[1] for r in old.db.execute("PRAGMA table_info(posts)")}
    assert "uid" not in columns
    monkeypatch.setattr(db_module, "MIGRATIONS", migrations_module.MIGRATIONS)
    path.write_text("---\ntitle: CI\nid: p-0123456789ab\n---\n\nBody.\n", "utf-8")
    with open_ledger(workspace) as ledger:
        assert ledger.db.execute("SELECT count(*) FROM shares").fetchone()[0] == 1
        ledger.ship(load_post(path), "wechat")
        assert [tuple(r) for r in ledger.db.execute("SELECT uid FROM posts")] == [
            ("p-0123456789ab",)
        ]
        renamed = path.with_name("ci-fast.md")
        path.rename(renamed)
        ledger.ship(load_post(renamed), "linkedin")
        rows = [
            tuple(row)
            for row in ledger.db.execute(
                "SELECT p.slug, s.channel FROM shares s JOIN posts p ON p.id = s.post_id "
                "ORDER BY s.id"
            )
        ]
    assert rows == [("ci-fast", "x"), ("ci-fast", "wechat"), ("ci-fast", "linkedin")]
    assert list(workspace.state_dir.glob("ledger.before-m002_post_ids.*.db"))
