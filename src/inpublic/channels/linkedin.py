"""LinkedIn: plain text, the hook before the fold, bullets, links marked [n] and listed at
the end, a few hashtags."""

from __future__ import annotations

from inpublic.channels._plain import (
    finding,
    first_sentence,
    hashtags,
    key_result,
    left_out,
    spaced,
    text_lines,
)
from inpublic.channels.model import ChannelOutput, RenderContext

NAME = "linkedin"


def render(context: RenderContext) -> ChannelOutput:
    limits, document = context.limits, context.document
    findings = left_out(context, NAME)
    hook = spaced(
        context,
        str(
            context.options.get("hook")
            or "\n".join(
                part for part in (first_sentence(document, "problem"), key_result(document)) if part
            )
            or context.title
        ),
    )
    if len(hook) > limits["hook_max"]:
        findings.append(
            finding(
                context,
                "linkedin.hook-too-long",
                "warning",
                length=len(hook),
                limit=limits["hook_max"],
            )
        )
    body, links = text_lines(document, lambda block: f"▸ {block.text}", nested="  ◦ ")
    lines = [hook, "", *(spaced(context, line) for line in body)]
    if links:
        lines += [
            "",
            "Links:" if context.lang == "en" else "链接：",
            *(f"[{n}] {url}" for n, url in enumerate(links, start=1)),
        ]
    tags, too_many = hashtags(context, NAME, limits["hashtags_max"])
    findings += too_many
    if tags:
        lines += ["", " ".join(tags)]
    text = "\n".join(_squeeze(lines)).strip() + "\n"
    if len(text) > limits["text_max"]:
        findings.append(
            finding(
                context,
                "linkedin.too-long",
                "error",
                length=len(text),
                limit=limits["text_max"],
                over=len(text) - limits["text_max"],
            )
        )
    path = context.write("linkedin.txt", text)
    return ChannelOutput(NAME, (path,), tuple(findings), f"linkedin.txt ({len(text)} characters)")


def _squeeze(lines: list[str]) -> list[str]:
    """No more than one blank line in a row."""
    out: list[str] = []
    for line in lines:
        if line == "" and out and out[-1] == "":
            continue
        out.append(line)
    return out
