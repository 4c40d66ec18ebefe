"""Settings from the environment and `.env`: checked once, a bad value named as the user sets
it, defaults that never point inside an installed package."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic_settings import BaseSettings, SettingsConfigDict

from fineprint import settings as settings_module
from fineprint.settings import (
    PACKAGE_DIR,
    PROJECT_ROOT,
    SettingsError,
    build_settings,
    get_settings,
    load_settings,
)


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    """No FINEPRINT_ variable from the shell, no `.env` of the checkout, a fresh cache."""
    for name in list(os.environ):
        if name.startswith("FINEPRINT_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()


def test_defaults_in_a_clone_are_its_data_and_corpus_folders() -> None:
    settings = load_settings()
    assert settings.data_dir == PROJECT_ROOT / "data"
    assert settings.corpus_dir == PROJECT_ROOT / "corpus"
    assert settings.chroma_path == PROJECT_ROOT / "data" / "chroma"
    assert settings.sources_path == PROJECT_ROOT / "corpus" / "sources.toml"
    assert (settings.collection, settings.chroma_url, settings.log_level) == (
        "fineprint",
        "",
        "WARNING",
    )


def test_an_installed_fineprint_keeps_its_data_in_the_users_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(settings_module, "PROJECT_ROOT", tmp_path / "site-packages")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    settings = load_settings()
    assert settings.data_dir == tmp_path / "xdg" / "fineprint"
    assert settings.corpus_dir == PACKAGE_DIR / "bundled_corpus"
    monkeypatch.delenv("XDG_DATA_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert load_settings().data_dir == tmp_path / "home" / ".local" / "share" / "fineprint"


def test_the_environment_then_dotenv_then_defaults(
    monkeypatch: pytest.MonkeyPatch, clean_env: Path
) -> None:
    (clean_env / ".env").write_text(
        "FINEPRINT_COLLECTION=from-dotenv\nFINEPRINT_LOG_LEVEL=info\n", encoding="utf-8"
    )
    assert (load_settings().collection, load_settings().log_level) == ("from-dotenv", "INFO")
    monkeypatch.setenv("FINEPRINT_COLLECTION", "from-env")
    assert load_settings().collection == "from-env"
    assert load_settings(collection="given").collection == "given"


def test_chroma_url_is_empty_or_http(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FINEPRINT_CHROMA_URL", "  https://chroma.example:8443/ ")
    assert load_settings().chroma_url == "https://chroma.example:8443"
    monkeypatch.setenv("FINEPRINT_CHROMA_URL", "")
    assert load_settings().chroma_url == ""
    monkeypatch.setenv("FINEPRINT_CHROMA_URL", "localhost:8000")
    with pytest.raises(SettingsError, match=r"FINEPRINT_CHROMA_URL: .*http\(s\)://"):
        load_settings()


@pytest.mark.parametrize("name", ["abc", "fine_print-2", "a" * 41])
def test_collection_names_that_leave_room_for_suffixes(name: str) -> None:
    assert load_settings(collection=name).collection == name


@pytest.mark.parametrize("name", ["ab", "a" * 42, "-abc", "has space", "dots.in.it", ""])
def test_bad_collection_names(name: str) -> None:
    with pytest.raises(SettingsError, match=r"FINEPRINT_COLLECTION: .*3-41 characters"):
        load_settings(collection=name)


def test_every_bad_variable_is_named_on_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FINEPRINT_LOG_LEVEL", "chatty")
    monkeypatch.setenv("FINEPRINT_DEVICE", "tpu")
    monkeypatch.setenv("FINEPRINT_MODEL", "large")
    with pytest.raises(SettingsError) as caught:
        load_settings()
    message = str(caught.value)
    assert message.startswith("invalid configuration: ") and "\n" not in message
    for name in ("FINEPRINT_LOG_LEVEL", "FINEPRINT_DEVICE", "FINEPRINT_MODEL"):
        assert f"{name}: " in message


def test_build_settings_names_variables_with_the_classes_prefix(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    class Demo(BaseSettings):
        model_config = SettingsConfigDict(env_prefix="DEMO_")
        retry_count: int = 1

    monkeypatch.setenv("DEMO_RETRY_COUNT", "3")
    assert build_settings(Demo, "DEMO_").retry_count == 3
    monkeypatch.setenv("DEMO_RETRY_COUNT", "several")
    with pytest.raises(SettingsError, match=r"^invalid configuration: DEMO_RETRY_COUNT: "):
        build_settings(Demo, "DEMO_")


def test_get_settings_reads_the_environment_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FINEPRINT_COLLECTION", "first")
    settings = get_settings()
    monkeypatch.setenv("FINEPRINT_COLLECTION", "second")
    assert get_settings() is settings and settings.collection == "first"
    get_settings.cache_clear()
    assert get_settings().collection == "second"
