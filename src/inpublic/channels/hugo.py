"""Hugo: a leaf bundle, out/<slug>/hugo/index.md, with the post's images beside it."""

from __future__ import annotations

import re

from inpublic.channels import _html, _syntax
from inpublic.channels._images import image_findings, local_images, with_names
from inpublic.channels.model import Artifact, ChannelFinding, ChannelOutput, RenderContext
from inpublic.channels.text import summary_text
from inpublic.workspace.front_matter import FIELDS
from inpublic.workspace.post import format_post, source_lines

NAME = "hugo"
_COMMENT = re.compile(r"<!--.*?(-->|$)", re.S)
# check's inline switches mean nothing on the site: taken out, with their line when alone.
_SWITCH = re.compile(
    r"^[ \t]*<!--\s*inpublic-(?:disable|enable)\b[^>]*?-->[ \t]*\n|"
    r"<!--\s*inpublic-(?:disable|enable)\b[^>]*?-->",
    re.M,
)
# Text a YAML 1.1 reader (Hugo's and Jekyll's, for some versions) takes for a boolean or
# a number, though YAML 1.2 reads it as text: quoted in the bundle.
_YAML11_NOT_TEXT = re.compile(
    r"(?:y|n|yes|no|true|false|on|off)|[-+]?\d[\d_]*(?::[0-5]?\d)+(?:\.\d*)?|[-+]?0b[01_]+"
    r"|[-+]?\d[\d_]*_[\d_]*(?:\.\d*)?",
    re.I,
)


def render(context: RenderContext) -> ChannelOutput:
    post = context.post
    cover_src = _cover_src(post.meta.get("cover"))
    every = context.images
    if cover_src:  # the front-matter cover: one more local image, named with the others
        root = context.root or post.path.parent
        every = local_images(post.path, context.document, root, extra=(cover_src,))
    cover = next((image for image in every if image.src == cover_src), None)
    findings = image_findings(context, NAME, every)
    files = []
    images = []
    for image in every:
        if image.source is None or image.name in images:
            continue
        files.append(Artifact(f"hugo/{image.name}", image.source))  # copied as it is
        images.append(image.name)
    findings += active_html(context)

    meta = post.meta
    front: dict = {"title": context.title}
    if post.date:
        front["date"] = meta["date"]
    front["draft"] = bool(meta.get("draft", False))
    if post.tags:
        front["tags"] = post.tags
    categories = meta.get("categories") or ([meta["project"]] if meta.get("project") else [])
    if categories:
        front["categories"] = list(categories)
    series = meta.get("series")
    if series:
        front["series"] = [series] if isinstance(series, str) else list(series)
    summary = summary_text(context)
    if meta.get("summary"):
        front["summary"] = str(meta["summary"])
    if summary:
        front["description"] = summary
    if images:
        front["images"] = images
    for key in ("slug", "lang"):
        if meta.get(key):
            front[key] = meta[key]
    for key, value in meta.items():
        if key not in FIELDS:  # a key for Hugo or the theme (aliases, weight, toc, math…)
            front[key] = value
    if cover is not None:  # the cover by its name in the bundle, as PaperMod or Hugo wrote it
        value = meta["cover"]
        front["cover"] = {**value, "image": cover.name} if isinstance(value, dict) else cover.name
    body = _SWITCH.sub(
        "", _commonmark(context, with_names(post.body, context.document, context.images))
    )
    body = body if body.startswith("\n") else "\n" + body
    index = Artifact("hugo/index.md", format_post(_quoted(front), body))
    return ChannelOutput(
        NAME, (index, *files), tuple(findings), f"hugo/index.md with {len(images)} image(s)"
    )


def _commonmark(context: RenderContext, body: str) -> str:
    """The body as Hugo's goldmark reads it (CommonMark and GFM, no extensions of its own
    for these): a GitHub alert as a quote whose first line is its bold title in the
    post's language; [TOC] as a list of links to the headings (Hugo's heading ids); emphasis
    next to CJK punctuation in a form CommonMark reads (see _syntax.commonmark_lines)."""
    document = context.document
    lines = source_lines(body, keepends=True)
    rewritten: dict[int, str] = {}
    tokens = document.tokens
    for index, token in enumerate(tokens):
        if not token.map or token.map[0] >= len(lines):
            continue
        at = token.map[0]
        if token.type == "alert_open":
            title = _syntax.words("alerts", token.meta["kind"], context.lang)
            rewritten[at] = re.sub(r"\[![A-Za-z]+\]", f"**{title}**", lines[at], count=1)
        elif _syntax.is_toc(tokens, index) and document.sections:
            top = min(section.level for section in document.sections)
            rewritten[at] = "".join(
                f"{'  ' * (section.level - top)}- [{section.title}](#{section.anchor})\n"
                for section in document.sections
            )
    _syntax.commonmark_lines(document, lines, rewritten, 0, money=False)
    return "".join(rewritten.get(index, line) for index, line in enumerate(lines))


def _cover_src(value) -> str:
    """The cover image's address: ``cover: x.png``, or PaperMod's ``cover: {image: x.png}``."""
    if isinstance(value, dict):
        value = value.get("image")
    return value if isinstance(value, str) else ""


def _quoted(value):
    """``value`` with every text that a YAML 1.1 reader would misread ('no', '1:20') set in
    quotes; mappings and lists are walked, the rest is left as it is."""
    from ruamel.yaml.scalarstring import SingleQuotedScalarString

    if isinstance(value, str):
        return SingleQuotedScalarString(value) if _YAML11_NOT_TEXT.fullmatch(value) else value
    if isinstance(value, dict):
        return {key: _quoted(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_quoted(item) for item in value]
    return value


def active_html(context: RenderContext) -> list[ChannelFinding]:
    lines = []
    found = []
    for block in context.document.blocks:
        texts = [block.text] if block.kind == "html" else []
        texts += [
            inline.text[span.start : span.end]
            for inline in block.inlines
            for span in inline.spans
            if span.kind == "html"
        ]
        for text in texts:
            # Hugo's Markdown (goldmark) leaves all raw HTML out of the page unless
            # markup.goldmark.renderer.unsafe is on; with it on, this runs on the site.
            for match in _html.active_html(_COMMENT.sub("", text)):
                found.append(_html.active_label(match) if not match.group(2) else "on…=")
                lines.append(str(block.line))
    if not found:
        return []
    return [
        _syntax.finding(
            NAME,
            context.lang,
            "raw-html",
            "warning",
            tags=", ".join(dict.fromkeys(found)),
            lines=", ".join(dict.fromkeys(lines)),
        )
    ]
