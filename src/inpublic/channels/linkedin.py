"""LinkedIn: plain text, the hook before the fold, bullets, links marked [n] and listed at
the end, a few hashtags."""

from __future__ import annotations

from inpublic.channels._limits import over_limit
from inpublic.channels._plain import (
    first_sentence,
    hashtags,
    key_result,
    left_out,
    spaced,
    text_lines,
)
from inpublic.channels.fit import fit, proposals, summary_sources
from inpublic.channels.model import Artifact, ChannelOutput, RenderContext

NAME = "linkedin"


def render(context: RenderContext) -> ChannelOutput:
    limits, document = context.limits, context.document
    findings = left_out(context, NAME)
    hook = fit(
        context,
        NAME,
        "hook",
        spaced(context, "\n".join(part for part in _hook(context) if part) or context.title),
        [[spaced(context, text) for text in pieces] for pieces in summary_sources(context)],
        limits["hook_max"],
    )
    findings += over_limit(context, "hook", hook.length, severity="warning")
    body, links = text_lines(document, lambda block: f"▸ {block.text}", nested="  ◦ ")
    lines = [hook.text, "", *(spaced(context, line) for line in body)]
    if links:
        lines += [
            "",
            "Links:" if context.lang == "en" else "链接：",
            *(f"[{n}] {url}" for n, url in enumerate(links, start=1)),
        ]
    tags, too_many = hashtags(context, "hashtags")
    findings += too_many
    if tags:
        lines += ["", " ".join(tags)]
    text = "\n".join(_squeeze(lines)).strip() + "\n"
    findings += over_limit(context, "text", text, what="too-long")
    return ChannelOutput(
        NAME,
        (Artifact("linkedin.txt", text),),
        tuple(findings),
        f"linkedin.txt ({len(text)} characters)",
        proposals(hook),
    )


def _hook(context: RenderContext) -> tuple[str, str]:
    """The problem and the key result, the hook before the fold."""
    document = context.document
    return first_sentence(document, "problem"), key_result(document)


def _squeeze(lines: list[str]) -> list[str]:
    """No more than one blank line in a row."""
    out: list[str] = []
    for line in lines:
        if line == "" and out and out[-1] == "":
            continue
        out.append(line)
    return out
