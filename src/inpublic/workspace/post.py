"""A post: Markdown with YAML front matter, read and written without losing a byte.

The front matter is kept as the raw text it was read from and read with PyYAML's C
loader (YAML 1.2 scalars, as ruamel.yaml reads them). Only when a key is changed is
it loaded again through ruamel.yaml's round-trip mode, which keeps key order,
comments, quoting and unknown keys when it is dumped.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from inpublic._files import FileStamp, read_text, write_atomic
from inpublic.config import CONFIG_NAME
from inpublic.errors import PostError
from inpublic.workspace.front_matter import (
    check_front_matter,
    is_slug,
    normalised,
    slugify,
)

FENCE = "---"
BOM = "\ufeff"
MAX_BYTES = 5 * 1024 * 1024  # a post is a few KB; anything this big is not one
_LINE_BREAK = re.compile(r"\r\n|\r|\n")  # as Markdown counts lines: not U+2028, U+0085, \f


@cache
def _yaml() -> Any:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap a long title
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.representer.add_representer(dt.datetime, _represent_datetime)
    return yaml


def _represent_datetime(representer: Any, value: dt.datetime) -> Any:
    # ISO 8601 with a 'T', as Hugo and Jekyll write it; ruamel would put a space.
    return representer.represent_scalar("tag:yaml.org,2002:timestamp", value.isoformat())


@dataclass
class Post:
    """A post file. ``meta`` is the front matter; ``body`` the Markdown after it."""

    path: Path
    meta: Any  # a dict; a ruamel CommentedMap, which remembers formatting, once edited
    body: str
    body_line: int  # the file line where the body starts
    _front: str = field(repr=False)  # the front matter as read, fences included
    _newline: str = field(default="\n", repr=False)
    _changed: bool = field(default=False, repr=False)
    _edits: dict[str, Any] = field(default_factory=dict, repr=False)  # keys set since read

    # known keys -------------------------------------------------------------
    @property
    def title(self) -> str:
        return str(self.meta.get("title") or "")

    @property
    def slug(self) -> str:
        """The ``slug:`` key (checked to be one safe path segment), else the file name's, or
        for a leaf bundle (posts/<name>/index.md, as Hugo keeps one) its folder's name."""
        given = self.meta.get("slug")
        if given:
            return str(given)
        name = self.path.parent.name if self.path.stem == "index" else self.path.stem
        return name if is_slug(name) else slugify(name)

    @property
    def lang(self) -> str | None:
        return self.meta.get("lang")

    @property
    def date(self) -> dt.date | None:
        value = normalised("date", self.meta.get("date"))
        return value if isinstance(value, dt.date) else None

    @property
    def tags(self) -> list[str]:
        return [str(tag) for tag in self.meta.get("tags") or []]

    @property
    def draft(self) -> bool:
        return bool(self.meta.get("draft", False))

    def line_of(self, key: str) -> int | None:
        """The file line of a top-level front-matter key, for error messages."""
        found = re.search(rf"^['\"]?{re.escape(key)}['\"]?[ \t]*:", self._front, re.M)
        return len(_LINE_BREAK.findall(self._front, 0, found.start())) + 1 if found else None

    # editing ----------------------------------------------------------------
    def set(self, key: str, value: Any) -> None:
        """Set a front-matter key; other keys, comments and order are kept."""
        if self.meta.get(key, _MISSING) == value and key in self.meta:
            return
        if not hasattr(self.meta, "lc"):  # read fast; now load what keeps the formatting
            self.meta = _yaml().load(_yaml_text(self._front)) or _empty_map()
        self.meta[key] = value
        self._edits[key] = value
        self._changed = True

    @property
    def edited(self) -> bool:
        """Whether ``set`` changed the front matter since the post was read."""
        return self._changed

    def text(self) -> str:
        """The whole file: unchanged front matter comes back byte for byte."""
        if not self._changed:
            return self._front + self.body
        front = self._edited_front()
        if front is not None:
            return front + self.body
        bom = BOM if self._front.startswith(BOM) else ""
        return format_post(self.meta, self.body, newline=self._newline, bom=bom)

    def _edited_front(self) -> str | None:
        """The front matter as read, with each key set since on a line of its own (its old
        line replaced, or a new line before the closing fence), so that no other byte
        changes: a dump of the whole mapping can rewrite a value it did not change (a
        float in exponent form). None when a key or its old value is not one line."""
        lines = source_lines(self._front, keepends=True)
        if len(lines) < 2:
            return None
        for key, value in self._edits.items():
            line = _one_line(key, value)
            if line is None:
                return None
            found = re.compile(rf"['\"]?{re.escape(key)}['\"]?[ \t]*:")
            at = [i for i in range(1, len(lines) - 1) if found.match(lines[i])]
            if len(at) > 1 or (at and lines[at[0] + 1][:1] in (" ", "\t", "-")):
                return None  # the old value goes on over several lines
            if at:
                lines[at[0]] = line + self._newline
            else:
                lines.insert(len(lines) - 1, line + self._newline)
        front = "".join(lines)
        try:
            meta = _load_yaml(_yaml_text(front), self.path)
        except PostError:
            return None
        return front if _plain(meta) == _plain(self.meta) else None


def _one_line(key: str, value: Any) -> str | None:
    """``key: value`` as one line of YAML, for a text, a whole number or a truth value."""
    import yaml

    if not isinstance(value, str | int):
        return None
    dumped = yaml.safe_dump({key: value}, allow_unicode=True, width=1 << 20).rstrip("\n")
    return None if "\n" in dumped or dumped.startswith("{") else dumped


def _plain(value: Any) -> Any:
    """A loaded front matter as plain data, to compare two loaders' results."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def format_post(meta: Any, body: str, *, newline: str = "\n", bom: str = "") -> str:
    """A post file's text from its front matter (a mapping) and its body."""
    stream = io.StringIO()
    if len(meta):
        _yaml().dump(meta, stream)
    dumped = stream.getvalue().replace("\n", newline)
    return f"{bom}{FENCE}{newline}{dumped}{FENCE}{newline}{body}"


_MISSING = object()


def load_post(path: Path) -> Post:
    """Read a post. Raises ``PostError`` for a missing, binary, non-UTF-8 or over-large
    file (see ``read_text``), bad front matter, or a link in a workspace to a file outside
    it."""
    refuse_outside_link(path)
    return parse_post(read_text(path, max_bytes=MAX_BYTES), path)


def refuse_outside_link(path: Path) -> None:
    """A post in a workspace that is a link (or lies in a linked folder) must lead to a
    file inside the workspace: a link to ~/.ssh/id_rsa in posts/ must not be published."""
    lexical = Path(os.path.abspath(path))
    try:
        real = lexical.resolve()
    except (OSError, RuntimeError):  # a loop of links
        raise PostError("is a link that leads nowhere", path=path) from None
    if real == lexical:
        return
    root = next((p for p in lexical.parents if (p / CONFIG_NAME).is_file()), None)
    if root is not None and not real.is_relative_to(root.resolve()):
        raise PostError(
            f"is a link to {real}, outside the workspace",
            path=path,
            hint="copy the file into the workspace instead of linking to it",
        )


def save_post(post: Post, expect: FileStamp | None = None) -> None:
    """Write the post atomically, through a symbolic link to its target (the link stays a
    link); with ``expect``, only if the file is still what was read (see ``write_atomic``)."""
    write_atomic(Path(os.path.realpath(post.path)), post.text(), expect=expect)


def source_lines(text: str, keepends: bool = False) -> list[str]:
    """The lines of ``text`` as Markdown counts them: split at \\n, \\r\\n and \\r only."""
    if not keepends:
        lines = _LINE_BREAK.split(text)
        return lines[:-1] if lines and not lines[-1] else lines
    lines, start = [], 0
    for found in _LINE_BREAK.finditer(text):
        lines.append(text[start : found.end()])
        start = found.end()
    if start < len(text):
        lines.append(text[start:])
    return lines


def parse_post(text: str, path: Path) -> Post:
    bom = BOM if text.startswith(BOM) else ""
    rest = text[len(bom) :]
    lines = source_lines(rest, keepends=True)
    newline = "\r\n" if lines and lines[0].endswith("\r\n") else "\n"
    if not lines or lines[0].rstrip("\r\n") != FENCE:
        return Post(path, _empty_map(), rest, 1, bom, newline)
    for index in range(1, len(lines)):
        if lines[index].rstrip("\r\n") in (FENCE, "..."):
            break
    else:
        raise PostError(
            "front matter opened with '---' is never closed",
            path=path,
            line=1,
            hint="add a line '---' after the last key",
        )
    front = bom + "".join(lines[: index + 1])
    meta = _load_yaml(_yaml_text(front), path)
    body = "".join(lines[index + 1 :])
    post = Post(path, meta, body, index + 2, front, newline)
    _validate(post)
    return post


def _empty_map() -> Any:
    from ruamel.yaml.comments import CommentedMap

    return CommentedMap()


def _yaml_text(front: str) -> str:
    """The YAML between the fences of a raw front matter."""
    return "".join(source_lines(front.lstrip(BOM), keepends=True)[1:-1])


@cache
def _fast_loader() -> Any:
    """PyYAML's C loader, reading scalars by YAML 1.2's core schema as ruamel.yaml does
    ('no' and 'on' stay text, 012 is twelve), and refusing duplicate keys."""
    import yaml

    bool_tag, int_tag, float_tag = (f"tag:yaml.org,2002:{t}" for t in ("bool", "int", "float"))

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C one unless libyaml is absent

    class Loader(base):  # type: ignore[valid-type,misc]
        def construct_mapping(self, node: Any, deep: bool = False) -> Any:
            seen = set()
            for key, _ in node.value:
                if isinstance(key, yaml.ScalarNode) and key.value in seen:
                    raise yaml.constructor.ConstructorError(
                        None, None, f"found duplicate key '{key.value}'", key.start_mark
                    )
                seen.add(key.value)
            return super().construct_mapping(node, deep)

        def construct_yaml_int(self, node: Any) -> int:
            text = self.construct_scalar(node)
            try:
                return int(text, 0) if text[:2] in ("0o", "0x") else int(text)
            except ValueError:  # Python reads at most 4300 digits
                raise _problem(node, "a number with more than 4300 digits") from None

        def construct_yaml_timestamp(self, node: Any) -> Any:
            try:
                return super().construct_yaml_timestamp(node)
            except (ValueError, OverflowError):  # 2026-02-30, year 0
                raise _problem(node, f"not a real date: {node.value}") from None

    Loader.yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag not in (bool_tag, int_tag, float_tag)]
        for first, resolvers in base.yaml_implicit_resolvers.items()
    }
    Loader.add_implicit_resolver(
        bool_tag, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
    )
    Loader.add_implicit_resolver(
        int_tag, re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"), list("-+0123456789")
    )
    Loader.add_implicit_resolver(
        float_tag,
        re.compile(
            r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
            r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
        ),
        list("-+0123456789."),
    )
    Loader.add_constructor(int_tag, Loader.construct_yaml_int)
    Loader.add_constructor("tag:yaml.org,2002:timestamp", Loader.construct_yaml_timestamp)
    return Loader


_VALUE = "a value"  # the context of the errors raised by our own constructors
_HINTS = (
    ("found duplicate key", "keep one of the two"),
    ("not a real date", "give a date that exists, e.g. 2026-02-28"),
    ("a number with more", "quote it to keep it as text"),
    ("YAML aliases", "write the value out in full"),
)


def _problem(node: Any, message: str) -> Exception:
    from yaml.constructor import ConstructorError

    return ConstructorError(_VALUE, None, message, node.start_mark)


def _refuse_aliases(root: Any) -> None:
    """An alias (*name) makes the parser hand back a node it has handed back before: a
    few hundred bytes of them can stand for billions of values (a 'billion laughs')."""
    from yaml.nodes import MappingNode, SequenceNode

    seen: set[int] = set()
    todo = [root]
    while todo:
        node = todo.pop()
        if id(node) in seen:
            raise _problem(node, "YAML aliases (*name) are not read in front matter")
        seen.add(id(node))
        if isinstance(node, MappingNode):
            todo += [part for pair in node.value for part in pair]
        elif isinstance(node, SequenceNode):
            todo += node.value


def _load_yaml(text: str, path: Path) -> Any:
    from yaml import MarkedYAMLError, YAMLError

    loader = _fast_loader()(text)
    try:
        node = loader.get_single_node()
        if node is not None:
            _refuse_aliases(node)
        data = loader.construct_document(node) if node is not None else None
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 2 if mark else None
        problem = exc.problem or exc.context or "invalid YAML"
        valid = exc.context == _VALUE  # YAML, but not a value inpublic takes
        raise PostError(
            f"front matter: {problem}" if valid else f"front matter is not valid YAML: {problem}",
            path=path,
            line=line,
            hint=next(
                (hint for start, hint in _HINTS if problem.startswith(start)),
                "quote values that contain ': ' or start with '[', '{', '*', '&' or '@'",
            ),
        ) from None
    except YAMLError as exc:
        raise PostError(f"front matter is not valid YAML: {exc}", path=path, line=2) from None
    except (ValueError, TypeError, RecursionError) as exc:  # '!!float abc', '? [a]: x'
        raise PostError(
            f"front matter holds a value that cannot be read: {str(exc)[:200]}",
            path=path,
            line=2,
            hint="fix or quote the value",
        ) from None
    finally:
        loader.dispose()
    if data is None:
        return {}
    if not hasattr(data, "items"):
        raise PostError(
            "front matter must be 'key: value' lines",
            path=path,
            line=2,
            hint="e.g. 'title: My post'",
        )
    return data


def _validate(post: Post) -> None:
    problem = check_front_matter(post.meta)
    if problem:
        loc, message, hint = problem
        raise PostError(message, path=post.path, line=post.line_of(str(loc[0])), hint=hint)
