"""A command, option or setting that the README does not document fails the suite."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import typer.main

from concord.cli import app
from concord.settings import Settings

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def _commands(group: object, prefix: str = "") -> list[str]:
    click_group = typer.main.get_command(app) if group is None else group
    names = []
    for name, command in click_group.commands.items():  # type: ignore[attr-defined]
        names.append(f"{prefix}{name}")
        if hasattr(command, "commands"):
            names.extend(_commands(command, f"{prefix}{name} "))
    return names


def test_every_command_is_in_the_readme() -> None:
    missing = [name for name in _commands(None) if f"concord {name}" not in README]
    assert not missing, f"undocumented commands: {missing}"


def test_every_setting_is_in_the_readme() -> None:
    names = [f.name for f in dataclasses.fields(Settings) if f.name != "extra"]
    missing = [name for name in names if f"`{name}`" not in README]
    assert not missing, f"undocumented settings: {missing}"


def test_readme_states_the_two_commands() -> None:
    assert "make demo" in README and "make test" in README
