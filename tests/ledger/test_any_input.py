"""Property tests (issue 12, item 12): whatever file is given to ``metrics import`` or
``import-ledger``, the command ends with 0 or 2 — never an internal error (70) — and a
refused file leaves the ledger as it was."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from inpublic.cli import app
from inpublic.workspace import init_workspace

runner = CliRunner()
SETTINGS = settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

CELL = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["-5", "1.2万", "1e999", "9" * 30, "\\N", "=1+1", "2026-02-30", "", "-"]),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
)
HEADERS = st.lists(
    st.sampled_from(["Post id", "Impressions", "Likes", "Date", "Post Link", "x", ""]),
    min_size=1,
    max_size=5,
)
VALUE = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats()
    | st.text(max_size=10)
    | st.sampled_from(["2026-11-02T10:00:00+08:00", "2026-11-02", "[]", "{}", "x", "\\N"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=5,
)
COLUMNS = {
    "posts": ["id", "slug", "title", "lang", "tags", "series", "project", "channel_titles"],
    "shares": ["id", "post_id", "channel", "url", "external_id", "shared_at", "minutes"],
    "metrics": ["id", "share_id", "taken_at", "source", "impressions", "likes", "unknown"],
    "sessions": ["id", "post_slug", "started_at", "stopped_at"],
}


@contextlib.contextmanager
def shipped_workspace() -> Iterator[Path]:
    """A workspace with one share of post 'p' to x (id 55), as the current folder."""
    before = Path.cwd()
    with tempfile.TemporaryDirectory() as folder:
        workspace = init_workspace(Path(folder) / "ws", name="T", languages=["en"])
        os.chdir(workspace.root)
        try:
            (workspace.posts_dir / "p.md").write_text("---\ntitle: P\n---\nx\n", "utf-8")
            shipped = runner.invoke(app, ["ship", "p", "--force", "--channel", "x", "--id", "55"])
            assert shipped.exit_code == 0, shipped.output
            yield Path(folder)
        finally:
            os.chdir(before)


def _ledger() -> str:
    return runner.invoke(app, ["export"]).output


def _check(result, before: str) -> None:
    assert result.exit_code in (0, 2), result.output
    if result.exit_code == 2:
        assert result.output.startswith("error: "), result.output
        assert _ledger() == before


@SETTINGS
@given(headers=HEADERS, rows=st.lists(st.lists(CELL, max_size=6), max_size=4))
def test_any_csv_is_imported_or_refused(headers, rows) -> None:
    with shipped_workspace() as folder:
        buffer = io.StringIO()
        csv.writer(buffer).writerows([headers, *rows])
        path = folder / "export.csv"
        path.write_text(buffer.getvalue(), "utf-8")
        before = _ledger()
        _check(runner.invoke(app, ["metrics", "import", str(path), "--from", "x"]), before)


@SETTINGS
@given(
    start=st.sampled_from([b"", b"PK\x03\x04", b"Post id,Likes\n55,"]),
    data=st.binary(max_size=300),
    suffix=st.sampled_from([".csv", ".xlsx"]),
)
def test_any_bytes_are_imported_or_refused(start, data, suffix) -> None:
    with shipped_workspace() as folder:
        path = folder / f"export{suffix}"
        path.write_bytes(start + data)
        before = _ledger()
        _check(runner.invoke(app, ["metrics", "import", str(path), "--from", "csv"]), before)


@settings(max_examples=10, deadline=None)
@given(rows=st.lists(st.lists(CELL.filter(str.isprintable), max_size=4), max_size=3))
def test_any_workbook_is_imported_or_refused(rows) -> None:
    from openpyxl import Workbook

    with shipped_workspace() as folder:
        book = Workbook()
        book.active.append(["Post id", "Impressions", "Likes"])
        for row in rows:
            book.active.append(row)
        path = folder / "export.xlsx"
        book.save(path)
        before = _ledger()
        _check(runner.invoke(app, ["metrics", "import", str(path), "--from", "x"]), before)


@SETTINGS
@given(
    table=st.sampled_from(list(COLUMNS)),
    column=st.data(),
    value=VALUE,
    drop=st.booleans(),
)
def test_any_ledger_export_is_restored_or_refused(table, column, value, drop) -> None:
    with shipped_workspace() as folder:
        runner.invoke(app, ["metrics", "add", "p", "--channel", "x", "--likes", "3"])
        runner.invoke(app, ["timer", "start", "p"])
        data = json.loads(_ledger())
        name = column.draw(st.sampled_from(COLUMNS[table]))
        for row in data[table]:
            if drop:
                row.pop(name, None)
            else:
                row[name] = value
        path = folder / "ledger.json"
        path.write_text(json.dumps(data), "utf-8")
        before = _ledger()
        result = runner.invoke(app, ["import-ledger", str(path)])
        _check(result, before)
        if result.exit_code == 0:  # what was let in can be read
            assert runner.invoke(app, ["stats"]).exit_code == 0
            assert runner.invoke(app, ["timer", "status"]).exit_code == 0
