"""inpublic: turn real work into short, honest posts and publish them often.

The Python API, each name loaded when first used (so that ``import inpublic`` and the
command's start stay fast)::

    from inpublic import build_site, check_post, find_workspace, load_post, render

    workspace = find_workspace()
    post = load_post(workspace.post_path("ci-14-to-4-minutes"))
    report = check_post(post, workspace.config.check)
    print(report.verdict, [f.message for f in report.findings])
    render(post, workspace.config, ["wechat", "x"], workspace.out_dir)
    build_site(workspace)
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# name -> (module, attribute): the API's names and where they live.
_API = {
    "find_workspace": ("inpublic.workspace", "find_workspace"),
    "init_workspace": ("inpublic.workspace", "init_workspace"),
    "load_post": ("inpublic.workspace.post", "load_post"),
    "parse_document": ("inpublic.document", "parse_document"),
    "check_post": ("inpublic.check", "check_post"),
    "check_paths": ("inpublic.check", "check_paths"),
    "render": ("inpublic.channels", "render_post"),
    "capture": ("inpublic.capture", "capture"),
    "build_site": ("inpublic.site", "build_site"),
    "open_ledger": ("inpublic.ledger", "open_ledger"),
    "InpublicError": ("inpublic.errors", "InpublicError"),
}
__all__ = [
    "InpublicError",
    "__version__",
    "build_site",
    "capture",
    "check_paths",
    "check_post",
    "find_workspace",
    "init_workspace",
    "load_post",
    "open_ledger",
    "parse_document",
    "render",
]

if TYPE_CHECKING:
    from inpublic.capture import capture
    from inpublic.channels import render_post as render
    from inpublic.check import check_paths, check_post
    from inpublic.document import parse_document
    from inpublic.errors import InpublicError
    from inpublic.ledger import open_ledger
    from inpublic.site import build_site
    from inpublic.workspace import find_workspace, init_workspace
    from inpublic.workspace.post import load_post


def __getattr__(name: str) -> Any:
    if name not in _API:
        raise AttributeError(f"module 'inpublic' has no attribute {name!r}")
    module, attribute = _API[name]
    value = getattr(import_module(module), attribute)
    globals()[name] = value  # once: the next use is a plain lookup
    return value
