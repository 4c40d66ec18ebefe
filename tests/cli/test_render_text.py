"""The terminal text of an answer (also the `answer` field of `ask --json`), byte for byte.

The pinned texts were printed by the renderer that lived in `fineprint/answering/answer.py` before
answers became data (issue 9): the same answer must keep rendering to the same bytes.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from cli.render_text import answer_text, summary_line
from fineprint.answering.answer import NOT_LEGAL_ADVICE, Abstention, Answer, Citation, Lead
from fineprint.answering.history import HistoryEntry
from fineprint.answering.wording import history_lines, lead_text
from fineprint.summary import SUMMARY_LABEL

NOTICE = (
    "Not legal advice: these are quotes from the platform's terms; read the full document, "
    "and ask a lawyer about your own situation."
)


def citation(
    quote: str,
    section: str,
    url: str,
    version_date: str,
    names: tuple[str, str, str] = ("soundcloud", "SoundCloud", "Terms of Use"),
) -> Citation:
    platform, platform_name, document_name = names
    return Citation(
        platform, "terms-of-use", section, version_date, url, quote, 0.61, platform_name,
        document_name,
    )  # fmt: skip


CITATIONS = [
    citation(
        "We will not use your content to train generative AI models without your consent.",
        "4. Your Content › AI",
        "https://soundcloud.com/terms-of-use",
        "2025-05-27",
    ),
    citation(
        "| Data | Purpose <br><br> more |\n|---|---|\n| Voice | Training |", "", "", "2025-05-27"
    ),
    citation(
        "and to train models on it",
        "Licence",
        "https://x.com/tos",
        "2024-01-01",
        ("x-twitter", "X", "Terms of Service"),
    ),
    citation("Never shown: the fourth quote.", "Other", "", "2024-01-01"),
]
HISTORY = [
    HistoryEntry("no_clause", "2013-06-02", "2013-06-02", "2019-01-01"),
    HistoryEntry("not_found", "2019-01-01", "2020-01-01", "2024-02-07"),
    HistoryEntry(
        "said",
        "2024-02-07",
        "2024-02-07",
        "2025-05-27",
        "In the absence of a separate agreement, your Content may be used to inform, train, "
        "develop AI",
    ),
    HistoryEntry("first_appears", "2025-05-27", "2025-05-27"),
]

EVERY_PART = (
    "Terms in force on 2024-06-01.\nNo platform was named, so Fineprint searched all 33 "
    "platforms; these quotes come from SoundCloud, X.\nSoundCloud's Terms of Use (version of "
    "2025-05-27), section “4. Your Content › AI”, say:\n\n[1] “We will not use your content to "
    "train generative AI models without your consent.”\n    — SoundCloud · Terms of Use · 4. "
    "Your Content › AI · version of 2025-05-27 · https://soundcloud.com/terms-of-use\n\n[2] "
    "“Data · Purpose more\nVoice · Training…”\n    — SoundCloud · Terms of Use · (no heading) "
    "· version of 2025-05-27\n\n[3] “…and to train models on it…”\n    — X · Terms of Service "
    "· Licence · version of 2024-01-01 · https://x.com/tos\n\nHistory:\n- From 2013-06-02 to "
    "2019-01-01 the terms had no clause on this.\n- Fineprint found no matching clause in the "
    "versions of 2019-01-01 to 2020-01-01.\n- From 2024-02-07 to 2025-05-27 the terms said: "
    "“In the absence of a separate agreement, your Content may be used to inform, train, "
    "develop AI…”\n- Since 2025-05-27 the terms say it as [1] quotes it.\n\n" + NOTICE
)
NO_HEADING_NO_HISTORY = (
    "SoundCloud's Terms of Use (version of 2025-05-27), its text, say:\n\n[1] “Data · Purpose "
    "more\nVoice · Training…”\n    — SoundCloud · Terms of Use · (no heading) · version of "
    "2025-05-27\n\n[2] “…and to train models on it…”\n    — X · Terms of Service · Licence · "
    "version of 2024-01-01 · https://x.com/tos\n\n[3] “Never shown: the fourth quote.”\n    — "
    "SoundCloud · Terms of Use · Other · version of 2024-01-01\n\n" + NOTICE
)


def test_the_notice_is_the_one_every_surface_shows() -> None:
    assert NOT_LEGAL_ADVICE == NOTICE


def test_every_part_of_an_answer_renders_as_before() -> None:
    lead = Lead(CITATIONS[0], as_of="2024-06-01", platforms_searched=33)
    answer = Answer("q", CITATIONS, lead=lead, history=HISTORY)
    assert answer_text(answer) == EVERY_PART


def test_a_clause_without_heading_and_no_history_render_as_before() -> None:
    answer = Answer("q", CITATIONS[1:], lead=Lead(CITATIONS[1]))
    assert answer_text(answer) == NO_HEADING_NO_HISTORY


def test_a_checked_summary_goes_above_the_quotes() -> None:
    summary = "SoundCloud says it will not train generative AI on your voice [1]."
    answer = Answer(
        "q", CITATIONS[1:], lead=Lead(CITATIONS[1]), summary=summary, summary_checked=True
    )
    line = summary_line(answer)
    assert line == f"{SUMMARY_LABEL}: {summary}"
    assert line.startswith("Summary (AI-generated, checked against the quotes): SoundCloud says")
    assert answer_text(answer) == f"{line}\n\n{NO_HEADING_NO_HISTORY}"
    unchecked = Answer("q", CITATIONS[1:], lead=Lead(CITATIONS[1]), summary=summary)
    assert summary_line(unchecked) is None
    assert answer_text(unchecked) == NO_HEADING_NO_HISTORY


def test_an_abstention_renders_as_before() -> None:
    answer = Answer(
        "q",
        abstention=Abstention(
            "Fineprint holds no terms for Patreon, so it cannot quote them.",
            ("DistroKid", "SoundCloud"),
        ),
    )
    assert answer_text(answer) == (
        "Fineprint holds no terms for Patreon, so it cannot quote them. Fineprint covers: "
        "DistroKid, SoundCloud.\n\n" + NOTICE
    )


# --- real answers (the `ask_settings` store) -------------------------------------------------

SEED = "Can SoundCloud train AI on my voice?"
SEED_LEAD = (
    "SoundCloud's Terms of Use (version of 2026-08-17), section “SoundCloud Terms of Use › "
    "Grant of license”, say:"
)
SEED_FIRST_QUOTE = (
    "[1] “We will not use your content to train generative AI models that aim to replicate or "
    "synthesize your voice, music, or likeness without your explicit consent, which must be "
    "affirmatively provided through an opt-in mechanism.”\n    — SoundCloud · Terms of Use · "
    "SoundCloud Terms of Use › Grant of license · version of 2026-08-17 · "
    "https://soundcloud.com/terms-of-use"
)
SEED_HISTORY = (
    "History:\n- From 2013-06-02 to 2024-02-07 the terms had no clause on this.\n- From "
    "2024-02-07 to 2025-05-27 the terms said: “In the absence of a separate agreement that "
    "states otherwise, You explicitly agree that your Content may be used to inform, train, "
    "develop or serve as input to artificial intelligence or machine …”\n- Since 2025-05-27 the "
    "terms say it as [1] quotes it."
)


def test_the_readme_seed_answer_reads_as_the_readme_shows_it(answerer: Any) -> None:
    """README's "What an answer looks like", less the two quotes it elides."""
    parts = answer_text(answerer.ask(SEED)).split("\n\n")
    assert len(parts) == 6
    assert parts[0] == SEED_LEAD
    assert parts[1] == SEED_FIRST_QUOTE
    assert parts[2].startswith("[2] “") and parts[3].startswith("[3] “")
    assert parts[4] == SEED_HISTORY
    assert parts[5] == NOTICE


def test_history_is_shown_under_its_heading(answerer: Any) -> None:
    answer = answerer.ask("Does SoundCloud need my consent to train AI that clones my voice?")
    text = answer_text(answer)
    lines = history_lines(answer.history)
    assert "History:\n" + "\n".join(f"- {line}" for line in lines) in text
    assert "From 2013-06-02 to 2024-02-07 the terms had no clause on this." in lines


@pytest.mark.parametrize(
    ("question", "platform"),
    [
        ("What percentage of my earnings does Patreon take?", None),
        ("Can they use my content to train AI?", "patreon"),
        ("What's a good recipe for banana bread?", None),
        ("Who won the football world cup in 1998?", "youtube"),
    ],
)
def test_abstentions_say_what_fineprint_covers(
    answerer: Any, question: str, platform: str | None
) -> None:
    text = answer_text(answerer.ask(question, platform=platform))
    assert "Fineprint covers" in text and "SoundCloud" in text
    assert text.endswith(NOT_LEGAL_ADVICE)


def test_answers_start_with_the_lead_and_end_with_the_notice(answerer: Any) -> None:
    answer = answerer.ask("Do I keep the copyright in the videos I upload to YouTube?")
    text = answer_text(answer)
    assert text.endswith(NOT_LEGAL_ADVICE)
    assert text.startswith("YouTube's Terms of Service (version of 2026-07-15)")
    assert text.startswith(lead_text(answer.lead, answer.citations) + "\n\n[1] “")


def test_no_platform_named_says_where_quotes_come_from(answerer: Any) -> None:
    answer = answerer.ask("can other users remix my tracks?")
    text = answer_text(answer)
    assert "No platform was named" in text
    assert answer.citations[0].platform_name in text.splitlines()[0]


def test_a_date_in_force_opens_the_answer(answerer: Any) -> None:
    answer = answerer.ask(
        "Could my uploads be used as input to AI services?",
        platform="soundcloud",
        as_of=date(2025, 3, 1),
    )
    assert answer_text(answer).startswith(
        "Terms in force on 2025-03-01.\nSoundCloud's Terms of Use (version of 2024-02-07)"
    )
