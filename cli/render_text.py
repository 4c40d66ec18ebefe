"""An `Answer` as the terminal shows it: lead, numbered quotes, history, the notice.

This is also the `answer` field of `fineprint ask --json` (`cli/render_json.py`), so its words
are a contract: the same answer always renders to the same bytes.
"""

from __future__ import annotations

from fineprint.answering.answer import NOT_LEGAL_ADVICE, Answer, Citation
from fineprint.answering.wording import (
    SHOWN_QUOTES,
    abstention_text,
    history_lines,
    lead_text,
    version_label,
)
from fineprint.quote_display import display_quote, language_note
from fineprint.summary.result import SUMMARY_LABEL


def answer_text(answer: Answer, *, full: bool = False) -> str:
    """The whole answer: a checked summary (if any), then the quotes (with `full`, the whole
    clause each is cut from), or the abstention."""
    if answer.abstention is not None:
        text = abstention_text(answer.abstention)
    else:
        if answer.lead is None:
            raise ValueError("an answer that does not abstain has a lead")
        parts = [lead_text(answer.lead, answer.citations)]
        parts += [
            citation_text(n, citation, full=full)
            for n, citation in enumerate(answer.citations[:SHOWN_QUOTES], start=1)
        ]
        lines = history_lines(answer.history)
        if lines:
            parts.append("History:\n" + "\n".join(f"- {line}" for line in lines))
        parts.append(NOT_LEGAL_ADVICE)
        text = "\n\n".join(parts)
    line = summary_line(answer)
    return f"{line}\n\n{text}" if line else text


def citation_text(number: int, citation: Citation, *, full: bool = False) -> str:
    """`[n] “quote”` (or its whole clause) and, indented under it, where it comes from."""
    shown = citation.clause_text if full and citation.clause_text else citation.quote
    source = " · ".join(
        part
        for part in (
            citation.platform_name,
            citation.document_name,
            citation.section or "(no heading)",
            version_label(citation),
            citation.variant_label,
            language_note(citation.language),
            citation.url,
            f"from {citation.attribution}" if citation.attribution else None,
        )
        if part
    )
    return f"[{number}] “{display_quote(shown)}”\n    — {source}"


def summary_line(answer: Answer) -> str | None:
    """The labelled summary to put above the quotes, or None when none passed its checks."""
    if not answer.summary_checked or not answer.summary:
        return None
    return f"{SUMMARY_LABEL}: {answer.summary}"
