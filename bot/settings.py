"""The bot's own settings, from the environment or `.env`, checked once at start.

Discord's token is the conventional `DISCORD_TOKEN`; everything else is `FINEPRINT_BOT_*`.
A bad value raises `fineprint.settings.SettingsError` naming the variable, so start-up can
print one clear line. The token is a `SecretStr`: it never shows in a repr, a log or an error.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Annotated

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from fineprint.durations import parse_duration
from fineprint.settings import Settings, SettingsError

ENV_PREFIX = "FINEPRINT_BOT_"
WATCH_EVERY_MIN = timedelta(minutes=15)  # a shorter schedule only hammers the platforms' sites
TOKEN_VARIABLE = "DISCORD_TOKEN"


class BotSettings(BaseSettings):
    """Discord-side configuration; see `.env.example` for what each variable means."""

    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX,
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        env_ignore_empty=True,  # `FINEPRINT_BOT_DEV_GUILD=` in .env means "not set"
        validate_by_name=True,
        validate_by_alias=True,
    )

    discord_token: SecretStr | None = Field(default=None, validation_alias=TOKEN_VARIABLE)
    reingest_users: Annotated[frozenset[int], NoDecode] = frozenset()
    cooldown_seconds: float = Field(default=30.0, gt=0, le=3600)
    cooldown_rate: int = Field(default=3, ge=1, le=100)
    max_question_chars: int = Field(default=500, ge=20, le=4000)
    dev_guild: int | None = Field(default=None, gt=0)
    feedback_path: Path | None = None
    workers: int = Field(default=2, ge=1, le=32)
    refresh_minutes: float = Field(default=5.0, ge=0, le=1440)
    watches_path: Path | None = None
    watch_every: timedelta | None = None  # fetch the live terms this often; None = never
    # versions datasets (clones) each scheduled round pulls and imports instead of fetching
    watch_ota: Annotated[tuple[Path, ...], NoDecode] = ()
    shard_count: int | None = Field(default=None, ge=1, le=1024)  # None: Discord's advice
    shard_ids: Annotated[tuple[int, ...], NoDecode] = ()  # () = every shard of shard_count
    alerts: bool | None = None  # run alerts and the schedule here; None: if this holds shard 0
    dms: bool = True  # answer in DMs; off: commands installed for servers only, DMs get a note

    @field_validator("discord_token", mode="before")
    @classmethod
    def _strip_token(cls, value: object) -> object:
        """A pasted token often carries spaces or a "Bot " prefix; neither is part of it."""
        if isinstance(value, str):
            value = value.strip()
            if value.lower().startswith("bot "):
                value = value[4:].strip()
            return value or None
        return value

    @field_validator("reingest_users", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        """Comma- or space-separated Discord user ids."""
        if isinstance(value, str):
            parts = value.replace(",", " ").split()
            for part in parts:
                if not part.isdigit():
                    raise ValueError(f"{part!r} is not a Discord user id (digits only)")
            return frozenset(int(part) for part in parts)
        return value

    @field_validator("watch_ota", mode="before")
    @classmethod
    def _split_paths(cls, value: object) -> object:
        """Comma-separated clones of `*-versions` datasets; each must be a git repository."""
        if isinstance(value, str):
            paths = tuple(Path(part.strip()) for part in value.split(",") if part.strip())
            for path in paths:
                if not (path / ".git").exists():
                    raise ValueError(f"{path} is not a git clone of a versions dataset")
            return paths
        return value

    @field_validator("shard_ids", mode="before")
    @classmethod
    def _split_shards(cls, value: object) -> object:
        """ "0,1" or "0 1": the shards this process connects."""
        if isinstance(value, str):
            parts = value.replace(",", " ").split()
            for part in parts:
                if not part.isdigit():
                    raise ValueError(f"{part!r} is not a shard id (digits only)")
            return tuple(sorted({int(part) for part in parts}))
        return value

    @model_validator(mode="after")
    def _shards_fit(self) -> BotSettings:
        if self.shard_ids and self.shard_count is None:
            raise ValueError("FINEPRINT_BOT_SHARD_IDS needs FINEPRINT_BOT_SHARD_COUNT")
        if self.shard_count is not None and any(i >= self.shard_count for i in self.shard_ids):
            raise ValueError(
                f"shard ids must be below FINEPRINT_BOT_SHARD_COUNT ({self.shard_count})"
            )
        return self

    @property
    def runs_alerts(self) -> bool:
        """Alerts, the watch schedule and the refresh follow run in one process only: the one
        holding shard 0 (or every shard), unless FINEPRINT_BOT_ALERTS says otherwise."""
        if self.alerts is not None:
            return self.alerts
        return not self.shard_ids or 0 in self.shard_ids

    @field_validator("watch_every", mode="before")
    @classmethod
    def _parse_every(cls, value: object) -> object:
        """ "12h", "30m", "1d", "1h30m" as `fineprint watch --every` reads them; blank = off."""
        if isinstance(value, str):
            if not value.strip():
                return None
            value = parse_duration(value)
        if isinstance(value, timedelta) and value < WATCH_EVERY_MIN:
            raise ValueError(f"the interval must be at least {WATCH_EVERY_MIN}")
        return value

    def feedback_file(self, settings: Settings) -> Path:
        """Where votes go: the configured path, else `feedback.jsonl` in the data dir."""
        return self.feedback_path or settings.data_dir / "feedback.jsonl"

    def watches_file(self, settings: Settings) -> Path:
        """Subscriptions and alerted versions: the configured path, else the data dir's."""
        return self.watches_path or settings.data_dir / "watches.json"


def _variable(location: tuple[int | str, ...]) -> str:
    name = str(location[0]) if location else "?"
    return name if name == TOKEN_VARIABLE else ENV_PREFIX + name.upper()


def load_bot_settings(**overrides: object) -> BotSettings:
    """Build bot settings, turning pydantic's report into one line naming each bad variable.

    The offending *value* is left out on purpose: for the token it would be the secret.
    """
    try:
        return BotSettings(**overrides)  # type: ignore[arg-type]
    except ValidationError as error:
        problems = [
            f"{_variable(item['loc'])}: {item['msg']}"
            if item["loc"]
            else str(item["msg"]).removeprefix("Value error, ")
            for item in error.errors()
        ]
        raise SettingsError("invalid configuration: " + "; ".join(problems)) from None
