"""The chat model: each provider's own argument names, one model per settings, calls held
to a deadline, and errors described without secrets."""

from __future__ import annotations

import asyncio
import contextvars
import threading
from collections.abc import Callable

import pytest

from fineprint.summary.config import LLMSettings
from fineprint.summary.model import (
    MAX_ERROR_CHARS,
    acall_within,
    build_model,
    call_within,
    describe_error,
    get_model,
    model_kwargs,
    redact,
)


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


def test_build_model_refuses_when_no_model_is_configured(
    llm_settings: Callable[..., LLMSettings],
) -> None:
    with pytest.raises(ValueError, match="FINEPRINT_LLM is unset"):
        build_model(llm_settings(llm=""))


def test_get_model_builds_once_per_settings(llm_settings: Callable[..., LLMSettings]) -> None:
    base = "http://127.0.0.1:9/v1"
    model = get_model(llm_settings(llm_base_url=base))
    assert get_model(llm_settings(llm_base_url=base)) is model
    other = get_model(llm_settings(llm_base_url=base, llm_timeout=2))
    assert other is not model and other.request_timeout == 2  # type: ignore[attr-defined]


def test_call_within_returns_the_value_in_the_callers_context() -> None:
    who: contextvars.ContextVar[str] = contextvars.ContextVar("who", default="nobody")
    who.set("caller")
    assert call_within(5, lambda: f"{who.get()} on {threading.current_thread().name}") == (
        "caller on fineprint-summary"
    )


def test_call_within_raises_the_calls_own_error() -> None:
    def fail() -> None:
        raise KeyError("provider said no")

    with pytest.raises(KeyError, match="provider said no"):
        call_within(5, fail)


def test_call_within_gives_up_on_a_call_that_does_not_return() -> None:
    release = threading.Event()
    try:
        with pytest.raises(TimeoutError, match=r"no reply within 0\.05 s"):
            call_within(0.05, release.wait)  # waits until released below
    finally:
        release.set()


async def test_acall_within() -> None:
    async def reply() -> str:
        return "done"

    assert await acall_within(5, reply()) == "done"
    never = asyncio.Event()
    with pytest.raises(TimeoutError, match=r"no reply within 0\.05 s"):
        await acall_within(0.05, never.wait())


def test_redact_hides_keys_tokens_and_url_credentials() -> None:
    text = (
        "key=sk-proj-abcdefgh, header Bearer eyJhbGciOi.payload sent, "
        "token " + "x" * 40 + ", proxy https://me:pw@proxy.test/"
    )
    assert redact(text) == "key=***, header *** sent, token ***, proxy https://***@proxy.test/"


def test_describe_error_is_one_bounded_line() -> None:
    line = describe_error(RuntimeError("the\n  server\tsaid " + "no " * 200))
    assert line.startswith("RuntimeError: the server said no no")
    assert "\n" not in line and line.endswith("…")
    assert len(line) == len("RuntimeError: ") + MAX_ERROR_CHARS
    assert describe_error(TimeoutError()) == "TimeoutError"
