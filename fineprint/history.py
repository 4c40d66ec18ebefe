"""How one clause read across the versions of its document.

A clause's counterpart in another version is the clause with the same `clause_key` (unchanged),
else the most similar clause of that version (edited or moved), if similar enough. Consecutive
versions with the same wording form one period: "from 2024-02-07 to 2025-05-27 the terms said …".
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from fineprint.clauses import Clause, normalise_text
from fineprint.index import SearchIndex
from fineprint.registry import VersionRecord

SIMILAR = 0.80  # cosine above which a clause elsewhere in the document is the same clause
SIMILAR_SAME_SECTION = 0.60  # lower bar when it also sits under the same heading


@dataclass(frozen=True)
class Period:
    """A run of consecutive versions in which the clause read the same (or was absent)."""

    first: VersionRecord
    last: VersionRecord
    replaced_by: VersionRecord | None  # the version where the wording changed; None = current
    row: int | None  # the clause in `last`, None when no counterpart exists

    @property
    def absent(self) -> bool:
        return self.row is None


def counterpart(index: SearchIndex, row: int, version: VersionRecord) -> int | None:
    """The row of the same clause in `version`, or None if it has none."""
    rows = index.rows_by_version.get(version.version_id)
    if rows is None or len(rows) == 0:
        return None
    key = index.clause_keys[row]
    for candidate in rows:
        if index.clause_keys[int(candidate)] == key:
            return int(candidate)
    similarity = index.vectors[rows] @ index.vectors[row]
    best = int(np.argmax(similarity))
    candidate = int(rows[best])
    score = float(similarity[best])
    same_section = index.clauses[candidate].section == index.clauses[row].section
    if score >= SIMILAR or (same_section and score >= SIMILAR_SAME_SECTION):
        return candidate
    return None


def periods(index: SearchIndex, row: int) -> list[Period]:
    """The clause's wording periods over its document's versions, oldest first."""
    clause = index.clauses[row]
    history = index.registry.history(clause.platform, clause.document)
    rows = [counterpart(index, row, version) for version in history]
    wording = [None if r is None else normalise_text(index.clauses[r].text) for r in rows]
    found: list[Period] = []
    start = 0
    for n in range(1, len(history) + 1):
        if n == len(history) or wording[n] != wording[start]:
            found.append(
                Period(
                    first=history[start],
                    last=history[n - 1],
                    replaced_by=history[n] if n < len(history) else None,
                    row=rows[n - 1],
                )
            )
            start = n
    return found


def version_text(index: SearchIndex, version: VersionRecord) -> str:
    rows = index.rows_by_version.get(version.version_id)
    if rows is None:
        return ""
    return " ".join(normalise_text(index.clauses[int(r)].text) for r in rows)


def first_appearance(index: SearchIndex, clause: Clause, quote: str) -> VersionRecord | None:
    """The earliest version from which `quote` (normalised) appears in every version up to the
    cited one; None when the corpus holds no earlier version of the document."""
    history = index.registry.history(clause.platform, clause.document)
    wanted = normalise_text(quote)
    cited = next((n for n, v in enumerate(history) if v.version_id == clause.version_id), None)
    if cited is None or not wanted:
        return None
    first = cited
    while first > 0 and wanted in version_text(index, history[first - 1]):
        first -= 1
    return history[first]
