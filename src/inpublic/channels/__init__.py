"""``inpublic render``: one post, every channel.

A channel is a module with ``NAME`` and ``render(context) -> ChannelOutput``; it reads the
shared Document and writes into out/<slug>/. Limits live in limits.toml.
"""

from __future__ import annotations

import importlib
import json
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from inpublic._files import write_atomic
from inpublic.channels.model import (
    SCHEMA_VERSION,
    ChannelFinding,
    ChannelOutput,
    RenderContext,
)
from inpublic.config import CHANNELS, Config
from inpublic.errors import InpublicError

__all__ = ["CHANNELS", "ChannelFinding", "ChannelOutput", "RenderResult", "render_post"]


@dataclass(frozen=True)
class RenderResult:
    slug: str
    out: Path
    manifest: Path
    outputs: tuple[ChannelOutput, ...]

    @property
    def findings(self) -> tuple[ChannelFinding, ...]:
        return tuple(f for output in self.outputs for f in output.findings)


@cache
def limits() -> dict:
    return tomllib.loads(resources.files(__name__).joinpath("limits.toml").read_text("utf-8"))


def parse_channels(value: str | None, config: Config) -> list[str]:
    """'all', a comma-separated list, or None for the workspace's own channels."""
    if not value:
        return list(config.channels.publish)
    if value == "all":
        return list(CHANNELS)
    names = [name.strip() for name in value.split(",") if name.strip()]
    for name in names:
        if name not in CHANNELS:
            raise InpublicError(
                f"unknown channel '{name}'", hint=f"valid channels: all, {', '.join(CHANNELS)}"
            )
    return names


def render_post(
    post_path: Path, config: Config, channels: list[str], out_root: Path
) -> RenderResult:
    """Render one post for each channel into out_root/<slug>/ and write manifest.json."""
    from inpublic.document import parse_document
    from inpublic.workspace import load_post

    post = load_post(post_path)
    document = parse_document(post, config.default_lang)
    out = out_root / post.slug
    overrides = post.meta.get("channels") or {}
    outputs = []
    for name in channels:
        module = importlib.import_module(f"inpublic.channels.{name}")
        context = RenderContext(
            document=document,
            post=post,
            config=config,
            out=out,
            options=dict(overrides.get(name) or {}),
            limits=limits().get(name, {}),
        )
        output = module.render(context)
        if not post.title.strip():
            output = ChannelOutput(
                output.channel,
                output.files,
                (
                    ChannelFinding(
                        f"{name}.no-title",
                        "warning",
                        "the post has no title",
                        "add 'title:' to the front matter",
                    ),
                )
                + output.findings,
                output.summary,
            )
        outputs.append(output)
    manifest = out / "manifest.json"
    write_atomic(
        manifest,
        json.dumps(
            {
                "version": SCHEMA_VERSION,
                "slug": post.slug,
                "source": str(post_path),
                "channels": {
                    o.channel: {
                        "files": [str(p.relative_to(out)) for p in o.files],
                        "findings": [f.to_dict() for f in o.findings],
                    }
                    for o in outputs
                },
            },
            ensure_ascii=False,
            indent=2,
        )
        + "\n",
    )
    return RenderResult(post.slug, out, manifest, tuple(outputs))
