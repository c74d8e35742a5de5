"""``inpublic.toml``: one typed schema, validated on load with the line of every problem."""

from __future__ import annotations

import difflib
import re
import tomllib
import types
from pathlib import Path
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import msgspec
from msgspec import Meta, field

from inpublic._files import read_text
from inpublic.errors import ConfigError

CONFIG_NAME = "inpublic.toml"
LANGUAGES = ("zh", "en")
CHANNELS = ("hugo", "wechat", "xiaohongshu", "x", "linkedin", "zhihu")

Language = Literal["zh", "en"]
Channel = Literal["hugo", "wechat", "xiaohongshu", "x", "linkedin", "zhihu"]
ThreadMode = Literal["short", "full", "single"]


class _Section(msgspec.Struct, forbid_unknown_fields=True, frozen=True, kw_only=True):
    """A table of inpublic.toml: unknown keys are errors, values are never coerced."""


class Profile(_Section, frozen=True):
    """Who writes, and the career line the writing serves."""

    name: str = ""
    """The author's name, as shown on posts and the portfolio."""
    handle: str = ""
    """The short handle used on social channels, without '@'."""
    bio: str = ""
    """One or two sentences: what the author works on."""
    main_track: str = ""
    """The main track (主线事业): the career line every post serves."""
    languages: list[Language] = field(default_factory=lambda: ["en"])
    """Languages the author writes in; the first is the default for new posts."""
    links: dict[str, str] = {}
    """Named links, e.g. github = "https://github.com/me"."""
    site_url: str = ""
    """The portfolio's public address, used for feeds and canonical links."""


class Channels(_Section, frozen=True):
    """Where the author publishes."""

    publish: list[Channel] = field(default_factory=lambda: ["hugo"])
    """Channels every post is rendered for (unless its language has a list of its own)."""
    zh: list[Channel] = []
    """Channels for posts in Chinese, e.g. ["wechat", "xiaohongshu", "zhihu"]."""
    en: list[Channel] = []
    """Channels for posts in English, e.g. ["x", "linkedin", "hugo"]."""

    def for_lang(self, lang: str | None) -> list[str]:
        """The channels of a post in ``lang``: its language's list, else ``publish``."""
        own = {"zh": self.zh, "en": self.en}.get(lang or "") or self.publish
        return [str(name) for name in own]


class Goals(_Section, frozen=True):
    """Share a thousand times, not once."""

    shares_per_week: Annotated[int, Meta(ge=0)] = 2
    """How many shares a week the author aims for."""
    total: Annotated[int, Meta(gt=0)] = 1000
    """The long-term count of shares."""
    minutes_per_share: Annotated[int, Meta(gt=0)] = 30
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


class CheckSettings(_Section, frozen=True):
    """How ``inpublic check`` reads this workspace's posts."""

    disable: list[str] = []
    """Rules to switch off: a rule id ('zh.hedge'), a prefix ('zh') or a category ('hedge')."""
    min_severity: Literal["suggestion", "warning", "error"] = "warning"
    """The lowest severity shown and counted for the exit code."""
    words: dict[Category, list[str]] = {}
    """Extra words per category, e.g. peacock = ["牛x", "insanely great"]."""
    target_length: Annotated[list[int], Meta(max_length=2)] = []
    """[min, max] length of a post: Chinese characters plus English words."""
    rules_dir: str = ""
    """A folder of rule files, <lang>/<category>.toml in the built-ins' format, that add
    rules or replace a built-in of the same id (as Vale's styles); default: the
    workspace's rules/ folder when it has one."""


class WorkspaceSettings(_Section, frozen=True):
    """How the workspace names things."""

    slug: Literal["keep", "pinyin"] = "keep"
    """A new post's slug from a Chinese title: the characters kept (as Hugo does), or
    pinyin (发版检查 → fa-ban-jian-cha)."""


class CaptureSettings(_Section, frozen=True):
    """Where ``inpublic capture`` and ``inpublic brag`` look for work."""

    repos: list[str] = []
    """Git repositories, absolute or relative to the workspace; '~' is expanded."""


class WechatSettings(_Section, frozen=True):
    """The WeChat Official Account: how the article looks (a post's ``channels.wechat``
    wins), and the account ``render --to wechat --upload-images`` uploads images to."""

    theme: str = "default"
    """A built-in theme (default, blue, plain) or themes/wechat-NAME.css in the workspace."""
    color: Annotated[str, Meta(pattern=r"^(#[0-9a-fA-F]{3}|#[0-9a-fA-F]{6})?$")] = ""
    """The primary colour (headings, bold, reference marks), e.g. "#0f7b6c"; default: the
    theme's."""
    font_size: Annotated[int, Meta(ge=12, le=22)] | None = None
    """The body text size in px (headings scale with it); default: the theme's (16)."""
    code_theme: str = "friendly"
    """The Pygments style that colours code blocks (friendly, github-dark, monokai, …)."""
    mac_code: bool = True
    """Draw code blocks as a Mac window: three dots above the code."""
    app_id: str = ""
    """The account's AppID (设置与开发 → 基本配置); images are uploaded only with it."""
    app_secret_env: str = "WECHAT_APP_SECRET"
    """The environment variable that holds the AppSecret (never put it in this file)."""
    api_base: str = "https://api.weixin.qq.com"
    """The API's address (another one only for a test server or a proxy)."""


class ChannelPlan(_Section, frozen=True):
    """Demand × business × traffic, for one channel."""

    who: str = ""
    """Who needs what you write there?"""
    worth: str = ""
    """What is it worth to them, and to you?"""
    where: str = ""
    """Where on the platform is that audience?"""
    rewards: str = ""
    """What does the platform reward?"""


class PlanSettings(_Section, frozen=True):
    """The golden-loop plan, asked by ``inpublic plan``."""

    builds: str = ""
    """What the writing must build (skills, a body of knowledge, a reputation for …)."""
    topics: list[str] = []
    """The topics you mean to write about; compared with the tags you actually use."""
    channels: dict[Channel, ChannelPlan] = {}


class RenderSettings(_Section, frozen=True):
    """How ``inpublic render`` writes the channels."""

    spacing: bool = True
    """CJK/Latin spacing and punctuation fixed by AutoCorrect in the X, LinkedIn and
    Xiaohongshu text (a post turns it off for one channel with channels.<name>.spacing)."""


class XSettings(_Section, frozen=True):
    """How ``inpublic render`` writes for X (``render --x-mode`` wins for one render)."""

    thread: ThreadMode = "short"
    """short: the hook, the key steps and the result in at most 5 posts; full: the whole
    post as a thread; single: one post with a link to the full article on the site."""


class AISettings(_Section, frozen=True):
    """The AI second reader (``check --ai``): any OpenAI-compatible chat-completions endpoint.
    Nothing is sent unless ``--ai`` is given or ``enabled`` is true."""

    enabled: bool = False
    """Read every checked post with the model too, as if --ai were given (--no-ai wins)."""
    base_url: str = ""
    """The endpoint's address up to /v1, e.g. "https://api.openai.com/v1" or a local
    server's "http://127.0.0.1:11434/v1" (the README lists presets)."""
    model: str = ""
    """The model's name as the endpoint knows it, e.g. "gpt-4o-mini", "qwen2.5:7b-instruct"."""
    api_key_env: str = "OPENAI_API_KEY"
    """The environment variable that holds the key (never put the key in this file); a
    local server may need none."""
    timeout: Annotated[float, Meta(gt=0)] = 60.0
    """Seconds to wait for one answer before giving up on it (then retried)."""
    retries: Annotated[int, Meta(ge=0, le=10)] = 2
    """How many times a request is tried again, with backoff, after a timeout, a 429 or a 5xx."""
    concurrency: Annotated[int, Meta(ge=1, le=16)] = 4
    """The most requests in flight at a time (a long post is sent in sections)."""
    stream: bool = False
    """Ask for a streamed answer (server-sent events); some local servers answer only so."""


class Project(_Section, frozen=True):
    """A project on the portfolio's projects page; posts join it by their ``project`` key."""

    name: str
    """The name posts use in their ``project`` key."""
    title: str = ""
    """How the project is shown (default: the name)."""
    description: str = ""
    """One or two sentences: what it is and who it is for."""
    links: dict[str, str] = {}
    """Named links, e.g. repo = "https://github.com/me/ledgerline"."""


class Config(_Section, frozen=True):
    """The whole of inpublic.toml."""

    profile: Profile = field(default_factory=Profile)
    channels: Channels = field(default_factory=Channels)
    goals: Goals = field(default_factory=Goals)
    check: CheckSettings = field(default_factory=CheckSettings)
    capture: CaptureSettings = field(default_factory=CaptureSettings)
    workspace: WorkspaceSettings = field(default_factory=WorkspaceSettings)
    plan: PlanSettings = field(default_factory=PlanSettings)
    wechat: WechatSettings = field(default_factory=WechatSettings)
    render: RenderSettings = field(default_factory=RenderSettings)
    x: XSettings = field(default_factory=XSettings)
    ai: AISettings = field(default_factory=AISettings)
    projects: list[Project] = []

    @property
    def default_lang(self) -> str:
        return self.profile.languages[0] if self.profile.languages else "en"


class Setting(msgspec.Struct, frozen=True):
    """One effective setting: its dotted key, its value, and the line of inpublic.toml
    that set it (None: the default)."""

    key: str
    value: Any
    line: int | None


def effective_settings(config: Config, text: str) -> list[Setting]:
    """Every setting of ``config`` (read from ``text``), in the schema's order."""
    data = tomllib.loads(text) if text else {}
    found: list[Setting] = []

    def walk(section: msgspec.Struct, path: tuple[str, ...]) -> None:
        for name in section.__struct_fields__:
            value = getattr(section, name)
            key = (*path, name)
            if isinstance(value, msgspec.Struct):
                walk(value, key)
                continue
            try:
                _value_at(data, key)
                line = key_line(text, key)
            except (KeyError, TypeError):
                line = None
            found.append(Setting(".".join(key), msgspec.to_builtins(value), line))

    walk(config, ())
    return found


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
    problems: list[tuple[int | None, str]] = []
    # msgspec stops at the first problem: take the bad value out and validate again, so
    # that one run reports every problem (a list with a bad item is taken out whole).
    while len(problems) < _MAX_PROBLEMS:
        try:
            config = msgspec.convert(data, Config, strict=True)
        except msgspec.ValidationError as exc:
            try:
                loc, message = describe_problem(str(exc), data, Config)
            except (LookupError, TypeError):  # a message in a form this reader does not know
                problems.append((None, str(exc)))
                break
            problems.append((key_line(text, loc), message))
            if not _drop(data, loc):
                break
        else:
            if not problems:
                return config
            break
    problems.sort(key=lambda problem: problem[0] or 0)
    first_line, first = problems[0]
    more = tuple(str(ConfigError(message, path=path, line=line)) for line, message in problems[1:])
    raise ConfigError(first, path=path, line=first_line, more=more)


_MAX_PROBLEMS = 50


def _split_toml_error(message: str) -> tuple[str, int | None]:
    found = re.search(r"\s*\(at line (\d+), column \d+\)$", message)
    if not found:
        return message, None
    return message[: found.start()], int(found.group(1))


# msgspec's messages, e.g. "Expected `int`, got `str` - at `$.goals.total`" or
# "Invalid enum value 'x' - at `key` in `$.check.words`"
_MESSAGE = re.compile(r"(?P<what>.*?)(?: - at `(?P<key>key` in `)?\$(?P<path>[^`]*)`)?")
_PATH_PART = re.compile(r"\.([^.\[]+)|\[(\d+|\.\.\.)\]")
_UNKNOWN = re.compile(r"Object contains unknown field `(.+)`")
_MISSING = re.compile(r"Object missing required field `(.+)`")
_BAD_CHOICE = re.compile(r"Invalid enum value (.+)")
_TYPE_NAMES = {
    "str": "a string",
    "int": "an integer",
    "float": "a number",
    "bool": "true or false",
    "array": "a list",
    "object": "a table",
    "datetime": "a date and time",
    "date": "a date",
    "time": "a time",
}


def describe_problem(
    message: str, data: dict[str, Any], schema: Any
) -> tuple[tuple[Any, ...], str]:
    """The key path a msgspec error about ``data`` read as ``schema`` points at, and the
    problem in inpublic's words."""
    parts = _MESSAGE.fullmatch(message)
    assert parts is not None  # the pattern matches any text
    what = parts["what"]
    loc = _loc(parts["path"] or "", data, schema)
    if unknown := _UNKNOWN.fullmatch(what):
        loc += (unknown[1],)
        known = _known_keys(loc[:-1], schema)
        close = difflib.get_close_matches(unknown[1], known, n=1)
        advice = f"did you mean '{close[0]}'?" if close else f"known keys: {', '.join(known)}"
        return loc, f"unknown key '{_dotted_loc(loc)}'; {advice}"
    if missing := _MISSING.fullmatch(what):
        return loc, f"{_dotted_loc(loc)}: the key '{missing[1]}' is required"
    if choice := _BAD_CHOICE.fullmatch(what):
        if parts["key"]:
            loc += tuple(k for k in _value_at(data, loc) if repr(k) == choice[1])[:1]
        choices = ", ".join(repr(v) for v in _choices(loc, bool(parts["key"]), schema))
        return loc, f"{_dotted_loc(loc)}: expected one of {choices}, got {choice[1]}"
    expected = re.sub(r"`([^`]+)`", _type_names, what)
    expected = expected.split(", got ")[0]
    expected = expected[0].lower() + expected[1:]
    return loc, f"{_dotted_loc(loc)}: {expected}, got {_show(_value_at(data, loc))}"


def _type_names(found: re.Match[str]) -> str:
    """msgspec's `array | null` as 'a list' (a key may always be left out)."""
    names = [name.strip() for name in found[1].split("|")]
    if {"str", "int", "float", "bool"} <= set(names):
        return "text or a number"
    return " or ".join(_TYPE_NAMES.get(name, name) for name in names if name != "null")


def _loc(path: str, data: dict[str, Any], schema: Any) -> tuple[Any, ...]:
    """The key path in ``data`` of a msgspec path like ``.projects[0].links[...]``."""
    loc: tuple[Any, ...] = ()
    for key, index in _PATH_PART.findall(path):
        if index == "...":  # msgspec does not name the table key: find the bad value
            value_type = get_args(_type_at(loc, schema))[1]
            bad = [k for k, v in _value_at(data, loc).items() if not _valid(v, value_type)]
            if not bad:
                break
            loc += (bad[0],)
        else:
            loc += (key or int(index),)
    return loc


def _valid(value: Any, kind: Any) -> bool:
    try:
        msgspec.convert(value, kind, strict=True)
    except msgspec.ValidationError:
        return False
    return True


def _dotted_loc(loc: tuple[Any, ...]) -> str:
    return ".".join(str(part) for part in loc)


def _value_at(data: Any, loc: tuple[Any, ...]) -> Any:
    for part in loc:
        data = data[part]
    return data


def _drop(data: dict[str, Any], loc: tuple[Any, ...]) -> bool:
    """Take the value at ``loc`` out of ``data`` (a list item: the whole list)."""
    while loc and isinstance(loc[-1], int):
        loc = loc[:-1]
    if not loc:
        return False
    del _value_at(data, loc[:-1])[loc[-1]]
    return True


def _show(value: Any) -> str:
    return repr(value) if isinstance(value, str) else f"{value!r} ({type(value).__name__})"


def _type_at(loc: tuple[Any, ...], schema: Any, key: bool = False) -> Any:
    """The type ``schema`` expects at ``loc`` (with ``key``: of the table key it ends with)."""
    kind: Any = _container(schema)
    for index, part in enumerate(loc):
        if _is_table(kind):
            kind = next((f.type for f in msgspec.structs.fields(kind) if f.name == part), None)
        elif get_origin(kind) is list:
            kind = get_args(kind)[0]
        elif get_origin(kind) is dict:
            kind = get_args(kind)[0 if key and index == len(loc) - 1 else 1]
        kind = _container(kind)
    return kind


def _container(kind: Any) -> Any:
    """``kind`` without its limits (int >= 0) and, in a union such as ``str | list[str] |
    None``, the table or list a key path can go into."""
    if get_origin(kind) is Annotated:
        kind = get_args(kind)[0]
    if get_origin(kind) in (Union, types.UnionType):
        options = [_container(option) for option in get_args(kind)]
        nested = [o for o in options if _is_table(o) or get_origin(o) in (list, dict)]
        kind = (nested or options)[0]
    return kind


def _choices(loc: tuple[Any, ...], key: bool, schema: Any) -> tuple[Any, ...]:
    kind = _type_at(loc, schema, key)
    return get_args(kind) if get_origin(kind) is Literal else ()


def _known_keys(loc: tuple[Any, ...], schema: Any) -> list[str]:
    kind = _type_at(loc, schema)
    return list(kind.__struct_fields__) if _is_table(kind) else []


def _is_table(kind: Any) -> bool:
    return isinstance(kind, type) and issubclass(kind, msgspec.Struct)


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
