"""``render --ai``: a text the channel's rules could not shorten to its limit, written by the
model within it.

``channels.fit`` proposes titles, digests and hooks by dropping clauses and words from the
post's own sentences; when nothing fits it calls ``channels.fit.ask_model``, which, while
``render --ai`` runs, calls a ``ModelFitter``. The fitter sends the text, the limit and how
the platform counts, and the post's body (comments blanked) with the fit prompt; the answer
``{"text": "…"}`` is used only when the guard passes it (no number, name or link that the
post does not have) and the platform's own count puts it within the limit. Otherwise the
limit finding stays, with a note. Answers are cached like every other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import msgspec

from inpublic.ai._data import message
from inpublic.ai.answer import Malformed, json_text
from inpublic.ai.cache import AnswerCache, answer_key
from inpublic.ai.client import FATAL, AIError, Client
from inpublic.ai.guard import check_rewrite
from inpublic.ai.prompt import load_prompt
from inpublic.ai.sections import visible

if TYPE_CHECKING:
    from inpublic.channels.fit import Count, Proposal
    from inpublic.channels.model import RenderContext
    from inpublic.config import AISettings

_SCHEMA = {
    "type": "object",
    "properties": {"text": {"type": "string"}},
    "required": ["text"],
    "additionalProperties": False,
}


class Shorter(msgspec.Struct, frozen=True):
    text: str


def parse_shorter(text: str) -> str:
    try:
        return msgspec.json.decode(json_text(text), type=Shorter).text.strip()
    except msgspec.DecodeError as error:
        raise Malformed(str(error)) from None


@dataclass
class ModelFitter:
    """Asks the model for texts within a limit, for one render; ``notes`` (in the writer's
    language) say what was refused or failed, ``tokens`` what was used."""

    settings: AISettings
    state_dir: Path | None = None
    prompts_dir: Path | None = None
    notes: list[str] = field(default_factory=list)
    asked: int = 0
    cached: int = 0
    tokens: int | None = None
    _stopped: bool = False
    _client: Client | None = None
    _cache: AnswerCache | None = None

    def __call__(
        self, context: RenderContext, key: str, wanted: str, limit: int, count: Count
    ) -> Proposal | None:
        from inpublic.channels import limits
        from inpublic.channels._limits import channel_name
        from inpublic.channels.fit import Proposal

        if self._stopped:
            return None
        lang, post = context.lang, context.post
        prompt = load_prompt("fit", lang, self.prompts_dir)
        counts = context.limits.get(f"counts_{lang}", "")
        sent = f"TEXT: {wanted}\nLIMIT: {limit}. {counts}\n\nPOST:\n{visible(post.body).strip()}"
        cache_key = answer_key(
            sent, self.settings.base_url, self.settings.model, prompt.text, prompt.version
        )
        if self._cache is None:
            self._cache = AnswerCache(self.state_dir)
        text = self._cache.get(cache_key)
        if isinstance(text, str):
            self.cached += 1
        else:
            try:
                if self._client is None:
                    self._client = Client(self.settings)
                answered = self._client.ask_json(prompt.text, sent, _SCHEMA, parse_shorter, "fit")
            except AIError as error:
                self.notes.append(message(lang, "fit_failed", why=error.text(lang)))
                self._stopped = error.kind in FATAL
                return None
            text = answered.value
            self.asked += 1
            if answered.tokens is not None:
                self.tokens = (self.tokens or 0) + answered.tokens
            self._cache.put(cache_key, text)
            self._cache.save()
        name = limits()["fit"]["keys"][key][lang]
        where = channel_name(context.channel, lang)
        rejected = check_rewrite(text, f"{post.title}\n{post.body}")
        length = count(text)
        if rejected or not text or length > limit:
            why = (
                rejected.text(lang)
                if rejected
                else message(lang, "fit_too_long", length=length, limit=limit)
            )
            self.notes.append(message(lang, "fit_refused", key=name, channel=where, why=why))
            return None
        return Proposal(context.channel, key, text, length, limit, source="ai")
