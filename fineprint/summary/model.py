"""Getting the configured chat model and calling it within a deadline.

LangChain is imported only here and only when a summary is asked for: a cold `fineprint ask`
without `--summary` pays nothing for it. Errors are described by type, HTTP status and a
redacted message, so a key echoed back by a provider never reaches a log.
"""

from __future__ import annotations

import asyncio
import contextvars
import re
import threading
from collections.abc import Awaitable, Callable
from functools import lru_cache
from typing import TYPE_CHECKING, Any, TypeVar

from fineprint.summary.config import LLMSettings

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

T = TypeVar("T")

SECRET_LIKE = re.compile(
    r"(?i)bearer\s+\S+"  # an Authorization header value
    r"|\b(?:sk|pk|rk|gsk|xai|key|api[-_]?key)[-_][A-Za-z0-9_\-*.]{6,}"  # provider key shapes
    r"|[A-Za-z0-9_\-]{32,}"  # any long opaque token
)
USERINFO = re.compile(r"(?<=//)[^/@\s]+@")  # credentials inside a URL
MAX_ERROR_CHARS = 200


def model_kwargs(settings: LLMSettings) -> dict[str, Any]:
    """Constructor arguments for the provider: timeout, budget, retries and base URL under the
    names it understands (Ollama's differ; OpenAI, Anthropic and most others share these)."""
    kwargs: dict[str, Any]
    if settings.provider == "ollama":
        kwargs = {
            "num_predict": settings.llm_max_tokens,
            "client_kwargs": {"timeout": settings.llm_timeout},
        }
    else:
        kwargs = {
            "timeout": settings.llm_timeout,
            "max_tokens": settings.llm_max_tokens,
            "max_retries": settings.llm_retries,
        }
    if settings.llm_base_url:
        kwargs["base_url"] = settings.llm_base_url
    return kwargs


def build_model(settings: LLMSettings) -> BaseChatModel:
    """A chat model from `FINEPRINT_LLM` through `init_chat_model` (the provider package must
    be installed: `pip install '.[llm]'` for OpenAI and OpenAI-compatible servers)."""
    from langchain.chat_models import init_chat_model

    if not settings.enabled:
        raise ValueError("no model configured (FINEPRINT_LLM is unset)")
    model: BaseChatModel = init_chat_model(settings.llm, **model_kwargs(settings))
    return model


@lru_cache(maxsize=4)
def _cached(llm: str, base_url: str, timeout: float, max_tokens: int, retries: int) -> Any:
    return build_model(
        LLMSettings(
            llm=llm,
            llm_base_url=base_url,
            llm_timeout=timeout,
            llm_max_tokens=max_tokens,
            llm_retries=retries,
        )
    )


def get_model(settings: LLMSettings) -> BaseChatModel:
    """The model for these settings, built once per process (clients keep their connections)."""
    model: BaseChatModel = _cached(
        settings.llm,
        settings.llm_base_url,
        settings.llm_timeout,
        settings.llm_max_tokens,
        settings.llm_retries,
    )
    return model


def call_within(seconds: float, call: Callable[[], T]) -> T:
    """`call()` or `TimeoutError` after `seconds`, whatever the provider does with its own
    timeout. The call runs on a daemon thread, so a stuck one never delays process exit."""
    outcome: dict[str, Any] = {}
    done = threading.Event()
    context = contextvars.copy_context()

    def run() -> None:
        try:
            outcome["value"] = context.run(call)
        except BaseException as error:
            outcome["error"] = error
        finally:
            done.set()

    threading.Thread(target=run, name="fineprint-summary", daemon=True).start()
    if not done.wait(seconds):
        raise TimeoutError(f"no reply within {seconds:g} s")
    if "error" in outcome:
        raise outcome["error"]
    value: T = outcome["value"]
    return value


async def acall_within(seconds: float, call: Awaitable[T]) -> T:
    """The awaitable's result or `TimeoutError` after `seconds` (for the bot's event loop)."""
    try:
        return await asyncio.wait_for(call, timeout=seconds)
    except TimeoutError:
        raise TimeoutError(f"no reply within {seconds:g} s") from None


def redact(text: str) -> str:
    """`text` with anything shaped like a key, token or URL credential replaced by "***"."""
    return USERINFO.sub("***@", SECRET_LIKE.sub("***", text))


def describe_error(error: BaseException) -> str:
    """One log-safe line for a failed call: type, HTTP status if any, redacted message."""
    status = getattr(error, "status_code", None)
    head = type(error).__name__ + (f" (HTTP {status})" if status else "")
    message = redact(" ".join(str(error).split()))
    if len(message) > MAX_ERROR_CHARS:
        message = message[: MAX_ERROR_CHARS - 1] + "…"
    return f"{head}: {message}" if message else head
