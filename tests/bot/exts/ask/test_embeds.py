"""Answer embeds stay within every Discord limit — built from the longest clauses in the corpus
— open with the shared wording, and cut quotes only at sentence boundaries, never reworded;
the "Other versions" embed, likewise."""

from __future__ import annotations

import re
from datetime import date

from bot import limits
from bot.exts.ask import embeds
from bot.limits import embed_problems, message_problems
from bot.render import shown_text
from fineprint.answering import wording
from fineprint.answering.answer import NOT_LEGAL_ADVICE, Abstention, Answer, Citation, Lead
from fineprint.answering.history import HistoryEntry
from fineprint.catalog.clauses import Clause
from fineprint.quote_display import readable
from fineprint.service import Fineprint
from tests.bot.conftest import LONG_URL


def citation_of(clause: Clause, quote: str | None = None, url: str = LONG_URL) -> Citation:
    return Citation(
        platform=clause.platform,
        document=clause.document,
        section=clause.section_label,
        version_date=clause.version_date.isoformat(),
        url=url,
        quote=clause.text if quote is None else quote,
        score=0.9,
        platform_name=clause.platform.title() * 3,
        document_name="Terms of Service and Acceptable Use Policy " * 3,
        start=clause.start,
        end=clause.end,
    )


def long_question() -> str:
    return ("@everyone <@&123456789012345678> can they " * 40)[:500]


def answer_from(clauses: list[Clause], history: list[HistoryEntry]) -> Answer:
    citations = [citation_of(c) for c in clauses]
    lead = Lead(citations[0], as_of="2024-06-01", platforms_searched=33)
    return Answer(long_question(), citations, lead=lead, history=history, id="0" * 16)


def said(clauses: list[Clause]) -> list[HistoryEntry]:
    """A history entry "From 2013-06-02 to 2024-02-07 the terms said: “…”" per clause."""
    return [HistoryEntry("said", "2013-06-02", "2013-06-02", "2024-02-07", c.text) for c in clauses]


def test_answer_embed_from_the_longest_clauses(longest: list[Clause]) -> None:
    history = said(longest)
    for n in range(0, len(longest), 3):
        answer = answer_from(longest[n : n + 3] * 3, history)
        embed = embeds.answer_embed(answer)
        assert embed_problems(embed) == []
        assert message_problems(None, [embed]) == []
        quotes = [f for f in embed.fields if re.match(r"\[\d\] ", f.name or "")]
        assert len(quotes) == 3
        for field, citation in zip(quotes, answer.citations, strict=False):
            value = field.value or ""
            shown = value.rsplit("\n— ", 1)[0].removeprefix("“").removesuffix("”")
            if shown.endswith(" …"):  # cut after a sentence
                shown = shown.removesuffix(" …")
                assert re.search(r"[.!?;:)\]”\"*_]$", shown), shown[-40:]
            elif shown.endswith("…"):  # a first sentence too long for the field: cut at a word
                shown = shown.removesuffix("…")
                assert len(shown) > 200
            shown = shown.removeprefix("…")  # a quote that starts mid-sentence says so
            assert readable(citation.quote).startswith(shown.replace("\u200b", ""))
            assert citation.version_date in value
        assert embed.footer.text == NOT_LEGAL_ADVICE


def test_summary_and_longest_clauses_fit(longest: list[Clause]) -> None:
    history = said(longest)
    answer = answer_from(longest[:3], history)
    answer.summary, answer.summary_checked = "They may do this [1]. " * 80, True
    embed = embeds.answer_embed(answer)
    assert embed_problems(embed) == []
    assert (embed.description or "").startswith("**Summary (AI-generated")
    assert [f.name for f in embed.fields][-1] == "How it read before"


def test_a_summary_not_checked_is_not_shown(longest: list[Clause]) -> None:
    answer = answer_from(longest[:3], said(longest))
    answer.summary, answer.summary_checked = "They may do this [1].", False
    assert embeds.answer_embed(answer).description == embeds.lead_text(answer)


def test_real_answer_lead_and_layout(service: Fineprint) -> None:
    answer = service.ask("Can SoundCloud train AI on my voice?")
    embed = embeds.answer_embed(answer)
    lead = embeds.lead_text(answer)
    assert lead and "[1]" not in lead and NOT_LEGAL_ADVICE not in lead
    assert embed.description == lead
    if answer.history:
        assert embed.fields[-1].name == "How it read before"


REAL_QUESTIONS = [
    ("Can SoundCloud train AI on my voice?", None, None),
    ("can other users remix my tracks?", None, None),
    ("Could my uploads be used as input to AI services?", "soundcloud", date(2025, 3, 1)),
    ("Do I keep the copyright in videos I upload to YouTube?", None, None),
    ("when did youtube first mention AI", None, None),
]


def test_the_embed_opens_with_the_shared_wording_of_real_answers(service: Fineprint) -> None:
    for question, platform, as_of in REAL_QUESTIONS:
        answer = service.ask(question, platform=platform, as_of=as_of)
        assert answer.lead is not None
        embed = embeds.answer_embed(answer)
        assert embed.description == wording.lead_text(answer.lead, answer.citations)
        if answer.history:
            value = embed.fields[-1].value or ""  # one bullet per line (a quoted list has "• " too)
            lines = wording.history_lines(answer.history)[:6]
            assert all(f"• {shown_text(line)[:20]}" in value for line in lines), value


def test_versions_embed_with_many_long_periods(longest: list[Clause]) -> None:
    from fineprint.answering.history import Period
    from fineprint.catalog.registry import VersionRecord

    records = [
        VersionRecord("p", "d", f"{2000 + n}-01-01", "P", "D", "h", "t", 1) for n in range(30)
    ]
    periods = [
        Period(
            first=record,
            last=record,
            replaced_by=records[n + 1] if n + 1 < len(records) else None,
            row=None,
            quote=None if n % 7 == 3 else longest[n % len(longest)].text,
            cited=n == 29,
        )
        for n, record in enumerate(records)
    ]
    embed = embeds.versions_embed(citation_of(longest[0]), periods, records)
    assert embed_problems(embed) == []
    assert len(embed.fields) == limits.FIELDS
    assert (embed.fields[-1].name or "").startswith("✏️ 📌 Since 2029-01-01")
    assert any((f.name or "").startswith("🚫") for f in embed.fields)
    assert any((f.name or "").startswith("🆕") for f in embed.fields)


def test_versions_embed_says_what_an_unchecked_absence_is(longest: list[Clause]) -> None:
    from fineprint.answering.history import Period
    from fineprint.catalog.registry import VersionRecord

    a, b = (
        VersionRecord("p", "d", f"{year}-01-01", "P", "D", "h", "t", 1) for year in (2020, 2021)
    )
    cited = Period(b, b, None, 0, longest[0].text[:200], cited=True)
    for absent, text in ((True, "No clause on this"), (False, "found no matching clause")):
        periods = [Period(a, a, b, None, None, cited=False, absent=absent), cited]
        embed = embeds.versions_embed(citation_of(longest[0]), periods, [a, b])
        assert text in (embed.fields[0].value or "")


def test_abstention_embed(longest: list[Clause]) -> None:
    covered = tuple(c.platform for c in longest) * 50
    reason = "No clause in the terms clearly governs this."
    answer = Answer(long_question(), abstention=Abstention(reason, covered))
    embed = embeds.answer_embed(answer)
    assert embed_problems(embed) == []
    assert not embed.fields and embed.footer.text == NOT_LEGAL_ADVICE
    assert NOT_LEGAL_ADVICE not in (embed.description or "")
    assert (embed.description or "").startswith(f"{reason} Fineprint covers: {covered[0]}, ")


def test_mentions_inside_clauses_are_defused() -> None:
    text = "Write to @everyone at <@123456789012345678>. Or @here."
    clause = Clause("p", "d", date(2024, 1, 1), ("1. Notices",), text, 0, len(text), 0)
    embed = embeds.answer_embed(answer_from([clause], []))
    value = embed.fields[0].value or ""
    assert "@\u200beveryone" in value and "<@\u200b123456789012345678>" in value
    assert "@\u200bhere" in value
