"""X: a thread of posts, each valid under twitter-text v3, numbered 1/n."""

from __future__ import annotations

import json
import re
from functools import lru_cache

from inpublic._files import write_atomic
from inpublic.channels._plain import key_result, plain_blocks
from inpublic.channels.model import ChannelFinding, ChannelOutput, RenderContext
from inpublic.document._sentences import is_cjk, split_sentences

NAME = "x"
# Pieces that are never split: inline code, URLs, and runs of non-space characters
# (a Latin word, a number, an emoji sequence). CJK runs may break between characters.
_ATOM = re.compile(r"`[^`]*`|https?://\S+|\S+")
_CLAUSE = re.compile(r"(?<=[，,；;：:、])")


@lru_cache(maxsize=4096)
def weight(text: str) -> int:
    from twitter_text import parse_tweet

    return parse_tweet(text).weightedLength


def render(context: RenderContext) -> ChannelOutput:
    document, post = context.document, context.post
    limit = context.limits["weighted_max"]
    hook = str(
        context.options.get("hook")
        or "\n\n".join(part for part in (context.title, key_result(document)) if part)
    )
    paragraphs = []
    for block in plain_blocks(document):
        if block.kind == "list_item":
            paragraphs.append("• " + block.text)
        elif block.kind in ("paragraph", "quote"):
            paragraphs.append(block.text)
    site = context.config.profile.site_url.rstrip("/")
    closing = []
    if site:
        label = "Full post" if context.lang == "en" else "全文"
        closing.append(f"{label}: {site}/posts/{post.slug}/")
    posts, findings = thread([hook], paragraphs, closing, limit)
    json_path = context.out / "x.json"
    text_path = context.out / "x.txt"
    write_atomic(json_path, json.dumps({"posts": posts}, ensure_ascii=False, indent=2) + "\n")
    write_atomic(text_path, "\n\n\n\n".join(posts) + "\n")
    return ChannelOutput(
        NAME, (json_path, text_path), tuple(findings), f"x.json: a thread of {len(posts)} posts"
    )


def thread(
    head: list[str], body: list[str], tail: list[str], limit: int = 280
) -> tuple[list[str], list[ChannelFinding]]:
    """Pack the pieces into posts, numbered 1/n; the label's own weight is counted."""
    count = 1
    for _ in range(5):  # the count settles in one or two rounds
        label_weight = weight(f"\n{count}/{count}")
        budget = limit - label_weight
        findings: list[ChannelFinding] = []
        posts = [
            *_pack(head, budget, findings),
            *_pack(body, budget, findings),
            *_pack(tail, budget, findings),
        ]
        if len(str(len(posts))) == len(str(count)) and len(posts) <= count:
            break
        count = len(posts)
    total = len(posts)
    return [f"{text}\n{number}/{total}" for number, text in enumerate(posts, start=1)], findings


def _pack(pieces: list[str], budget: int, findings: list[ChannelFinding]) -> list[str]:
    """Greedy: join pieces with blank lines while they fit; split a piece that does not."""
    posts: list[str] = []
    current = ""
    for piece in pieces:
        for part in _fit(piece, budget, findings):
            joined = f"{current}\n\n{part}" if current else part
            if weight(joined) <= budget:
                current = joined
            else:
                if current:
                    posts.append(current)
                current = part
    if current:
        posts.append(current)
    return posts


def _fit(text: str, budget: int, findings: list[ChannelFinding]) -> list[str]:
    """Split text into parts that fit: sentences, then clauses, then words."""
    if weight(text) <= budget:
        return [text]
    for splitter in (_sentences, _clauses, _words):
        parts = splitter(text)
        if len(parts) > 1:
            return _merge([p for part in parts for p in _fit(part, budget, findings)], budget)
    findings.append(
        ChannelFinding(
            "x.unsplittable",
            "error",
            f"'{text[:40]}…' is longer than one post and has no break",
            "shorten it, or put it in the full post",
        )
    )
    return [text]


def _merge(parts: list[str], budget: int) -> list[str]:
    merged: list[str] = []
    for part in parts:
        if merged and weight(_join(merged[-1], part)) <= budget:
            merged[-1] = _join(merged[-1], part)
        else:
            merged.append(part)
    return merged


def _join(left: str, right: str) -> str:
    glue = "" if (left and is_cjk(left[-1])) or (right and is_cjk(right[0])) else " "
    return left + glue + right


def _sentences(text: str) -> list[str]:
    opaque = [m.span() for m in _ATOM.finditer(text) if m.group().startswith(("`", "http"))]
    return [text[a:b] for a, b in split_sentences(text, opaque)]


def _clauses(text: str) -> list[str]:
    parts, start = [], 0
    for match in _ATOM.finditer(text):
        if match.group().startswith(("`", "http")):
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
        if atom.startswith(("`", "http")) or not any(is_cjk(c) for c in atom):
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
