"""Importing the platforms' analytics exports into the ledger, all or nothing."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import re
import tomllib
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from inpublic.ledger import COUNTS, Ledger, check_count, stored_time
from inpublic.ledger._db import LedgerError

SOURCES = ("x", "linkedin", "wechat", "xiaohongshu", "csv")
# An analytics export has tens of columns and at most thousands of rows. A file past these
# limits is refused, whatever its sheet says about its size (a 5 KB workbook can declare
# 16,384 columns by 1,048,576 rows).
MAX_ROWS = 500_000
MAX_COLUMNS = 1_000
MAX_UNPACKED = 64 * 1024 * 1024  # bytes an XLSX workbook may unpack to
_MULTIPLIERS = {"万": 10_000, "w": 10_000, "亿": 100_000_000, "k": 1_000, "m": 1_000_000}
_NUMBER = re.compile(r"^([+-]?\d+(?:\.\d+)?)\s*(万|亿|[kKmMwW])?$")
# The fields an export's columns may fill (formats.toml lists each one's header names).
FIELDS = ("url", "external_id", "title", "date", "channel_column", *COUNTS)


@cache
def formats() -> dict[str, dict[str, Any]]:
    return tomllib.loads(resources.files(__package__).joinpath("formats.toml").read_text("utf-8"))


def parse_count(value: Any) -> int | None:
    """'1,234' → 1234, '1.2万' → 12000, '1.2K' → 1200; blank or '-' → None.

    A negative count, or one too large for the ledger, is a ``ValueError``.
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return check_count(value)
    if isinstance(value, float):
        number = value
    elif isinstance(value, str) and value.isascii() and value.isdigit() and len(value) < 20:
        return check_count(int(value))  # the common case, without the regular expression
    else:
        text = str(value).strip().replace(",", "").replace("，", "").replace(" ", "")
        if text in ("", "-", "—", "--", "N/A", "n/a"):
            return None
        found = _NUMBER.match(text)
        if not found:
            raise ValueError(f"not a count: {str(value)[:40]!r}")
        number = float(found.group(1)) * _MULTIPLIERS.get((found.group(2) or "").lower(), 1)
    if not math.isfinite(number):
        raise ValueError(f"too large for a count: {str(value)[:40]!r}")
    return check_count(int(round(number)))


def parse_date(value: Any, patterns: Sequence[str] = ()) -> dt.date:
    """The day of a date: ISO 8601 (time zones respected), or one of ``patterns``, the
    formats the platform documents (formats.toml, ``date_formats``)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    for pattern in patterns:
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    shown = f"; this export writes dates as {', '.join(patterns)}" if patterns else ""
    raise ValueError(f"not a date: {value!r}{shown}")


@dataclass(frozen=True)
class Row:
    number: int  # the row's number in the file (the header is row 1)
    values: dict[str, Any]


@dataclass
class ImportResult:
    imported: int = 0
    unchanged: int = 0
    unmatched: list[int] = field(default_factory=list)  # row numbers that match no share
    bad: list[str] = field(default_factory=list)  # "row 7: reason"
    ambiguous: list[int] = field(default_factory=list)
    source: str = ""  # the platform that made the file (told by its columns with "auto")


def read_table(path: Path) -> tuple[list[str], list[Row]]:
    """Headers and rows of a CSV (UTF-8 or GBK) or an XLSX workbook."""
    if not path.is_file():
        raise LedgerError("no such file", path=path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise LedgerError(f"cannot read: {exc.strerror}", path=path) from None
    if not data.strip():
        raise LedgerError("the file is empty", path=path, hint="export the data again")
    if data[:4] == b"PK\x03\x04" or path.suffix.lower() in (".xlsx", ".xlsm"):
        return _read_xlsx(path)
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes any byte string
        raise LedgerError("unknown text encoding", path=path)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    rows: list[tuple[str, ...]] = []
    try:
        for cells in reader:
            _check_size(path, len(rows) + 1, len(cells))
            rows.append(tuple(cells))
    except csv.Error as exc:
        raise LedgerError(
            f"not a readable CSV: {exc}",
            path=path,
            line=reader.line_num,
            hint="export the data again; a cell may hold up to 131,072 characters",
        ) from None
    while rows and not any(cell.strip() for cell in rows[0]):
        rows.pop(0)
    if not rows:
        raise LedgerError("the file is empty", path=path, hint="export the data again")
    found = _table(rows)  # below a title row, as exports often have one
    if found:
        return found
    headers = [h.strip() for h in rows[0]]
    return headers, [
        Row(n, dict(zip(headers, r, strict=False)))
        for n, r in enumerate(rows[1:], start=2)
        if any(c.strip() for c in r)
    ]


def _delimiter(text: str) -> str:
    """Commas, tabs or semicolons: the one that splits most of the first lines into the
    same number of columns (a title row above the table does not count); commas on a tie."""
    head = text[:16384].splitlines()[:30]

    def fit(delimiter: str) -> tuple[int, int]:
        widths = Counter(len(r) for r in csv.reader(head, delimiter=delimiter) if len(r) > 1)
        width, lines = widths.most_common(1)[0] if widths else (0, 0)
        return lines, width

    return max((",", "\t", ";"), key=fit)  # max keeps the first of equals: the comma


def _check_size(path: Path, rows: int, columns: int) -> None:
    if rows > MAX_ROWS:
        raise LedgerError(
            f"more than {MAX_ROWS:,} rows",
            path=path,
            hint="export a shorter period, or split the file",
        )
    if columns > MAX_COLUMNS:
        raise LedgerError(
            f"row {rows} has more than {MAX_COLUMNS:,} columns",
            path=path,
            hint="keep the export's own columns only",
        )


def _unreadable(path: Path, exc: BaseException) -> LedgerError:
    return LedgerError(
        f"not a readable XLSX workbook ({type(exc).__name__}: {str(exc)[:80]})",
        path=path,
        hint="export the analytics again, or save the table as CSV",
    )


def _sheet_rows(sheet: Any, path: Path) -> list[tuple]:
    """The sheet's rows, streamed, each cut after its last cell; the declared dimension is
    ignored (openpyxl would pad every row to it) and the size limits are enforced."""
    sheet.reset_dimensions()
    grid = []
    for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
        _check_size(path, number, len(row))
        grid.append(row)
    return grid


def _read_xlsx(path: Path) -> tuple[list[str], list[Row]]:
    """The first sheet with a known header row; LinkedIn's TOP POSTS holds two tables side by
    side (engagements, impressions), which are joined on the post URL."""
    import zipfile

    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        raise _unreadable(path, exc) from None
    if unpacked > MAX_UNPACKED:
        raise LedgerError(
            f"the workbook unpacks to {unpacked / 2**20:,.0f} MB, more than "
            f"{MAX_UNPACKED // 2**20} MB",
            path=path,
            hint="export a shorter period, or save the table as CSV",
        )
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds on a damaged file
        raise _unreadable(path, exc) from None
    try:
        sheets = sorted(workbook.worksheets, key=lambda s: s.title.upper() != "TOP POSTS")
        for sheet in sheets:
            try:
                grid = _sheet_rows(sheet, path)
            except LedgerError:
                raise
            except Exception as exc:  # noqa: BLE001 - as above: the sheet's XML is damaged
                raise _unreadable(path, exc) from None
            found = _table(grid)
            if found:
                return found
    finally:
        workbook.close()
    raise LedgerError(
        "no sheet with a known header row",
        path=path,
        hint="export the analytics again, or save the table as CSV",
    )


def _table(grid: list[tuple]) -> tuple[list[str], list[Row]] | None:
    """The headers and rows below the first known header row of a sheet, if it has one."""
    for index, row in enumerate(grid):
        cells = [str(c).strip() if c is not None else "" for c in row]
        if cells.count("Post URL") >= 2:
            return _side_by_side(cells, grid[index + 1 :], index + 2)
        if sum(1 for c in cells if c) >= 2 and _known_header(cells):
            rows = [
                Row(n, {h: v for h, v in zip(cells, r, strict=False) if h})
                for n, r in enumerate(grid[index + 1 :], start=index + 2)
                if any(v not in (None, "") for v in r)
            ]
            return cells, rows
    return None


def _known_header(cells: list[str]) -> bool:
    return any(_score(source, cells) for source in formats())


def _score(source: str, headers: list[str]) -> int:
    """How many of ``headers`` are column names of ``source``'s export."""
    spec = formats()[source]
    known = {alias.lower() for name in FIELDS for alias in spec.get(name, ())}
    return sum(1 for header in headers if header.strip().lower() in known)


def detect_source(headers: list[str]) -> str | None:
    """The platform whose export has these columns: the one that names the most of them
    (at least two, and more than any other); None when the columns do not tell."""
    platforms = [source for source in formats() if formats()[source].get("channel")]
    scores = sorted(((_score(s, headers), s) for s in platforms), reverse=True)
    best, second = scores[0], scores[1] if len(scores) > 1 else (0, "")
    return best[1] if best[0] >= 2 and best[0] > second[0] else None


def _side_by_side(headers: list[str], grid: list[tuple], first: int) -> tuple[list[str], list[Row]]:
    starts = [i for i, h in enumerate(headers) if h == "Post URL"]
    merged: dict[str, dict[str, Any]] = {}
    numbers: dict[str, int] = {}
    for offset, row in enumerate(grid, start=first):
        for position, start in enumerate(starts):
            end = starts[position + 1] if position + 1 < len(starts) else len(headers)
            part = {headers[i]: row[i] for i in range(start, min(end, len(row))) if headers[i]}
            url = part.get("Post URL")
            if url:
                merged.setdefault(str(url), {}).update(part)
                numbers.setdefault(str(url), offset)
    names = list(dict.fromkeys(h for h in headers if h))
    return names, [Row(numbers[url], values) for url, values in merged.items()]


def column_map(source: str, headers: list[str], mapping: dict[str, str], path: Path) -> dict:
    """field → header, from the format's aliases and the user's --map HEADER=FIELD."""
    spec = formats()[source]
    found: dict[str, str] = {}
    for name in FIELDS:
        target = "channel" if name == "channel_column" else name
        for alias in spec.get(name, ()):
            match = next((h for h in headers if h.lower() == alias.lower()), None)
            if match:
                found.setdefault(target, match)
                break
    for header, target in mapping.items():
        if header not in headers:
            raise LedgerError(
                f"--map names a column the file does not have: {header!r}",
                path=path,
                hint=f"columns found: {', '.join(headers)}",
            )
        if target not in (*COUNTS, "url", "external_id", "title", "date", "channel"):
            raise LedgerError(
                f"--map: unknown field {target!r}",
                hint=f"fields: url, external_id, title, date, channel, {', '.join(COUNTS)}",
            )
        found[target] = header
    has_key = any(k in found for k in ("url", "external_id", "title"))
    has_count = any(k in found for k in COUNTS)
    if not (has_key and has_count):
        other = detect_source(headers)
        if other and other != source:
            raise LedgerError(
                f"the columns do not look like a {source} export: this looks like a {other} export",
                path=path,
                hint=f"import it with --from {other} (or leave --from out)",
            )
        expected = sorted({a for n in FIELDS for a in spec.get(n, ())[:2]})
        raise LedgerError(
            f"the columns do not look like a {source} export",
            path=path,
            hint=f"expected some of: {', '.join(expected)}; found: {', '.join(headers)}; "
            "map columns with --map HEADER=FIELD",
        )
    return found


def _normal_url(url: str) -> str:
    url = url.strip().split("?")[0].split("#")[0].rstrip("/")
    return re.sub(r"^https?://(www\.)?", "", url).replace("twitter.com/", "x.com/")


Candidate = dict[str, Any]
Resolver = Callable[[Row, list[Candidate]], int | None]


def import_file(
    ledger: Ledger,
    path: Path,
    source: str,
    *,
    as_of: dt.date | None = None,
    mapping: dict[str, str] | None = None,
    skip_bad: bool = False,
    resolve: Resolver | None = None,
) -> ImportResult:
    """Import one export: every row matched to a share, then all written in one transaction.

    A file with bad rows is refused whole unless ``skip_bad``. Re-importing changes nothing.
    """
    if source not in (*SOURCES, "auto"):
        raise LedgerError(f"unknown source {source!r}", hint=f"use auto, {', '.join(SOURCES)}")
    headers, rows = read_table(path)
    if source == "auto":
        source = detect_source(headers) or _undetected(headers, path)
    columns = column_map(source, headers, mapping or {}, path)
    patterns = tuple(formats()[source].get("date_formats", ()))
    as_of = as_of or dt.date.fromtimestamp(path.stat().st_mtime)
    channel = formats()[source].get("channel") or ""
    shares = _Shares([dict(r) for r in ledger.shares()])
    result = ImportResult(source=source)
    writes: list[tuple[int, dict[str, int | None]]] = []
    for row in rows:
        try:
            record = _record(row, columns, patterns)
        except ValueError as exc:
            result.bad.append(f"row {row.number}: {exc}")
            continue
        wanted = record.get("channel") or channel
        candidates = shares.candidates(record, wanted) or shares.thread_of(record, wanted)
        if not candidates:
            result.unmatched.append(row.number)
            continue
        if len(candidates) > 1:
            choice = resolve(row, candidates) if resolve else None
            if choice is None:
                result.ambiguous.append(row.number)
                continue
            candidates = [c for c in candidates if c["id"] == choice]
        counts: dict[str, Any] = {name: record.get(name) for name in COUNTS}
        counts["_thread_part"] = record.get("thread_part", False)
        writes.append((candidates[0]["id"], counts))
    if result.bad and not skip_bad:
        raise LedgerError(
            f"{len(result.bad)} bad row(s); nothing was imported: "
            + "; ".join(result.bad[:10])
            + (" …" if len(result.bad) > 10 else ""),
            path=path,
            hint="fix the rows, or pass --skip-bad to import the good ones",
        )
    writes = _folded(writes)
    with ledger.transaction():
        existing = ledger.metrics_on(as_of, source)
        changed = {}
        for share_id, counts in writes:
            values = tuple(counts[n] for n in COUNTS)
            if existing.get(share_id) == values:
                result.unchanged += 1
            else:
                changed[share_id] = values
        ledger.put_metrics(as_of, source, changed)
        result.imported = len(changed)
    return result


def _undetected(headers: list[str], path: Path) -> str:
    raise LedgerError(
        "cannot tell which platform made this file",
        path=path,
        hint=f"name it with --from {'|'.join(SOURCES)} (csv with --map HEADER=FIELD); "
        f"columns found: {', '.join(headers)}",
    )


def _folded(writes: list[tuple[int, dict[str, int | None]]]) -> list[tuple[int, dict]]:
    """One write per share: the rows of a thread's posts (each matched to the thread's
    share) add up; a share's own row seen twice counts once (the later one)."""
    total: dict[int, dict[str, int | None]] = {}
    parts: dict[int, dict[str, int | None]] = {}
    for share_id, counts in writes:
        if counts.pop("_thread_part", None):
            into = parts.setdefault(share_id, dict.fromkeys(COUNTS))
            for name, value in counts.items():
                if value is not None:
                    into[name] = (into[name] or 0) + value
        else:
            total[share_id] = counts
    for share_id, extra in parts.items():
        base = total.setdefault(share_id, dict.fromkeys(COUNTS))
        for name, value in extra.items():
            if value is not None:
                base[name] = (base[name] or 0) + value
    return list(total.items())


def _record(row: Row, columns: dict[str, str], patterns: Sequence[str]) -> dict[str, Any]:
    record: dict[str, Any] = {}
    for name, header in columns.items():
        value = row.values.get(header)
        if name in COUNTS:
            try:
                record[name] = parse_count(value)
            except ValueError as exc:
                raise ValueError(f"{header}: {exc}") from None
        elif name == "date":
            if value not in (None, ""):
                try:
                    record["date"] = parse_date(value, patterns)
                except ValueError as exc:
                    raise ValueError(f"{header}: {exc}") from None
        elif value not in (None, ""):
            record[name] = str(value).strip()
    if not any(record.get(name) is not None for name in COUNTS):
        raise ValueError("no counts in the row")
    return record


class _Shares:
    """The ledger's shares, indexed by URL and by id, so a large export matches quickly."""

    _ID_IN_URL = re.compile(r"/(\d{6,})/?$")

    def __init__(self, rows: list[Candidate]) -> None:
        self.rows = rows
        self.by_url: dict[str, list[Candidate]] = {}
        self.by_id: dict[str, list[Candidate]] = {}
        for share in rows:
            if share["url"]:
                self.by_url.setdefault(_normal_url(share["url"]), []).append(share)
                found = self._ID_IN_URL.search(share["url"])
                if found:  # X's status id is the post id
                    self.by_id.setdefault(found.group(1), []).append(share)
            if share["external_id"]:
                self.by_id.setdefault(share["external_id"], []).append(share)

    def candidates(self, record: dict[str, Any], channel: str) -> list[Candidate]:
        """Shares the row is about: by URL or post id first, then by title and date."""

        def on_channel(shares: list[Candidate]) -> list[Candidate]:
            return [s for s in shares if not channel or s["channel"] == channel]

        url = _normal_url(record.get("url", ""))
        exact = on_channel(self.by_url.get(url, []) if url else [])
        ident = record.get("external_id")
        if ident:
            exact += [s for s in on_channel(self.by_id.get(ident, [])) if s not in exact]
        if exact:
            return exact
        title = record.get("title", "")
        if not title:
            return []
        day = record.get("date")
        matches = []
        for share in on_channel(self.rows):
            names = [share["title"], json.loads(share["channel_titles"]).get(share["channel"], "")]
            if not any(
                name and (title == name or title.startswith(name) or name.startswith(title))
                for name in names
            ):
                continue
            shared = stored_time(share["shared_at"], f"share {share['id']}").date()
            if day is None or abs((shared - day).days) <= 1:
                matches.append(share)
        return matches

    # The number inpublic's X threads end each post with: "2/5" (the first post is the share).
    _THREAD_PART = re.compile(r"(?:^|\s)(\d{1,3})/(\d{1,3})\s*$")

    def thread_of(self, record: dict[str, Any], channel: str) -> list[Candidate]:
        """For a later post of an X thread (its text ends "2/5"), the thread's share: the one
        X share on that day. The row is marked so that its counts add to the share's."""
        found = self._THREAD_PART.search(record.get("title", ""))
        day = record.get("date")
        if channel != "x" or not found or day is None:
            return []
        part, whole = int(found.group(1)), int(found.group(2))
        if not 1 < part <= whole:
            return []
        apart = {
            share["id"]: abs((stored_time(share["shared_at"], "share").date() - day).days)
            for share in self.rows
            if share["channel"] == "x"
        }
        for days in (0, 1):  # the same day; else a day apart (time zones)
            near = [share for share in self.rows if apart.get(share["id"], 2) <= days]
            if near:
                break
        if len(near) != 1:
            return []  # none, or several threads that day: which one is not known
        record["thread_part"] = True
        return near
