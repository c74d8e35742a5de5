"""The front-matter keys inpublic reads, as one typed schema checked where a post is read.

Keys inpublic does not know are kept and not checked (Hugo's ``weight``, an Obsidian
``aliases``). The known ones are checked once, with msgspec, so that no later stage meets
a shape it does not expect: a slug that is not one safe path segment, tags that are not
words, a date that does not exist.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Annotated, Any

import msgspec
from msgspec import Meta

from inpublic.config import Channel, Language, describe_problem

#: One path segment, safe in a file name and a URL: letters (any script), digits, '_',
#: '-' and '.', starting with a letter, digit or '_' (so never '.', '..' or '-x'). ``\Z``,
#: not ``$``, which would let a final newline through.
SLUG_PATTERN = r"^[^\W][\w.-]*\Z"
SLUG_MAX = 200  # bytes in UTF-8: file names take 255 at most, and Hugo adds to them
_SLUG = re.compile(SLUG_PATTERN)

Scalar = str | int | float | bool  # a tag written as 2024 is the tag "2024"
Slug = Annotated[str, Meta(pattern=SLUG_PATTERN)]
Text = Annotated[str, Meta(max_length=10_000)]
Names = Annotated[list[Text], Meta(max_length=100)]  # a page is written for each one
Length = Annotated[list[Annotated[int, Meta(ge=0)]], Meta(min_length=2, max_length=2)]


class FrontMatter(msgspec.Struct, kw_only=True, frozen=True):
    """The known keys; every one may be left out."""

    title: Text | None = None
    date: dt.date | None = None  # a date and time counts by its date (see ``normalised``)
    slug: Slug | None = None
    lang: Language | None = None
    tags: Annotated[list[Scalar], Meta(max_length=100)] | None = None
    categories: Text | Names | None = None
    series: Text | Names | None = None
    draft: bool | None = None
    summary: Text | None = None
    project: Text | None = None
    started_at: dt.datetime | None = None
    id: Annotated[str, Meta(pattern=r"^[\w-]{4,64}$")] | None = None
    target_length: Length | None = None
    channels: dict[Channel, dict[str, Scalar | list[Scalar] | None] | None] | None = None


FIELDS = frozenset(FrontMatter.__struct_fields__)
# What a text value of these keys must look like, for the message.
_FORMATS = {
    "date": "a date",
    "started_at": "a date and time",
    "slug": "one path segment (letters, digits, '-', '_' and '.', no spaces)",
}
_EXAMPLES = {
    "date": "e.g. 'date: 2026-01-31'",
    "started_at": "e.g. 'started_at: 2026-01-31T09:30:00+08:00'",
    "tags": "e.g. 'tags: [ci, python]'",
    "target_length": "two numbers, e.g. 'target_length: [300, 800]'",
    "channels": "e.g. 'channels: {x: {title: \"Shorter title\"}}'",
}


def check_front_matter(meta: Any) -> tuple[tuple[Any, ...], str, str | None] | None:
    """The first problem in the known keys: (key path, message, hint), or None."""
    for key in meta:
        if not isinstance(key, str):
            return (key,), f"a front-matter key must be text, got {key!r}", "quote the key"
    data = {key: normalised(key, value) for key, value in meta.items() if key in FIELDS}
    try:
        msgspec.convert(data, FrontMatter)
    except msgspec.ValidationError as exc:
        loc, message = describe_problem(str(exc), data, FrontMatter)
        key = str(loc[0]) if loc else ""
        if key in _FORMATS and len(loc) == 1 and isinstance(data[key], str):
            message = f"{key}: expected {_FORMATS[key]}, got {data[key]!r}"
        if key == "slug" and isinstance(data[key], str):
            return loc, message, f"e.g. 'slug: {slugify(data[key])}'"
        return loc, message, _EXAMPLES.get(key)
    slug = data.get("slug")
    if slug and not is_slug(slug):
        return ("slug",), f"slug: longer than {SLUG_MAX} bytes in UTF-8", "use a shorter slug"
    return None


def normalised(key: str, value: Any) -> Any:
    """The value in the form the schema reads: a date and time counts by its date for
    'date'; a date alone is midnight for 'started_at'; text in ISO 8601 is read as one."""
    if key == "slug" and value == "":
        return None  # as if left out: the file name's
    if key == "date":
        if isinstance(value, str):
            value = _iso(value) or value
        return value.date() if isinstance(value, dt.datetime) else value
    if key == "started_at":
        if isinstance(value, str):
            value = _iso(value) or value
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return dt.datetime.combine(value, dt.time())
    return value


def _iso(text: str) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(text.strip())
    except ValueError:
        return None


def new_id() -> str:
    """A post's stable id: what the ledger hangs its timers and shares on, whatever the
    post's file name or slug become."""
    import secrets

    return f"p-{secrets.token_hex(6)}"


def is_slug(text: str) -> bool:
    return len(text.encode("utf-8")) <= SLUG_MAX and _SLUG.match(text) is not None


def slugify(title: str, style: str = "keep", most: int = 80, empty: str = "post") -> str:
    """Lower case words joined by '-', at most ``most`` characters: the one slug rule of
    the project (posts, and the site's tags, series and projects). Chinese characters are
    kept as Hugo keeps them (``style="keep"``), or written in pinyin (``"pinyin"``:
    发版检查 is fa-ban-jian-cha, readable in any URL)."""
    text = unicodedata.normalize("NFKC", title).lower()
    if style == "pinyin" and any("\u3400" <= char <= "\u9fff" for char in text):
        from pypinyin import lazy_pinyin  # 0.2 s: only for a Chinese title, when asked

        text = " ".join(lazy_pinyin(text))
    text = re.sub(r"[^\w]+", "-", text).strip("-_")[:most]
    while len(text.encode("utf-8")) > SLUG_MAX:  # 80 Chinese characters are 240 bytes
        text = text[:-1]
    return text.rstrip("-") or empty
