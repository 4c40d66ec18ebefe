"""History lines that are true (issue 11): lineage through rewrites, checked absences,
verbatim earlier wordings, and "first appears" false for every earlier version."""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np
import pytest

from bench.history_check import Checker, Report, load_questions, run_check
from fineprint.answering.answer import Answerer
from fineprint.answering.history import (
    HistoryEntry,
    Period,
    history_entries,
    lineage,
    timeline,
    word_sequence,
)
from fineprint.catalog.clauses import Clause
from fineprint.catalog.registry import Registry, VersionRecord
from fineprint.retrieval.index import SearchIndex
from fineprint.store import ClauseStore
from tests.conftest import MemoEmbedder, answerer_for, document_answerer, ingested_store
from tests.fineprint.answering.test_answer import (
    ASKED_PLATFORMS,
    MORE_QUESTIONS,
    REPO,
    bench_questions,
)

OWNERSHIP = "Do I keep the copyright in videos I upload to YouTube?"


def test_youtube_2013_is_cited_as_saying_you_keep_ownership(answerer: Answerer) -> None:
    answer = answerer.ask(OWNERSHIP)
    assert answer.history_of is not None
    assert answer.history_of.version_date == "2026-07-15"
    assert "You retain ownership rights in your Content" in " ".join(
        answer.history_of.quote.split()
    )
    assert not any(entry.kind == "no_clause" for entry in answer.history), answer.history
    entry = next(
        e
        for e in answer.history
        if e.kind in ("said", "no_clause") and e.first == "2013-10-23" and e.until is not None
    )
    assert entry.kind == "said" and entry.quote is not None
    assert "you retain all of your ownership rights in your Content" in " ".join(
        entry.quote.split()
    )


def test_a_recut_clause_keeps_its_lineage(answerer: Answerer) -> None:
    """YouTube re-cut its terms in 2020: section 6.C's long paragraph became several short
    ones. The cited 2026 sentence is followed into the 2013 paragraph all the same."""
    answer = answerer.ask(OWNERSHIP)
    index = answerer.index
    cited = answer.history_of
    assert cited is not None
    rows = index.rows_by_version[f"youtube/terms-of-service/{cited.version_date}"]
    row = next(int(r) for r in rows if cited.quote in index.clauses[int(r)].text)
    steps = lineage(index, row, cited.quote)
    assert steps[0][0].version_date == "2013-10-23"
    for version, found in steps:
        assert found is not None, version.version_id
        assert "retain" in index.clauses[found].text and "ownership rights" in (
            index.clauses[found].text
        )
    oldest = index.clauses[steps[0][1] or 0]
    assert len(oldest.text) > 3 * len(cited.quote)  # the long 2013 paragraph, not a twin


def test_a_really_new_clause_still_has_no_clause_before_it(answerer: Answerer) -> None:
    """SoundCloud's AI clause first came in 2024-02-07: before that, checked, no clause (the
    README's seed answer, unchanged)."""
    answer = answerer.ask("Can SoundCloud train AI on my voice?")
    assert answer.history_of is not None and answer.history_of.version_date == "2026-08-17"
    first, second = answer.history[:2]
    assert (first.kind, first.first, first.until) == ("no_clause", "2013-06-02", "2024-02-07")
    assert (second.kind, second.first, second.until) == ("said", "2024-02-07", "2025-05-27")
    assert second.quote is not None and second.quote.startswith("In the")
    assert answer.history[-1] == HistoryEntry("first_appears", "2025-05-27", "2025-05-27")


def version(day: str) -> VersionRecord:
    return VersionRecord("p", "d", day, "P", "D", "h", "t", 1)


def test_an_unchecked_absence_says_only_what_fineprint_did_not_find(
    answerer: Answerer,
) -> None:
    a, b, c = version("2019-01-01"), version("2020-01-01"), version("2021-01-01")
    periods = [
        Period(a, b, c, None, None, cited=False, absent=False),
        Period(c, c, None, 1, "quoted", cited=True),
    ]
    entries = history_entries(answerer.index, periods, "quoted")
    assert entries == [HistoryEntry("not_found", "2019-01-01", "2020-01-01", "2021-01-01")]
    checked = [Period(a, a, b, None, None, cited=False, absent=True), periods[1]]
    assert history_entries(answerer.index, checked, "quoted") == [
        HistoryEntry("no_clause", "2019-01-01", "2019-01-01", "2020-01-01")
    ]  # worded in tests/cli/test_render_text.py


def history_questions() -> list[dict[str, Any]]:
    extra = load_questions([REPO / "bench" / "history_questions.jsonl"])
    return [q for q in extra if q["platform"] in ASKED_PLATFORMS or q["platform"] is None]


def test_every_history_line_of_many_answers_is_true(answerer: Answerer, ask_settings: Any) -> None:
    """Property over every bench, dev and history question this store can answer: no absence
    claim whose period holds a close sentence; every earlier wording verbatim in its versions;
    no "first appears" that an earlier version contradicts (bench/history_check.py rules)."""
    questions = [*bench_questions(), *history_questions()]
    questions += [
        {"question": text, "platform": platform, "as_of": day and day.isoformat()}
        for text, platform, day in MORE_QUESTIONS
    ]
    assert len(questions) >= 45
    store = ClauseStore.open(ask_settings)
    report: Report = run_check(answerer, Checker(store, store.load_registry()), questions)
    assert report.with_history >= 20  # many answers do have history to check
    assert report.absence.made >= 1 and report.said.made >= 10
    for tally in (report.absence, report.said, report.first):
        assert tally.contradicted == 0, "\n".join(tally.examples)
    assert report.unparsed == []


def test_as_of_answers_have_true_history_too(answerer: Answerer, ask_settings: Any) -> None:
    store = ClauseStore.open(ask_settings)
    checker = Checker(store, store.load_registry())
    report = Report()
    for year in (2014, 2016, 2019, 2022, 2025):
        for text, platform in (
            ("what licence do I give over my content", "youtube"),
            ("can they use my content to train AI", "soundcloud"),
            ("who owns what I post", "x-twitter"),
        ):
            answer = answerer.ask(text, platform=platform, as_of=date(year, 6, 1))
            if not answer.abstained and answer.history:
                checker.check(answer, report)
    assert report.said.made >= 5
    for tally in (report.absence, report.said, report.first):
        assert tally.contradicted == 0, "\n".join(tally.examples)


# --- lineage (was test_lineage.py) ---------------------------------------------------------
# Lineage on small real-looking documents (real MiniLM vectors): a clause split in two,
# merged, renumbered or rewritten keeps its lineage; a new clause has a checked absence before
# it; a near-but-not-close sentence leaves the absence undecided.

S1 = "You retain all of your ownership rights in your Content at all times."
S2 = "You grant us a worldwide licence to host, store and display your Content on the Service."
S3 = "This licence ends when you delete your Content from the Service, subject to backups."
S4 = "Other users may share your public Content through the features we provide to them."
FEES = "We may change our fees for paid features at any time by giving you notice in advance."
AI = (
    "We will not use your content to train generative AI models that replicate your voice "
    "without your explicit consent."
)


def build(embedder: MemoEmbedder, *versions: tuple[str, list[str]]) -> SearchIndex:
    clauses: list[Clause] = []
    records: dict[str, VersionRecord] = {}
    for day, texts in versions:
        for n, text in enumerate(texts):
            clauses.append(
                Clause("demo", "terms", date.fromisoformat(day), ("Terms",), text, 0, len(text), n)
            )
        record = VersionRecord("demo", "terms", day, "Demo", "Terms", "h", "t", len(texts))
        records[record.version_id] = record
    vectors = np.asarray(embedder.encode([c.text for c in clauses]), dtype=np.float32)
    index = SearchIndex(
        generation=1,
        registry=Registry(generation=1, versions=records),
        clauses=clauses,
        clause_keys=[c.clause_key for c in clauses],
        vectors=vectors,
        bm25=None,
    )
    index._map_versions()
    return index


def rows(index: SearchIndex, row: int, quote: str) -> list[str | None]:
    return [None if r is None else index.clauses[r].text for _, r in lineage(index, row, quote)]


def test_a_clause_split_in_two_keeps_its_lineage(embedder: MemoEmbedder) -> None:
    index = build(
        embedder,
        ("2020-01-01", [f"{S1} {S2} {S3} {S4}", FEES]),
        ("2021-01-01", [FEES, f"{S1} {S2}", f"{S3} {S4}"]),
    )
    assert rows(index, 4, S3) == [f"{S1} {S2} {S3} {S4}", f"{S3} {S4}"]
    assert rows(index, 0, S1) == [f"{S1} {S2} {S3} {S4}", f"{S1} {S2}"]  # forwards, too


def test_clauses_merged_into_one_keep_their_lineage(embedder: MemoEmbedder) -> None:
    index = build(
        embedder,
        ("2020-01-01", [f"{S1} {S2}", f"{S3} {S4}"]),
        ("2021-01-01", [f"{S1} {S2} {S3} {S4}"]),
    )
    assert rows(index, 2, S4) == [f"{S3} {S4}", f"{S1} {S2} {S3} {S4}"]
    assert rows(index, 2, S1) == [f"{S1} {S2}", f"{S1} {S2} {S3} {S4}"]


def test_a_renumbered_reworded_clause_keeps_its_lineage(embedder: MemoEmbedder) -> None:
    old = f"3. For clarity, you retain all of your ownership rights in your Content. {S2} {S3}"
    new = "You retain ownership rights in your Content. However, we need some rights from you."
    index = build(embedder, ("2013-01-01", [FEES, old]), ("2020-01-01", [new, FEES]))
    assert rows(index, 2, new) == [old, new]
    periods = timeline(index, 2, new, lambda row: "")
    assert (
        periods[0].quote == "For clarity, you retain all of your ownership rights in your Content."
    )


def test_a_new_clause_has_a_checked_absence_before_it(embedder: MemoEmbedder) -> None:
    index = build(
        embedder,
        ("2019-01-01", [S1, FEES]),
        ("2020-01-01", [S1, FEES, S2]),
        ("2024-01-01", [S1, FEES, S2, AI]),
    )
    periods = timeline(index, 8, AI, lambda row: "")
    assert [(p.first.version_date, p.quote is None, p.absent) for p in periods] == [
        ("2019-01-01", True, True),
        ("2024-01-01", False, False),
    ]


def test_a_near_sentence_leaves_the_absence_undecided(embedder: MemoEmbedder) -> None:
    near = "We will not use your content to train AI products without asking you first."
    index = build(embedder, ("2019-01-01", [near, FEES]), ("2024-01-01", [FEES, AI]))
    periods = timeline(index, 3, AI, lambda row: "")
    assert periods[0].quote is None and not periods[0].absent  # said as "found no match"


DEEZER_TERMS = tuple(
    f"deezer/terms-of-use/{day}.md" for day in ("2022-02-08", "2022-03-31", "2024-12-19")
)


def test_a_french_capture_is_not_said_to_have_had_no_clause(
    tmp_path_factory: pytest.TempPathFactory, embedder: MemoEmbedder
) -> None:
    """Deezer's terms of 2022-02-08 are the French page, which holds the bot-plays ban in
    French ("Toute utilisation artificielle d'un compte DEEZER …"): the history of the English
    clause of 2022-03-31 names the language and claims no absence there."""
    answerer = answerer_for(ingested_store(tmp_path_factory.mktemp("fr"), DEEZER_TERMS, embedder))
    answer = answerer.ask(
        "in March 2022 did deezer's terms ban using bots to inflate how many times a track "
        "was played?"
    )
    assert answer.history_of is not None and answer.history_of.version_date == "2022-03-31"
    french = [entry for entry in answer.history if entry.first == "2022-02-08"]
    assert [(entry.kind, entry.language) for entry in french] == [("not_found", "fr")]


@pytest.fixture(scope="module")
def deviantart_asker(tmp_path_factory: pytest.TempPathFactory, embedder: MemoEmbedder) -> Any:
    return document_answerer(tmp_path_factory, embedder, "deviantart/terms-of-service")


def test_no_clause_is_claimed_where_another_clause_answers_the_question(
    deviantart_asker: Answerer,
) -> None:
    # the patent-licence clause cited first is not in 2020-07-29, which holds the licence on
    # uploads the question asks about: that version is not said to have "no clause on this"
    answer = deviantart_asker.ask(
        "Which licence did DeviantArt get on the stuff I uploaded, as of mid-2023?"
    )
    covering = [e for e in answer.history if e.first <= "2020-07-29" <= e.last]
    assert covering and all(entry.kind != "no_clause" for entry in covering)


def test_wording_compared_ignores_commas_and_a_list_relettered() -> None:
    # ArtStation's 2025 terms reletter "(i) … (ii) … (iii)" as "(a) … (b) … (c)"
    old = "use NoAI Content (i) in datasets; (ii) in the development of programs"
    new = "use NoAI Content (a) in datasets, (b) in the development of programs"
    assert word_sequence(old) == word_sequence(new)
    assert word_sequence("for any reason") != word_sequence("for the following reasons")
    assert word_sequence("a right (if any)") == " a right if any "
