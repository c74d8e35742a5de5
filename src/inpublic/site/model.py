"""What the site build gives back, and the names of its pages: results, errors, slugs."""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from inpublic.errors import InpublicError

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


_WORD = re.compile(r"[A-Za-z0-9]+(?:['’-][A-Za-z0-9]+)*")


class SiteError(InpublicError):
    """Raised by ``inpublic.site`` for posts that cannot be published together."""


@dataclass(frozen=True)
class SiteResult:
    out: Path
    posts: int  # posts on the site
    rendered: int  # post pages written in this build
    listings: bool  # whether the home, archive, tags, feeds and sitemap were written
    warnings: tuple[str, ...]
    errors: tuple[str, ...] = ()  # posts that could not be read: left out, the rest built
    drafts_left_out: int = 0  # posts with draft: true, built only with drafts=True


def slug_of(name: str) -> str:
    """A tag's, series' or project's name as one path segment: letters, digits, '_' and
    '-' only (safe in a URL and a file name), and at most 60 characters (240 bytes). A
    name that loses more than spaces and dashes, or is cut, gets a short hash of itself,
    so that two names never share a page: 'C++' and 'C#' are 'c-…' and 'c-…', apart."""
    from inpublic.workspace.front_matter import slugify

    words = unicodedata.normalize("NFKC", name).strip().lower()
    text = slugify(name, most=200, empty="x")
    if len(text) > 60 or re.sub(r"[\s-]+", "-", words).strip("-") != text:
        digest = hashlib.sha256(name.strip().encode()).hexdigest()[:8]
        text = f"{text[:51]}-{digest}"
    return text


def reading_minutes(text: str) -> int:
    """Chinese read at about 350 characters a minute, English at about 230 words."""
    return max(1, math.ceil(len(_CJK.findall(text)) / 350 + len(_WORD.findall(text)) / 230))
