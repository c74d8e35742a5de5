"""Zhihu (and Juejin): Markdown without front matter, typography fixed, plus a Juejin summary."""

from __future__ import annotations

import re

from inpublic.channels import _syntax
from inpublic.channels._html import active_html, active_label
from inpublic.channels._images import image_findings, upload_findings, with_names
from inpublic.channels._limits import over_limit
from inpublic.channels.fit import (
    Fitted,
    Proposal,
    ask_model,
    compose,
    fit,
    proposals,
    summary_sources,
    whole_sentences,
)
from inpublic.channels.model import Artifact, ChannelFinding, ChannelOutput, RenderContext
from inpublic.channels.text import summary_text
from inpublic.workspace.post import source_lines

NAME = "zhihu"
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
    texts: dict[int, str] = {}  # an HTML block left out: the text it held, on its first line
    findings = image_findings(context, NAME) + upload_findings(context, NAME)
    for block in document.blocks:
        if block.kind != "html":
            continue
        if block.text.lstrip().startswith("<!--"):
            dropped.update(range(block.line, block.end_line + 1))
        elif active_html(block.text):  # Zhihu's and Juejin's editors refuse it
            dropped.update(range(block.line, block.end_line + 1))
            text = _text_of(block.text)
            if text:  # said as an inline tag's is: its text kept
                texts[block.line] = text + "\n"
                dropped.discard(block.line)
                label = active_label(active_html(block.text)[0])
                values = {"attribute": label, "count": 1, "line": block.line}
                findings.append(
                    _syntax.finding(NAME, context.lang, "active-html", "warning", **values)
                )
            else:
                findings.append(
                    _syntax.finding(NAME, context.lang, "raw-html", "warning", line=block.line)
                )
    # Images by their file name, as in the Hugo bundle: no path of this computer goes out.
    # Lines as the Markdown parser counts them (not str.splitlines: U+0085 is no line end).
    lines = source_lines(with_names(post.body, document, context.images), keepends=True)
    rewritten = _syntax_lines(context, lines, dropped, findings) | texts
    findings += _inline_active_html(context, lines, rewritten, dropped)
    kept = [
        rewritten.get(number, line)
        for number, line in enumerate(lines, start=post.body_line)
        if number not in dropped
    ]
    body = autocorrected(_bracketed_urls(kept).strip() + "\n", markdown=True)
    title = context.title
    summary = juejin_summary(context, findings)
    return ChannelOutput(
        NAME,
        (
            Artifact("zhihu.md", f"# {title}\n\n{body}"),
            Artifact("juejin-summary.txt", summary.text + "\n"),
        ),
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
        if asked := ask_model(context, "summary", wanted, limit):  # render --ai
            return asked
    key = "juejin_summary_max"
    findings += over_limit(context, "summary", summary.length, severity="warning", limit_key=key)
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


def _text_of(raw: str) -> str:
    """The text a block of raw HTML shows, without its tags (a script's or a style's code
    is no text), on one line."""
    import html

    import nh3

    return " ".join(html.unescape(nh3.clean(raw, tags=set())).split())


def _active(raw: str) -> str | None:
    """What makes an opening inline tag run code ('onclick=', 'javascript:', '<script>'),
    or None."""
    from inpublic.channels._html import active_html, active_label
    from inpublic.channels._syntax import TAG

    tag = TAG.match(raw.strip())
    found = active_html(raw) if tag and not tag.group(1) else []
    return active_label(found[0]) if found else None


def _inline_active_html(
    context: RenderContext, lines: list[str], rewritten: dict[int, str], dropped: set[int]
) -> list[ChannelFinding]:
    """Inline raw HTML that runs code (``<a onclick=…>``, ``<img onerror=…>``, a
    ``javascript:`` address, an inline ``<script>``) left out of the paragraph, the text
    it encloses kept (a script's dropped); one finding per kind, with its count and first
    line. The paragraph's lines are rewritten in place: the first holds the new text."""
    from collections import Counter

    from inpublic.channels import _syntax
    from inpublic.channels._syntax import TAG

    first = context.post.body_line
    kinds: Counter[str] = Counter()
    where: dict[str, int] = {}
    for token in context.document.tokens:
        if token.type != "inline" or not token.map or not token.children:
            continue
        start, end = token.map
        numbers = [first + i for i in range(start, end) if first + i not in dropped]
        text = "".join(rewritten.get(n, lines[n - first]) for n in numbers)
        new, cursor, closing = "", 0, []  # closing: the tags whose </name> goes too
        for child in token.children:
            if child.type != "html_inline":
                continue
            tag = TAG.match(child.content.strip())
            name = tag.group(2).lower() if tag else ""
            raw = child.content
            at = text.find(raw, cursor)
            if at < 0 and name:  # an <img> whose address became its file name
                found = re.compile(rf"<\s*{re.escape(name)}\b[^>]*>", re.I).search(text, cursor)
                at, raw = (found.start(), found.group()) if found else (-1, raw)
            if at < 0:
                continue
            kind = _active(child.content)
            if kind is not None:
                kinds[kind] += 1
                where.setdefault(kind, numbers[0] if numbers else first + start)
                void = child.content.rstrip().endswith("/>") or name in ("img", "br", "hr")
                if not void:
                    closing.append((name, kind == f"<{name}>"))  # a script: what it holds too
                new += text[cursor:at]
                cursor = at + len(raw)
                if closing and closing[-1][1]:  # a script: what it holds goes too
                    shut = re.compile(rf"</\s*{re.escape(name)}\s*>", re.I).search(text, cursor)
                    cursor = shut.end() if shut else len(text)
                    closing.pop()
            elif tag and tag.group(1) and closing and closing[-1][0] == name:
                closing.pop()
                new += text[cursor:at]
                cursor = at + len(raw)
        if cursor:
            rewritten[numbers[0]] = new + text[cursor:]
            dropped.update(numbers[1:])
    return [
        _syntax.finding(NAME, context.lang, "active-html", "warning", **values)
        for values in (
            {"attribute": kind, "count": count, "line": where[kind]}
            for kind, count in kinds.items()
        )
    ]


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
