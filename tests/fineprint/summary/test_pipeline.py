"""`summarise` with LangChain's fake chat models: the checked path and every fallback."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

import pytest
from langchain_core.language_models.fake_chat_models import (
    FakeListChatModel,
    GenericFakeChatModel,
)
from langchain_core.messages import AIMessage, BaseMessage
from pydantic import Field

import fineprint.summary.pipeline as pipeline
from fineprint.summary import (
    LLMSettings,
    SummaryResult,
    asummarise,
    awith_summary,
    get_llm_settings,
    summarise,
    with_summary,
)
from tests.fineprint.summary.samples import (
    GOOD,
    INVENTED_QUOTE,
    UNCITED_SENTENCE,
    UNKNOWN_CITATION,
    answer,
)

Settings = Callable[..., LLMSettings]


class Recording(FakeListChatModel):
    """A fake that remembers the messages it was sent."""

    seen: list[list[BaseMessage]] = Field(default_factory=list)

    def _call(self, messages: list[BaseMessage], *args: Any, **kwargs: Any) -> str:
        self.seen.append(messages)
        return super()._call(messages, *args, **kwargs)


class Failing(FakeListChatModel):
    def _call(self, *args: Any, **kwargs: Any) -> str:
        raise ConnectionError("refused, key sk-live-abcdefghijklmnop was sent")


class Slow(FakeListChatModel):
    def _call(self, *args: Any, **kwargs: Any) -> str:
        time.sleep(2)
        return super()._call(*args, **kwargs)


def fake(reply: str) -> Recording:
    return Recording(responses=[reply])


def test_a_grounded_summary_passes(llm_settings: Settings) -> None:
    model = fake(GOOD)
    result = summarise(answer(), model=model, settings=llm_settings())
    assert result == SummaryResult(GOOD, True, None)
    system, human = model.seen[0]
    assert "<<<CLAUSE 3>>>" in human.text and "Only the numbers 1 to 3" in system.text


@pytest.mark.parametrize(
    ("reply", "reason"),
    [
        (INVENTED_QUOTE, "not verbatim"),
        (UNKNOWN_CITATION, "[7] refers to no clause given"),
        (UNCITED_SENTENCE, "no citation mark"),
        ("", "empty"),
    ],
)
def test_a_failed_check_falls_back(
    llm_settings: Settings, caplog: pytest.LogCaptureFixture, reply: str, reason: str
) -> None:
    with caplog.at_level(logging.WARNING, logger="fineprint.summary"):
        result = summarise(answer(), model=fake(reply), settings=llm_settings())
    assert (result.summary, result.checked) == (None, False)
    assert result.reason is not None and reason in result.reason
    assert result.reason in caplog.text


def test_with_summary_records_the_result_on_the_answer(llm_settings: Settings) -> None:
    """The answer carries the summary as data; no text of the answer is edited."""
    checked = answer()
    result = with_summary(checked, 3, model=fake(GOOD), settings=llm_settings())
    assert result == SummaryResult(GOOD, True, None)
    assert (checked.summary, checked.summary_checked) == (GOOD, True)
    failed = answer()
    result = with_summary(failed, 3, model=fake(UNCITED_SENTENCE), settings=llm_settings())
    assert not result.checked and result.reason and "no citation mark" in result.reason
    assert (failed.summary, failed.summary_checked) == (None, False)


def test_max_citations_limits_what_can_be_cited(llm_settings: Settings) -> None:
    model = fake("Consent is needed [1], unlike in 2024 [2].")
    result = summarise(answer(), model=model, settings=llm_settings(), max_citations=1)
    assert result.reason and "[2] refers to no clause given (given: [1]..[1])" in result.reason
    assert "<<<CLAUSE 2>>>" not in model.seen[0][1].text


def test_an_abstained_answer_makes_no_call(llm_settings: Settings) -> None:
    model = fake(GOOD)
    result = summarise(answer(abstained=True), model=model, settings=llm_settings())
    assert result == SummaryResult(
        None, False, "the answer abstained, so there is nothing to summarise"
    )
    assert model.seen == []


def test_no_citations_makes_no_call(llm_settings: Settings) -> None:
    model = fake(GOOD)
    result = summarise(answer([]), model=model, settings=llm_settings())
    assert result.reason == "the answer cites nothing to summarise"
    assert model.seen == []


def test_unset_model_means_no_summary(
    llm_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_model(settings: LLMSettings) -> None:
        raise AssertionError("no model should be built")

    monkeypatch.setattr(pipeline, "get_model", no_model)
    result = summarise(answer(), settings=llm_settings(llm=""))
    assert result == SummaryResult(None, False, "no model configured (FINEPRINT_LLM is unset)")


def test_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    get_llm_settings.cache_clear()
    try:
        result = summarise(answer())
        assert result.reason == "no model configured (FINEPRINT_LLM is unset)"
        get_llm_settings.cache_clear()
        monkeypatch.setenv("FINEPRINT_LLM_TIMEOUT", "-3")
        result = summarise(answer(), model=fake(GOOD))
        assert result.reason and "FINEPRINT_LLM_TIMEOUT" in result.reason
        assert not result.checked
    finally:
        get_llm_settings.cache_clear()


def test_a_model_error_falls_back_without_the_key(
    llm_settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="fineprint.summary"):
        result = summarise(answer(), model=Failing(responses=[]), settings=llm_settings())
    assert not result.checked and result.summary is None
    assert result.reason and result.reason.startswith("the model call failed: ConnectionError")
    assert "abcdefghijklmnop" not in result.reason
    assert "abcdefghijklmnop" not in caplog.text


def test_a_slow_model_times_out(llm_settings: Settings) -> None:
    started = time.monotonic()
    result = summarise(
        answer(), model=Slow(responses=[GOOD]), settings=llm_settings(llm_timeout=0.2)
    )
    assert time.monotonic() - started < 1.5
    assert result == SummaryResult(None, False, "the model timed out (0.2 s)")


@pytest.mark.parametrize(
    ("metadata", "reason"),
    [
        ({"response_metadata": {"finish_reason": "length"}}, "ran out of its token budget"),
        ({"response_metadata": {"stop_reason": "max_tokens"}}, "ran out of its token budget"),
        (
            {"usage_metadata": {"input_tokens": 9, "output_tokens": 301, "total_tokens": 310}},
            "used 301 tokens, over the budget of 300",
        ),
    ],
)
def test_the_token_budget_is_enforced(
    llm_settings: Settings, metadata: dict[str, Any], reason: str
) -> None:
    model = GenericFakeChatModel(messages=iter([AIMessage(content=GOOD, **metadata)]))
    result = summarise(answer(), model=model, settings=llm_settings())
    assert result.reason and reason in result.reason


def test_the_budget_in_characters(llm_settings: Settings) -> None:
    result = summarise(answer(), model=fake(GOOD), settings=llm_settings(llm_max_tokens=16))
    assert result.reason and "over the budget of 64" in result.reason


def test_content_blocks_are_read_as_text(llm_settings: Settings) -> None:
    blocks = [{"type": "text", "text": GOOD[:60]}, {"type": "text", "text": GOOD[60:]}]
    model = GenericFakeChatModel(messages=iter([AIMessage(content=blocks)]))  # type: ignore[arg-type]
    assert summarise(answer(), model=model, settings=llm_settings()).summary == GOOD


async def test_async_summary_passes(llm_settings: Settings) -> None:
    result = await asummarise(answer(), model=fake(GOOD), settings=llm_settings())
    assert result == SummaryResult(GOOD, True, None)


async def test_async_with_summary_records_the_result_on_the_answer(
    llm_settings: Settings,
) -> None:
    """The bot's way is the CLI's: the result recorded on the answer, which the embed reads."""
    checked = answer()
    result = await awith_summary(checked, 3, model=fake(GOOD), settings=llm_settings())
    assert result == SummaryResult(GOOD, True, None)
    assert (checked.summary, checked.summary_checked) == (GOOD, True)
    failed = answer()
    await awith_summary(failed, 3, model=fake(UNCITED_SENTENCE), settings=llm_settings())
    assert (failed.summary, failed.summary_checked) == (None, False)


async def test_async_falls_back_on_a_failed_check(llm_settings: Settings) -> None:
    result = await asummarise(answer(), model=fake(UNCITED_SENTENCE), settings=llm_settings())
    assert not result.checked and result.reason and "no citation mark" in result.reason


async def test_async_times_out(llm_settings: Settings) -> None:
    class SlowAsync(FakeListChatModel):
        async def _agenerate(self, *args: Any, **kwargs: Any) -> Any:
            import asyncio

            await asyncio.sleep(2)
            raise AssertionError("unreachable")

    result = await asummarise(
        answer(), model=SlowAsync(responses=[GOOD]), settings=llm_settings(llm_timeout=0.2)
    )
    assert result == SummaryResult(None, False, "the model timed out (0.2 s)")


def test_an_unknown_provider_falls_back(llm_settings: Settings) -> None:
    result = summarise(answer(), settings=llm_settings(llm="nosuch:model"))
    assert not result.checked
    assert result.reason and result.reason.startswith("the model call failed: ValueError")
