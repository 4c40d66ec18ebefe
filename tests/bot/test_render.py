"""Embeds stay within every Discord limit — built from the longest clauses in the corpus —
and quotes are only ever cut at sentence boundaries, never reworded."""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date

import discord
import pytest

from bot import limits, render
from bot.limits import embed_problems, message_problems
from fineprint.answering import wording
from fineprint.answering.answer import NOT_LEGAL_ADVICE, Abstention, Answer, Citation, Lead
from fineprint.answering.history import HistoryEntry
from fineprint.catalog.clauses import Clause
from fineprint.catalog.lookups import DocumentCoverage, PlatformCoverage
from fineprint.quote_display import readable
from fineprint.service import Fineprint
from tests.conftest import CORPUS

LONG_URL = "https://example.com/" + "terms/" * 60


@pytest.fixture(scope="module")
def corpus_clauses() -> list[Clause]:
    """Every clause of every version in the bundled corpus, split as the ingest splits it
    (no embedding: about 2 s)."""
    from ingest.pipeline import IngestReport, build_clauses, read_documents

    report = IngestReport()
    documents = read_documents([CORPUS], None, report)
    return [clause for document in documents for clause in build_clauses(document, False)]


@pytest.fixture(scope="module")
def longest(corpus_clauses: list[Clause], service: Fineprint) -> list[Clause]:
    """The longest clauses of the corpus and of the test store, and the longest headings."""
    by_text = sorted(corpus_clauses, key=lambda c: len(c.text), reverse=True)[:6]
    by_heading = sorted(corpus_clauses, key=lambda c: len(c.section_label), reverse=True)[:3]
    stored = sorted(service.index.clauses, key=lambda c: len(c.text), reverse=True)[:3]
    return by_text + by_heading + stored


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
        embed = render.answer_embed(answer)
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
    embed = render.answer_embed(answer, summary="They may do this [1]. " * 80)
    assert embed_problems(embed) == []
    assert (embed.description or "").startswith("**Summary (AI-generated")
    assert [f.name for f in embed.fields][-1] == "How it read before"


def test_real_answer_lead_and_layout(service: Fineprint) -> None:
    answer = service.ask("Can SoundCloud train AI on my voice?")
    embed = render.answer_embed(answer)
    lead = render.lead_text(answer)
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
        embed = render.answer_embed(answer)
        assert embed.description == wording.lead_text(answer.lead, answer.citations)
        if answer.history:
            history = embed.fields[-1].value or ""
            assert history.count("• ") == min(len(answer.history), 6)


def test_clause_pages_from_the_longest_clauses(longest: list[Clause]) -> None:
    blocks = [
        render.ClauseBlock("Platform · Document", c.section_label, "2024-02-07", LONG_URL, c.text)
        for c in longest
    ]
    pages = render.clause_pages(blocks)
    assert all(embed_problems(page) == [] for page in pages)
    shown = " ".join(" ".join(p.description or "" for p in pages).replace("\u200b", "").split())
    for clause in longest:
        assert " ".join(clause.text.split()) in shown


def test_a_very_long_text_pages_at_boundaries() -> None:
    sentence = "The licence survives termination of these terms for content already shared. "
    text = (sentence * 40 + "\n\n") * 8 + "x" * 5000  # and one "word" with no space at all
    pages = render.clause_pages([render.ClauseBlock("T", "S", "2024-01-01", "", text)])
    assert len(pages) > 5
    assert all(embed_problems(page) == [] for page in pages)
    pieces = render.split_text(text, 3000)
    assert "".join(pieces).replace(" ", "").replace("\n", "") == text.replace(" ", "").replace(
        "\n", ""
    )
    assert all(len(piece) <= 3000 for piece in pieces)
    assert all(p.endswith(".") for p in pieces[:-2])  # prose is cut between sentences
    assert [p.footer.text for p in pages][
        -1
    ] == f"Version of 2024-01-01 · page {len(pages)}/{len(pages)} · Not legal advice."


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
    embed = render.versions_embed(citation_of(longest[0]), periods, records)
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
        embed = render.versions_embed(citation_of(longest[0]), periods, [a, b])
        assert text in (embed.fields[0].value or "")


def test_platforms_pages_for_the_whole_corpus(corpus_clauses: list[Clause]) -> None:
    versions: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for clause in corpus_clauses:
        versions[clause.platform][clause.document].add(clause.version_date.isoformat())
    overview = [
        PlatformCoverage(
            platform=platform,
            name=platform.title(),
            documents=tuple(
                DocumentCoverage(
                    document=d,
                    name=d.replace("-", " ").title(),
                    versions=tuple(sorted(v)),
                    clauses=1,
                )
                for d, v in sorted(documents.items())
            ),
        )
        for platform, documents in sorted(versions.items())
    ]
    pages = render.platforms_pages(overview)
    assert len(pages) >= 3
    assert all(embed_problems(page) == [] for page in pages)
    assert sum(len(page.fields) for page in pages) == len(overview)


def test_abstention_embed(longest: list[Clause]) -> None:
    covered = tuple(c.platform for c in longest) * 50
    reason = "No clause in the terms clearly governs this."
    answer = Answer(long_question(), abstention=Abstention(reason, covered))
    embed = render.answer_embed(answer)
    assert embed_problems(embed) == []
    assert not embed.fields and embed.footer.text == NOT_LEGAL_ADVICE
    assert NOT_LEGAL_ADVICE not in (embed.description or "")
    assert (embed.description or "").startswith(f"{reason} Fineprint covers: {covered[0]}, ")


def test_mentions_inside_clauses_are_defused() -> None:
    text = "Write to @everyone at <@123456789012345678>. Or @here."
    clause = Clause("p", "d", date(2024, 1, 1), ("1. Notices",), text, 0, len(text), 0)
    embed = render.answer_embed(answer_from([clause], []))
    value = embed.fields[0].value or ""
    assert "@\u200beveryone" in value and "<@\u200b123456789012345678>" in value
    assert "@\u200bhere" in value


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("One. Two. Three.", 100, "One. Two. Three."),
        ("One sentence. Another one here. And a third.", 35, "One sentence. Another one here. …"),
        ("A single sentence far too long to fit anywhere", 20, "A single sentence…"),
    ],
)
def test_trim_at_sentence(text: str, limit: int, expected: str) -> None:
    assert render.trim_at_sentence(text, limit) == expected
    assert len(render.trim_at_sentence(text, limit)) <= limit


def test_enforce_repairs_anything() -> None:
    embed = discord.Embed(title="t" * 300, description="d " * 3000)
    for _ in range(30):
        embed.add_field(name="n" * 300, value="v " * 700)
    embed.set_footer(text="f" * 3000)
    assert embed_problems(embed)
    assert embed_problems(limits.enforce(embed)) == []


def test_user_text_is_escaped() -> None:
    shown = render.user_text("**bold** @everyone [link](https://evil.example)\n\nnext")
    assert "**" not in shown.replace("\\*", "") and "@\u200beveryone" in shown
    assert "\n" not in shown


def test_message_limit() -> None:
    assert message_problems("x" * 2001, []) == ["content 2001 > 2000"]
    assert len(limits.clip_message("x " * 3000)) <= limits.MESSAGE
