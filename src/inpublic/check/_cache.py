"""Results of earlier checks, keyed by the file's bytes and everything that decides the result.

A file whose content, rules and settings are unchanged is not parsed again. The cache is
one JSON file, read once and replaced atomically; entries not used in a run are dropped.
It is best-effort: a cache that cannot be read, is damaged or cannot be written is
ignored, and the check runs and reports as it would without one.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
from functools import cache
from importlib import resources
from pathlib import Path

from inpublic import __version__
from inpublic._files import write_atomic
from inpublic.check.model import FileReport, Finding, Severity
from inpublic.document.parts import Hit
from inpublic.errors import InpublicError

CACHE_FILE = "check-cache.json"


@cache
def _rules_fingerprint() -> str:
    """A hash of every data file the check reads, so an upgrade or an edit empties the cache."""
    digest = hashlib.sha256(__version__.encode())
    root = resources.files("inpublic.check")
    pending = [root]
    while pending:
        folder = pending.pop()
        for item in sorted(folder.iterdir(), key=lambda p: p.name):
            if item.is_dir():
                pending.append(item)
            elif item.name.endswith((".toml", ".py")):
                digest.update(item.name.encode() + item.read_bytes())
    return digest.hexdigest()


class CheckCache:
    def __init__(self, folder: Path, settings_key: str) -> None:
        self.path = folder / CACHE_FILE
        self.salt = hashlib.sha256((_rules_fingerprint() + settings_key).encode()).hexdigest()
        try:
            self.entries: dict = json.loads(self.path.read_text("utf-8"))
        except (OSError, ValueError):
            self.entries = {}
        if not isinstance(self.entries, dict):
            self.entries = {}
        self.used: dict = {}

    def key(self, path: Path) -> str | None:
        if not path.is_file():
            return None  # reading a FIFO or a device would block: check_file reports it
        try:
            data = path.read_bytes()
        except OSError:
            return None
        return hashlib.sha256(self.salt.encode() + data).hexdigest()

    def get(self, key: str | None, path: Path) -> FileReport | None:
        entry = self.entries.get(key) if key else None
        if entry is None:
            return None
        try:
            findings = tuple(
                Finding(**{**f, "severity": Severity[f["severity"]]}) for f in entry["findings"]
            )
            parts = {k: Hit(**v) if v else None for k, v in entry["parts"].items()}
            report = FileReport(
                path, findings, entry["verdict"], tuple(entry["to_add"]), None, parts, entry["lang"]
            )
        except (KeyError, TypeError, ValueError):
            return None  # a damaged entry: check the file again
        self.used[key] = entry
        return report

    def put(self, key: str | None, report: FileReport) -> None:
        if key is None or report.error is not None:
            return
        findings = [{**dataclasses.asdict(f), "severity": f.severity.name} for f in report.findings]
        self.used[key] = {
            "findings": findings,
            "verdict": report.verdict,
            "to_add": list(report.to_add),
            "parts": report.parts_dict(),
            "lang": report.lang,
        }

    def save(self) -> None:
        """Keep this run's results if the folder can be written (a read-only workspace, a
        state folder that is a file, a full disk: then the next run checks again)."""
        if self.used != self.entries:
            with contextlib.suppress(InpublicError):
                write_atomic(self.path, json.dumps(self.used, ensure_ascii=False))
