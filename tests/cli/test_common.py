"""What every command shares (cli/common.py): a bad setting is one line naming the variable."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from cli.main import app

runner = CliRunner()


def test_bad_setting_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FINEPRINT_LOG_LEVEL", "chatty")
    result = runner.invoke(app, ["platforms"])
    assert result.exit_code == 2 and "FINEPRINT_LOG_LEVEL" in result.output
