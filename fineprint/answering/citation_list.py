"""The citation list as a reader goes down it: best first, each clause once.

Quotes [2] and [3] should be other clauses that answer, not the same clause again in an older
or newer version — how one clause read over time is what the answer's history shows. A
citation is "the same clause" as one above it when the index's alignment of consecutive
versions (`catalog/alignment.py`, as the diff and the history use it) leads from the newer
clause back to the older one. The list is then ordered by the score each citation carries
(ties keep the order they came in).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, TypeVar

from fineprint.catalog.clauses import version_id
from fineprint.retrieval.index import SearchIndex


class Cited(Protocol):
    """What the list reads of a citation (`answer.Citation` is one)."""

    @property
    def platform(self) -> str: ...
    @property
    def document(self) -> str: ...
    @property
    def version_date(self) -> str: ...
    @property
    def score(self) -> float: ...
    @property
    def clause_start(self) -> int: ...
    @property
    def clause_end(self) -> int: ...


C = TypeVar("C", bound=Cited)


def clause_row(index: SearchIndex, citation: Cited) -> int | None:
    """The index row of the clause a citation quotes (by version and clause offsets)."""
    vid = version_id(citation.platform, citation.document, citation.version_date)
    for row in index.rows_by_version.get(vid, ()):
        clause = index.clauses[int(row)]
        if clause.start == citation.clause_start and clause.end == citation.clause_end:
            return int(row)
    return None


def continues(index: SearchIndex, newer_row: int, older_row: int) -> bool:
    """Does the clause at `newer_row` continue the one at `older_row` (an older version of the
    same document), version by version through the alignment?"""
    newer, older = index.clauses[newer_row], index.clauses[older_row]
    if (newer.platform, newer.document) != (older.platform, older.document):
        return False
    history = index.registry.history(newer.platform, newer.document)
    ids = [record.version_id for record in history]
    if newer.version_id not in ids or older.version_id not in ids:
        return False
    at, stop = ids.index(newer.version_id), ids.index(older.version_id)
    row: int | None = newer_row
    while at > stop and row is not None:
        row = index.alignment(ids[at - 1], ids[at]).get(row)
        at -= 1
    return row == older_row


def same_clause(index: SearchIndex, a: int, b: int) -> bool:
    """Are rows `a` and `b` one clause in two versions of its document?"""
    first, second = index.clauses[a], index.clauses[b]
    if first.version_id == second.version_id:
        return False
    newer, older = (a, b) if first.version_date > second.version_date else (b, a)
    return continues(index, newer, older)


def reading_list(citations: Sequence[C], index: SearchIndex) -> list[C]:
    """The citations by the score they carry, best first, without another version of a
    clause already listed above."""
    ordered = sorted(citations, key=lambda citation: -citation.score)
    kept: list[C] = []
    rows: list[int | None] = []
    for citation in ordered:
        row = clause_row(index, citation)
        if row is not None and any(
            other is not None and same_clause(index, row, other) for other in rows
        ):
            continue
        kept.append(citation)
        rows.append(row)
    return kept
