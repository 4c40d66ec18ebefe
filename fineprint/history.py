"""How the answer to a question read across the versions of a document.

For the quote Fineprint cites, each version of the document either contains that wording
(formatting aside) or says something else about the question (the clause a search of that
version finds) or nothing relevant. Consecutive versions that read the same form one period:
"from 2024-02-07 to 2025-05-27 the terms said …".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from fineprint.clauses import Clause, normalise_text
from fineprint.index import SearchIndex
from fineprint.registry import VersionRecord

Finder = Callable[[VersionRecord], "tuple[int, str] | None"]
"""Given a version, the row and quote that answer the question there (None = nothing)."""


@dataclass(frozen=True)
class Period:
    """A run of consecutive versions that read the same on the question."""

    first: VersionRecord
    last: VersionRecord
    replaced_by: VersionRecord | None  # the version where the wording changed; None = current
    row: int | None  # the clause quoted for `last`; None when nothing relevant was found
    quote: str | None
    cited: bool  # the cited wording itself

    @property
    def label(self) -> str:
        if self.replaced_by is None:
            return f"Since {self.first.version_date}"
        return f"From {self.first.version_date} to {self.replaced_by.version_date}"


def row_containing(index: SearchIndex, version: VersionRecord, wanted: str) -> int | None:
    """The clause of `version` whose normalised text contains `wanted`."""
    rows = index.rows_by_version.get(version.version_id)
    for row in [] if rows is None else rows:
        if wanted in normalise_text(index.clauses[int(row)].text):
            return int(row)
    return None


def timeline(index: SearchIndex, clause: Clause, quote: str, finder: Finder) -> list[Period]:
    """Periods of the cited wording and of what the other versions said instead."""
    history = index.registry.history(clause.platform, clause.document)
    wanted = normalise_text(quote)
    readings: list[tuple[str | None, int | None, str | None, bool]] = []
    for version in history:
        if wanted and wanted in index.normalised_text(version.version_id):
            readings.append(("cited", row_containing(index, version, wanted), quote, True))
            continue
        found = finder(version)
        if found is None:
            readings.append((None, None, None, False))
        else:
            readings.append((normalise_text(found[1]), found[0], found[1], False))
    periods: list[Period] = []
    start = 0
    for n in range(1, len(history) + 1):
        if n == len(history) or readings[n][0] != readings[start][0]:
            reading = readings[n - 1]
            periods.append(
                Period(
                    first=history[start],
                    last=history[n - 1],
                    replaced_by=history[n] if n < len(history) else None,
                    row=reading[1],
                    quote=reading[2],
                    cited=reading[3],
                )
            )
            start = n
    return periods


def first_appearance(periods: list[Period], clause: Clause) -> VersionRecord | None:
    """First version of the unbroken run of the cited wording that includes the cited version."""
    day = clause.version_date.isoformat()
    for period in periods:
        if period.cited and period.first.version_date <= day <= period.last.version_date:
            return period.first
    return None
