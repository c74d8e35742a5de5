"""New posts from the micro-report template."""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from inpublic._files import read_text, write_atomic
from inpublic.config import LANGUAGES, key_line
from inpublic.errors import InpublicError, PostError
from inpublic.workspace.front_matter import new_id, slugify
from inpublic.workspace.post import Post, format_post, parse_post

if TYPE_CHECKING:
    from inpublic.workspace import Workspace

MORE = "<!--more-->"


@dataclass(frozen=True)
class TemplateSection:
    """One section of the micro report: its id, and its heading and prompt in ``lang``."""

    id: str
    heading: str
    prompt: str


@dataclass(frozen=True)
class NewPost:
    path: Path
    post: Post
    answered: tuple[str, ...]  # ids of the sections that got text


@cache
def _template() -> tuple[dict, ...]:
    text = resources.files(__package__).joinpath("micro_report.toml").read_text("utf-8")
    return tuple(tomllib.loads(text)["sections"])


def template_sections(lang: str) -> tuple[TemplateSection, ...]:
    """The micro-report sections with headings and prompts in ``lang`` (zh or en)."""
    return tuple(
        TemplateSection(s["id"], s["heading"][lang], s["prompt"][lang]) for s in _template()
    )


def read_answers(path: Path) -> dict[str, str]:
    """Answers for ``new --answers``: a TOML file whose keys are section ids."""
    text = read_text(path, InpublicError)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InpublicError(f"not valid TOML: {exc}", path=path) from None
    known = [s["id"] for s in _template()]
    for key, value in data.items():
        line = key_line(text, (key,))
        if key not in known:
            raise InpublicError(
                f"unknown section '{key}'", path=path, line=line, hint=f"use {', '.join(known)}"
            )
        if not isinstance(value, str):
            raise InpublicError(
                f"'{key}' should be text, got {value!r}",
                path=path,
                line=line,
                hint='use a string; """triple quotes""" for several paragraphs',
            )
    return data


def new_post(
    workspace: Workspace,
    title: str,
    *,
    lang: str | None = None,
    project: str | None = None,
    slug: str | None = None,
    answers: dict[str, str] | None = None,
    now: dt.datetime | None = None,
) -> NewPost:
    """Write posts/<slug>.md from the micro-report template, with ``answers`` filled in."""
    if not title.strip():
        raise InpublicError("the title is empty", hint="give the post a title")
    lang = lang or workspace.config.default_lang
    if lang not in LANGUAGES:
        raise InpublicError(f"unknown language '{lang}'", hint=f"use {' or '.join(LANGUAGES)}")
    now = (now or dt.datetime.now().astimezone()).replace(microsecond=0)
    if slug == "pinyin":  # --slug pinyin: the title in pinyin, whatever the setting
        slug, style = None, "pinyin"
    else:
        style = workspace.config.workspace.slug
    slug = slugify(slug) if slug else slugify(title, style)
    path = workspace.posts_dir / f"{slug}.md"
    if path.exists():
        raise PostError(
            "a post with this slug already exists",
            path=path,
            hint="choose another title or pass --slug",
        )
    answers = {key: value.strip() for key, value in (answers or {}).items() if value.strip()}
    text = _render(title.strip(), slug, lang, project, now, answers)
    write_atomic(path, text)
    post = parse_post(text, path)
    return NewPost(path, post, tuple(answers))


def _render(
    title: str, slug: str, lang: str, project: str | None, now: dt.datetime, answers: dict[str, str]
) -> str:
    from ruamel.yaml.comments import CommentedMap

    meta = CommentedMap()
    meta["title"] = title
    meta["id"] = new_id()
    meta["date"] = now.date()
    meta["slug"] = slug
    meta["lang"] = lang
    meta["tags"] = []
    meta["draft"] = True
    if project:
        meta["project"] = project
    meta["started_at"] = now
    sections = []
    for section in template_sections(lang):
        chunks = [f"## {section.heading}", f"<!-- {section.prompt} -->"]
        if section.id in answers:
            chunks.append(answers[section.id])
        if section.id == "problem":
            chunks.append(MORE)
        sections.append("\n\n".join(chunks))
    return format_post(meta, "\n" + "\n\n".join(sections) + "\n")
