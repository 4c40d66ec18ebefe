"""An `Answer` as the terminal shows it: lead, numbered quotes, history, the notice.

This is also the `answer` field of `fineprint ask --json` (`cli/render_json.py`), so its words
are a contract: the same answer always renders to the same bytes.
"""

from __future__ import annotations

from fineprint.answering.answer import NOT_LEGAL_ADVICE, Abstention, Answer, Citation, Lead
from fineprint.answering.history import HistoryEntry
from fineprint.quote_display import display_quote
from fineprint.summary.result import SUMMARY_LABEL

SHOWN = 3  # quotes the text shows; `--json` lists up to `--k`


def answer_text(answer: Answer) -> str:
    """The whole answer: a checked summary (if any), then the quotes, or the abstention."""
    if answer.abstention is not None:
        text = abstention_text(answer.abstention)
    else:
        if answer.lead is None:
            raise ValueError("an answer that does not abstain has a lead")
        parts = [lead_text(answer.lead, answer.citations)]
        parts += [
            citation_text(n, citation)
            for n, citation in enumerate(answer.citations[:SHOWN], start=1)
        ]
        lines = history_lines(answer.history)
        if lines:
            parts.append("History:\n" + "\n".join(f"- {line}" for line in lines))
        parts.append(NOT_LEGAL_ADVICE)
        text = "\n\n".join(parts)
    line = summary_line(answer)
    return f"{line}\n\n{text}" if line else text


def abstention_text(abstention: Abstention) -> str:
    covered = ", ".join(abstention.covered)
    return f"{abstention.reason} Fineprint covers: {covered}.\n\n{NOT_LEGAL_ADVICE}"


def lead_text(lead: Lead, citations: list[Citation]) -> str:
    """Platform, document, version and section of the top quote; before it, the date in
    force and, when no platform was named, the platforms searched and quoted."""
    top = lead.source
    where = f"section “{top.section}”" if top.section else "its text"
    text = (
        f"{top.platform_name}'s {top.document_name} (version of {top.version_date}), {where}, say:"
    )
    if lead.platforms_searched is not None:
        named = list(dict.fromkeys(c.platform_name for c in citations[:SHOWN]))
        text = (
            f"No platform was named, so Fineprint searched all {lead.platforms_searched} "
            f"platforms; these quotes come from {', '.join(named)}.\n{text}"
        )
    if lead.as_of is not None:
        text = f"Terms in force on {lead.as_of}.\n{text}"
    return text


def citation_text(number: int, citation: Citation) -> str:
    """`[n] “quote”` and, indented under it, where it comes from."""
    source = " · ".join(
        part
        for part in (
            citation.platform_name,
            citation.document_name,
            citation.section or "(no heading)",
            f"version of {citation.version_date}",
            citation.url,
        )
        if part
    )
    return f"[{number}] “{display_quote(citation.quote)}”\n    — {source}"


def history_lines(history: list[HistoryEntry]) -> list[str]:
    """One sentence per history entry."""
    return [history_line(entry) for entry in history]


def history_line(entry: HistoryEntry) -> str:
    if entry.kind == "first_appears":
        return f"The quoted wording first appears in the version of {entry.first}."
    if entry.kind == "not_found":
        if entry.first == entry.last:
            versions = f"the version of {entry.first}"
        else:
            versions = f"the versions of {entry.first} to {entry.last}"
        return f"Fineprint found no matching clause in {versions}."
    current = entry.until is None
    label = f"Since {entry.first}" if current else f"From {entry.first} to {entry.until}"
    if entry.kind == "no_clause":
        return f"{label} the terms {'have' if current else 'had'} no clause on this."
    return f"{label} the terms {'say' if current else 'said'}: “{display_quote(entry.quote or '')}”"


def summary_line(answer: Answer) -> str | None:
    """The labelled summary to put above the quotes, or None when none passed its checks."""
    if not answer.summary_checked or not answer.summary:
        return None
    return f"{SUMMARY_LABEL}: {answer.summary}"
