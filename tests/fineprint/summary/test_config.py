"""LLM settings: unset means off, values are checked, and each provider gets its own names."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from fineprint.settings import SettingsError
from fineprint.summary.config import LLMSettings, load_llm_settings
from fineprint.summary.model import build_model, describe_error, model_kwargs, redact


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


def test_openai_style_kwargs(llm_settings: Callable[..., LLMSettings]) -> None:
    settings = llm_settings(llm_base_url="http://127.0.0.1:8000/v1", llm_timeout=9)
    assert model_kwargs(settings) == {
        "timeout": 9,
        "max_tokens": 300,
        "max_retries": 0,
        "base_url": "http://127.0.0.1:8000/v1",
    }


def test_ollama_kwargs(llm_settings: Callable[..., LLMSettings]) -> None:
    settings = llm_settings(llm="ollama:llama3.1", llm_timeout=9)
    assert model_kwargs(settings) == {"num_predict": 300, "client_kwargs": {"timeout": 9}}


def test_build_model_makes_a_configured_chat_openai(
    llm_settings: Callable[..., LLMSettings],
) -> None:
    from langchain_openai import ChatOpenAI

    model = build_model(llm_settings(llm_base_url="http://127.0.0.1:9/v1", llm_timeout=3))
    assert isinstance(model, ChatOpenAI)
    assert model.model_name == "fake-model"
    assert model.openai_api_base == "http://127.0.0.1:9/v1"
    assert (model.request_timeout, model.max_tokens, model.max_retries) == (3, 300, 0)


def test_errors_are_described_without_secrets() -> None:
    class Boom(Exception):
        status_code = 401

    error = Boom(
        "Incorrect API key provided: sk-test-dummy-key-0123456789; "
        "Authorization: Bearer abc.def; via http://user:hunter2@proxy:8080/"
    )
    line = describe_error(error)
    assert line.startswith("Boom (HTTP 401): Incorrect API key provided")
    for secret in ("sk-test-dummy", "0123456789", "abc.def", "hunter2"):
        assert secret not in line
    assert redact("nothing secret here") == "nothing secret here"
