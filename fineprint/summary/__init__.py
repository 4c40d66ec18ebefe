"""Optional LLM summaries on top of the extractive answer, checked before they are shown.

    from fineprint.summary import summarise, with_summary
    result = summarise(answer)            # SummaryResult(summary, checked, reason)
    with_summary(answer, max_citations=3) # the same, recorded on answer.summary(_checked)
    await awith_summary(answer, 3)        # the same, for an event loop (the bot)

A summary reaches an answer one way, recorded on it (`with_summary`, `awith_summary`); front
ends read it from the answer and show a checked one under `SUMMARY_LABEL`, above the quotes.

Importing this package is cheap: LangChain loads only when a summary is actually made.
"""

from fineprint.summary.config import LLMSettings, get_llm_settings, load_llm_settings
from fineprint.summary.pipeline import asummarise, awith_summary, summarise, with_summary
from fineprint.summary.result import SUMMARY_LABEL, SummaryResult
from fineprint.summary.verify import NOT_ADDRESSED, verify_summary

__all__ = [
    "NOT_ADDRESSED",
    "SUMMARY_LABEL",
    "LLMSettings",
    "SummaryResult",
    "asummarise",
    "awith_summary",
    "get_llm_settings",
    "load_llm_settings",
    "summarise",
    "verify_summary",
    "with_summary",
]
