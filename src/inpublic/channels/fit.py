"""Text that fits each channel's limits, proposed from the post's own sentences.

A channel with a limit (WeChat's title and digest, Xiaohongshu's title and caption, the
LinkedIn hook, the Juejin summary, an X post) takes the author's override from the front
matter (``channels.NAME.KEY``) when there is one; else ``render`` proposes text built from
the micro-report parts that ``check`` finds (the problem, the key result, the solution's
steps). A proposal is only ever shortened: clauses are dropped (at ，、；：, ; : — or a
parenthesis), then words from the end; nothing is added, so every word and number in it is
in the post. When nothing fits, the channel reports a limit error with how the platform
counts (limits.toml's ``counts_en`` / ``counts_zh``): see ``_limits.over_limit``.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING

from inpublic.channels.model import RenderContext

if TYPE_CHECKING:
    from inpublic.workspace.post import Post

Count = Callable[[str], int]

# A clause ends at one of these marks (kept out of a shortened text's end).
_MARKS = "，、；：,;:—–"
_CLAUSE = re.compile(rf"(?<=[{_MARKS}])|(?<=\s)-(?=\s)")
_PAREN = re.compile(r"\s*[(（][^()（）]*[)）]")
_TRIM = f"{_MARKS} -\t\n"


@dataclass(frozen=True)
class Proposal:
    """Text render proposes for ``channels.<channel>.<key>``, ``length`` by the platform's
    count, within ``limit``."""

    channel: str
    key: str  # title, digest, hook, summary, caption
    text: str
    length: int
    limit: int
    source: str = "rules"  # "ai": written by the model (render --ai, see ASK_MODEL)

    def to_dict(self) -> dict[str, object]:
        shown = {"key": self.key, "text": self.text, "length": self.length, "limit": self.limit}
        return {**shown, "source": self.source} if self.source != "rules" else shown


#: Set by ``render --ai`` (``inpublic.ai.fitting``): called with (context, key, text, limit,
#: count) when nothing here fits; its Proposal (``source`` "ai") or None.
ASK_MODEL: ContextVar[Callable[..., Proposal | None] | None] = ContextVar("ask_model", default=None)


@dataclass(frozen=True)
class Fitted:
    """What a channel uses for one of its limited texts: the author's override, the text
    itself when it fits, or a proposal; ``fits`` false when nothing fits."""

    text: str
    length: int
    fits: bool
    proposal: Proposal | None = None


def _weak_words() -> frozenset[str]:
    from inpublic.channels import limits

    return frozenset(limits()["fit"]["weak_ends"])


def candidates(text: str) -> Iterator[str]:
    """Shorter and shorter forms of ``text``, each made by dropping: the text, then without
    its parentheses, then its leading clauses (most first), then each later clause alone,
    then the first clause's leading words (never ending on a word such as 'to' or 'the')."""
    for candidate, _ in _candidates(text):
        yield candidate


# How much a candidate drops: 0 nothing, 1 its parentheses, 2 its last clauses, 3 all but
# one later clause, 4 words.
_CLAUSES = 2


def _candidates(text: str) -> Iterator[tuple[str, int]]:
    text = " ".join(text.split()) if text.isascii() else text.strip()
    if not text:
        return
    yield text, 0
    bare = _PAREN.sub("", text).strip()
    if bare != text:
        yield bare, 1
    clauses = [c for c in _CLAUSE.split(bare) if c.strip(_TRIM)]
    for keep in range(len(clauses) - 1, 0, -1):
        yield "".join(clauses[:keep]).strip(_TRIM), 2
    for clause in clauses[1:]:
        yield clause.strip(_TRIM), 3
    first = clauses[0].strip(_TRIM) if clauses else bare
    words = first.split(" ")
    weak = _weak_words()
    for keep in range(len(words) - 1, 0, -1):
        if words[keep - 1].lower().strip(_TRIM) not in weak:
            yield " ".join(words[:keep]).strip(_TRIM), 4


def shorten(text: str, limit: int, count: Count = len) -> str | None:
    """The form of ``text`` (see ``candidates``) within ``limit`` by ``count`` that drops
    the least (its leading clauses before a later clause alone, before words), the longest
    of those; or None."""
    best: tuple[int, int, str] | None = None
    for candidate, level in _candidates(text):
        if count(candidate) <= limit:
            rank = (level, -len(candidate), candidate)
            best = rank if best is None or rank < best else best
    return best[2] if best else None


def compose(pieces: Sequence[str], limit: int, count: Count = len, glue: str = "\n") -> str | None:
    """The pieces (sentences: the problem, the key result…) joined with ``glue`` and
    shortened together to fit: the combination of their forms that drops the least (see
    ``shorten``) and keeps the most text.
    With several pieces, each keeps its leading clauses at least (and a measured result, if
    it states one), so that they still read as sentences; the last pieces are dropped when
    no combination of all of them fits. One piece may be cut anywhere ``candidates`` cuts,
    a form that keeps its measured result first ('Docs search on SQLite FTS5: p95 from 180
    ms to 23 ms' -> 'p95 from 180 ms to 23 ms', not 'Docs search on SQLite FTS5')."""
    texts = [p for p in dict.fromkeys(piece.strip() for piece in pieces) if p]
    glue_size = count(glue) if glue else 0
    while texts:
        several = len(texts) > 1
        options = [
            [
                (c, count(c), level, not _keeps_result(t, c))
                for c, level in dict(_candidates(t)).items()
                if not several or (level <= _CLAUSES and _keeps_result(t, c))
            ]
            for t in texts
        ]
        # whether it loses a measured result, what it drops, -its length, the text
        best: tuple[bool, int, int, str] | None = None
        for combination in itertools.product(*options):
            size = sum(c[1] for c in combination) + glue_size * (len(combination) - 1)
            if size > limit:
                continue
            rank = (
                any(c[3] for c in combination),
                max(c[2] for c in combination),
                -sum(len(c[0]) for c in combination),
                glue.join(c[0] for c in combination),
            )
            best = rank if best is None or rank < best else best
        if best is not None:
            text = best[3]
            return text if count(text) <= limit else shorten(text, limit, count)
        texts.pop()
    return None


def _keeps_result(text: str, candidate: str) -> bool:
    """A shortened sentence keeps a measured result when the sentence has one."""
    from inpublic.document.parts import measures

    def measured(value: str) -> bool:
        return any(m.result for m in measures(value))

    return candidate == text or not measured(text) or measured(candidate)


def fit(
    context: RenderContext,
    channel: str,
    key: str,
    wanted: str,
    sources: Sequence[Sequence[str]],
    limit: int,
    count: Count = len,
    glue: str = "\n",
) -> Fitted:
    """The text a channel uses for ``key``: the override ``channels.<name>.<key>`` as the
    author wrote it; else ``wanted`` when it fits; else the first of ``sources`` (lists of
    the post's sentences) that ``compose`` fits, as a proposal. Not fitting: ``fits`` false
    and the override, or ``wanted``, as it is (an empty ``wanted`` fits: a missing title is
    a finding of its own)."""
    override = context.options.get(key)
    if override:
        text = str(override)
        return Fitted(text, count(text), count(text) <= limit)
    if wanted and count(wanted) <= limit:
        return Fitted(wanted, count(wanted), True)
    for pieces in sources:
        proposed = compose(pieces, limit, count, glue)
        if proposed:
            proposal = Proposal(channel, key, proposed, count(proposed), limit)
            return Fitted(proposed, proposal.length, True, proposal)
    if sources and (asked := ask_model(context, key, wanted, limit, count)):
        return asked
    return Fitted(wanted, count(wanted), not wanted)  # nothing is not too long


def ask_model(
    context: RenderContext, key: str, wanted: str, limit: int, count: Count = len
) -> Fitted | None:
    """With ``render --ai``, the model's text for ``key`` within ``limit`` (checked by the
    guard and ``count``), as a proposal; else None. ``fit`` asks when none of its sources
    fits; a channel that cuts a text its own way (a caption) may ask after it."""
    ask = ASK_MODEL.get()
    asked = ask(context, key, wanted, limit, count) if ask is not None and wanted else None
    return Fitted(asked.text, asked.length, True, asked) if asked else None


def title_sources(context: RenderContext) -> list[list[str]]:
    """What a short title is made from: the title, then the key result."""
    from inpublic.channels._plain import key_result

    return [[context.post.title], [key_result(context.document)]]


def summary_sources(context: RenderContext) -> list[list[str]]:
    """What a digest, a hook or a summary is made from: the problem and the key result (or
    the problem alone, see ``compose``), then the key result, then the post's summary, then
    its title."""
    from inpublic.channels._plain import first_sentence, key_result
    from inpublic.channels.text import summary_text

    document = context.document
    problem, result = first_sentence(document, "problem"), key_result(document)
    return [[problem, result], [result], [summary_text(context)], [context.post.title]]


def sentences(text: str) -> list[str]:
    """The sentences of ``text``."""
    from inpublic.document._sentences import split_sentences

    return [text[a:b].strip() for a, b in split_sentences(text, [])]


def whole_sentences(pieces: Sequence[str], limit: int, count: Count = len) -> str | None:
    """The longest run of whole sentences from the start of the pieces that fits (a Juejin
    summary is cut at a sentence end), or None when not even the first fits."""
    texts = [s for piece in pieces for s in sentences(piece) if s]
    best = None
    for keep in range(1, len(texts) + 1):
        text = _join_sentences(texts[:keep])
        if count(text) > limit:
            break
        best = text
    return best


def _join_sentences(texts: Sequence[str]) -> str:
    """Sentences as one paragraph: a space after Latin text, none after CJK."""
    out = ""
    for text in texts:
        if out and out[-1].isascii():
            out += " "
        out += text
    return out


def message(what: str, lang: str, proposal: Proposal | None = None) -> str:
    """A line of limits.toml's [fit.messages] in ``lang`` ('proposed title (23/32)')."""
    from inpublic.channels import limits

    words = limits()["fit"]
    lang = lang if lang in ("zh", "en") else "en"
    if proposal is None:
        return str(words["messages"][what][lang])
    return str(words["messages"][what][lang]).format(
        key=words["keys"][proposal.key][lang], length=proposal.length, limit=proposal.limit
    )


def accept(post: Post, proposals: Sequence[Proposal]) -> list[Proposal]:
    """Write each proposal into the post's front matter as ``channels.<channel>.<key>``
    unless the author has set one (``Post.set`` keeps the other keys and the file's
    formatting); the caller saves the post. Returns the proposals written."""
    current = post.meta.get("channels") or {}
    merged = {name: dict(options or {}) for name, options in current.items()}
    written = []
    for proposal in proposals:
        options = merged.setdefault(proposal.channel, {})
        if not options.get(proposal.key):
            options[proposal.key] = _yaml_text(proposal.text)
            written.append(proposal)
    if written:
        post.set("channels", merged)
    return written


def proposals(*fitted: Fitted) -> tuple[Proposal, ...]:
    """The proposals among a channel's fitted texts."""
    return tuple(f.proposal for f in fitted if f.proposal is not None)


def fit_sections(sections: Sequence[Sequence[str]], limit: int, count: Count = len) -> str | None:
    """A caption that fits, each step taken only while it does not: the longest lines cut
    to their first sentence; then each section's later lines dropped, from the longest
    section, down to its heading and first line; then those first lines shortened; then
    the last sections dropped. ``sections``: lists of lines, the first one the heading (or
    a lead line), joined with a blank line between sections."""
    kept = [list(lines) for lines in sections if lines]

    def text() -> str:
        return "\n\n".join("\n".join(lines) for lines in kept)

    lines_by_length = sorted(
        ((i, j) for i, lines in enumerate(kept) for j in range(1, len(lines))),
        key=lambda at: -len(kept[at[0]][at[1]]),
    )
    for i, j in lines_by_length:
        if count(text()) <= limit:
            break
        kept[i][j] = first_sentence(kept[i][j])
    while count(text()) > limit:
        longest = max(
            (i for i in range(len(kept)) if len(kept[i]) > 2),
            key=lambda i: (len("".join(kept[i])), i),
            default=None,
        )
        if longest is None:
            break
        kept[longest].pop()
    for lines in kept:
        if count(text()) <= limit:
            break
        if len(lines) > 1:
            over = count(text()) - limit
            shorter = shorten(lines[1], max(count(lines[1]) - over, 1), count)
            lines[1] = shorter or lines[1]
    while count(text()) > limit and len(kept) > 1:
        kept.pop()
    return text() if kept and count(text()) <= limit else None


# A caption line's list marker ('3. ', '  ◦ ', '• '), kept with the text it marks.
_LIST_MARK = re.compile(r"^\s*(?:\d+[.)]|[•◦▪-])\s+")
_PARENTHESIS = re.compile(r"\s*\([^()]*\)|（[^（）]*）")


def first_sentence(line: str) -> str:
    """A line cut to its first sentence: a list item's marker kept with it ('3. Load…', not
    '3.'); never inside parentheses: when the first sentence ends in one, the line without
    its parentheses is cut instead, and if that still does, the line is kept whole."""
    mark = _LIST_MARK.match(line)
    prefix, rest = (mark.group(0), line[mark.end() :]) if mark else ("", line)
    for text in (rest, _PARENTHESIS.sub("", rest)):
        first = sentences(text)
        if first and _balanced(first[0]):
            return prefix + first[0]
    return line


def _balanced(text: str) -> bool:
    return text.count("(") == text.count(")") and text.count("（") == text.count("）")


def _yaml_text(text: str) -> str:
    """A caption of several lines as a YAML block (|), which reads as it will show."""
    if "\n" not in text:
        return text
    from ruamel.yaml.scalarstring import LiteralScalarString

    return LiteralScalarString(text)
