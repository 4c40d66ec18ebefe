"""`fineprint bot`: its options, and the bot's exit code passed through as the command's."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.main import app

runner = CliRunner()


@pytest.fixture
def no_token(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No token or setting from the developer's environment or the checkout's `.env`."""
    for name in list(os.environ):
        if name == "DISCORD_TOKEN" or name.startswith("FINEPRINT_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("FINEPRINT_DATA_DIR", str(tmp_path / "data"))


def test_help_names_the_sync_and_guild_options() -> None:
    result = runner.invoke(app, ["bot", "--help"])
    assert result.exit_code == 0
    assert "--sync" in result.output and "--guild" in result.output


@pytest.mark.usefixtures("no_token")
@pytest.mark.parametrize("args", [[], ["--sync"], ["--guild", "123"]])
def test_without_a_token_the_command_exits_2_with_one_line(args: list[str]) -> None:
    result = runner.invoke(app, ["bot", *args])
    assert result.exit_code == 2
    (line,) = result.output.strip().splitlines()
    assert "DISCORD_TOKEN is not set" in line


def test_a_guild_must_be_a_number() -> None:
    result = runner.invoke(app, ["bot", "--guild", "my-server"])
    assert result.exit_code == 2 and "Invalid value for '--guild'" in result.output
