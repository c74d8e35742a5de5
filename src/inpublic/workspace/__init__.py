"""The workspace: a folder with inpublic.toml, posts/, out/ and .inpublic/."""

from __future__ import annotations

import json
import os
import re
import subprocess
from dataclasses import dataclass
from functools import cached_property
from importlib import resources
from pathlib import Path
from string import Template

from inpublic._files import write_atomic
from inpublic.config import CHANNELS, CONFIG_NAME, LANGUAGES, Config, load_config
from inpublic.errors import InpublicError, PostError, WorkspaceError
from inpublic.workspace.front_matter import is_slug, slugify
from inpublic.workspace.new import NewPost, new_post, read_answers, template_sections
from inpublic.workspace.post import Post, load_post, parse_post, save_post

__all__ = [
    "NewPost",
    "Post",
    "Workspace",
    "find_workspace",
    "init_workspace",
    "load_post",
    "move_post",
    "new_post",
    "parse_post",
    "read_answers",
    "save_post",
    "template_sections",
]

IGNORED = ("out/", ".inpublic/")


@dataclass(frozen=True)
class Workspace:
    root: Path

    @property
    def config_path(self) -> Path:
        return self.root / CONFIG_NAME

    @property
    def posts_dir(self) -> Path:
        return self.root / "posts"

    @property
    def out_dir(self) -> Path:
        return self._own("out")

    @property
    def state_dir(self) -> Path:
        return self._own(".inpublic")

    def _own(self, name: str) -> Path:
        """A folder inpublic writes in, refused when it is a link leading out of the
        workspace: a cloned workspace can ship out/ as a link to your home folder."""
        folder = self.root / name
        if folder.is_symlink() and not folder.resolve().is_relative_to(self.root.resolve()):
            raise WorkspaceError(
                "is a link to a folder outside the workspace: inpublic does not write through it",
                path=folder,
                hint="remove the link; inpublic makes the folder",
            )
        return folder

    def output_folder(self, folder: Path) -> Path:
        """``folder`` resolved, when outputs may be written (and stale ones removed) there:
        not a folder that is, holds or lies inside the workspace's posts, templates,
        settings, state or .git, and not a link in the workspace leading out of it (a folder
        outside the workspace is for the user to name, with --out)."""
        resolved = folder.resolve()
        root = self.root.resolve()
        lexical = Path(os.path.normpath(folder.absolute()))
        if lexical.is_relative_to(self.root.absolute()) and not resolved.is_relative_to(root):
            raise WorkspaceError(
                "is a link leading out of the workspace: inpublic does not write through it",
                path=folder,
                hint="remove the link, or name the folder you mean with --out",
            )
        for name in ("posts", "templates", ".inpublic", CONFIG_NAME, ".git"):
            source = root / name
            if resolved.is_relative_to(source) or source.is_relative_to(resolved):
                where = "is or lies inside" if resolved.is_relative_to(source) else "holds"
                raise WorkspaceError(
                    f"cannot write outputs in {resolved}: it {where} the workspace's {name}",
                    hint="choose a folder of its own, e.g. out/ (the default)",
                )
        return resolved

    @cached_property
    def config(self) -> Config:
        """inpublic.toml, with [check] rules_dir made absolute: the workspace's rules/
        folder when the file names none and the folder exists."""
        import msgspec

        config = load_config(self.config_path)
        named = config.check.rules_dir
        folder = self.root / (named or "rules")
        if named or folder.is_dir():
            check = msgspec.structs.replace(config.check, rules_dir=str(folder))
            config = msgspec.structs.replace(config, check=check)
        return config

    def posts(self) -> list[Path]:
        """Post files, sorted by name."""
        if not self.posts_dir.is_dir():
            return []
        return sorted(self.posts_dir.rglob("*.md"), key=lambda path: path.parts)

    def post_path(self, name: str | os.PathLike[str]) -> Path:
        """Resolve a post given as a path, a file name in posts/ (with or without .md, or a
        leaf bundle's folder), or the ``slug:`` of its front matter."""
        given = Path(name)
        candidates = [
            given,
            self.posts_dir / given,
            self.posts_dir / f"{given}.md",
            self.posts_dir / given / "index.md",
        ]
        for candidate in candidates:
            if candidate.is_file():
                return candidate
        found = self._by_slug(str(name)) if is_slug(str(name)) else []
        if len(found) == 1:
            return found[0]
        if found:
            raise PostError(
                f"{len(found)} posts have the slug {str(name)!r}: "
                + ", ".join(str(p.relative_to(self.root)) for p in found),
                hint="give the post's path, and give each post a slug of its own",
            )
        raise PostError(
            "no such post",
            path=given,
            hint=f"give a path, a file name in {self.posts_dir.name}/ or a post's slug",
        )

    def _by_slug(self, slug: str) -> list[Path]:
        """The posts whose front matter sets ``slug``: a quick look at each file's head,
        then the post read to be sure."""
        wanted = re.compile(rf"^slug:\s*['\"]?{re.escape(slug)}['\"]?\s*$", re.M)
        found = []
        for path in self.posts():
            with path.open("rb") as file:
                head = file.read(4096).decode("utf-8", "replace")
            if wanted.search(head) and load_post(path).slug == slug:
                found.append(path)
        return found


def move_post(workspace: Workspace, name: str, new_slug: str) -> tuple[Post, str]:
    """Rename a post's file (or leaf bundle folder) and slug together: its front matter gets
    ``slug: NEW``, an ``id`` if it has none, and its old address among its ``aliases`` (the
    site and Hugo keep serving it there). Returns the post as written and its old slug."""
    import shutil

    from inpublic.workspace.front_matter import is_slug, new_id

    source = workspace.post_path(name)
    post = load_post(source)
    old = post.slug
    if not is_slug(new_slug):
        raise PostError(
            f"{new_slug!r} is not a slug: one path segment of letters, digits, '-', '_', '.'",
            hint=f"e.g. {slugify(new_slug)}",
        )
    if new_slug == old:
        raise PostError(f"the post is already {old!r}", path=source)
    try:
        workspace.post_path(new_slug)
    except PostError:
        pass
    else:
        raise PostError(f"a post {new_slug!r} exists already", hint="choose another slug")
    bundle = source.name == "index.md" and source.parent != workspace.posts_dir
    target = (
        source.parent.with_name(new_slug) / "index.md"
        if bundle
        else source.with_name(f"{new_slug}{source.suffix}")
    )
    if (target.parent if bundle else target).exists():
        raise PostError("the new name is taken", path=target, hint="choose another slug")
    post.set("slug", new_slug)
    if not post.meta.get("id"):
        post.set("id", new_id())
    aliases = [str(a) for a in post.meta.get("aliases") or []]
    old_address = f"/posts/{old}/"
    if old_address not in aliases:
        post.set("aliases", [*aliases, old_address])
    save_post(post)  # first: a failure leaves the post where it was, unchanged
    if bundle:
        shutil.move(str(source.parent), str(target.parent))
    else:
        os.replace(source, target)
    return load_post(target), old


def find_workspace(start: Path | None = None) -> Workspace:
    """The workspace holding ``start`` (default: the current folder), found as git finds .git."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG_NAME).is_file():
            return Workspace(folder)
    raise WorkspaceError(
        f"not inside an inpublic workspace (no {CONFIG_NAME} here or in any parent folder)",
        path=here,
        hint="create one with 'inpublic init' or run the command inside one",
    )


def init_workspace(
    folder: Path,
    *,
    name: str | None = None,
    handle: str = "",
    languages: list[str] | None = None,
    channels: list[str] | None = None,
) -> Workspace:
    """Create inpublic.toml, posts/ and .gitignore in ``folder``; never overwrite a config."""
    languages = languages or ["en"]
    channels = channels or ["hugo"]
    for value, allowed, what in (
        (languages, LANGUAGES, "language"),
        (channels, CHANNELS, "channel"),
    ):
        for item in value:
            if item not in allowed:
                raise InpublicError(
                    f"unknown {what} '{item}'", hint=f"choose from {', '.join(allowed)}"
                )
    config_path = folder / CONFIG_NAME
    if config_path.exists():
        raise WorkspaceError(
            "a workspace already exists here",
            path=config_path,
            hint="edit it, or choose another folder",
        )
    if folder.exists() and not folder.is_dir():
        raise WorkspaceError("is a file, not a folder", path=folder)
    template = resources.files(__name__).joinpath("inpublic.toml.template").read_text("utf-8")
    text = Template(template).substitute(
        name=_toml_string(name if name is not None else _git_user_name()),
        handle=_toml_string(handle),
        languages=", ".join(_toml_string(lang) for lang in languages),
        channels=", ".join(_toml_string(channel) for channel in channels),
    )
    write_atomic(config_path, text)
    try:
        (folder / "posts").mkdir(exist_ok=True)
    except OSError as exc:
        raise WorkspaceError(f"cannot create posts/: {exc.strerror}", path=folder) from None
    _ensure_ignored(folder / ".gitignore")
    workspace = Workspace(folder.resolve())
    workspace.config  # noqa: B018 - the written file must load
    return workspace


def _toml_string(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid TOML basic string


def _git_user_name() -> str:
    try:
        done = subprocess.run(
            ["git", "config", "--get", "user.name"], capture_output=True, text=True, timeout=5
        )
    except (OSError, subprocess.SubprocessError):
        return ""
    return done.stdout.strip()


def _ensure_ignored(gitignore: Path) -> None:
    existing = gitignore.read_text("utf-8") if gitignore.exists() else ""
    present = {line.strip() for line in existing.splitlines()}
    missing = [entry for entry in IGNORED if entry not in present]
    if not missing:
        return
    prefix = existing if not existing or existing.endswith("\n") else existing + "\n"
    write_atomic(gitignore, prefix + "".join(f"{entry}\n" for entry in missing))
