"""``inpublic render``: one post, every channel.

A channel is a module with ``NAME`` and ``render(context) -> ChannelOutput``: a function of
the shared Document (``RenderContext``) that returns its artifacts (name, content), its
findings and proposals, and writes nothing; ``render_post`` writes every artifact into
out/<slug>/ and the manifest. A channel's limits are its table in limits.toml, checked by
``_limits.over_limit``.
"""

from __future__ import annotations

import importlib
import json
import os
import tomllib
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from inpublic._files import write_atomic
from inpublic.channels.model import (
    SCHEMA_VERSION,
    Artifact,
    ChannelFinding,
    ChannelOutput,
    RenderContext,
    inside,
)
from inpublic.config import CHANNELS, Config
from inpublic.errors import InpublicError

if TYPE_CHECKING:
    from inpublic.document import Document
    from inpublic.workspace.post import Post

__all__ = [
    "CHANNELS",
    "Artifact",
    "ChannelFinding",
    "ChannelOutput",
    "RenderResult",
    "render_post",
]


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


def parse_channels(value: str | None, config: Config, lang: str | None = None) -> list[str]:
    """A comma-separated list; 'all' or None: the channels of a post in ``lang`` ([channels]
    zh or en, else publish); 'every': all six."""
    if not value or value == "all":
        return config.channels.for_lang(lang)
    if value == "every":
        return list(CHANNELS)
    names = [name.strip() for name in value.split(",") if name.strip()]
    for name in names:
        if name not in CHANNELS:
            raise InpublicError(
                f"unknown channel '{name}'",
                hint=f"valid channels: all, every, {', '.join(CHANNELS)}",
            )
    return names


def source_hash(post: Post) -> str:
    """The hash of what the outputs are made of: the body and the front matter, less what
    no channel shows (the id inpublic adds, draft, started_at). Outputs with another hash
    are older than the post."""
    import hashlib

    shown = {k: v for k, v in post.meta.items() if k not in ("id", "draft", "started_at")}
    data = json.dumps(shown, sort_keys=True, default=str, ensure_ascii=False) + post.body
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def outputs_state(post: Post, out_root: Path) -> str:
    """'fresh', 'stale' (rendered before the post's last edit) or 'missing' (never
    rendered into ``out_root``), from out_root/<slug>/manifest.json."""
    try:
        manifest = json.loads((out_root / post.slug / "manifest.json").read_text("utf-8"))
    except (OSError, ValueError):
        return "missing"
    return "fresh" if manifest.get("source_sha256") == source_hash(post) else "stale"


def render_post(
    post: Path | Post,
    config: Config,
    channels: list[str],
    out_root: Path,
    document: Document | None = None,
    upload_images: bool = False,
) -> RenderResult:
    """Render one post (its file, or the post already loaded, and its Document if parsed)
    for each channel, write the artifacts into out_root/<slug>/ and write manifest.json.

    Images are taken from the workspace that holds the post (its own folder when it is in
    none); every artifact is checked to lie inside out_root/<slug>/ before anything is
    written, each is written atomically, and the files an earlier render of a channel
    wrote that this one did not make are removed. Only with ``upload_images`` does a
    channel use the network (WeChat's image upload)."""
    from inpublic.document import parse_document
    from inpublic.workspace import load_post

    post = load_post(post) if isinstance(post, Path) else post
    root = _workspace_root(post.path)
    _check_slug_is_unique(post, root)
    document = document or parse_document(post, config.default_lang)
    out = _output_folder(out_root, post, root)
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
            root=root,
            upload_images=upload_images,
            channel=name,
        )
        output = module.render(context)
        if not post.title.strip():
            no_title = ChannelFinding(
                f"{name}.no-title",
                "warning",
                "the post has no title",
                "add 'title:' to the front matter",
            )
            output = replace(output, findings=(no_title, *output.findings))
        outputs.append(output)
    outputs = write_artifacts(out, outputs)
    from inpublic.channels.compose import compose_link

    composes = {
        o.channel: c.to_dict() if (c := compose_link(o.channel, out)) else None for o in outputs
    }
    manifest = inside(out, out / "manifest.json")
    write_atomic(
        manifest,
        json.dumps(
            {
                "version": SCHEMA_VERSION,
                "slug": post.slug,
                "source": _relative(post.path, root),
                "source_sha256": source_hash(post),
                "channels": {
                    o.channel: {
                        "files": [str(p.relative_to(out)) for p in o.files],
                        "findings": [f.to_dict() for f in o.findings],
                        "proposals": [p.to_dict() for p in o.proposals],
                        "compose": composes[o.channel],
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


def write_artifacts(out: Path, outputs: list[ChannelOutput]) -> list[ChannelOutput]:
    """Write every artifact of ``outputs`` into ``out`` (out/<slug>/), each atomically, once
    all of them are known to lie inside it (a name such as '../x' or '/etc/x' is refused
    before anything is written); remove what an earlier render of these channels wrote
    (manifest.json) that they did not make now. The outputs, with ``files`` filled in."""
    targets = [[(inside(out, out / a.name), a) for a in o.artifacts] for o in outputs]
    earlier = _earlier_files(out)
    done = []
    for output, pairs in zip(outputs, targets, strict=True):
        for path, artifact in pairs:
            _write(path, artifact.content)
        made = {path for path, _ in pairs}
        for name in earlier.get(output.channel, ()):
            old = out / name
            try:
                stale = inside(out, old) not in made and old.is_file() and not old.is_symlink()
            except InpublicError:
                continue
            if stale:
                old.unlink()
        done.append(replace(output, files=tuple(path for path, _ in pairs)))
    return done


def _write(path: Path, content: str | bytes | Path) -> None:
    """Write text, bytes or a copy of a file (read when written: one image in memory at a
    time) at ``path``, atomically (``write_atomic``)."""
    write_atomic(path, content.read_bytes() if isinstance(content, Path) else content)


def _earlier_files(out: Path) -> dict[str, list[str]]:
    """The files each channel wrote in the last render into ``out``, from its manifest."""
    try:
        manifest = json.loads((out / "manifest.json").read_text("utf-8"))
        channels = manifest["channels"]
        return {name: [str(f) for f in entry.get("files", [])] for name, entry in channels.items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def _workspace_root(post_path: Path) -> Path:
    from inpublic.errors import WorkspaceError
    from inpublic.workspace import find_workspace

    try:
        return find_workspace(post_path.absolute().parent).root
    except WorkspaceError:
        return post_path.absolute().parent.resolve()


def _check_slug_is_unique(post, root: Path) -> None:
    """Two posts with one slug would write over each other's out/<slug>/: refuse, as the
    site build does. Posts that cannot be read are left to 'inpublic check'."""
    from inpublic.errors import PostError
    from inpublic.workspace import Workspace, load_post
    from inpublic.workspace.post import MAX_BYTES

    here = post.path.resolve()
    for other in Workspace(root).posts():
        try:
            if other.resolve() == here or other.stat().st_size > MAX_BYTES:
                continue
            slug = load_post(other).slug
        except (InpublicError, OSError):
            continue
        if slug == post.slug:
            raise PostError(
                f"two posts have the slug '{post.slug}': {_relative(post.path, root)} "
                f"and {_relative(other, root)}",
                path=post.path,
                line=post.line_of("slug"),
                hint="give one of them another 'slug:'",
            )


def _output_folder(out_root: Path, post, workspace: Path) -> Path:
    """out_root/<slug>, when out_root is a folder outputs may go to (see
    ``Workspace.output_folder``) and out_root/<slug> is no link."""
    from inpublic.workspace import Workspace

    out = Workspace(workspace).output_folder(out_root) / post.slug
    if out.is_symlink():
        raise InpublicError(
            "the output folder is a symbolic link: refusing to write through it",
            path=out,
            hint="remove the link; inpublic makes the folder",
        )
    return out


def _relative(path: Path, root: Path) -> str:
    """The path as the workspace names it (posts/x.md), never this computer's full path."""
    absolute = Path(os.path.normpath(path.absolute()))
    for base in (root, root.resolve()):
        if absolute.is_relative_to(base):
            return absolute.relative_to(base).as_posix()
    return path.name
