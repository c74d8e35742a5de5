"""The client of an OpenAI-compatible chat-completions endpoint, over the ``openai`` package.

``openai`` is imported only when a client is made: ``inpublic --version`` and a check
without --ai never load it. Timeouts, and retries with backoff on 429, 5xx and timeouts,
are the package's own (``timeout`` and ``max_retries``, from [ai]).

Structured output is asked for in the best form the endpoint takes: ``response_format``
json_schema, else json_object, else plain text; an endpoint that answers one with 400 (or
422) is asked in the next, and the client remembers it. Streamed answers (``[ai] stream``) are
joined; tokens are counted when the endpoint reports ``usage``.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from inpublic.ai._data import limit, message
from inpublic.errors import ConfigError, InpublicError

if TYPE_CHECKING:
    from inpublic.config import AISettings

T = TypeVar("T")
MODES = ("json_schema", "json_object", "text")
#: Failures after which no further request can succeed: the others are not sent.
FATAL = frozenset({"unreachable", "unauthorized", "unknown_model"})


class AIError(InpublicError):
    """A request that failed: ``kind`` is unreachable, unauthorized (401), unknown_model
    (404), rate_limited (429), timeout, malformed, http, too_long or unreadable (each a
    message in ai.toml)."""

    def __init__(self, kind: str, **values: object) -> None:
        self.kind = kind
        self.values = values
        super().__init__(message("en", kind, **values))

    def text(self, lang: str) -> str:
        """The failure in the writer's language."""
        return message(lang, self.kind, **self.values)


@dataclass(frozen=True)
class Completion:
    text: str
    tokens: int | None  # total_tokens, when the endpoint reports usage
    mode: str  # the response_format the endpoint took


def require(settings: AISettings, config_path: Path | None = None) -> None:
    """A ``ConfigError`` (one line, exit 2) when [ai] lacks what a request needs."""
    missing = [key for key in ("base_url", "model") if not getattr(settings, key).strip()]
    if missing:
        raise ConfigError(
            message("en", "not_configured", missing=" and ".join(missing)), path=config_path
        )


@dataclass(frozen=True)
class Answered(Generic[T]):
    value: T  # the answer, read
    tokens: int | None  # of every request it took
    mode: str  # the response_format the endpoint took


class Client:
    """One endpoint and model; safe to use from several threads."""

    def __init__(self, settings: AISettings) -> None:
        import openai

        require(settings)
        self.settings = settings
        self._openai = openai
        self._client = openai.OpenAI(
            # A local server needs no key, but the package wants one.
            api_key=os.environ.get(settings.api_key_env) or "no-key",
            base_url=settings.base_url,
            timeout=settings.timeout,
            max_retries=settings.retries,
        )
        self._modes = list(MODES)
        self._lock = threading.Lock()

    def complete(
        self, system: str, user: str, schema: dict[str, Any], name: str = "answer"
    ) -> Completion:
        """One answer to ``user`` under ``system``, as JSON of ``schema`` where the endpoint
        can be asked for it; ``AIError`` for any failure."""
        while True:
            with self._lock:
                mode = self._modes[0]
            try:
                return self._ask(system, user, schema, name, mode)
            except (self._openai.BadRequestError, self._openai.UnprocessableEntityError) as error:
                with self._lock:
                    if mode == "text":
                        raise self._failure(error) from None
                    if self._modes[0] == mode:
                        self._modes.pop(0)  # this endpoint refuses that format: the next one
            except self._openai.OpenAIError as error:
                raise self._failure(error) from None

    def ask_json(
        self,
        system: str,
        user: str,
        schema: dict[str, Any],
        read: Callable[[str], T],
        name: str = "answer",
    ) -> Answered[T]:
        """The answer as ``read`` reads it (a ``ValueError`` for one that does not fit), with
        the tokens used. A malformed answer is asked for once more, then ``AIError``."""
        tokens: int | None = None
        for attempt in (1, 2):
            completion = self.complete(system, user, schema, name)
            if completion.tokens is not None:
                tokens = (tokens or 0) + completion.tokens
            try:
                return Answered(read(completion.text), tokens, completion.mode)
            except ValueError as error:
                if attempt == 2:
                    raise AIError("malformed", detail=str(error)) from None
        raise AssertionError("unreachable")

    def _ask(
        self, system: str, user: str, schema: dict[str, Any], name: str, mode: str
    ) -> Completion:
        extra: dict[str, Any] = {}
        if mode == "json_schema":
            extra["response_format"] = {
                "type": "json_schema",
                "json_schema": {"name": name, "schema": schema, "strict": True},
            }
        elif mode == "json_object":
            extra["response_format"] = {"type": "json_object"}
        messages = [{"role": "system", "content": system}, {"role": "user", "content": user}]
        common: dict[str, Any] = {
            "model": self.settings.model,
            "messages": messages,
            "temperature": 0,
            "max_tokens": limit("answer_tokens"),
            **extra,
        }
        if not self.settings.stream:
            response = self._client.chat.completions.create(**common)
            usage = getattr(response, "usage", None)
            text = response.choices[0].message.content if response.choices else None
            return Completion(text or "", getattr(usage, "total_tokens", None), mode)
        stream = self._client.chat.completions.create(
            **common, stream=True, stream_options={"include_usage": True}
        )
        parts: list[str] = []
        tokens = None
        for chunk in stream:
            if chunk.choices and chunk.choices[0].delta.content:
                parts.append(chunk.choices[0].delta.content)
            if getattr(chunk, "usage", None) is not None:
                tokens = chunk.usage.total_tokens
        return Completion("".join(parts), tokens, mode)

    def _failure(self, error: Exception) -> AIError:
        openai, settings = self._openai, self.settings
        if isinstance(error, openai.APITimeoutError):
            return AIError("timeout", timeout=settings.timeout, retries=settings.retries)
        if isinstance(error, openai.APIConnectionError):
            cause = error.__cause__ or error
            detail = str(cause).split("\n")[0] or type(cause).__name__
            return AIError("unreachable", base_url=settings.base_url, detail=detail)
        if isinstance(error, openai.AuthenticationError | openai.PermissionDeniedError):
            return AIError("unauthorized", env=settings.api_key_env)
        if isinstance(error, openai.NotFoundError):
            return AIError("unknown_model", model=settings.model, base_url=settings.base_url)
        if isinstance(error, openai.RateLimitError):
            return AIError("rate_limited", retries=settings.retries)
        if isinstance(error, openai.APIStatusError):
            return AIError("http", status=error.status_code, detail=_detail(error))
        return AIError("http", status="?", detail=str(error).split("\n")[0])


def _detail(error: Any) -> str:
    body = getattr(error, "body", None)
    if isinstance(body, dict):
        inner = body.get("error", body)
        if isinstance(inner, dict) and inner.get("message"):
            return str(inner["message"])[:200]
    return str(getattr(error, "message", error)).split("\n")[0][:200]


@dataclass(frozen=True)
class Probe:
    model: str
    seconds: float
    text: str
    mode: str
    tokens: int | None


_PROBE_SCHEMA = {
    "type": "object",
    "properties": {"ok": {"type": "boolean"}},
    "required": ["ok"],
    "additionalProperties": False,
}


def probe(settings: AISettings) -> Probe:
    """``inpublic ai test``: one tiny request; the answer must be a JSON object."""
    import json
    import time

    from inpublic.ai.answer import json_text

    def read(text: str) -> str:
        json.loads(json_text(text))
        return text

    client = Client(settings)
    started = time.perf_counter()
    answered = client.ask_json(
        'Answer with the JSON object {"ok": true} and nothing else.', "ok?", _PROBE_SCHEMA, read
    )
    seconds = time.perf_counter() - started
    return Probe(settings.model, seconds, answered.value, answered.mode, answered.tokens)
