"""Zhihu (and Juejin): Markdown without front matter, typography fixed, plus a Juejin summary."""

from __future__ import annotations

import re

from inpublic.channels import _syntax
from inpublic.channels._images import image_findings, upload_findings, with_names
from inpublic.channels.fit import (
    Fitted,
    Proposal,
    compose,
    fit,
    no_fit,
    proposals,
    summary_sources,
    whole_sentences,
)
from inpublic.channels.model import ChannelFinding, ChannelOutput, RenderContext
from inpublic.channels.text import summary_text
from inpublic.workspace.post import source_lines

NAME = "zhihu"
# Raw HTML that runs code: Zhihu's and Juejin's editors refuse it, so it is left out.
_ACTIVE_HTML = re.compile(r"<\s*(script|iframe|object|embed|style)\b|\son[a-z]+\s*=", re.I)
# A bare address followed by CJK text: an autolinker would take the 。 or the words into
# the link, so it is written <https://…> as CommonMark's autolink.
_CJK = "\u3000-\u303f\uff00-\uffef\u3400-\u9fff"
_BARE_URL = re.compile(
    rf"(?<![<(\[\w\"'/])https?://(?:[^\s<>()\[\]{_CJK}]|\([^\s<>()\[\]{_CJK}]*\))+(?=[{_CJK}])"
)
_FENCE = re.compile(r"^[ ]{0,3}(`{3,}|~{3,})")


def render(context: RenderContext) -> ChannelOutput:
    from inpublic.channels._plain import autocorrected

    post, document = context.post, context.document
    # HTML comments (the template's prompts, <!--more-->) mean nothing on Zhihu or Juejin.
    dropped: set[int] = set()
    findings = image_findings(context, NAME) + upload_findings(context, NAME)
    for block in document.blocks:
        if block.kind != "html":
            continue
        if block.text.lstrip().startswith("<!--"):
            dropped.update(range(block.line, block.end_line + 1))
        elif _ACTIVE_HTML.search(block.text):
            dropped.update(range(block.line, block.end_line + 1))
            findings.append(
                _syntax.finding(NAME, context.lang, "raw-html", "warning", line=block.line)
            )
    # Images by their file name, as in the Hugo bundle: no path of this computer goes out.
    # Lines as the Markdown parser counts them (not str.splitlines: U+0085 is no line end).
    lines = source_lines(with_names(post.body, document, context.images), keepends=True)
    rewritten = _syntax_lines(context, lines, dropped, findings)
    kept = [
        rewritten.get(number, line)
        for number, line in enumerate(lines, start=post.body_line)
        if number not in dropped
    ]
    body = autocorrected(_bracketed_urls(kept).strip() + "\n", markdown=True)
    title = context.title
    markdown_path = context.write("zhihu.md", f"# {title}\n\n{body}")

    summary = juejin_summary(context, findings)
    summary_path = context.write("juejin-summary.txt", summary.text + "\n")
    return ChannelOutput(
        NAME,
        (markdown_path, summary_path),
        tuple(findings),
        f"zhihu.md ({len(body)} characters), juejin-summary.txt",
        proposals(summary),
    )


def juejin_summary(context: RenderContext, findings: list[ChannelFinding]) -> Fitted:
    """The Juejin summary: the override, the post's summary when it fits, else whole
    sentences from it (or from the problem and the key result) cut at a sentence end."""
    from inpublic.channels._plain import spaced

    limit = context.limits["juejin_summary_max"]
    wanted = spaced(context, summary_text(context))  # spaced as the article is
    summary = fit(context, NAME, "summary", wanted, [], limit)
    if not summary.fits and not context.options.get("summary"):
        for found in summary_sources(context):
            pieces = [spaced(context, piece) for piece in found]
            glue = "" if context.lang == "zh" else " "
            text = whole_sentences(pieces, limit) or compose(pieces, limit, glue=glue)
            if text:
                proposal = Proposal(NAME, "summary", text, len(text), limit)
                return Fitted(text, len(text), True, proposal)
    if not summary.fits:
        findings.append(no_fit(context, NAME, "summary", summary.length, limit, "warning"))
    return summary


def _syntax_lines(
    context: RenderContext, lines: list[str], dropped: set[int], findings: list[ChannelFinding]
) -> dict[int, str]:
    """The lines written otherwise for Zhihu and Juejin, by file line: an alert's
    ``[!NOTE]`` as its bold title, a task's box as ☑/☐; a [TOC] line is dropped with a
    finding (both editors build their own table of contents). Footnotes and $…$ math stay
    as written: Juejin renders them, and Zhihu's Markdown import reads TeX between dollars."""
    first = context.post.body_line
    rewritten: dict[int, str] = {}

    def replace(index: int, pattern: str, new: str) -> None:
        line = lines[index]
        rewritten[first + index] = re.sub(pattern, lambda _: new, line, count=1)

    tokens = context.document.tokens
    for index, token in enumerate(tokens):
        if not token.map:
            continue
        if token.type == "alert_open":
            title = _syntax.words("alerts", token.meta["kind"], context.lang)
            replace(token.map[0], r"\[![A-Za-z]+\]", f"**{title}**")
        elif token.type == "list_item_open" and "checked" in token.meta:
            box = _syntax.data()["task"]["checked" if token.meta["checked"] else "open"]
            replace(token.map[0], r"\[[ xX]\]", box)
        elif _syntax.is_toc(tokens, index):
            dropped.add(first + token.map[0])
            findings.append(
                _syntax.finding(NAME, context.lang, "toc", "warning", line=first + token.map[0])
            )
    findings += _syntax.diagram_findings(context, NAME)
    _syntax.commonmark_lines(context.document, lines, rewritten, first, money=True)
    return rewritten


def _bracketed_urls(lines: list[str]) -> str:
    """The lines with every bare address outside code written as an autolink, <https://…>,
    so that the text after it (。 or Chinese words) stays out of the link."""
    out = []
    fence = ""
    for line in lines:
        opening = _FENCE.match(line)
        if fence:
            fence = "" if opening and opening.group(1)[0] == fence[0] else fence
        elif opening:
            fence = opening.group(1)
        elif not line.startswith(("    ", "\t")):
            pieces = line.split("`")
            pieces[::2] = [_BARE_URL.sub(r"<\g<0>>", piece) for piece in pieces[::2]]
            line = "`".join(pieces)
        out.append(line)
    return "".join(out)
