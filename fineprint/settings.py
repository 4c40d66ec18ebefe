"""Settings from the environment and `.env`, validated once at start.

Every variable is prefixed `FINEPRINT_` (Discord's token is the conventional `DISCORD_TOKEN`).
A bad value raises `SettingsError` naming the variable, so the CLI can print one clear line.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Literal, TypeVar

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent
PACKAGE_DIR = Path(__file__).resolve().parent


def is_source_checkout() -> bool:
    """Running from a clone (`make setup`, editable install) rather than an installed wheel."""
    return (PROJECT_ROOT / "pyproject.toml").is_file() and (PROJECT_ROOT / "corpus").is_dir()


def default_data_dir() -> Path:
    """`./data` of the clone; for an installed Fineprint, the per-user data folder
    ($XDG_DATA_HOME/fineprint, else ~/.local/share/fineprint) — never inside site-packages."""
    if is_source_checkout():
        return PROJECT_ROOT / "data"
    import os

    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "fineprint"


def default_corpus_dir() -> Path:
    """The clone's `corpus/`, else the copy shipped in the wheel (`fineprint/bundled_corpus`)."""
    if is_source_checkout():
        return PROJECT_ROOT / "corpus"
    return PACKAGE_DIR / "bundled_corpus"


T = TypeVar("T", bound=BaseSettings)
ENV_PREFIX = "FINEPRINT_"


class SettingsError(ValueError):
    """A configuration value is missing or malformed; the message names the variable."""


class Settings(BaseSettings):
    """Runtime configuration; see `.env.example` for what each variable means."""

    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX, env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    data_dir: Path = Field(default_factory=default_data_dir)
    chroma_url: str = ""
    collection: str = "fineprint"
    corpus_dir: Path = Field(default_factory=default_corpus_dir)
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"] = "WARNING"
    device: Literal["auto", "cpu", "cuda"] = "auto"
    model: Literal["minilm-terms", "stock"] = "minilm-terms"  # see retrieval/encoder_model.py
    # the cross-encoder stage (answering/build.py); off until its model ships (issue 19)
    rerank: Literal["on", "off"] = "off"
    # the vectors shipped beside the corpus (`corpus/vectors/`, ingest/shipped_vectors.py)
    shipped_vectors: Literal["on", "off"] = "on"

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper_log_level(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value

    @field_validator("chroma_url")
    @classmethod
    def _check_chroma_url(cls, value: str) -> str:
        value = value.strip()
        if value and not value.startswith(("http://", "https://")):
            raise ValueError("must be empty (embedded Chroma) or an http(s):// URL")
        return value.rstrip("/")

    @field_validator("collection")
    @classmethod
    def _check_collection(cls, value: str) -> str:
        # Chroma allows 3-63 chars of [a-zA-Z0-9._-]; we add suffixes, so keep headroom.
        import re

        if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_-]{2,40}", value):
            raise ValueError("must be 3-41 characters of letters, digits, '_' or '-'")
        return value

    @property
    def chroma_path(self) -> Path:
        """Folder of the embedded Chroma store."""
        return self.data_dir / "chroma"

    @property
    def sources_path(self) -> Path:
        return self.corpus_dir / "sources.toml"


def build_settings(kind: type[T], prefix: str = ENV_PREFIX, **overrides: Any) -> T:
    """Build any settings class, turning pydantic's report into one line per bad variable
    (named as the user sets it, e.g. FINEPRINT_LOG_LEVEL)."""
    try:
        return kind(**overrides)
    except ValidationError as error:
        problems = []
        for item in error.errors():
            name = prefix + "_".join(str(part) for part in item["loc"]).upper()
            problems.append(f"{name}: {item['msg']}")
        raise SettingsError("invalid configuration: " + "; ".join(problems)) from None


def load_settings(**overrides: Any) -> Settings:
    """Fineprint's settings from the environment, `.env` and `overrides`."""
    return build_settings(Settings, ENV_PREFIX, **overrides)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Process-wide settings, read once."""
    return load_settings()
