"""The golden-loop plan: questions asked in the terminal, answers kept in inpublic.toml."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from inpublic._files import read_text, write_atomic
from inpublic.config import CHANNELS, ConfigError, key_line, parse_config

if TYPE_CHECKING:
    from inpublic.config import Config

QUESTIONS = {
    "main_track": "Your main track (主线事业): the career line your writing serves",
    "builds": "What must the writing build (skills, a body of knowledge, a reputation)?",
    "topics": "Topics you mean to write about (comma-separated)",
    "channels": "Channels to publish on (comma-separated: hugo, wechat, xiaohongshu, x, "
    "linkedin, zhihu)",
}
CHANNEL_QUESTIONS = {
    "who": "{channel}: who needs what you write there?",
    "worth": "{channel}: what is it worth to them, and to you?",
    "where": "{channel}: where on the platform is that audience?",
    "rewards": "{channel}: what does the platform reward?",
}


def ask_plan(config: Config, ask: Callable[[str, str], str]) -> dict[str, Any]:
    """Ask every question, offering the current answer as the default."""
    plan = config.plan
    answers: dict[str, Any] = {
        "main_track": ask(QUESTIONS["main_track"], config.profile.main_track),
        "builds": ask(QUESTIONS["builds"], plan.builds),
        "topics": _split(ask(QUESTIONS["topics"], ", ".join(plan.topics))),
    }
    channels = _split(
        ask(QUESTIONS["channels"], ", ".join(plan.channels) or ", ".join(config.channels.publish))
    )
    answers["channels"] = {}
    for channel in channels:
        current = plan.channels.get(channel)  # type: ignore[call-overload]  # any text typed
        answers["channels"][channel] = {
            key: ask(question.format(channel=channel), getattr(current, key, "") or "")
            for key, question in CHANNEL_QUESTIONS.items()
        }
    return answers


def read_answers(path: Path) -> dict[str, Any]:
    """``plan --answers``: a TOML file with the keys of QUESTIONS, each checked, so that a
    mistake is reported in this file (not in inpublic.toml, which is left alone)."""
    import tomllib

    text = read_text(path, ConfigError)
    try:
        answers = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"not valid TOML: {exc}", path=path, hint="see https://toml.io") from None

    def check(loc: tuple[str, ...], ok: bool, expected: str, hint: str | None = None) -> None:
        if not ok:
            value: Any = answers
            for part in loc:
                value = value[part]
            raise ConfigError(
                f"'{'.'.join(loc)}' should be {expected}, got {value!r}",
                path=path,
                line=key_line(text, loc),
                hint=hint,
            )

    for key, value in answers.items():
        if key not in QUESTIONS:
            raise ConfigError(
                f"unknown answer '{key}'",
                path=path,
                line=key_line(text, (key,)),
                hint=f"use {', '.join(QUESTIONS)}",
            )
        if key == "topics":
            check(
                (key,),
                isinstance(value, list) and all(isinstance(v, str) for v in value),
                "a list of strings",
            )
        elif key == "channels":
            check((key,), isinstance(value, dict), "a table of channels")
            for channel, questions in value.items():
                where = (key, channel)
                check(where, channel in CHANNELS, "a channel", f"use {', '.join(CHANNELS)}")
                check(where, isinstance(questions, dict), "a table of answers")
                for name, answer in questions.items():
                    check(
                        (*where, name),
                        name in CHANNEL_QUESTIONS,
                        "a channel question",
                        f"use {', '.join(CHANNEL_QUESTIONS)}",
                    )
                    check((*where, name), isinstance(answer, str), "a string")
        else:
            check((key,), isinstance(value, str), "a string")
    return answers


def save_plan(config_path: Path, answers: dict[str, Any]) -> None:
    """Write the answers into inpublic.toml, keeping its comments and other keys."""
    import tomlkit

    text = read_text(config_path, ConfigError)
    document = tomlkit.parse(text)
    if "main_track" in answers:
        document.setdefault("profile", tomlkit.table())["main_track"] = answers["main_track"]
    plan = tomlkit.table()
    plan["builds"] = answers.get("builds", "")
    plan["topics"] = answers.get("topics", [])
    channels = tomlkit.table()
    for channel, questions in answers.get("channels", {}).items():
        table = tomlkit.table()
        for key, value in questions.items():
            table[key] = value
        channels[channel] = table
    plan["channels"] = channels
    document["plan"] = plan
    if answers.get("channels"):  # the plan and the channels posts go to never disagree
        document.setdefault("channels", tomlkit.table())["publish"] = list(answers["channels"])
    new_text = tomlkit.dumps(document)
    parse_config(new_text, config_path)  # never write a config that would not load
    write_atomic(config_path, new_text)


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.replace("，", ",").split(",") if part.strip()]
