"""Prompts are data: ``prompts/<name>.<lang>.md`` in the package, overridden by the same file
in a workspace's ``prompts/`` folder. The first line names the version:
``<!-- inpublic prompt: check, version 1 -->``; answers are cached by the prompt's text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from inpublic.errors import InpublicError

_VERSION = re.compile(r"version\s*[:=]?\s*([\w.-]+)", re.I)


@dataclass(frozen=True)
class Prompt:
    name: str
    lang: str
    version: str
    text: str
    source: str  # "built-in" or the workspace file


def load_prompt(name: str, lang: str, folder: Path | None = None) -> Prompt:
    """The prompt ``name`` in ``lang`` (zh, or en for any other language): the workspace's
    ``folder/<name>.<lang>.md`` when it exists, else the built-in one."""
    lang = "zh" if lang == "zh" else "en"
    file = f"{name}.{lang}.md"
    own = folder / file if folder else None
    if own is not None and own.is_file():
        try:
            text, source = own.read_text("utf-8"), str(own)
        except (OSError, UnicodeDecodeError) as error:
            raise InpublicError(f"cannot read the prompt: {error}", path=own) from None
    else:
        text = resources.files("inpublic.ai").joinpath("prompts", file).read_text("utf-8")
        source = "built-in"
    first = text.split("\n", 1)[0]
    version = _VERSION.search(first)
    if not version:
        raise InpublicError(
            "a prompt's first line must name its version",
            path=own,
            line=1,
            hint="start it with <!-- inpublic prompt: check, version 1 -->",
        )
    body = text.split("\n", 1)[1] if "\n" in text else ""
    return Prompt(name, lang, version.group(1), body.strip(), source)
