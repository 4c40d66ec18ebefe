"""How a cited clause read across the versions of its document — from the diff's alignment.

`fineprint.diff.align` says which older clause each newer clause continues (same key, same
text, or the most similar words); following it back and forth from the cited clause gives the
clause's lineage. Consecutive versions in which it read the same form one period:
"from 2024-02-07 to 2025-05-27 the terms said …", or had no such clause at all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from fineprint.clauses import normalise_text
from fineprint.index import SearchIndex
from fineprint.registry import VersionRecord

QuoteFor = Callable[[int], str]
"""Given a clause row, the part of it to quote (e.g. the sentences that answer a question)."""


@dataclass(frozen=True)
class Period:
    """A run of consecutive versions in which the clause read the same (or did not exist)."""

    first: VersionRecord
    last: VersionRecord
    replaced_by: VersionRecord | None  # the version where the wording changed; None = current
    row: int | None  # the clause in `last`; None when the document had no such clause
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


def lineage(
    index: SearchIndex, row: int, quote: str = ""
) -> list[tuple[VersionRecord, int | None]]:
    """The cited clause's row in every version of its document (None where it did not exist),
    oldest first, following the diff alignment of each consecutive pair. Where versions cut
    clauses differently and the alignment loses the thread, the clause that still contains the
    cited `quote` picks it up again."""
    wanted = normalise_text(quote)
    clause = index.clauses[row]
    history = index.registry.history(clause.platform, clause.document)
    position = next(n for n, v in enumerate(history) if v.version_id == clause.version_id)
    rows: list[int | None] = [None] * len(history)
    rows[position] = row
    current: int | None = row
    for n in range(position, 0, -1):  # backwards: newer row -> the older row it continues
        mapping = index.alignment(history[n - 1].version_id, history[n].version_id)
        current = mapping.get(current) if current is not None else None
        if wanted and (current is None or wanted not in _text(index, current)):
            current = row_containing(index, history[n - 1], wanted) or current
        rows[n - 1] = current
    current = row
    for n in range(position, len(history) - 1):  # forwards: older row -> its continuation
        mapping = index.alignment(history[n].version_id, history[n + 1].version_id)
        following = {older: newer for newer, older in mapping.items()}
        current = following.get(current) if current is not None else None
        if wanted and (current is None or wanted not in _text(index, current)):
            current = row_containing(index, history[n + 1], wanted) or current
        rows[n + 1] = current
    return list(zip(history, rows, strict=True))


def _text(index: SearchIndex, row: int) -> str:
    return normalise_text(index.clauses[row].text)


def timeline(index: SearchIndex, row: int, quote: str, quote_for: QuoteFor) -> list[Period]:
    """Periods of the cited wording and of what the clause said before or after it; a version
    whose clause says nothing on the question (`quote_for` gives "") counts as having none."""
    wanted = normalise_text(quote)
    steps = lineage(index, row, quote)
    readings: list[tuple[str | None, int | None, str | None, bool]] = []
    for _, found in steps:
        if found is None:
            readings.append((None, None, None, False))
            continue
        text = _text(index, found)
        if wanted and wanted in text:
            readings.append(("cited", found, quote, True))
            continue
        said = quote_for(found)
        if said:
            readings.append((text, found, said, False))
        else:
            readings.append((None, None, None, False))
    periods: list[Period] = []
    start = 0
    for n in range(1, len(steps) + 1):
        if n == len(steps) or readings[n][0] != readings[start][0]:
            reading = readings[n - 1]
            periods.append(
                Period(
                    first=steps[start][0],
                    last=steps[n - 1][0],
                    replaced_by=steps[n][0] if n < len(steps) else None,
                    row=reading[1],
                    quote=reading[2],
                    cited=reading[3],
                )
            )
            start = n
    return periods


def first_appearance(periods: list[Period], version_date: str) -> VersionRecord | None:
    """First version of the unbroken run of the cited wording that includes `version_date`."""
    for period in periods:
        if period.cited and period.first.version_date <= version_date <= period.last.version_date:
            return period.first
    return None
