"""Export the ledger to JSON or CSV, and read either back: a lossless round trip."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from inpublic._files import read_text, write_atomic
from inpublic.ledger import COUNTS, Ledger
from inpublic.ledger._db import LedgerError

EXPORT_VERSION = 1
_INTEGER = {"id", "post_id", "share_id", *COUNTS}
_REAL = {"minutes"}
NULL = "\\N"


def export_json(ledger: Ledger) -> str:
    return (
        json.dumps({"version": EXPORT_VERSION, **ledger.export()}, ensure_ascii=False, indent=1)
        + "\n"
    )


def export_csv(ledger: Ledger, folder: Path) -> list[Path]:
    """One CSV per table; NULL is written \\N (as PostgreSQL's COPY does), so empty text and
    missing values both come back as they were."""
    paths = []
    for table, rows in ledger.export().items():
        columns = [row[1] for row in ledger.db.execute(f"PRAGMA table_info({table})")]
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([NULL if row[c] is None else row[c] for c in columns])
        path = folder / f"{table}.csv"
        write_atomic(path, buffer.getvalue())
        paths.append(path)
    return paths


def read_export(source: Path) -> dict[str, list[dict[str, Any]]]:
    if source.is_dir():
        data: dict[str, list[dict[str, Any]]] = {}
        for table in Ledger.TABLES:
            path = source / f"{table}.csv"
            if not path.is_file():
                raise LedgerError(f"missing {table}.csv", path=source)
            rows = list(csv.DictReader(io.StringIO(read_text(path, LedgerError))))
            data[table] = [{k: _typed(k, v) for k, v in row.items()} for row in rows]
        return data
    try:
        data = json.loads(read_text(source, LedgerError))
    except json.JSONDecodeError as exc:
        raise LedgerError(f"not JSON: {exc.msg}", path=source, line=exc.lineno) from None
    if data.get("version") != EXPORT_VERSION:
        raise LedgerError(f"unknown export version {data.get('version')!r}", path=source)
    return {table: data.get(table, []) for table in Ledger.TABLES}


def _typed(column: str, value: str) -> Any:
    if value == NULL:
        return None
    if column in _INTEGER:
        return int(value)
    if column in _REAL:
        return float(value)
    return value
