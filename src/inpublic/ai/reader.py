"""``check --ai``: the model reads each post's body and its findings join the rules'.

Each post's body (not its front matter, not its file name) is sent in sections (see
``sections``) with the check prompt, at most ``[ai] concurrency`` requests at a time. A
finding is kept only when its quote is exact text of the section it was sent with; it is
placed on its line and column like a rule finding, as rule ``ai.<category>``, a warning (a
suggestion when it only asks a question), with its rewrite checked by the guard. A failure
is one message for the post; the rule findings stand. AI findings never change a verdict.
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import msgspec

from inpublic.ai._data import limit, message
from inpublic.ai.answer import Answer, ModelFinding, answer_schema, parse_answer
from inpublic.ai.cache import AnswerCache, answer_key
from inpublic.ai.client import FATAL, AIError, Client
from inpublic.ai.guard import check_rewrite
from inpublic.ai.prompt import Prompt, load_prompt
from inpublic.ai.sections import Section, split_sections
from inpublic.check.model import FileReport, Finding, Report, Severity
from inpublic.config import WORD_CATEGORIES
from inpublic.errors import InpublicError

if TYPE_CHECKING:
    from inpublic.config import AISettings

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


@dataclass
class Task:
    """One section of one post, and what came of it."""

    file: int
    section: Section
    prompt: Prompt
    key: str
    answer: Answer | None = None
    error: AIError | None = None
    tokens: int | None = None
    user: str = ""  # the user message, when it is more than the section's text (review)

    @property
    def message(self) -> str:
        return self.user or self.section.text


@dataclass
class Summary:
    """What the second reader did, for the report's ``ai`` and the closing line."""

    model: str
    sections: int = 0
    cached: int = 0
    findings: int = 0
    dropped: Counter[str] = field(default_factory=Counter)  # quote_not_found, unknown_category
    tokens: int | None = None
    failures: list[tuple[str, str]] = field(default_factory=list)  # (path, message)

    def to_dict(self) -> dict[str, object]:
        return {
            "model": self.model,
            "sections": self.sections,
            "cached": self.cached,
            "findings": self.findings,
            "dropped": {
                "quote_not_found": self.dropped["quote_not_found"],
                "unknown_category": self.dropped["unknown_category"],
            },
            "tokens": self.tokens,
            "failures": [{"path": p, "message": m} for p, m in self.failures],
        }


def summary_line(ai: dict[str, Any], lang: str) -> str:
    """The closing line of ``check --ai`` from the report's ``ai``, in the writer's language."""
    parts = [
        message(
            lang,
            "summary",
            model=ai["model"],
            findings=ai["findings"],
            sections=ai["sections"],
            cached=ai["cached"],
        )
    ]
    for reason, name in (("quote_not_found", "dropped"), ("unknown_category", "unknown_category")):
        if ai["dropped"][reason]:
            parts.append(message(lang, name, count=ai["dropped"][reason]))
    if ai["tokens"] is not None:
        parts.append(message(lang, "tokens", tokens=f"{ai['tokens']:,}"))
    return ("；" if lang == "zh" else "; ").join(parts)


Progress = Callable[[int, int], None]  # (done, total), called as sections are answered


def second_read(
    report: Report,
    settings: AISettings,
    *,
    state_dir: Path | None = None,
    prompts_dir: Path | None = None,
    progress: Callable[[int], Progress] | None = None,
) -> Report:
    """``report`` with the model's findings added to each checked file and its ``ai``
    summary set. ``progress(total)`` may return a callback for the sections answered."""
    from inpublic.workspace.post import load_post

    summary = Summary(settings.model)
    cache = AnswerCache(state_dir)
    tasks: list[Task] = []
    bodies: dict[int, tuple[str, int, str]] = {}  # file index -> (body, body_line, original)
    failed: dict[int, AIError] = {}
    for index, file in enumerate(report.files):
        if file.error:
            continue
        try:
            post = load_post(file.path)
        except InpublicError as error:  # changed since it was checked a moment ago
            failed[index] = AIError("unreadable", detail=str(error))
            continue
        body = post.body
        if len(body) > limit("post_chars"):
            failed[index] = AIError("too_long", chars=f"{len(body):,}", limit=limit("post_chars"))
            continue
        title = post.meta.get("title") if isinstance(post.meta.get("title"), str) else ""
        bodies[index] = (body, post.body_line, f"{title}\n{body}")
        prompt = load_prompt("check", file.lang, prompts_dir)
        for section in split_sections(body, limit("section_chars")):
            key = answer_key(
                section.text, settings.base_url, settings.model, prompt.text, prompt.version
            )
            tasks.append(Task(index, section, prompt, key))
    summary.sections = len(tasks)
    summary.cached, summary.tokens = answer_tasks(tasks, settings, cache, progress)
    for task in tasks:
        if task.error is not None:
            failed.setdefault(task.file, task.error)
    files = list(report.files)
    for index, (body, body_line, original) in bodies.items():
        if index in failed:
            continue
        file = files[index]
        found: list[Finding] = []
        for task in (t for t in tasks if t.file == index and t.answer is not None):
            assert task.answer is not None
            for model_finding in task.answer.findings:
                finding = _anchor(model_finding, task.section, body, body_line, original, file)
                if isinstance(finding, str):
                    summary.dropped[finding] += 1
                elif finding not in found:
                    found.append(finding)
        summary.findings += len(found)
        merged = sorted((*file.findings, *found), key=lambda f: (f.line, f.column))
        files[index] = replace(file, findings=tuple(merged))
    for index, failure in sorted(failed.items()):
        summary.failures.append((str(report.files[index].path), failure.text(files[index].lang)))
    return replace(report, files=tuple(files), ai=summary.to_dict())


def answer_tasks(
    tasks: list[Task],
    settings: AISettings,
    cache: AnswerCache,
    progress: Callable[[int], Progress] | None = None,
) -> tuple[int, int | None]:
    """Each task's answer, from the cache or asked for (and then kept in the cache), or its
    error; returns how many came from the cache and the tokens the others used."""
    cached_count, tokens = 0, None
    todo: list[Task] = []
    for task in tasks:
        cached = cache.get(task.key)
        if cached is not None:
            try:
                task.answer = msgspec.convert(cached, Answer)
                cached_count += 1
                continue
            except msgspec.ValidationError:
                pass
        todo.append(task)
    if todo:
        _ask_all(todo, settings, answer_schema(), progress(len(todo)) if progress else None)
    for task in todo:
        if task.answer is not None:
            cache.put(task.key, msgspec.to_builtins(task.answer))
        if task.tokens is not None:
            tokens = (tokens or 0) + task.tokens
    cache.save()
    return cached_count, tokens


def _ask_all(
    tasks: list[Task], settings: AISettings, schema: dict, progress: Progress | None
) -> None:
    """Each task's answer or error, ``settings.concurrency`` requests at a time. After a
    failure no later request could pass (unreachable, 401, 404), nothing more is sent."""
    client = Client(settings)
    stop: list[AIError] = []
    done = 0
    lock = threading.Lock()

    def run(task: Task) -> None:
        nonlocal done
        if stop:
            task.error = stop[0]
        else:
            try:
                answered = client.ask_json(
                    task.prompt.text, task.message, schema, parse_answer, "findings"
                )
                task.answer, task.tokens = answered.value, answered.tokens
            except AIError as failure:
                task.error = failure
                if failure.kind in FATAL:
                    stop.append(failure)
        with lock:
            done += 1
            if progress:
                progress(done, len(tasks))

    with ThreadPoolExecutor(max_workers=settings.concurrency) as pool:
        list(pool.map(run, tasks))


def _anchor(
    found: ModelFinding,
    section: Section,
    body: str,
    body_line: int,
    original: str,
    file: FileReport,
) -> Finding | str:
    """The finding placed on the quote's first place in its section, or why it is dropped."""
    if found.category not in WORD_CATEGORIES:
        return "unknown_category"
    span = find_quote(section.text, found.quote)
    if span is None:
        return "quote_not_found"
    start, end = section.start + span[0], section.start + span[1] - 1  # end: the last character
    quote = body[start : end + 1]
    line, column = position(body, start, body_line)
    end_line, end_column = position(body, end, body_line)
    rewrite = (found.rewrite or "").strip() or None
    question = (found.question or "").strip() or None
    rejected = check_rewrite(rewrite, original) if rewrite else None
    only_asks = question is not None and rewrite is None
    return Finding(
        rule=f"ai.{found.category}",
        category=found.category,
        severity=Severity.suggestion if only_asks else Severity.warning,
        line=line,
        column=column,
        end_line=end_line,
        end_column=end_column,
        message=found.message.strip(),
        match=quote,
        source="ai",
        rewrite=rewrite,
        rewrite_rejected=rejected.text(file.lang) if rejected else None,
        question=question,
    )


def find_quote(text: str, quote: str) -> tuple[int, int] | None:
    """Where ``quote`` is in ``text``: exactly, or with its line breaks where the source
    has them (a model quotes a wrapped line as one: "4 min instead", "反响热烈" for
    "反响\n热烈"); spaces between words may be any run of whitespace. Nothing else may differ.
    """
    quote = quote.strip()
    if not quote:
        return None
    at = text.find(quote)
    if at >= 0:
        return at, at + len(quote)
    wrap = r"(?:[ \t]*\r?\n[ \t]*)?"
    words = [wrap.join(re.escape(c) for c in word) for word in quote.split()]
    found = re.search(r"\s+".join(words), text)
    return found.span() if found else None


def position(body: str, offset: int, body_line: int) -> tuple[int, int]:
    """The 1-based line and column in the file of ``body[offset]``."""
    breaks = list(_LINE_BREAK.finditer(body, 0, offset))
    line_start = breaks[-1].end() if breaks else 0
    return body_line + len(breaks), offset - line_start + 1
