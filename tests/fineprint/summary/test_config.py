"""LLM settings: unset means off, and values are checked, each naming its variable."""

from __future__ import annotations

import pytest

from fineprint.settings import SettingsError
from fineprint.summary.config import load_llm_settings


def test_unset_means_disabled() -> None:
    settings = load_llm_settings()
    assert not settings.enabled
    assert settings.provider == ""


def test_reads_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FINEPRINT_LLM", " ollama:llama3.1 ")
    monkeypatch.setenv("FINEPRINT_LLM_BASE_URL", "http://127.0.0.1:11434/")
    monkeypatch.setenv("FINEPRINT_LLM_TIMEOUT", "7.5")
    monkeypatch.setenv("FINEPRINT_LLM_MAX_TOKENS", "200")
    settings = load_llm_settings()
    assert settings.enabled
    assert (settings.llm, settings.provider) == ("ollama:llama3.1", "ollama")
    assert settings.llm_base_url == "http://127.0.0.1:11434"
    assert (settings.llm_timeout, settings.llm_max_tokens) == (7.5, 200)
    assert settings.max_chars == 800


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("FINEPRINT_LLM", "gpt-4o-mini"),
        ("FINEPRINT_LLM", "openai:"),
        ("FINEPRINT_LLM_BASE_URL", "localhost:8000"),
        ("FINEPRINT_LLM_TIMEOUT", "0"),
        ("FINEPRINT_LLM_TIMEOUT", "soon"),
        ("FINEPRINT_LLM_MAX_TOKENS", "5"),
        ("FINEPRINT_LLM_RETRIES", "-1"),
    ],
)
def test_bad_values_name_the_variable(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(SettingsError, match=f"{variable}:"):
        load_llm_settings()
