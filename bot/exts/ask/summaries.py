"""Optional AI summaries above the quotes, when `FINEPRINT_LLM` names a chat model.

The summary comes from `fineprint.summary` (grounded in the cited clauses and checked
against them; anything unchecked is dropped). The bot sends the quotes first and edits the
summary in when it arrives, so an answer never waits on a model, and a failed or slow
summary leaves the extractive answer standing.
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

    async def summary(self, answer: Answer, shown: int) -> str | None:
        """A checked summary of the first `shown` citations, or None."""
        if self.model is None or answer.abstained or not answer.citations:
            return None
        from fineprint.summary import asummarise

        result = await asummarise(answer, model=self.model, max_citations=shown)
        return result.summary if result.checked else None
