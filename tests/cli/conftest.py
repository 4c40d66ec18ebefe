"""The command line's tests: `env` points the CLI at the session's real store."""

from __future__ import annotations

import pytest

from fineprint.settings import Settings
from tests.conftest import point_cli_at


@pytest.fixture
def env(ask_settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """Point the CLI's settings at the session store."""
    point_cli_at(ask_settings, monkeypatch)
    return ask_settings
