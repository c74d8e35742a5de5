"""Export the ledger to JSON or CSV, and read either back: a lossless round trip.

An export is read against a fixed list of columns, and every value is checked (type, date,
range, references) before anything is written, so that a hand-edited or hostile file is
refused with the file and the row, and the ledger is never left holding what ``stats``
cannot read. The ledger is copied beside itself before it is replaced.

CSV cells are written so that a spreadsheet cannot run them, and read back exactly:

- NULL is ``\\N`` (as PostgreSQL's COPY writes it); a text that is a backslash run ending
  in N (``\\N``, ``\\\\N`` …) gets one more backslash, taken off again on reading.
- A text starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return — or with
  quotes followed by one of those — gets one leading ``'`` (OWASP's advice against CSV
  injection), taken off again on reading.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from inpublic._files import read_text, write_atomic
from inpublic.ledger import COUNTS, MAX_COUNT, Ledger, check_count
from inpublic.ledger._db import LedgerError, backup

EXPORT_VERSION = 1
NULL = "\\N"
_ESCAPED_NULL = re.compile(r"\\+N")  # a text that reads like NULL: one more backslash
_FORMULA = re.compile(r"'*[=+\-@\t\r]")  # a cell a spreadsheet runs: one leading quote


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(f"expected text, got {value!r}")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:  # JSON can hold a lone surrogate ("\ud800"); SQLite not
        raise ValueError(f"not valid Unicode at character {exc.start + 1}") from None
    return value


def _required_text(value: Any) -> str:
    if not _text(value).strip():
        raise ValueError("must not be empty")
    return value


def _identifier(value: Any) -> int:
    if isinstance(value, str) and value.isascii() and value.isdigit():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= MAX_COUNT:
        raise ValueError(f"expected a whole number from 1, got {value!r}")
    return value


def _count(value: Any) -> int | None:
    if isinstance(value, str) and value.isascii() and value.isdigit():
        value = int(value)
    return check_count(value)


def _minutes(value: Any) -> float | None:
    if value is None:
        return None
    if isinstance(value, str):
        try:
            value = float(value)
        except ValueError:
            raise ValueError(f"expected a number of minutes, got {value!r}") from None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"expected a number of minutes, got {value!r}")
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"expected 0 or more minutes, got {value!r}")
    return float(value)


def _moment(value: Any) -> str:
    """An ISO date and time with its offset (the form ``ship`` writes), kept as written."""
    try:
        parsed = dt.datetime.fromisoformat(_text(value))
    except ValueError:
        raise ValueError(f"not an ISO date and time: {value!r}") from None
    if parsed.tzinfo is None:
        raise ValueError(f"the time has no offset: {value!r} (e.g. 2026-11-02T21:00:00+08:00)")
    return value


def _day(value: Any) -> str:
    try:
        dt.date.fromisoformat(_text(value))
    except ValueError:
        raise ValueError(f"not an ISO date: {value!r} (e.g. 2026-11-02)") from None
    return value


def _json(kind: type, what: str) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        try:
            data = json.loads(_text(value))
        except json.JSONDecodeError:
            raise ValueError(f"not JSON: {value!r}") from None
        if not isinstance(data, kind):
            raise ValueError(f"expected {what}, got {value!r}")
        items = data.values() if isinstance(data, dict) else data if isinstance(data, list) else ()
        if not all(isinstance(item, str) for item in items):
            raise ValueError(f"expected {what}, got {value!r}")
        return value

    return check


def _one_of(names: tuple[str, ...]) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        if _text(value) not in names:
            raise ValueError(f"unknown: {value!r} (use {', '.join(names)})")
        return value

    return check


def _nullable(check: Callable[[Any], Any]) -> Callable[[Any], Any]:
    return lambda value: None if value is None else check(value)


@dataclass(frozen=True)
class Column:
    name: str
    check: Callable[[Any], Any]
    default: Any = ...  # ... : required
    text: bool = True  # escaped in CSV


def _schema() -> dict[str, tuple[Column, ...]]:
    from inpublic.config import CHANNELS
    from inpublic.ledger.importers import SOURCES

    def text(name: str) -> Column:
        return Column(name, _text, "")

    return {
        "posts": (
            Column("id", _identifier, text=False),
            Column("slug", _required_text),
            text("title"),
            text("lang"),
            Column("tags", _json(list, "a JSON list of strings"), "[]"),
            text("series"),
            text("project"),
            Column("channel_titles", _json(dict, "a JSON object of strings"), "{}"),
            text("uid"),
        ),
        "shares": (
            Column("id", _identifier, text=False),
            Column("post_id", _identifier, text=False),
            Column("channel", _one_of(CHANNELS)),
            text("url"),
            text("external_id"),
            Column("shared_at", _moment),
            Column("minutes", _nullable(_minutes), None, text=False),
        ),
        "metrics": (
            Column("id", _identifier, text=False),
            Column("share_id", _identifier, text=False),
            Column("taken_at", _day),
            Column("source", _one_of((*SOURCES, "manual"))),
            *(Column(name, _count, None, text=False) for name in COUNTS),
        ),
        "sessions": (
            Column("id", _identifier, text=False),
            Column("post_slug", _required_text),
            Column("started_at", _moment),
            Column("stopped_at", _nullable(_moment), None),
            text("post_uid"),
        ),
    }


# export -----------------------------------------------------------------------------------


def export_json(ledger: Ledger) -> str:
    return (
        json.dumps({"version": EXPORT_VERSION, **ledger.export()}, ensure_ascii=False, indent=1)
        + "\n"
    )


def _cell(column: Column, value: Any) -> Any:
    if value is None:
        return NULL
    if column.text and isinstance(value, str) and _ESCAPED_NULL.fullmatch(value):
        return "\\" + value
    if column.text and isinstance(value, str) and _FORMULA.match(value):
        return "'" + value
    return value


def _uncell(column: Column, value: str) -> Any:
    if value == NULL:
        return None
    if column.text and (
        _ESCAPED_NULL.fullmatch(value) or (value[:1] == "'" and _FORMULA.match(value[1:]))
    ):
        return value[1:]
    return value


def export_csv(ledger: Ledger, folder: Path) -> list[Path]:
    """One CSV per table, cells escaped as the module's docstring says."""
    paths = []
    schema = _schema()
    for table, rows in ledger.export().items():
        columns = schema[table]
        buffer = io.StringIO()
        # CRLF, as RFC 4180 says; Python's writer quotes a cell holding CR or LF only when
        # that character is in the line terminator.
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(column.name for column in columns)
        for row in rows:
            writer.writerow(_cell(column, row[column.name]) for column in columns)
        path = folder / f"{table}.csv"
        write_atomic(path, buffer.getvalue())
        paths.append(path)
    return paths


# import -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Place:
    """Where a row came from, for messages: a CSV file's line, or a JSON table's index."""

    path: Path
    line: int | None
    label: str

    def error(self, message: str, hint: str | None = None) -> LedgerError:
        return LedgerError(f"{self.label}: {message}", path=self.path, line=self.line, hint=hint)


Rows = dict[str, list[tuple[_Place, dict[str, Any]]]]


def _row(table: str, values: dict[str, Any], place: _Place) -> dict[str, Any]:
    columns = _schema()[table]
    names = {column.name for column in columns}
    unknown = [name for name in values if name not in names]
    if unknown:
        raise place.error(
            f"unknown column {unknown[0]!r} in {table}",
            hint=f"the columns are {', '.join(c.name for c in columns)}",
        )
    row = {}
    for column in columns:
        if column.name not in values:
            if column.default is ...:
                raise place.error(f"{table} has no {column.name!r}")
            row[column.name] = column.default
            continue
        try:
            row[column.name] = column.check(values[column.name])
        except ValueError as exc:
            message = str(exc)  # the value is quoted in it: keep the line short
            raise place.error(
                f"{column.name}: {message if len(message) < 160 else message[:150] + ' …'}"
            ) from None
    return row


def _read_csv(path: Path, table: str) -> list[tuple[_Place, dict[str, Any]]]:
    columns = {column.name: column for column in _schema()[table]}
    text = read_text(path, LedgerError).removeprefix("\ufeff")  # as a spreadsheet saves it
    reader = csv.reader(io.StringIO(text, newline=""))
    rows = []
    line = 1
    try:
        header = next(reader, None)
        if header is None:
            raise LedgerError("the file is empty", path=path, hint="export the ledger again")
        if len(set(header)) != len(header):
            raise LedgerError("a column is named twice", path=path, line=1)
        unknown = [name for name in header if name not in columns]
        if unknown:
            raise LedgerError(
                f"unknown column {unknown[0]!r}",
                path=path,
                line=1,
                hint=f"the columns are {', '.join(columns)}",
            )
        line = reader.line_num + 1
        for cells in reader:
            place = _Place(path, line, "row")
            if len(cells) != len(header):
                raise place.error(f"expected {len(header)} cells, found {len(cells)}")
            values = {
                name: _uncell(columns[name], cell) for name, cell in zip(header, cells, strict=True)
            }
            rows.append((place, _row(table, values, place)))
            line = reader.line_num + 1
    except csv.Error as exc:
        raise LedgerError(f"not a readable CSV: {exc}", path=path, line=line) from None
    return rows


def _read_json(source: Path) -> Rows:
    try:
        data = json.loads(read_text(source, LedgerError))
    except json.JSONDecodeError as exc:
        raise LedgerError(f"not JSON: {exc.msg}", path=source, line=exc.lineno) from None
    except RecursionError:
        raise LedgerError("not a ledger export: nested too deeply", path=source) from None
    if not isinstance(data, dict):
        raise LedgerError("not a ledger export: expected a JSON object", path=source)
    if data.get("version") != EXPORT_VERSION:
        raise LedgerError(
            f"unknown export version {data.get('version')!r}",
            path=source,
            hint=f"this inpublic reads version {EXPORT_VERSION}",
        )
    unknown = [key for key in data if key not in ("version", *Ledger.TABLES)]
    if unknown:
        raise LedgerError(
            f"unknown key {unknown[0]!r}", path=source, hint=f"use {', '.join(Ledger.TABLES)}"
        )
    rows: Rows = {}
    for table in Ledger.TABLES:
        items = data.get(table, [])
        if not isinstance(items, list):
            raise LedgerError(f"{table}: expected a list of rows", path=source)
        rows[table] = []
        for index, item in enumerate(items):
            place = _Place(source, None, f"{table}[{index}]")
            if not isinstance(item, dict):
                raise place.error("expected an object (one row)")
            rows[table].append((place, _row(table, item, place)))
    return rows


def _check_references(rows: Rows) -> None:
    """The constraints SQLite would enforce, with the row that breaks them."""
    keys = {
        "posts": (("id",), ("slug",)),
        "shares": (("id",), ("post_id", "channel", "shared_at")),
        "metrics": (("id",), ("share_id", "taken_at", "source")),
        "sessions": (("id",),),
    }
    refers = {"shares": ("post_id", "posts"), "metrics": ("share_id", "shares")}
    ids: dict[str, set[int]] = {}
    for table in Ledger.TABLES:
        seen: dict[tuple[str, ...], set[tuple[Any, ...]]] = {key: set() for key in keys[table]}
        for place, row in rows[table]:
            if table in refers:
                column, target = refers[table]
                if row[column] not in ids[target]:
                    raise place.error(f"{column} {row[column]} is not in {target}")
            for key, values in seen.items():
                value = tuple(row[name] for name in key)
                if value in values:
                    same = ", ".join(f"{name}={row[name]!r}" for name in key)
                    raise place.error(f"a second {table} row with {same}")
                values.add(value)
        ids[table] = {row["id"] for _, row in rows[table]}


def read_export(source: Path) -> dict[str, list[dict[str, Any]]]:
    """The rows of an export (a JSON file or a folder of CSV files), every value checked."""
    if source.is_dir():
        rows: Rows = {}
        for table in Ledger.TABLES:
            path = source / f"{table}.csv"
            if not path.is_file():
                raise LedgerError(f"missing {table}.csv", path=source)
            rows[table] = _read_csv(path, table)
    else:
        rows = _read_json(source)
    _check_references(rows)
    return {table: [row for _, row in items] for table, items in rows.items()}


def restore(ledger: Ledger, data: dict[str, list[dict[str, Any]]]) -> dict[str, int]:
    """Replace the ledger's rows with ``data`` (as ``read_export`` gives), in one transaction."""
    schema = _schema()
    columns = {table: [column.name for column in schema[table]] for table in Ledger.TABLES}
    ledger.replace_all(data, columns)
    return {table: len(data[table]) for table in Ledger.TABLES}


def import_ledger(ledger: Ledger, source: Path) -> tuple[dict[str, int], Path]:
    """Replace the ledger's rows with an export's, after a backup copy: (counts, backup)."""
    data = read_export(source)
    copy = backup(ledger.db, ledger.path, "import")
    return restore(ledger, data), copy
