"""An answer's words, once for every surface: its lead, its history lines, its abstention.

The terminal (`cli/render_text.py`) prints these strings as they are; the bot
(`bot/exts/ask/embeds.py`) puts them in embeds, escaped for Discord. Both front ends call this
module, so an answer reads the same wherever it is asked.
"""

from __future__ import annotations

from fineprint.answering.answer import NOT_LEGAL_ADVICE, Abstention, Citation, Lead
from fineprint.answering.history import HistoryEntry
from fineprint.catalog.version_facts import printed_dates_note
from fineprint.quote_display import display_quote

SHOWN_QUOTES = 3  # quotes an answer shows (text and embed); `--json` lists up to `--k`


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
        named = list(dict.fromkeys(c.platform_name for c in citations[:SHOWN_QUOTES]))
        text = (
            f"No platform was named, so Fineprint searched all {lead.platforms_searched} "
            f"platforms; these quotes come from {', '.join(named)}.\n{text}"
        )
    if lead.as_of is not None:
        text = f"Terms in force on {lead.as_of}.\n{text}"
    return text


def history_lines(history: list[HistoryEntry]) -> list[str]:
    """One sentence per history entry."""
    return [history_line(entry) for entry in history]


def version_label(citation: Citation) -> str:
    """The cited version as a source line names it: "version of 2026-08-17", or, when its text
    prints another date, "captured 2025-09-01; the text says effective 2024-11-11"."""
    note = printed_dates_note(
        citation.version_date, citation.effective_date, citation.effective_words
    )
    return note or f"version of {citation.version_date}"


def variant_suffix(entry: HistoryEntry) -> str:
    """ " (EEA terms)" after a history line's dates when its period is one regional variant."""
    return f" ({entry.variant})" if entry.variant else ""


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
    label += variant_suffix(entry)
    if entry.kind == "no_clause":
        return f"{label} the terms {'have' if current else 'had'} no clause on this."
    return f"{label} the terms {'say' if current else 'said'}: “{display_quote(entry.quote or '')}”"
