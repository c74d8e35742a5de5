from __future__ import annotations

from pathlib import Path

import pytest

from inpublic.config import Config, load_config, parse_config
from inpublic.errors import ConfigError

GOOD = """\
[profile]
name = "Mei"
languages = ["zh", "en"]

[profile.links]
github = "https://github.com/mei"

[channels]
publish = ["hugo", "x"]

[goals]
shares_per_week = 3
"""


def test_defaults_fill_what_is_missing() -> None:
    config = parse_config(GOOD, Path("inpublic.toml"))
    assert config.profile.name == "Mei"
    assert config.default_lang == "zh"
    assert config.channels.publish == ["hugo", "x"]
    assert (config.goals.shares_per_week, config.goals.total, config.goals.minutes_per_share) == (
        3,
        1000,
        30,
    )
    assert parse_config("", Path("inpublic.toml")) == Config()


def problem(text: str) -> ConfigError:
    with pytest.raises(ConfigError) as caught:
        parse_config(text, Path("inpublic.toml"))
    return caught.value


def test_wrong_type_names_the_line() -> None:
    error = problem(GOOD.replace("shares_per_week = 3", 'shares_per_week = "three"'))
    assert str(error) == (
        "inpublic.toml:12: goals.shares_per_week: expected an integer, got 'three'"
    )


def test_unknown_key_names_the_line_and_suggests() -> None:
    error = problem(GOOD.replace('name = "Mei"', 'name = "Mei"\nnmae = "typo"'))
    assert error.line == 3
    assert "unknown key 'profile.nmae'" in error.message
    assert "did you mean 'name'?" in error.message


def test_unknown_table_is_an_error() -> None:
    error = problem(GOOD + "\n[goal]\ntotal = 5\n")
    assert error.line == 14
    assert "unknown key 'goal'" in error.message
    assert "goals" in error.message


def test_bad_choice_lists_the_valid_ones() -> None:
    error = problem(GOOD.replace('publish = ["hugo", "x"]', 'publish = ["hugo", "myspace"]'))
    assert error.line == 9
    assert "channels.publish.1" in error.message
    assert "'myspace'" in error.message and "'wechat'" in error.message


def test_toml_syntax_error_names_the_line() -> None:
    error = problem('[profile]\nname = "unclosed\n')
    assert error.line == 2
    assert error.message.startswith("not valid TOML")


def test_every_problem_is_reported() -> None:
    text = GOOD.replace("shares_per_week = 3", "shares_per_week = true\ntotal = -1")
    error = problem(text)
    assert error.line == 12
    assert len(error.more) == 1
    assert error.more[0].startswith("inpublic.toml:13: goals.total")


def test_problems_inside_tables_name_their_key() -> None:
    text = (
        '[check.words]\npeacock = ["wow"]\nfluff = ["x"]\n\n'
        '[plan.channels.x]\nwho = "devs"\n\n[plan.channels.zhihu]\nwho = 42\n\n'
        '[[projects]]\ntitle = "no name"\n\n[goals]\ntotal = 0\n'
    )
    error = problem(text)
    assert str(error).startswith("inpublic.toml:3: check.words.fluff: expected one of 'peacock'")
    assert error.more == (
        "inpublic.toml:9: plan.channels.zhihu.who: expected a string, got 42 (int)",
        "inpublic.toml:11: projects.0: the key 'name' is required",
        "inpublic.toml:15: goals.total: expected an integer >= 1, got 0 (int)",
    )


def test_non_utf8_config(tmp_path: Path) -> None:
    path = tmp_path / "inpublic.toml"
    path.write_bytes('[profile]\nname = "陈"\n'.encode("gbk"))
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert caught.value.line == 2
    assert "not UTF-8" in caught.value.message
