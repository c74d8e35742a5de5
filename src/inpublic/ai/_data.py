"""ai.toml: the second reader's limits, the guard's words and its messages in en and zh."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Any


@cache
def data() -> dict[str, Any]:
    return tomllib.loads(resources.files("inpublic.ai").joinpath("ai.toml").read_text("utf-8"))


def limit(name: str) -> int:
    return int(data()["limits"][name])


def message(lang: str, name: str, **values: object) -> str:
    """A message in the writer's language (English for any other)."""
    messages = data()["messages"]
    return str(messages.get(lang, messages["en"])[name]).format(**values)
