"""``new --from-git --ai``: the facts captured from git turned into first-draft prose.

The plain draft (``inpublic.capture.draft.draft_answers``) lists the facts under Before,
Solution and Result, each cited by its commit. With ``--ai`` those lists, the piece's
title and its commits' messages are sent in one request with the draft prompt; the model answers
``{"before": …, "solution": …, "result": …}`` (null where the facts say nothing). Each
section's prose goes through the guard with the facts' text as the original: a number, a
name or a link not in the facts refuses that section, which keeps its list of facts. A
section with no facts is never written by the model: its template question stays.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import msgspec

from inpublic.ai._data import message
from inpublic.ai.answer import Malformed, json_text
from inpublic.ai.cache import AnswerCache, answer_key
from inpublic.ai.client import AIError, Client
from inpublic.ai.guard import check_rewrite
from inpublic.ai.prompt import load_prompt

if TYPE_CHECKING:
    from inpublic.capture.model import Piece
    from inpublic.config import AISettings

#: The sections the model may write, in the template's order.
SECTIONS = ("before", "solution", "result")


class DraftAnswer(msgspec.Struct, frozen=True):
    """The model's answer: prose for each section, or None where the facts say nothing."""

    before: str | None = None
    solution: str | None = None
    result: str | None = None


def draft_schema() -> dict[str, Any]:
    nullable = {"type": ["string", "null"]}
    return {
        "type": "object",
        "properties": {name: nullable for name in SECTIONS},
        "required": list(SECTIONS),
        "additionalProperties": False,
    }


def parse_draft(text: str) -> DraftAnswer:
    try:
        return msgspec.json.decode(json_text(text), type=DraftAnswer)
    except msgspec.DecodeError as error:
        raise Malformed(str(error)) from None


@dataclass
class Drafted:
    """The sections the model wrote (those the guard passed), and one note per refusal or
    failure, in the writer's language."""

    answers: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    failed: bool = False
    tokens: int | None = None


def facts_text(piece: Piece, facts: dict[str, str]) -> str:
    """What is sent: the piece's title, each section's facts under its id, and the
    messages of the piece's commits (their short hash, subject and body)."""
    parts = [f"TITLE: {piece.title}"]
    parts += [f"{name.upper()}:\n{facts[name]}" for name in SECTIONS if facts.get(name)]
    commits = [f"{c.short} {c.subject}\n{c.body}".strip() for c in piece.commits]
    parts.append("COMMITS:\n" + "\n\n".join(commits))
    return "\n\n".join(parts)


def ai_draft(
    piece: Piece,
    facts: dict[str, str],
    lang: str,
    settings: AISettings,
    *,
    state_dir: Path | None = None,
    prompts_dir: Path | None = None,
) -> Drafted:
    """Prose for the sections of ``facts`` (``draft_answers``' lists for ``piece``), each
    checked by the guard against what was sent; never an exception for a failure of the
    endpoint."""
    drafted = Drafted()
    sent = facts_text(piece, facts)
    prompt = load_prompt("draft", lang, prompts_dir)
    cache = AnswerCache(state_dir)
    key = answer_key(sent, settings.base_url, settings.model, prompt.text, prompt.version)
    answer: DraftAnswer | None = None
    cached = cache.get(key)
    if cached is not None:
        try:
            answer = msgspec.convert(cached, DraftAnswer)
        except msgspec.ValidationError:
            answer = None
    if answer is None:
        try:
            answered = Client(settings).ask_json(
                prompt.text, sent, draft_schema(), parse_draft, "draft"
            )
        except AIError as error:
            drafted.failed = True
            drafted.notes.append(message(lang, "draft_failed", why=error.text(lang)))
            return drafted
        answer, drafted.tokens = answered.value, answered.tokens
        cache.put(key, msgspec.to_builtins(answer))
        cache.save()
    for name in SECTIONS:
        text = (getattr(answer, name) or "").strip()
        if not text or not facts.get(name):  # what the facts cannot answer stays a question
            continue
        rejected = check_rewrite(text, sent)
        if rejected:
            heading = _heading(name, lang)
            drafted.notes.append(
                message(lang, "draft_refused", section=heading, why=rejected.text(lang))
            )
            continue
        drafted.answers[name] = text
    return drafted


def _heading(section: str, lang: str) -> str:
    from inpublic.workspace.new import template_sections

    return next(s.heading for s in template_sections(lang) if s.id == section)
