"""Bot settings: parsed from the environment, bad values named, the token kept secret."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.settings import load_bot_settings
from fineprint.settings import SettingsError, load_settings


def test_values_from_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("DISCORD_TOKEN", "  Bot abc.def.ghi  ")
    monkeypatch.setenv("FINEPRINT_BOT_REINGEST_USERS", "123, 456 789")
    monkeypatch.setenv("FINEPRINT_BOT_COOLDOWN_SECONDS", "12.5")
    monkeypatch.setenv("FINEPRINT_BOT_DEV_GUILD", "")  # empty in .env = not set
    settings = load_bot_settings(_env_file=None)
    assert settings.discord_token is not None
    assert settings.discord_token.get_secret_value() == "abc.def.ghi"
    assert "abc.def.ghi" not in repr(settings) and "abc.def.ghi" not in str(settings)
    assert settings.reingest_users == {123, 456, 789}
    assert settings.cooldown_seconds == 12.5
    assert settings.dev_guild is None
    assert settings.feedback_file(load_settings(data_dir=tmp_path)) == tmp_path / "feedback.jsonl"


def test_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    settings = load_bot_settings(_env_file=None)
    assert settings.discord_token is None
    assert settings.reingest_users == frozenset()
    assert settings.max_question_chars == 500


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("FINEPRINT_BOT_REINGEST_USERS", "123,alice"),
        ("FINEPRINT_BOT_COOLDOWN_SECONDS", "-1"),
        ("FINEPRINT_BOT_MAX_QUESTION_CHARS", "many"),
        ("FINEPRINT_BOT_DEV_GUILD", "my server"),
        ("FINEPRINT_BOT_WORKERS", "0"),
    ],
)
def test_bad_values_name_the_variable(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str
) -> None:
    monkeypatch.setenv(variable, value)
    monkeypatch.setenv("DISCORD_TOKEN", "secret.token.value")
    with pytest.raises(SettingsError, match=variable) as error:
        load_bot_settings(_env_file=None)
    assert "secret.token.value" not in str(error.value)


def test_env_example_is_valid(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    settings = load_bot_settings(_env_file=Path(__file__).parents[2] / ".env.example")
    assert settings.discord_token is None  # left empty there on purpose
    assert settings.cooldown_rate == 3 and settings.feedback_path is None


def test_shard_settings() -> None:
    chosen = load_bot_settings(_env_file=None, shard_ids="1, 0", shard_count="4")
    assert chosen.shard_ids == (0, 1) and chosen.runs_alerts
    other = load_bot_settings(_env_file=None, shard_ids="2 3", shard_count="4")
    assert not other.runs_alerts
    assert load_bot_settings(_env_file=None, shard_ids="2", shard_count=4, alerts=True).runs_alerts
    assert load_bot_settings(_env_file=None).runs_alerts  # one process: it runs them
    with pytest.raises(SettingsError, match="needs FINEPRINT_BOT_SHARD_COUNT"):
        load_bot_settings(_env_file=None, shard_ids="0")
    with pytest.raises(SettingsError, match="below FINEPRINT_BOT_SHARD_COUNT"):
        load_bot_settings(_env_file=None, shard_ids="0,5", shard_count=2)
    with pytest.raises(SettingsError, match=r"FINEPRINT_BOT_SHARD_IDS: .*not a shard id"):
        load_bot_settings(_env_file=None, shard_ids="zero")


@pytest.mark.parametrize(("value", "dms"), [("off", False), ("on", True), ("", True)])
def test_dms_on_or_off(monkeypatch: pytest.MonkeyPatch, value: str, dms: bool) -> None:
    monkeypatch.setenv("FINEPRINT_BOT_DMS", value)  # empty in .env = the default, on
    assert load_bot_settings(_env_file=None).dms is dms


def test_a_bad_dms_value_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FINEPRINT_BOT_DMS", "sometimes")
    with pytest.raises(SettingsError, match="FINEPRINT_BOT_DMS"):
        load_bot_settings(_env_file=None)
