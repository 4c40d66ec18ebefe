"""Fixtures for summary tests: LLM settings that ignore the machine's environment, and the
local OpenAI-compatible server."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from fineprint.summary.config import LLMSettings, load_llm_settings
from tests.fineprint.summary.openai_server import FakeOpenAI, start


@pytest.fixture(autouse=True)
def _no_llm_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing from the shell or a real key leaks into these tests."""
    for name in (
        "FINEPRINT_LLM",
        "FINEPRINT_LLM_BASE_URL",
        "FINEPRINT_LLM_TIMEOUT",
        "FINEPRINT_LLM_MAX_TOKENS",
        "FINEPRINT_LLM_RETRIES",
        "OPENAI_BASE_URL",
        "OPENAI_ORG_ID",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-dummy-key-0123456789")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")


@pytest.fixture
def llm_settings() -> Callable[..., LLMSettings]:
    """Settings for a test: a model name, short timeout, no retries, unless overridden."""

    def make(**overrides: object) -> LLMSettings:
        values: dict[str, object] = {
            "llm": "openai:fake-model",
            "llm_timeout": 5.0,
            "llm_max_tokens": 300,
            "llm_retries": 0,
        }
        values.update(overrides)
        return load_llm_settings(**values)

    return make


@pytest.fixture
def openai_server() -> Iterator[FakeOpenAI]:
    state, server, thread = start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
