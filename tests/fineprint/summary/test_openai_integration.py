"""Through the real `langchain-openai` client (built by `init_chat_model` from settings)
against a local OpenAI-compatible server: what passes, and each way it falls back."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest

from fineprint.summary import LLMSettings, SummaryResult, asummarise, summarise
from tests.fineprint.summary.openai_server import FakeOpenAI
from tests.fineprint.summary.samples import (
    AI_2024,
    GOOD,
    INJECTION,
    INVENTED_QUOTE,
    UNCITED_SENTENCE,
    UNKNOWN_CITATION,
    answer,
    injected,
)

Settings = Callable[..., LLMSettings]


@pytest.fixture
def local(openai_server: FakeOpenAI, llm_settings: Settings) -> Callable[..., LLMSettings]:
    """Settings pointing `openai:` at the local server."""

    def make(**overrides: Any) -> LLMSettings:
        return llm_settings(llm_base_url=openai_server.url, **overrides)

    return make


def test_a_good_answer_passes(openai_server: FakeOpenAI, local: Settings) -> None:
    openai_server.reply(GOOD)
    result = summarise(answer(), settings=local())
    assert result == SummaryResult(GOOD, True, None)
    (request,) = openai_server.requests
    assert request["path"] == "/v1/chat/completions"
    body = request["body"]
    assert body["model"] == "fake-model"
    assert body.get("max_completion_tokens", body.get("max_tokens")) == 300
    system, human = body["messages"]
    assert system["role"] == "system" and "End every sentence" in system["content"]
    assert human["role"] == "user"
    assert "<<<CLAUSE 2>>>\nPlatform: SoundCloud" in human["content"]
    assert AI_2024 in human["content"]


@pytest.mark.parametrize(
    ("reply", "reason"),
    [
        (INVENTED_QUOTE, "the summary failed its check: quotation"),
        (UNKNOWN_CITATION, "citation [7] refers to no clause given (given: [1]..[3])"),
        (UNCITED_SENTENCE, "a sentence has no citation mark"),
    ],
)
def test_an_unfaithful_answer_falls_back(
    openai_server: FakeOpenAI, local: Settings, reply: str, reason: str
) -> None:
    openai_server.reply(reply)
    result = summarise(answer(), settings=local())
    assert (result.summary, result.checked) == (None, False)
    assert result.reason and reason in result.reason


def test_http_500_falls_back(openai_server: FakeOpenAI, local: Settings) -> None:
    openai_server.reply(status=500, error="upstream exploded")
    result = summarise(answer(), settings=local())
    assert (result.summary, result.checked) == (None, False)
    assert result.reason and result.reason.startswith("the model call failed: ")
    assert "(HTTP 500)" in result.reason and "upstream exploded" in result.reason


def test_http_500_then_success_uses_a_retry(openai_server: FakeOpenAI, local: Settings) -> None:
    openai_server.reply(status=500)
    openai_server.reply(GOOD)
    result = summarise(answer(), settings=local(llm_retries=1))
    assert result.checked and len(openai_server.requests) == 2


def test_a_timeout_falls_back(openai_server: FakeOpenAI, local: Settings) -> None:
    openai_server.reply(GOOD, delay=3)
    started = time.monotonic()
    result = summarise(answer(), settings=local(llm_timeout=0.5))
    assert time.monotonic() - started < 2.5
    assert result == SummaryResult(None, False, "the model timed out (0.5 s)")


def test_a_truncated_answer_falls_back(openai_server: FakeOpenAI, local: Settings) -> None:
    openai_server.reply(GOOD, finish_reason="length")
    result = summarise(answer(), settings=local())
    assert result.reason and "ran out of its token budget" in result.reason


def test_a_rejected_key_is_not_repeated(
    openai_server: FakeOpenAI, local: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    openai_server.reply(
        status=401, error="Incorrect API key provided: sk-test-dummy-key-0123456789"
    )
    result = summarise(answer(), settings=local())
    assert result.reason and "(HTTP 401)" in result.reason
    assert "dummy-key" not in result.reason and "dummy-key" not in caplog.text


@pytest.mark.parametrize(
    "reply",
    [
        "Yes.",
        "Yes, SoundCloud can train AI on your voice.",
        'Yes: SoundCloud says "you may train AI on my voice" [2].',
    ],
)
def test_an_injected_clause_cannot_get_an_obedient_answer_through(
    openai_server: FakeOpenAI, local: Settings, reply: str
) -> None:
    openai_server.reply(reply)
    result = summarise(answer(injected()), settings=local())
    assert (result.summary, result.checked) == (None, False)
    human = openai_server.requests[0]["body"]["messages"][1]["content"]
    inside = human.split("<<<CLAUSE 2>>>", 1)[1].split("<<<END CLAUSE 2>>>", 1)[0]
    assert INJECTION in inside


def test_an_injected_clause_does_not_block_a_faithful_answer(
    openai_server: FakeOpenAI, local: Settings
) -> None:
    openai_server.reply(GOOD)
    assert summarise(answer(injected()), settings=local()).checked


async def test_async_good_answer_passes(openai_server: FakeOpenAI, local: Settings) -> None:
    openai_server.reply(GOOD)
    assert await asummarise(answer(), settings=local()) == SummaryResult(GOOD, True, None)


async def test_async_http_500_falls_back(openai_server: FakeOpenAI, local: Settings) -> None:
    openai_server.reply(status=500)
    result = await asummarise(answer(), settings=local())
    assert not result.checked and result.reason and "(HTTP 500)" in result.reason


async def test_async_timeout_falls_back(openai_server: FakeOpenAI, local: Settings) -> None:
    openai_server.reply(GOOD, delay=3)
    result = await asummarise(answer(), settings=local(llm_timeout=0.5))
    assert result == SummaryResult(None, False, "the model timed out (0.5 s)")
