"""Start-up: a missing or rejected token or a bad setting is one clear line and exit code 2;
the token never shows in logs or messages."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import discord
import pytest

from bot.client import FineprintBot
from bot.errors import RedactFilter
from bot.run import configure_logging, run_bot
from fineprint.settings import Settings
from tests.conftest import REPO

FAKE_TOKEN = "MTIzNDU2Nzg5MDEyMzQ1Njc4.GAbCdE.fake-token-for-tests-only-0123456789abcd"


def remove_redact_filters() -> None:
    for handler in logging.getLogger().handlers:
        for item in [f for f in handler.filters if isinstance(f, RedactFilter)]:
            handler.removeFilter(item)


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    """No token or bot setting from the developer's environment or .env."""
    for name in list(os.environ):
        if name == "DISCORD_TOKEN" or name.startswith("FINEPRINT_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)  # away from any .env in the checkout
    monkeypatch.setenv("FINEPRINT_DATA_DIR", str(tmp_path / "data"))
    yield tmp_path
    remove_redact_filters()


def test_missing_token_is_one_line_and_exit_2(
    clean_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_bot() == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "DISCORD_TOKEN is not set" in err
    assert "Traceback" not in err


def test_python_m_bot_without_token_exits_2(clean_env: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "DISCORD_TOKEN"}
    env["PYTHONPATH"] = str(REPO)
    done = subprocess.run(
        [sys.executable, "-m", "bot"], cwd=clean_env, env=env, capture_output=True, text=True
    )
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "fineprint bot: DISCORD_TOKEN is not set: put the bot's token in the environment or in "
        ".env (see docs/discord-bot.md)"
    ]


def test_rejected_token_is_one_line_and_exit_2(
    clean_env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    async def refuse(self: object, token: str) -> None:
        raise discord.LoginFailure("Improper token has been passed.")

    monkeypatch.setenv("DISCORD_TOKEN", FAKE_TOKEN)
    monkeypatch.setattr(discord.http.HTTPClient, "static_login", refuse)
    assert run_bot() == 2
    err = capsys.readouterr().err
    assert "Discord rejected DISCORD_TOKEN" in err and "Traceback" not in err
    assert FAKE_TOKEN not in err
    assert err.strip().splitlines()[-1].startswith("fineprint bot: Discord rejected")


def test_bad_setting_names_the_variable(
    clean_env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DISCORD_TOKEN", FAKE_TOKEN)
    monkeypatch.setenv("FINEPRINT_BOT_COOLDOWN_SECONDS", "soon")
    assert run_bot() == 2
    err = capsys.readouterr().err
    assert "FINEPRINT_BOT_COOLDOWN_SECONDS" in err and err.count("\n") == 1
    assert FAKE_TOKEN not in err


def test_the_token_is_redacted_from_every_log_line(
    caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]
) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(RedactFilter(FAKE_TOKEN))
    log = logging.getLogger("bot.test")
    log.addHandler(handler)
    try:
        log.warning("connecting with %s", FAKE_TOKEN)
        try:
            raise RuntimeError(f"bad header Authorization: Bot {FAKE_TOKEN}")
        except RuntimeError:
            log.exception("failed")
    finally:
        log.removeHandler(handler)
    err = capsys.readouterr().err
    assert FAKE_TOKEN not in err
    assert err.count("[redacted]") == 2


def test_configure_logging_filters_the_root_handlers() -> None:
    root = logging.getLogger()
    added = not root.handlers
    if added:
        root.addHandler(logging.NullHandler())
    try:
        configure_logging("WARNING", FAKE_TOKEN)
        assert all(any(isinstance(f, RedactFilter) for f in h.filters) for h in root.handlers)
        assert logging.getLogger("bot").getEffectiveLevel() == logging.INFO
        configure_logging("DEBUG", FAKE_TOKEN)
        assert not logging.getLogger("discord.gateway").isEnabledFor(logging.DEBUG)
    finally:
        remove_redact_filters()
        logging.getLogger("discord").setLevel(logging.NOTSET)
        if added:
            root.handlers.clear()


def test_ready_before_online_and_a_clean_exit(
    clean_env: Path,
    monkeypatch: pytest.MonkeyPatch,
    ask_settings: Settings,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Login, then model and index, then the gateway: the bot is ready when it shows up."""
    monkeypatch.setenv("DISCORD_TOKEN", FAKE_TOKEN)
    monkeypatch.setenv("FINEPRINT_DATA_DIR", str(ask_settings.data_dir))
    monkeypatch.setenv("FINEPRINT_COLLECTION", ask_settings.collection)
    monkeypatch.setenv("FINEPRINT_CORPUS_DIR", str(ask_settings.corpus_dir))
    seen: dict[str, object] = {}

    async def login(self: object, token: str) -> dict[str, object]:
        seen["token"] = token
        return {
            "id": "1000000000000000001",
            "username": "Fineprint",
            "discriminator": "0",
            "avatar": None,
            "bot": True,
        }

    async def application_info(self: object) -> object:
        return SimpleNamespace(id=1, interactions_endpoint_url=None, flags=None)

    async def connect(self: FineprintBot, **kwargs: object) -> None:
        seen["ready"] = self.runtime.ready
        seen["catalog"] = self.runtime.catalog.platform("soundcloud") is not None

    monkeypatch.setattr(discord.http.HTTPClient, "static_login", login)
    monkeypatch.setattr(discord.Client, "application_info", application_info)
    monkeypatch.setattr(discord.AutoShardedClient, "connect", connect)
    assert run_bot() == 0
    assert seen == {"token": FAKE_TOKEN, "ready": True, "catalog": True}
    assert FAKE_TOKEN not in capsys.readouterr().err
