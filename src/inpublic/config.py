"""``inpublic.toml``: one typed schema, validated on load with the line of every problem."""

from __future__ import annotations

import difflib
import re
import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from inpublic._files import read_text
from inpublic.errors import ConfigError

CONFIG_NAME = "inpublic.toml"
LANGUAGES = ("zh", "en")
CHANNELS = ("hugo", "wechat", "xiaohongshu", "x", "linkedin", "zhihu")

Language = Literal["zh", "en"]
Channel = Literal["hugo", "wechat", "xiaohongshu", "x", "linkedin", "zhihu"]


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Profile(_Section):
    """Who writes, and the career line the writing serves."""

    name: str = ""
    """The author's name, as shown on posts and the portfolio."""
    handle: str = ""
    """The short handle used on social channels, without '@'."""
    bio: str = ""
    """One or two sentences: what the author works on."""
    main_track: str = ""
    """The main track (主线事业): the career line every post serves."""
    languages: list[Language] = Field(default_factory=lambda: ["en"])
    """Languages the author writes in; the first is the default for new posts."""
    links: dict[str, str] = Field(default_factory=dict)
    """Named links, e.g. github = "https://github.com/me"."""
    site_url: str = ""
    """The portfolio's public address, used for feeds and canonical links."""


class Channels(_Section):
    """Where the author publishes."""

    publish: list[Channel] = Field(default_factory=lambda: ["hugo"])
    """Channels every post is rendered for."""


class Goals(_Section):
    """Share a thousand times, not once."""

    shares_per_week: int = Field(default=2, ge=0)
    """How many shares a week the author aims for."""
    total: int = Field(default=1000, gt=0)
    """The long-term count of shares."""
    minutes_per_share: int = Field(default=30, gt=0)
    """The time budget for one share, from finished work to posts on every channel."""


#: The check categories that take word lists, in report order (inpublic.check adds
#: typography and structure after them).
WORD_CATEGORIES = (
    "peacock",
    "brag",
    "weasel",
    "hedge",
    "intensifier",
    "buzzword",
    "clickbait",
    "unsupported-claim",
)
Category = Literal[WORD_CATEGORIES]  # type: ignore[valid-type]


class CheckSettings(_Section):
    """How ``inpublic check`` reads this workspace's posts."""

    disable: list[str] = Field(default_factory=list)
    """Rules to switch off: a rule id ('zh.hedge'), a prefix ('zh') or a category ('hedge')."""
    min_severity: Literal["suggestion", "warning", "error"] = "warning"
    """The lowest severity shown and counted for the exit code."""
    words: dict[Category, list[str]] = Field(default_factory=dict)
    """Extra words per category, e.g. peacock = ["牛x", "insanely great"]."""
    target_length: list[int] = Field(default_factory=list, min_length=0, max_length=2)
    """[min, max] length of a post: Chinese characters plus English words."""


class CaptureSettings(_Section):
    """Where ``inpublic capture`` and ``inpublic brag`` look for work."""

    repos: list[str] = Field(default_factory=list)
    """Git repositories, absolute or relative to the workspace; '~' is expanded."""


class ChannelPlan(_Section):
    """Demand × business × traffic, for one channel."""

    who: str = ""
    """Who needs what you write there?"""
    worth: str = ""
    """What is it worth to them, and to you?"""
    where: str = ""
    """Where on the platform is that audience?"""
    rewards: str = ""
    """What does the platform reward?"""


class PlanSettings(_Section):
    """The golden-loop plan, asked by ``inpublic plan``."""

    builds: str = ""
    """What the writing must build (skills, a body of knowledge, a reputation for …)."""
    topics: list[str] = Field(default_factory=list)
    """The topics you mean to write about; compared with the tags you actually use."""
    channels: dict[Channel, ChannelPlan] = Field(default_factory=dict)


class Project(_Section):
    """A project on the portfolio's projects page; posts join it by their ``project`` key."""

    name: str
    """The name posts use in their ``project`` key."""
    title: str = ""
    """How the project is shown (default: the name)."""
    description: str = ""
    """One or two sentences: what it is and who it is for."""
    links: dict[str, str] = Field(default_factory=dict)
    """Named links, e.g. repo = "https://github.com/me/ledgerline"."""


class Config(_Section):
    """The whole of inpublic.toml."""

    profile: Profile = Field(default_factory=Profile)
    channels: Channels = Field(default_factory=Channels)
    goals: Goals = Field(default_factory=Goals)
    check: CheckSettings = Field(default_factory=CheckSettings)
    capture: CaptureSettings = Field(default_factory=CaptureSettings)
    plan: PlanSettings = Field(default_factory=PlanSettings)
    projects: list[Project] = Field(default_factory=list)

    @property
    def default_lang(self) -> str:
        return self.profile.languages[0] if self.profile.languages else "en"


def load_config(path: Path) -> Config:
    """Read and validate ``inpublic.toml``; ``ConfigError`` names the line of each problem."""
    text = read_text(path, ConfigError)
    return parse_config(text, path)


def parse_config(text: str, path: Path) -> Config:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message, line = _split_toml_error(str(exc))
        raise ConfigError(
            f"not valid TOML: {message}", path=path, line=line, hint="see https://toml.io"
        ) from None
    try:
        return Config.model_validate(data)
    except ValidationError as exc:
        problems = [_describe(error, text) for error in exc.errors()]
        problems.sort(key=lambda problem: problem[0] or 0)
        first_line, first = problems[0]
        more = tuple(
            str(ConfigError(message, path=path, line=line)) for line, message in problems[1:]
        )
        raise ConfigError(first, path=path, line=first_line, more=more) from None


def _split_toml_error(message: str) -> tuple[str, int | None]:
    found = re.search(r"\s*\(at line (\d+), column \d+\)$", message)
    if not found:
        return message, None
    return message[: found.start()], int(found.group(1))


_EXPECTED = {
    "string_type": "a string",
    "int_type": "an integer",
    "bool_type": "true or false",
    "list_type": "a list",
    "dict_type": "a table",
    "model_type": "a table",
}


def _describe(error: dict[str, Any], text: str) -> tuple[int | None, str]:
    loc = tuple(error["loc"])
    dotted = ".".join(str(part) for part in loc)
    kind = error["type"]
    if kind == "extra_forbidden":
        known = _known_keys(loc[:-1])
        close = difflib.get_close_matches(str(loc[-1]), known, n=1)
        advice = f"did you mean '{close[0]}'?" if close else f"known keys: {', '.join(known)}"
        message = f"unknown key '{dotted}'; {advice}"
    elif kind in _EXPECTED:
        message = f"{dotted}: expected {_EXPECTED[kind]}, got {_show(error['input'])}"
    elif kind == "literal_error":
        message = (
            f"{dotted}: expected one of {error['ctx']['expected']}, got {_show(error['input'])}"
        )
    else:
        message = f"{dotted}: {error['msg'].lower()}, got {_show(error['input'])}"
    return key_line(text, loc), message


def _show(value: Any) -> str:
    return repr(value) if isinstance(value, str) else f"{value!r} ({type(value).__name__})"


def _known_keys(loc: tuple[Any, ...]) -> list[str]:
    model: type[BaseModel] = Config
    for part in loc:
        field = model.model_fields.get(str(part))
        if field is None or not isinstance(field.annotation, type):
            return []
        model = field.annotation
    return list(model.model_fields)


_TABLE = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?")
_KEY = re.compile(r"^\s*([A-Za-z0-9_.\"' -]+?)\s*=")


def key_line(text: str, loc: tuple[Any, ...]) -> int | None:
    """The line of the deepest TOML key or table that ``loc`` (a key path) points into.

    tomllib keeps no positions, so the file is scanned for table headers and keys.
    """
    want = [str(part) for part in loc if not isinstance(part, int)]
    best_line, best_depth = None, 0
    table: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        header = _TABLE.match(line)
        if header:
            table = _dotted(header.group(1))
            path = table
        else:
            key = _KEY.match(line)
            if not key:
                continue
            path = table + _dotted(key.group(1))
        depth = _common_prefix(path, want)
        if depth == len(path) and depth > best_depth:
            best_line, best_depth = number, depth
    return best_line


def _dotted(key: str) -> list[str]:
    return [part.strip().strip("\"'") for part in key.split(".")]


def _common_prefix(a: list[str], b: list[str]) -> int:
    depth = 0
    for left, right in zip(a, b, strict=False):
        if left != right:
            break
        depth += 1
    return depth
