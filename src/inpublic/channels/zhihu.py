"""Zhihu (and Juejin): Markdown without front matter, typography fixed, plus a Juejin summary."""

from __future__ import annotations

from inpublic._files import write_atomic
from inpublic.channels.model import ChannelFinding, ChannelOutput, RenderContext
from inpublic.channels.text import clip_sentences, summary_text

NAME = "zhihu"


def render(context: RenderContext) -> ChannelOutput:
    import autocorrect_py

    post, document = context.post, context.document
    # HTML comments (the template's prompts, <!--more-->) mean nothing on Zhihu or Juejin.
    dropped: set[int] = set()
    for block in document.blocks:
        if block.kind == "html" and block.text.lstrip().startswith("<!--"):
            dropped.update(range(block.line, block.end_line + 1))
    lines = post.body.splitlines(keepends=True)
    kept = [
        line for number, line in enumerate(lines, start=post.body_line) if number not in dropped
    ]
    body = autocorrect_py.format_for("".join(kept).strip() + "\n", "md")
    title = context.title
    markdown_path = context.out / "zhihu.md"
    write_atomic(markdown_path, f"# {title}\n\n{body}")

    findings = []
    limit = context.limits["juejin_summary_max"]
    wanted = str(context.options.get("summary") or summary_text(context))
    summary = clip_sentences(wanted, limit)
    if len(summary) < len(wanted.strip()):
        findings.append(
            ChannelFinding(
                "zhihu.summary-too-long",
                "warning",
                f"the summary has {len(wanted.strip())} characters; Juejin takes {limit}, "
                f"so it was cut to {len(summary)} at a sentence end",
                "set channels.zhihu.summary in the front matter to choose the words",
            )
        )
    summary_path = context.out / "juejin-summary.txt"
    write_atomic(summary_path, summary + "\n")
    return ChannelOutput(
        NAME,
        (markdown_path, summary_path),
        tuple(findings),
        f"zhihu.md ({len(body)} characters), juejin-summary.txt",
    )
