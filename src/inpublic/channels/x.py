"""X: a thread of posts, each valid under twitter-text v3, numbered 1/n."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from functools import cache, lru_cache
from typing import get_args

from inpublic.channels._limits import over_limit
from inpublic.channels._plain import (
    key_result,
    left_out,
    list_prefix,
    message,
    plain_blocks,
    spaced,
)
from inpublic.channels.model import Artifact, ChannelFinding, ChannelOutput, RenderContext
from inpublic.config import ThreadMode
from inpublic.document._sentences import is_cjk, split_sentences

NAME = "x"
MODES = get_args(ThreadMode)  # [x] thread
# Pieces that are never split: inline code, URLs (with what clings to them, as the '(' of
# "text (https://…)"), and runs of non-space characters (a Latin word, a number, an emoji
# sequence). CJK runs may break between characters.
_ATOM = re.compile(r"`[^`]*`|[^\s\w]*https?://\S+|\S+")


def _opaque(atom: str) -> bool:
    return atom.startswith("`") or "://" in atom


_CLAUSE = re.compile(r"(?<=[，；：、])|(?<=[,;:])(?!\d)")  # not inside 2,300 or 10:30


@lru_cache(maxsize=4096)
def weight(text: str) -> int:
    from twitter_text import parse_tweet

    return parse_tweet(text).weightedLength


def render(context: RenderContext) -> ChannelOutput:
    """The post as ``[x] thread`` says (a post's ``channels.x.thread`` wins): short, full
    or single. The key result is in the hook, and nowhere else."""
    document = context.document
    limit = context.limits["weighted_max"]
    findings: list[ChannelFinding] = []
    mode = str(context.options.get("thread") or context.config.x.thread)
    if mode not in MODES:
        findings.append(
            _fit_finding(context, "bad-thread", "warning", mode=mode, used=context.config.x.thread)
        )
        mode = context.config.x.thread
    result = key_result(document)
    hook = str(
        context.options.get("hook") or "\n\n".join(part for part in (context.title, result) if part)
    )
    link = _full_post(context)
    if mode == "single":
        posts = [_single(context, hook, link, limit, findings)]
    else:
        body = _key_steps(context) if mode == "short" else _paragraphs(context, result)
        tail = [link] if link else []
        posts, split = thread([spaced(context, hook)], body, tail, limit, context.lang)
        while mode == "short" and len(posts) > context.limits["short_max"] and len(body) > 1:
            body.pop()
            posts, split = thread([spaced(context, hook)], body, tail, limit, context.lang)
        findings += split
        findings += over_limit(
            context,
            "thread",
            len(posts),
            severity="suggestion",
            what="long-thread",
            limit_key="thread_long",
        )
    findings += left_out(context, NAME)
    artifacts = (
        Artifact(
            "x.json",
            json.dumps({"mode": mode, "posts": posts}, ensure_ascii=False, indent=2) + "\n",
        ),
        Artifact("x.txt", "\n\n\n\n".join(posts) + "\n"),
    )
    shape = "one post" if mode == "single" else f"a {mode} thread of {len(posts)} posts"
    return ChannelOutput(NAME, artifacts, tuple(findings), f"x.json: {shape}")


def _full_post(context: RenderContext) -> str:
    """'Full post: <site_url>/posts/<slug>/', or '' without [profile] site_url."""
    site = context.config.profile.site_url.rstrip("/")
    if not site:
        return ""
    label = "Full post" if context.lang == "en" else "全文"
    return f"{label}: {site}/posts/{context.post.slug}/"


def _paragraphs(context: RenderContext, result: str) -> list[str]:
    """The whole post as pieces, the key result (in the hook) left out of its paragraph:
    links as "text (https://…)", an address weighing 23 whatever its length; a list's
    items one piece, a line each."""
    paragraphs: list[str] = []
    in_list = False
    for block in plain_blocks(context.document, style="inline"):
        if block.kind == "list_item":
            item = spaced(context, list_prefix(block, nested="  • ") + block.text)
            if in_list:
                paragraphs[-1] += "\n" + item
            else:
                paragraphs.append(item)
        elif block.kind in ("paragraph", "quote", "table"):
            paragraph = result and block.kind == "paragraph"  # a table keeps its rows
            text = block.text.replace(result, "", 1).strip() if paragraph else block.text
            if text:
                paragraphs.append(spaced(context, text))
        in_list = block.kind == "list_item"
    return paragraphs


def _key_steps(context: RenderContext) -> list[str]:
    """The problem, then the solution's steps (the first sentence of each of its section's
    top-level items or paragraphs; else the sentence that states the solution)."""
    from inpublic.channels._plain import first_sentence
    from inpublic.channels.fit import sentences
    from inpublic.document.parts import section_hints

    document = context.document
    section = section_hints(document).get("solution")
    steps = []
    if section is not None:
        for block in plain_blocks(document, style="inline"):
            if block.section != section or block.kind not in ("paragraph", "list_item"):
                continue
            if block.depth > 1 or block.hang:  # a nested item or an item's later paragraph
                continue
            first = sentences(block.text)
            if first:
                prefix = list_prefix(block) if block.kind == "list_item" else ""
                steps.append(prefix + first[0])
    if not steps and (solution := first_sentence(document, "solution")):
        steps = [solution]
    problem = first_sentence(document, "problem")
    return [spaced(context, text) for text in ([problem] if problem else []) + steps]


def _single(
    context: RenderContext, hook: str, link: str, limit: int, findings: list[ChannelFinding]
) -> str:
    """One post: the hook, shortened to leave room for the link to the full article."""
    from inpublic.channels.fit import compose

    if not link:
        findings.append(_fit_finding(context, "no-link", "warning"))
    room = limit - (weight(f"\n\n{link}") if link else 0)
    pieces = [spaced(context, piece) for piece in hook.split("\n\n")]
    text = compose(pieces, room, weight, "\n\n") or ""
    if not text:
        findings.append(
            ChannelFinding(
                "x.unsplittable",
                "error",
                *message("x.unsplittable", context.lang, start=hook[:40]),
            )
        )
    return "\n\n".join(part for part in (text, link) if part)


def _fit_finding(
    context: RenderContext, what: str, severity: str, **values: object
) -> ChannelFinding:
    from inpublic.channels import limits

    words = limits()["fit"]["messages"]
    lang = context.lang
    fix = words.get(f"{what}-fix", {}).get(lang, "")
    return ChannelFinding(f"x.{what}", severity, words[what][lang].format(**values), fix)


def thread(
    head: list[str], body: list[str], tail: list[str], limit: int = 280, lang: str = "en"
) -> tuple[list[str], list[ChannelFinding]]:
    """Pack the pieces into posts, numbered 1/n; the label's own weight is counted.

    Each piece is weighed once (twitter-text takes a few milliseconds a call), and a join's
    weight is the sum of its parts' and its glue's: the glue is white space, or nothing
    beside a CJK character, so no URL or emoji spans a join."""
    weigh = cache(weight.__wrapped__)
    count = 1
    for _ in range(5):  # the count settles in one or two rounds
        label_weight = weigh(f"\n{count}/{count}")
        budget = limit - label_weight
        findings: list[ChannelFinding] = []
        posts = [
            *_pack(head, budget, findings, weigh, lang),
            *_pack(body, budget, findings, weigh, lang),
            *_pack(tail, budget, findings, weigh, lang),
        ]
        if len(str(len(posts))) == len(str(count)) and len(posts) <= count:
            break
        count = len(posts)
    total = len(posts)
    return [f"{text}\n{number}/{total}" for number, text in enumerate(posts, start=1)], findings


Weigh = Callable[[str], int]


def _pack(
    pieces: list[str], budget: int, findings: list[ChannelFinding], weigh: Weigh, lang: str
) -> list[str]:
    """Greedy: join pieces with blank lines while they fit; split a piece that does not."""
    posts: list[str] = []
    current, used = "", 0
    gap = weigh("\n\n")
    for piece in pieces:
        for part, size in _fit(piece, budget, findings, weigh, lang):
            if current and used + gap + size <= budget:
                current, used = f"{current}\n\n{part}", used + gap + size
            else:
                if current:
                    posts.append(current)
                current, used = part, size
    if current:
        posts.append(current)
    return posts


def _fit(
    text: str, budget: int, findings: list[ChannelFinding], weigh: Weigh, lang: str
) -> list[tuple[str, int]]:
    """Split text into parts that fit, with their weights: sentences, then clauses, then
    words."""
    # A text many posts long is split without weighing it whole: weighing costs time in
    # proportion to the length, and only long URLs could make it fit.
    size = weigh(text) if len(text) <= 4 * budget else budget + 1
    if size <= budget:
        return [(text, size)]
    for splitter in (_sentences, _clauses, _words):
        parts = splitter(text)
        if len(parts) > 1:
            fitted = [p for part in parts for p in _fit(part, budget, findings, weigh, lang)]
            return _merge(fitted, budget, weigh)
    findings.append(
        ChannelFinding("x.unsplittable", "error", *message("x.unsplittable", lang, start=text[:40]))
    )
    return [(text, size)]


def _merge(parts: list[tuple[str, int]], budget: int, weigh: Weigh) -> list[tuple[str, int]]:
    merged: list[tuple[str, int]] = []
    for part, size in parts:
        if merged:
            last, last_size = merged[-1]
            glue = _glue(last, part)
            joined = last_size + weigh(glue) + size
            if joined <= budget:
                merged[-1] = (last + glue + part, joined)
                continue
        merged.append((part, size))
    return merged


def _glue(left: str, right: str) -> str:
    return "" if (left and is_cjk(left[-1])) or (right and is_cjk(right[0])) else " "


def _sentences(text: str) -> list[str]:
    opaque = [m.span() for m in _ATOM.finditer(text) if _opaque(m.group())]
    return [text[a:b] for a, b in split_sentences(text, opaque)]


def _clauses(text: str) -> list[str]:
    parts, start = [], 0
    for match in _ATOM.finditer(text):
        if _opaque(match.group()):
            continue
        for cut in _CLAUSE.finditer(match.group()):
            end = match.start() + cut.start()
            if 0 < end < len(text):
                parts.append(text[start:end].strip())
                start = end
    parts.append(text[start:].strip())
    return [p for p in parts if p]


def _words(text: str) -> list[str]:
    """Words, and single CJK characters inside CJK runs; code, URLs and numbers stay whole."""
    words = []
    for match in _ATOM.finditer(text):
        atom = match.group()
        if _opaque(atom) or not any(is_cjk(c) for c in atom):
            words.append(atom)
            continue
        run = ""
        for char in atom:
            if is_cjk(char):
                if run:
                    words.append(run)
                words.append(char)
                run = ""
            else:
                run += char
        if run:
            words.append(run)
    return words
