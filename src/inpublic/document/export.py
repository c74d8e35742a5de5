"""The Document as plain data, for ``--json`` output and for the demo's outputs."""

from __future__ import annotations

from typing import Any

from inpublic.document.model import Document

SCHEMA_VERSION = 1


def document_to_dict(document: Document, path: str | None = None) -> dict[str, Any]:
    """A JSON-ready view: sections, and blocks with their sentences and positions."""
    return {
        "version": SCHEMA_VERSION,
        "path": path,
        "lang": document.lang,
        "more_line": document.more_line,
        "sections": [
            {
                "title": s.title,
                "level": s.level,
                "line": s.line,
                "anchor": s.anchor,
                "parent": s.parent,
            }
            for s in document.sections
        ],
        "blocks": [
            {
                "kind": b.kind,
                "line": b.line,
                "end_line": b.end_line,
                "section": b.section,
                "depth": b.depth,
                "info": b.info,
                "text": b.text,
                "sentences": [
                    {
                        "text": s.text,
                        "line": s.line,
                        "column": s.column,
                        "end_line": s.end_line,
                        "end_column": s.end_column,
                        "skips": [list(skip) for skip in s.skips],
                    }
                    for s in b.sentences
                ],
            }
            for b in document.blocks
        ],
    }
