"""Zhihu (and Juejin): Markdown without front matter, typography fixed, plus a Juejin summary."""

from __future__ import annotations

from inpublic.channels._images import with_names
from inpublic.channels.model import ChannelFinding, ChannelOutput, RenderContext
from inpublic.channels.text import clip_sentences, summary_text
from inpublic.workspace.post import source_lines

NAME = "zhihu"


def render(context: RenderContext) -> ChannelOutput:
    import autocorrect_py

    post, document = context.post, context.document
    # HTML comments (the template's prompts, <!--more-->) mean nothing on Zhihu or Juejin.
    dropped: set[int] = set()
    for block in document.blocks:
        if block.kind == "html" and block.text.lstrip().startswith("<!--"):
            dropped.update(range(block.line, block.end_line + 1))
    # Images by their file name, as in the Hugo bundle: no path of this computer goes out.
    # Lines as the Markdown parser counts them (not str.splitlines: U+0085 is no line end).
    lines = source_lines(with_names(post.body, document, context.images), keepends=True)
    kept = [
        line for number, line in enumerate(lines, start=post.body_line) if number not in dropped
    ]
    body = autocorrect_py.format_for("".join(kept).strip() + "\n", "md")
    title = context.title
    markdown_path = context.write("zhihu.md", f"# {title}\n\n{body}")

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
    summary_path = context.write("juejin-summary.txt", summary + "\n")
    return ChannelOutput(
        NAME,
        (markdown_path, summary_path),
        tuple(findings),
        f"zhihu.md ({len(body)} characters), juejin-summary.txt",
    )
