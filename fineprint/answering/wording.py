"""An answer's words, once for every surface: its lead, its history lines, its abstention.

The terminal (`cli/render_text.py`) prints these strings as they are; the bot
(`bot/exts/ask/embeds.py`) puts them in embeds, escaped for Discord. Both front ends call this
module, so an answer reads the same wherever it is asked.
"""

from __future__ import annotations

from fineprint import word_diff
from fineprint.answering.answer import NOT_LEGAL_ADVICE, Abstention, Citation, Lead
from fineprint.answering.history import HistoryEntry
from fineprint.answering.time_answer import TimeAnswer
from fineprint.catalog.version_facts import printed_dates_note
from fineprint.catalog.word_ops import word_diff as diff_words
from fineprint.quote_display import LANGUAGE_NAMES, display_quote
from fineprint.text import possessive

SHOWN_QUOTES = 3  # quotes an answer shows (text and embed); `--json` lists up to `--k`


def abstention_reason(abstention: Abstention) -> str:
    """Why nothing is quoted, then what Fineprint covers (when that is what is missing)."""
    if not abstention.covered:
        return abstention.reason
    return f"{abstention.reason} Fineprint covers: {', '.join(abstention.covered)}."


def abstention_text(abstention: Abstention) -> str:
    return f"{abstention_reason(abstention)}\n\n{NOT_LEGAL_ADVICE}"


def lead_text(lead: Lead, citations: list[Citation]) -> str:
    """Platform, document, version and section of the top quote; before it, the date in
    force and, when no platform was named, the platforms searched and quoted."""
    top = lead.source
    where = f"section “{top.section}”" if top.section else "its text"
    version = f"version of {top.version_date}"
    if lead.outdated_beside is not None:
        version += (
            f", the newest Fineprint holds — its other terms go up to {lead.outdated_beside},"
            " so this one may have changed since"
        )
    text = f"{possessive(top.platform_name)} {top.document_name} ({version}), {where}, say:"
    if lead.platforms_searched is not None:
        named = list(dict.fromkeys(c.platform_name for c in citations[:SHOWN_QUOTES]))
        text = (
            f"No platform was named, so Fineprint searched all {lead.platforms_searched} "
            f"platforms; these quotes come from {', '.join(named)}.\n{text}"
        )
    if lead.as_of is not None:
        text = f"Terms in force on {lead.as_of}.\n{text}"
    if lead.time is not None:
        text = f"{time_text(lead.time, top)}\n{text}"
    return text


def time_text(time: TimeAnswer, top: Citation) -> str:
    """What the versions say about a question of time, in a sentence or two (the quotes
    follow)."""
    document = f"{possessive(top.platform_name)} {top.document_name}"
    if time.material_changes is not None:
        return changes_text(time, document)
    asked = f"(each of its {time.versions_asked} versions in Fineprint was asked)"
    if time.intent == "since-when":
        return f"{document} first answers this in the version of {time.first_version} {asked}."
    if time.intent == "still-true":
        if time.still:
            return f"Still in the newest version of {document} ({time.newest_version})."
        last = time.last_version or top.version_date
        if time.said_instead:
            return (
                f"Not as before in the newest version of {document} ({time.newest_version}): "
                f"[1] is what it says instead; the last version that answers this is the one "
                f"of {last}, quoted next {asked}."
            )
        return (
            f"Not in the newest version of {document} ({time.newest_version}): the last "
            f"version that answers this is the one of {last} {asked}."
        )
    held = ""
    if time.no_version_in and time.old_version and time.new_version:
        after = time.new_version[:4] > time.no_version_in
        held = f"Fineprint holds no version of {document} from {time.no_version_in}: " + (
            f"it compares the one in force then ({time.old_version}) with the next "
            f"({time.new_version}).\n"
            if after
            else f"it compares the last one before ({time.new_version}) with the one "
            f"before that ({time.old_version}).\n"
        )
    if time.unchanged and not any(time.sides_quoted):
        return (
            f"{held}Neither the version of {time.old_version} nor the one of "
            f"{time.new_version} of {document} has a clause answering this {asked}; "
            f"[1] is from the version of {top.version_date}, the newest that has one."
        )
    if time.unchanged:
        return (
            f"{held}The clause of {document} answering this did not change between the versions "
            f"of {time.old_version} and {time.new_version} {asked}."
        )
    return _change_text(time, document, held, asked)


def _change_text(time: TimeAnswer, document: str, held: str, asked: str) -> str:
    """The lead of a change: where it came (a change between two versions named may have
    come in a version between them), which side had no clause, and the word diff."""
    old_quoted, new_quoted = time.sides_quoted
    if time.changed_in:
        versions = "version" if len(time.changed_in) == 1 else "versions"
        text = (
            f"{held}{document} changed on this between the versions of {time.old_version} and "
            f"{time.new_version} {asked}, in the {versions} of {_dates_listed(time.changed_in)}."
        )
        text += "" if old_quoted else f" The version of {time.old_version} had no clause on this."
        text += "" if new_quoted else f" The version of {time.new_version} has none."
        text += " Before, then after:"
    else:
        old = f"the version of {time.old_version}"
        old += "" if old_quoted else " had no clause on this"
        new = f"the version of {time.new_version}" + ("" if new_quoted else ", which has none")
        text = (
            f"{held}{document} changed on this in {new}; before it, {old} {asked}. "
            "Before, then after:"
        )
    if any(piece.op != "=" for piece in time.diff):
        text += f"\nWhat changed, word by word: {word_diff.terminal(time.diff, DIFF_CHARS)}"
    return text


def _dates_listed(dates: tuple[str, ...]) -> str:
    """ "A", "A and B", "A, B and C"."""
    return dates[0] if len(dates) == 1 else f"{', '.join(dates[:-1])} and {dates[-1]}"


def changes_text(time: TimeAnswer, document: str) -> str:
    """ "What changed in X's terms?" with no topic: how much changed between the two versions,
    how much of it matters, and the top change word by word."""
    count, material = time.changes or 0, time.material_changes or 0
    clauses = f"{count} clause{'s' if count != 1 else ''} changed"
    if material:
        which = f"{material} of them flagged as material; the most material first"
    else:
        which = "none of them in a way Fineprint judges material (wording, links, names)"
    text = (
        f"Between the versions of {time.old_version} and {time.new_version} of {document}, "
        f"{clauses}, {which} (`fineprint changes` or /changes lists them all)."
    )
    if any(piece.op != "=" for piece in time.diff):
        text += f"\nWhat changed in [1], word by word: {word_diff.terminal(time.diff, DIFF_CHARS)}"
    return text


HISTORY_LINE_CHARS = 200  # a history line's quote; the whole clause is one flag away
DIFF_CHARS = 200  # a word diff shown in a history line or a "what changed" lead


def history_lines(history: list[HistoryEntry]) -> list[str]:
    """One sentence per history entry; a wording that follows another shows what changed
    from it, word by word, rather than the whole wording again."""
    lines = []
    previous: HistoryEntry | None = None
    for entry in history:
        lines.append(history_line(entry, previous))
        previous = entry if entry.kind == "said" else None
    return lines


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


def first_appears_line(entry: HistoryEntry, previous: HistoryEntry | None) -> str:
    """Where the quoted wording begins; told as the next step of the line above when that line
    ends there."""
    if previous is not None and previous.until == entry.first:
        return f"Since {entry.first} the terms say it as [1] quotes it."
    return f"The quoted wording first appears in the version of {entry.first}."


def history_line(entry: HistoryEntry, previous: HistoryEntry | None = None) -> str:
    if entry.kind == "first_appears":
        return first_appears_line(entry, previous)
    if entry.first == entry.last:
        versions = f"the version of {entry.first}"
    else:
        versions = f"the versions of {entry.first} to {entry.last}"
    if entry.language and entry.kind in ("not_found", "unanswered", "no_clause"):
        language = LANGUAGE_NAMES.get(entry.language, entry.language)
        verb = "is" if entry.first == entry.last else "are"
        return (
            f"{versions[0].upper()}{versions[1:]} {verb} in {language}, which Fineprint does not "
            "compare with the quoted wording."
        )
    if entry.kind == "not_found":
        return f"Fineprint found no matching clause in {versions}."
    if entry.kind == "unanswered":
        return f"No clause answering this was found in {versions}."
    current = entry.until is None
    label = f"Since {entry.first}" if current else f"From {entry.first} to {entry.until}"
    label += variant_suffix(entry)
    if entry.kind == "no_clause":
        return f"{label} the terms {'have' if current else 'had'} no clause on this."
    verb = "say" if current else "said"
    if entry.kind == "said_instead":
        return (
            f"{label} no clause {'answers' if current else 'answered'} this as before; the "
            f"closest the terms {verb}: "
            f"“{clip_quote(display_quote(entry.quote or ''))}”"
        )
    if previous is not None and previous.quote and entry.quote and previous.until == entry.first:
        shown = word_diff.terminal(diff_words(previous.quote, entry.quote), DIFF_CHARS)
        if shown:
            return f"{label} the terms {verb}, changed word by word: {shown}"
    return f"{label} the terms {verb}: “{clip_quote(display_quote(entry.quote or ''))}”"


def clip_quote(text: str, limit: int = HISTORY_LINE_CHARS) -> str:
    """`text` cut after the last whole sentence (else word) that fits in `limit`, with "…"."""
    if len(text) <= limit:
        return text
    cut = text[:limit]
    end = max(cut.rfind(". "), cut.rfind("; "))
    if end > limit // 2:
        return cut[: end + 1] + " …"
    return cut[: cut.rfind(" ")].rstrip(",;:") + " …"
