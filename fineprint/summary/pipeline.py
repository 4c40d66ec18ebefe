"""The entry point: an extractive `Answer` in, a checked summary (or the reason for none) out.

Order of work: skip what needs no model (disabled, abstained, nothing cited) → prompt →
model call within the deadline → budget checks → `verify_summary`. Every failure becomes
`SummaryResult(None, False, reason)` with the reason logged: the extractive answer always
stands on its own, so nothing here raises.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from fineprint.answering.answer import Answer, Citation
from fineprint.settings import SettingsError
from fineprint.summary.config import LLMSettings, get_llm_settings
from fineprint.summary.model import acall_within, call_within, describe_error, get_model
from fineprint.summary.result import SummaryResult
from fineprint.summary.verify import verify_summary

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel
    from langchain_core.messages import BaseMessage

log = logging.getLogger(__name__)

CUT_SHORT = {"length", "max_tokens"}  # finish reasons meaning the budget ran out mid-summary


def summarise(
    answer: Answer,
    *,
    model: BaseChatModel | None = None,
    settings: LLMSettings | None = None,
    max_citations: int | None = None,
) -> SummaryResult:
    """Summarise `answer` with the configured (or given) chat model, checked before returned.

    `max_citations` limits the clauses the model sees to the first N citations, so that its
    marks [1]..[N] match what the caller displays; mark [n] always means
    `answer.citations[n - 1]`. A given `model` is used as is (tests, a warmed-up client);
    otherwise the one `FINEPRINT_LLM` names.
    """
    prepared = _prepare(answer, model, settings, max_citations)
    if isinstance(prepared, SummaryResult):
        return prepared
    settings, citations = prepared
    try:
        chat = model if model is not None else get_model(settings)
        chain = _chain(chat)
        inputs = _inputs(answer, citations)
        message = call_within(settings.llm_timeout, lambda: chain.invoke(inputs))
    except Exception as error:
        return _fallback(_failure(error, settings))
    return _check(message, citations, settings)


def with_summary(
    answer: Answer,
    max_citations: int | None = None,
    *,
    model: BaseChatModel | None = None,
    settings: LLMSettings | None = None,
) -> SummaryResult:
    """`summarise`, its result also recorded on the answer's `summary` and `summary_checked`
    (what the front ends render). Here, not on `Answer`: the answer does not import the
    summary, which imports it. The one way a summary reaches an answer (the CLI's; the bot's
    is `awith_summary`)."""
    result = summarise(answer, model=model, settings=settings, max_citations=max_citations)
    return _record(answer, result)


async def awith_summary(
    answer: Answer,
    max_citations: int | None = None,
    *,
    model: BaseChatModel | None = None,
    settings: LLMSettings | None = None,
) -> SummaryResult:
    """`with_summary` for an event loop (the bot): `asummarise`, recorded on the answer."""
    result = await asummarise(answer, model=model, settings=settings, max_citations=max_citations)
    return _record(answer, result)


def _record(answer: Answer, result: SummaryResult) -> SummaryResult:
    answer.summary, answer.summary_checked = result.summary, result.checked
    return result


async def asummarise(
    answer: Answer,
    *,
    model: BaseChatModel | None = None,
    settings: LLMSettings | None = None,
    max_citations: int | None = None,
) -> SummaryResult:
    """`summarise` for an event loop (the bot): same checks, the model awaited, not blocked on."""
    prepared = _prepare(answer, model, settings, max_citations)
    if isinstance(prepared, SummaryResult):
        return prepared
    settings, citations = prepared
    try:
        chat = model if model is not None else get_model(settings)
        chain = _chain(chat)
        message = await acall_within(
            settings.llm_timeout, chain.ainvoke(_inputs(answer, citations))
        )
    except Exception as error:
        return _fallback(_failure(error, settings))
    return _check(message, citations, settings)


def _prepare(
    answer: Answer,
    model: BaseChatModel | None,
    settings: LLMSettings | None,
    max_citations: int | None,
) -> SummaryResult | tuple[LLMSettings, list[Citation]]:
    """Settings and citations to summarise, or the result that needs no model call."""
    if settings is None:
        try:
            settings = get_llm_settings()
        except SettingsError as error:
            return _fallback(str(error))
    if model is None and not settings.enabled:
        log.debug("no summary: FINEPRINT_LLM is unset")
        return SummaryResult(None, False, "no model configured (FINEPRINT_LLM is unset)")
    if answer.abstained:
        log.debug("no summary: the answer abstained")
        return SummaryResult(None, False, "the answer abstained, so there is nothing to summarise")
    citations = list(answer.citations[:max_citations])
    if not citations:
        log.debug("no summary: nothing cited")
        return SummaryResult(None, False, "the answer cites nothing to summarise")
    return settings, citations


def _chain(model: BaseChatModel) -> Any:
    from fineprint.summary.prompt import build_prompt

    return build_prompt() | model


def _inputs(answer: Answer, citations: Sequence[Citation]) -> dict[str, str]:
    from fineprint.summary.prompt import prompt_inputs

    return prompt_inputs(answer.question, citations)


def _failure(error: BaseException, settings: LLMSettings) -> str:
    if isinstance(error, TimeoutError) or "timeout" in type(error).__name__.lower():
        return f"the model timed out ({settings.llm_timeout:g} s)"
    return f"the model call failed: {describe_error(error)}"


def _check(
    message: BaseMessage, citations: Sequence[Citation], settings: LLMSettings
) -> SummaryResult:
    """Budget checks on the reply, then the verifier; the summary only if all pass."""
    metadata = message.response_metadata or {}
    finish = metadata.get("finish_reason") or metadata.get("stop_reason")
    if finish in CUT_SHORT or metadata.get("done_reason") == "length":
        return _fallback("the model ran out of its token budget (FINEPRINT_LLM_MAX_TOKENS)")
    usage = getattr(message, "usage_metadata", None)
    if usage and usage.get("output_tokens", 0) > settings.llm_max_tokens:
        return _fallback(
            f"the reply used {usage['output_tokens']} tokens, over the budget of "
            f"{settings.llm_max_tokens} (FINEPRINT_LLM_MAX_TOKENS)"
        )
    text = message.text.strip()
    problem = verify_summary(text, [c.quote for c in citations], max_chars=settings.max_chars)
    if problem is not None:
        return _fallback(f"the summary failed its check: {problem}")
    log.info("summary checked against %d citation(s)", len(citations))
    return SummaryResult(text, True, None)


def _fallback(reason: str) -> SummaryResult:
    log.warning("no summary shown, the extractive answer stands: %s", reason)
    return SummaryResult(None, False, reason)
