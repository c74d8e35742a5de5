"""The one shape every answer of the second reader has, and reading it from a model's text.

{"findings": [{"quote": "exact text from the post", "category": "peacock",
               "message": "…", "rewrite": "…" or null, "question": "…" or null}]}
"""

from __future__ import annotations

import re
from typing import Any

import msgspec

from inpublic.config import WORD_CATEGORIES


class ModelFinding(msgspec.Struct, frozen=True):
    """One finding as the model gives it: ``quote`` must be exact text from the post."""

    quote: str
    category: str
    message: str
    rewrite: str | None = None
    question: str | None = None


class Answer(msgspec.Struct, frozen=True):
    findings: list[ModelFinding]


class Malformed(ValueError):
    """An answer that is not JSON of the documented shape."""


def answer_schema() -> dict[str, Any]:
    """The JSON schema of ``Answer`` sent as ``response_format`` (strict: every key present,
    ``rewrite`` and ``question`` may be null, ``category`` one of inpublic's)."""
    nullable = {"type": ["string", "null"]}
    finding = {
        "type": "object",
        "properties": {
            "quote": {"type": "string"},
            "category": {"type": "string", "enum": list(WORD_CATEGORIES)},
            "message": {"type": "string"},
            "rewrite": nullable,
            "question": nullable,
        },
        "required": ["quote", "category", "message", "rewrite", "question"],
        "additionalProperties": False,
    }
    return {
        "type": "object",
        "properties": {"findings": {"type": "array", "items": finding}},
        "required": ["findings"],
        "additionalProperties": False,
    }


_FENCE = re.compile(r"```(?:json)?\s*(.*?)```", re.S)


def json_text(text: str) -> str:
    """The JSON object in a model's text: a plain answer may wrap it in a ``` fence or in
    a sentence."""
    fenced = _FENCE.search(text)
    if fenced:
        text = fenced.group(1)
    start, end = text.find("{"), text.rfind("}")
    if start < 0 or end < start:
        raise Malformed(f"no JSON object in {_shown(text)}")
    return text[start : end + 1]


def parse_answer(text: str) -> Answer:
    """The answer read from the model's text; ``Malformed`` names what is wrong."""
    try:
        return msgspec.json.decode(json_text(text), type=Answer)
    except msgspec.DecodeError as error:  # ValidationError is a DecodeError
        raise Malformed(f"{error} in {_shown(text)}") from None


def _shown(text: str) -> str:
    text = " ".join(text.split())
    return repr(text[:60] + ("…" if len(text) > 60 else ""))
