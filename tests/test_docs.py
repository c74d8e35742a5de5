"""Every command has help with an example and a section in the README."""

from __future__ import annotations

from pathlib import Path

import pytest

from inpublic.cli import app

README = (Path(__file__).parent.parent / "README.md").read_text("utf-8")
COMMANDS = [
    (command.name or command.callback.__name__, command) for command in app.registered_commands
]
SUBCOMMANDS = [
    (f"{group.name} {command.name or command.callback.__name__}", command)
    for group in app.registered_groups
    for command in group.typer_instance.registered_commands
]


def test_commands_are_registered() -> None:
    assert {name for name, _ in COMMANDS} >= {"init", "new", "outline", "demo"}


@pytest.mark.parametrize(("name", "command"), COMMANDS, ids=[name for name, _ in COMMANDS])
def test_command_has_help_and_readme_section(name, command) -> None:
    doc = command.callback.__doc__ or ""
    assert doc.strip(), f"{name} has no help"
    assert "Example: inpublic " in doc, f"{name}'s help has no example"
    assert f"### inpublic {name}\n" in README, f"README has no section for {name}"


def test_quick_start_is_the_two_commands() -> None:
    quick = README.split("## Quick start", 1)[1].split("##", 1)[0]
    assert "make run" in quick and "make test" in quick


@pytest.mark.parametrize(("name", "command"), SUBCOMMANDS, ids=[name for name, _ in SUBCOMMANDS])
def test_subcommand_has_help_and_is_in_its_readme_section(name, command) -> None:
    group = name.split()[0]
    doc = command.callback.__doc__ or ""
    assert doc.strip(), f"{name} has no help"
    assert f"Example: inpublic {name}" in doc, f"{name}'s help has no example"
    section = README.split(f"### inpublic {group}\n", 1)[1].split("\n### ", 1)[0]
    assert f"inpublic {name}" in section, f"the README's {group} section does not show {name}"
