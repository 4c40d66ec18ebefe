"""Optional AI summaries above the quotes, when `FINEPRINT_LLM` names a chat model.

The summary comes from `fineprint.summary` (grounded in the cited clauses and checked
against them; anything unchecked is dropped) and is recorded on the answer, which the embed
reads. The bot sends the quotes first and edits the summary in when it arrives, so an answer
never waits on a model, and a failed or slow summary leaves the extractive answer standing.
"""

from __future__ import annotations

import logging
from typing import Any

from fineprint.answering.answer import Answer

log = logging.getLogger(__name__)


class Summaries:
    """Off unless a model is configured (or given, in tests)."""

    def __init__(self, model: Any | None = None) -> None:
        self.model = model

    @property
    def enabled(self) -> bool:
        return self.model is not None

    def prepare(self) -> None:
        """Blocking (imports LangChain, builds the client): run it at warm-up, off the loop."""
        from fineprint.summary import get_llm_settings

        settings = get_llm_settings()
        if self.model is None and settings.enabled:
            from fineprint.summary.model import get_model

            self.model = get_model(settings)
            log.info("AI summaries on (%s)", settings.llm)

    async def add(self, answer: Answer, shown: int) -> bool:
        """Summarise the first `shown` citations onto the answer, the one way the CLI does too
        (`fineprint.summary`: `awith_summary`); True when a checked summary is now on it."""
        if self.model is None or answer.abstained or not answer.citations:
            return False
        from fineprint.summary import awith_summary

        await awith_summary(answer, shown, model=self.model)
        return bool(answer.summary_checked and answer.summary)
