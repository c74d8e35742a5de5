"""``inpublic review``: for each flagged sentence, a rewrite to accept or a question to answer.

The rules flag words (``check``); without the model, a finding whose category is listed in
ai.toml's ``[review] delete`` (intensifiers, hedges) is proposed as the deletion of its
words, and the others become questions from the rule's suggestion. With the model, the body
is sent in sections (``split_sections``) with the review prompt and the words the rules
flagged in each; the model quotes each flagged sentence and gives its rewrite or a
question, and may flag sentences the rules missed. Every rewrite is checked by the guard
(``check_rewrite`` against the post's title and body): one that adds a number, a name or a
link is rejected, shown, and never applied.

``apply_changes`` writes the accepted texts into the body, atomically and only if the
file is still what was read; the front matter and every other byte stay as they were.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from inpublic.ai._data import data, limit, message
from inpublic.ai.cache import AnswerCache, answer_key
from inpublic.ai.client import AIError
from inpublic.ai.guard import check_rewrite
from inpublic.ai.prompt import load_prompt
from inpublic.ai.reader import Progress, Task, answer_tasks, find_quote, position
from inpublic.ai.sections import split_sections
from inpublic.config import WORD_CATEGORIES

if TYPE_CHECKING:
    from inpublic._files import FileStamp
    from inpublic.check.model import Finding
    from inpublic.config import Config
    from inpublic.workspace.post import Post

#: The version of ``Review.to_dict`` (``review --json``).
SCHEMA_VERSION = 1
_SENTENCE_END = re.compile(r"(?:^|[.!?。！？]\s*|\n\s*)$")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True)
class Proposal:
    """One change to a post's body: ``quote`` (``body[start:end]``) becomes ``rewrite``, or
    the writer answers ``question``. ``source`` is who flagged it (rules or ai), ``by`` who
    proposed the rewrite (rules: a deletion; ai: the model). A ``rejected`` rewrite (the
    guard's reason, in the writer's language) is never applied."""

    start: int
    end: int
    line: int
    column: int
    end_line: int
    end_column: int
    quote: str
    rule: str
    category: str
    source: str
    message: str
    rewrite: str | None = None
    question: str | None = None
    rejected: str | None = None
    by: str = "rules"

    @property
    def kind(self) -> str:
        """rewrite (it may be applied), rejected, or question."""
        if self.rewrite is not None and self.rejected is None:
            return "rewrite"
        return "rejected" if self.rewrite is not None else "question"

    def to_dict(self) -> dict[str, object]:
        return {
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "quote": self.quote,
            "rule": self.rule,
            "category": self.category,
            "source": self.source,
            "message": self.message,
            "kind": self.kind,
            "rewrite": self.rewrite,
            "rejected": self.rejected,
            "question": self.question,
            "by": self.by,
        }


@dataclass
class Review:
    """What ``review`` found for one post, and the stamp of the file it read."""

    post: Post
    stamp: FileStamp | None
    lang: str
    proposals: list[Proposal] = field(default_factory=list)
    ai: dict[str, Any] | None = None  # model, sections, cached, tokens, dropped, failure

    def around(self, proposal: Proposal, width: int = 60) -> tuple[str, str]:
        """The text of the quote's lines before and after it (at most ``width`` characters
        each side), to show it in its place."""
        body = self.post.body
        start = max(body.rfind("\n", 0, proposal.start) + 1, proposal.start - width)
        end = body.find("\n", proposal.end)
        end = min(len(body) if end < 0 else end, proposal.end + width)
        before, after = body[start : proposal.start], body[proposal.end : end].rstrip("\r")
        return ("…" if start > 0 and body[start - 1] != "\n" else "") + before, after + (
            "…" if end < len(body) and body[end] not in "\r\n" else ""
        )

    def to_dict(self) -> dict[str, object]:
        return {
            "version": SCHEMA_VERSION,
            "path": str(self.post.path),
            "lang": self.lang,
            "proposals": [p.to_dict() for p in self.proposals],
            "ai": self.ai,
        }


def review_post(
    path: Path,
    config: Config,
    *,
    use_ai: bool = False,
    state_dir: Path | None = None,
    prompts_dir: Path | None = None,
    progress: Callable[[int], Progress] | None = None,
) -> Review:
    """The proposals for the post at ``path``: the rules' findings in its body, and with
    ``use_ai`` the model's rewrites (a failure of the model is kept in ``ai["failure"]``;
    the rules' proposals stand). ``progress(total)`` may return a callback for the
    sections answered."""
    from inpublic._files import FileStamp
    from inpublic.check import check_post
    from inpublic.workspace.post import load_post

    stamp = FileStamp.of(path)  # before reading: a later edit then shows as a change
    post = load_post(path)
    report = check_post(post, config.check, config.default_lang)
    lang = report.lang
    body, original = post.body, f"{post.title}\n{post.body}"
    flagged = [
        (span, finding)
        for finding in report.findings
        if finding.category in WORD_CATEGORIES and finding.source == "rules"
        if (span := _span(body, post.body_line, finding)) is not None
    ]
    review = Review(post, stamp, lang)
    chosen: list[Proposal] = []
    if use_ai:
        chosen = _model_proposals(
            review, flagged, config, original, state_dir, prompts_dir, progress
        )
    usable = [p for p in chosen if p.kind != "rejected"]  # a rejected one leaves the rules'
    left = [
        (span, finding)
        for span, finding in flagged
        if not any(p.start <= span[0] and span[1] <= p.end for p in usable)
    ]
    chosen += _rule_proposals(body, post.body_line, left, original, lang)
    kept: list[Proposal] = []
    end = 0
    for proposal in sorted(chosen, key=lambda p: (p.start, -p.end, p.kind != "rejected")):
        if proposal.kind == "rejected":  # shown, never applied: it may overlap
            kept.append(proposal)
        elif proposal.start >= end:  # one change to each stretch of text
            kept.append(proposal)
            end = proposal.end
    review.proposals = kept
    return review


def _span(body: str, body_line: int, finding: Finding) -> tuple[int, int] | None:
    """The finding's words as offsets in the body; None when they are not there (the
    title, in the front matter)."""
    if finding.line < body_line or not finding.match:
        return None
    starts = [0] + [m.end() for m in _LINE_BREAK.finditer(body)]
    index = finding.line - body_line
    if index >= len(starts):
        return None
    start = starts[index] + finding.column - 1
    end = start + len(finding.match)
    return (start, end) if body[start:end] == finding.match else None


def _sentence(body: str, start: int, end: int) -> tuple[int, int]:
    """The sentence of the body that holds ``body[start:end]`` (in its paragraph)."""
    from inpublic.document._sentences import split_sentences

    para_start = body.rfind("\n\n", 0, start)
    para_start = 0 if para_start < 0 else para_start + 2
    para_end = body.find("\n\n", end)
    para_end = len(body) if para_end < 0 else para_end
    for a, b in split_sentences(body[para_start:para_end], []):
        if para_start + a <= start < para_start + b:
            return para_start + a, max(para_start + b, end)
    return start, end


def _rule_proposals(
    body: str,
    body_line: int,
    flagged: list[tuple[tuple[int, int], Finding]],
    original: str,
    lang: str,
) -> list[Proposal]:
    """One proposal for each sentence the rules flagged: the sentence without the words
    of the findings whose category allows a deletion, else (or also) a question from the
    rule's suggestion."""
    by_sentence: dict[tuple[int, int], list[tuple[tuple[int, int], Finding]]] = {}
    for span, finding in flagged:
        by_sentence.setdefault(_sentence(body, *span), []).append((span, finding))
    proposals = []
    deletable = data()["review"]["delete"]
    for (start, end), found in by_sentence.items():
        sentence = body[start:end]
        rewrite = None
        for (a, b), finding in sorted(found, key=lambda item: -item[0][0]):
            if finding.category in deletable:
                text = sentence if rewrite is None else rewrite
                a, b, put = _deletion(text, a - start, b - start)
                rewrite = text[:a] + put + text[b:]
        asks = [f for _, f in found if f.category not in deletable]
        first = asks[0] if asks else found[0][1]
        rejected = check_rewrite(rewrite, original) if rewrite is not None else None
        line, column = position(body, start, body_line)
        end_line, end_column = position(body, end - 1, body_line)
        proposals.append(
            Proposal(
                start,
                end,
                line,
                column,
                end_line,
                end_column,
                sentence,
                first.rule,
                first.category,
                "rules",
                ("" if lang == "zh" else " ").join(dict.fromkeys(f.message for _, f in found)),
                rewrite,
                (first.suggestion or first.message) if asks else None,
                rejected.text(lang) if rejected else None,
                "rules",
            )
        )
    return proposals


def _deletion(text: str, start: int, end: int) -> tuple[int, int, str]:
    """Deleting ``text[start:end]`` tidily: with one space beside it, and the next word
    capitalised when the words started a sentence ("I think it helps." → "It helps.");
    returns the span to replace and what replaces it."""
    if text[end : end + 1] == " ":
        end += 1
    elif text[start - 1 : start] == " " and text[end : end + 1] in (".", ",", ";", ":", ""):
        start -= 1
    starts_sentence = _SENTENCE_END.search(text[:start]) is not None
    if starts_sentence and text[end : end + 1] in (",", "，", "、"):
        end += 1  # "Honestly, it works" → "It works": the comma goes with the word
        while text[end : end + 1] == " ":
            end += 1
    put = ""
    if starts_sentence and text[start : start + 1].isupper() and text[end : end + 1].islower():
        put, end = text[end].upper(), end + 1
    return start, end, put


def _model_proposals(
    review: Review,
    flagged: list[tuple[tuple[int, int], Finding]],
    config: Config,
    original: str,
    state_dir: Path | None,
    prompts_dir: Path | None,
    progress: Callable[[int], Progress] | None,
) -> list[Proposal]:
    """The model's rewrites, one request per section of the body (cached); its failure,
    the count of its answers dropped and its tokens in ``review.ai``."""
    settings = config.ai
    body, body_line = review.post.body, review.post.body_line
    summary: dict[str, Any] = {
        "model": settings.model,
        "sections": 0,
        "cached": 0,
        "tokens": None,
        "dropped": 0,
        "failure": None,
    }
    review.ai = summary
    if len(body) > limit("post_chars"):
        failure = AIError("too_long", chars=f"{len(body):,}", limit=limit("post_chars"))
        summary["failure"] = failure.text(review.lang)
        return []
    prompt = load_prompt("review", review.lang, prompts_dir)
    tasks = []
    for section in split_sections(body, limit("section_chars")):
        inside = [
            f"- {finding.match} ({finding.category})"
            for (start, end), finding in flagged
            if section.start <= start and end <= section.start + len(section.text)
        ]
        user = section.text.rstrip() + "\n\nFLAGGED:\n" + ("\n".join(inside) or "-")
        key = answer_key(user, settings.base_url, settings.model, prompt.text, prompt.version)
        tasks.append(Task(0, section, prompt, key, user=user))
    summary["sections"] = len(tasks)
    summary["cached"], summary["tokens"] = answer_tasks(
        tasks, settings, AnswerCache(state_dir), progress
    )
    found: list[Proposal] = []
    for task in tasks:
        if task.error is not None:
            summary["failure"] = summary["failure"] or task.error.text(review.lang)
            continue
        assert task.answer is not None
        for item in task.answer.findings:
            span = find_quote(task.section.text, item.quote)
            rewrite = (item.rewrite or "").strip() or None
            question = (item.question or "").strip() or None
            if span is None or item.category not in WORD_CATEGORIES or not (rewrite or question):
                summary["dropped"] += 1
                continue
            start, end = task.section.start + span[0], task.section.start + span[1]
            line, column = position(body, start, body_line)
            end_line, end_column = position(body, end - 1, body_line)
            rejected = check_rewrite(rewrite, original) if rewrite else None
            rules = [f for (a, b), f in flagged if start <= a and b <= end]
            found.append(
                Proposal(
                    start,
                    end,
                    line,
                    column,
                    end_line,
                    end_column,
                    body[start:end],
                    rules[0].rule if rules else f"ai.{item.category}",
                    item.category,
                    "rules" if rules else "ai",
                    item.message.strip(),
                    rewrite,
                    question,
                    rejected.text(review.lang) if rejected else None,
                    "ai",
                )
            )
    return found


def overlaps(one: Proposal, other: Proposal) -> bool:
    """Whether two proposals change some of the same text (then only one may be taken)."""
    return one.start < other.end and other.start < one.end


def changed_body(body: str, accepted: Sequence[tuple[Proposal, str]]) -> str:
    """``body`` with each accepted proposal's text put in its place."""
    done: list[Proposal] = []
    for proposal, text in sorted(accepted, key=lambda item: item[0].start, reverse=True):
        if any(overlaps(proposal, other) for other in done):
            raise ValueError(f"two accepted changes overlap at {proposal.line}:{proposal.column}")
        body = body[: proposal.start] + text + body[proposal.end :]
        done.append(proposal)
    return body


def apply_changes(
    review: Review, accepted: Sequence[tuple[Proposal, str]], *, dry_run: bool = False
) -> str:
    """Write the accepted texts (a proposal and the text that replaces its quote: its
    rewrite, or the writer's own) into the post, atomically and only if the file is
    unchanged since it was read (``save_post``'s ``expect``; with ``dry_run``, not at all);
    returns the unified diff. A
    rejected rewrite is refused here too, whatever the caller asks."""
    from inpublic.workspace.post import save_post, source_lines

    for proposal, text in accepted:
        if proposal.kind == "rejected" and text == proposal.rewrite:
            raise ValueError(f"a rejected rewrite cannot be applied: {proposal.rewrite!r}")
    post = review.post
    old = post.text()
    post.body = changed_body(post.body, accepted)
    new = post.text()
    if new != old and not dry_run:
        save_post(post, expect=review.stamp)
    name = str(post.path)
    return "".join(
        difflib.unified_diff(
            source_lines(old, keepends=True), source_lines(new, keepends=True), name, name
        )
    )


def ai_line(ai: dict[str, Any], lang: str) -> str:
    """The closing line of ``review --ai``."""
    line = message(
        lang, "review_ai", model=ai["model"], sections=ai["sections"], cached=ai["cached"]
    )
    parts = [line]
    if ai["dropped"]:
        parts.append(message(lang, "dropped", count=ai["dropped"]))
    if ai["tokens"] is not None:
        parts.append(message(lang, "tokens", tokens=f"{ai['tokens']:,}"))
    return ("；" if lang == "zh" else "; ").join(parts)
