"""Lineage on small real-looking documents (real MiniLM vectors): a clause split in two,
merged, renumbered or rewritten keeps its lineage; a new clause has a checked absence before
it; a near-but-not-close sentence leaves the absence undecided."""

from __future__ import annotations

from datetime import date

import numpy as np

from fineprint.clauses import Clause
from fineprint.history import lineage, timeline
from fineprint.index import SearchIndex
from fineprint.registry import Registry, VersionRecord
from tests.conftest import MemoEmbedder

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
