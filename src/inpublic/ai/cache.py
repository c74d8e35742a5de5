"""Answers kept in the workspace's ``.inpublic/ai-cache.json``, keyed by the text sent,
the endpoint, the model and the prompt (its text, so its version), so that reading an
unchanged post again sends nothing. Best-effort, as the check's cache: a cache that
cannot be read or written is ignored. The newest ``_KEPT`` answers are kept."""

from __future__ import annotations

import contextlib
import hashlib
import json
from pathlib import Path
from typing import Any

from inpublic._files import write_atomic
from inpublic.errors import InpublicError

CACHE_FILE = "ai-cache.json"
_KEPT = 2000


def answer_key(*parts: str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(hashlib.sha256(part.encode("utf-8", "surrogatepass")).digest())
    return digest.hexdigest()


class AnswerCache:
    def __init__(self, folder: Path | None) -> None:
        self.path = folder / CACHE_FILE if folder else None
        self.entries: dict[str, Any] = {}
        if self.path is not None:
            try:
                loaded = json.loads(self.path.read_text("utf-8"))
                self.entries = loaded if isinstance(loaded, dict) else {}
            except (OSError, ValueError):
                pass
        self.changed = False

    def get(self, key: str) -> Any | None:
        return self.entries.get(key)

    def put(self, key: str, value: Any) -> None:
        self.entries.pop(key, None)
        self.entries[key] = value  # the newest last
        self.changed = True

    def save(self) -> None:
        if self.path is None or not self.changed:
            return
        kept = dict(list(self.entries.items())[-_KEPT:])
        with contextlib.suppress(InpublicError):
            write_atomic(self.path, json.dumps(kept, ensure_ascii=False))
