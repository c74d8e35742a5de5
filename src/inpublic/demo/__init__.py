"""``inpublic demo``: a workspace with posts written for the demo, run through the pipeline."""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from inpublic._files import write_atomic
from inpublic.channels import render_post
from inpublic.check import CATEGORIES, check_post
from inpublic.config import CHANNELS, CONFIG_NAME
from inpublic.document import parse_document
from inpublic.document.export import document_to_dict
from inpublic.errors import WorkspaceError
from inpublic.workspace import Workspace, find_workspace, load_post

MARKER = "demo"  # .inpublic/demo marks a folder the demo may rebuild


@dataclass(frozen=True)
class DemoPost:
    path: Path
    slug: str
    lang: str
    sections: int
    sentences: int
    verdict: str
    categories: tuple[str, ...]  # the categories of the check's findings
    outputs: tuple[Path, ...]
    render_findings: int  # what did not fit a channel


@dataclass(frozen=True)
class DemoResult:
    workspace: Workspace
    posts: tuple[DemoPost, ...]


def run_demo(folder: Path) -> DemoResult:
    """Create (or rebuild) the demo workspace in ``folder`` and run the pipeline on its posts."""
    folder = folder.resolve()
    marker = folder / ".inpublic" / MARKER
    if folder.is_file():
        raise WorkspaceError("is a file, not a folder", path=folder)
    if folder.is_dir() and any(folder.iterdir()) and not marker.exists():
        raise WorkspaceError(
            "folder is not empty and was not made by 'inpublic demo'",
            path=folder,
            hint="choose a new folder, e.g. 'inpublic demo inpublic-demo'",
        )
    data = resources.files(__name__)
    write_atomic(folder / CONFIG_NAME, data.joinpath("inpublic.toml").read_text("utf-8"))
    write_atomic(folder / ".gitignore", "out/\n.inpublic/\n")
    for source in sorted(data.joinpath("posts").iterdir(), key=lambda item: item.name):
        write_atomic(folder / "posts" / source.name, source.read_text("utf-8"))
    write_atomic(marker, "This workspace was made by 'inpublic demo'; it may rebuild it.\n")

    workspace = find_workspace(folder)
    config = workspace.config
    results = []
    for path in workspace.posts():
        post = load_post(path)
        document = parse_document(post, config.default_lang)
        report = check_post(post, config.check, config.default_lang)
        rendered = render_post(path, config, list(CHANNELS), workspace.out_dir)
        out = workspace.out_dir / post.slug / "document.json"
        relative = str(path.relative_to(workspace.root))
        write_atomic(
            out,
            json.dumps(document_to_dict(document, relative), ensure_ascii=False, indent=2) + "\n",
        )
        results.append(
            DemoPost(
                path=path,
                slug=post.slug,
                lang=document.lang,
                sections=len(document.sections),
                sentences=sum(1 for _ in document.sentences()),
                verdict=report.verdict,
                categories=tuple(
                    c for c in CATEGORIES if any(f.category == c for f in report.findings)
                ),
                outputs=(out, rendered.manifest),
                render_findings=len(rendered.findings),
            )
        )
    return DemoResult(workspace, tuple(results))
