"""Hugo: a leaf bundle, out/<slug>/hugo/index.md, with the post's images beside it."""

from __future__ import annotations

import shutil

from inpublic._files import write_atomic
from inpublic.channels.model import ChannelFinding, ChannelOutput, RenderContext
from inpublic.channels.text import summary_text
from inpublic.workspace.post import format_post

NAME = "hugo"


def local_images(context: RenderContext) -> list[str]:
    """Image addresses in the post that point at files, not at the web."""
    found = []
    for block in context.document.blocks:
        for inline in block.inlines:
            for span in inline.spans:
                src = span.href or ""
                if span.kind == "image" and src and "://" not in src and not src.startswith("/"):
                    found.append(src)
    return list(dict.fromkeys(found))


def render(context: RenderContext) -> ChannelOutput:
    post = context.post
    bundle = context.out / "hugo"
    findings = []
    files = []
    images = []
    for src in local_images(context):
        source = (post.path.parent / src).resolve()
        if not source.is_file():
            findings.append(
                ChannelFinding(
                    "hugo.missing-image",
                    "warning",
                    f"image not found: {src}",
                    f"put the file at {source} or fix the address; the rest was rendered",
                )
            )
            continue
        target = bundle / src
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        files.append(target)
        images.append(src)

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
    index = bundle / "index.md"
    body = post.body if post.body.startswith("\n") else "\n" + post.body
    write_atomic(index, format_post(front, body))
    return ChannelOutput(
        NAME, (index, *files), tuple(findings), f"hugo/index.md with {len(images)} image(s)"
    )
