"""How a cited clause read across the versions of its document, and what may be said about it.

`fineprint.catalog.alignment.align` says which older clause each newer clause continues (same
key, same text, the most similar words, or a shared sentence); following it back and forth from the
cited clause gives the clause's lineage. Where a version does not hold the cited wording in
that clause, its clauses are searched by content: the clause holding the cited sentences
(`fineprint.catalog.closeness`: one of its sentences holds >= 70 % of a cited sentence's words, in
order), else a rewrite (a near sentence, >= 50 %, in a clause whose stored vector is close to
the cited clause's). A re-cut, re-numbered or rewritten clause is the same clause.

Consecutive versions in which the clause read the same form one period: "from 2024-02-07 to
2025-05-27 the terms said …". A period without such a clause is an *absence*, and an
absence is only claimed ("the terms had no clause on this") when every version of the period
was checked and none holds a sentence near a cited one (LOOSE) nor a clause whose vector is
close to the cited clause's (DENSE_NEAR); otherwise the answer says only that Fineprint found
no matching clause in those versions. "First appears in the version of D" is said only when
no earlier version holds the cited wording.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Literal

import numpy as np
import numpy.typing as npt

from fineprint.catalog.alignment import comparable
from fineprint.catalog.clauses import normalise_text
from fineprint.catalog.closeness import CLOSE, LOOSE, Sentences, Words, clause_sentences, sentences
from fineprint.catalog.like_with_like import variant_tag
from fineprint.catalog.registry import VersionRecord
from fineprint.retrieval.index import SearchIndex
from fineprint.text import sentence_spans, words

HistoryKind = Literal[
    "said", "said_instead", "no_clause", "not_found", "unanswered", "first_appears"
]
"""What a history entry tells: the clause *said* a quote then; after versions that answered,
later ones no longer did and *said instead* a quote, their clause closest to the earlier answer
(`answering.versions_asked.said_instead`); the terms had *no clause* on this (checked);
Fineprint found no matching clause (*not found*, unchecked); each version was asked the
question and none *answered* it (`answering.versions_asked`); the quoted wording *first
appears* in a version."""

QuoteFor = Callable[[int], str]
"""Given a clause row, the part of it to quote (e.g. the sentences that answer a question)."""

# Cosine of stored clause vectors. Measured on the whole corpus (`python -m bench.history_check
# --calibrate`, stock MiniLM): clause pairs the diff calls the same clause edited reach 0.80 in
# 83.5 % of cases and 0.75 in 89.6 %; a clause and the closest clause of another platform's
# same document, 1.0 % and 2.0 %. Re-run it after changing the embedding model.
DENSE_SAME = 0.80  # with a near sentence: a rewrite of the same clause
DENSE_NEAR = 0.75  # alone: too close to the cited clause to claim the period had no clause
# The tuned encoder puts clauses closer together (same measurement, minilm-terms: another
# platform's closest clause reaches 0.80 in 13.5 % of cases, 0.85 in 2.8 %, 0.90 in 1.0 %; the
# same clause edited 0.85 in 90.0 %, 0.90 in 77.8 %): the same error rates sit higher.
DENSE_BY_MODEL = {"minilm-terms": (0.90, 0.85), "stock": (DENSE_SAME, DENSE_NEAR)}


def dense_thresholds(index: SearchIndex) -> tuple[float, float]:
    """(same, near) for the model whose vectors the index holds ("" = stock, older stores)."""
    name = index.registry.model.split(":", 1)[0] or "stock"
    return DENSE_BY_MODEL.get(name, (DENSE_SAME, DENSE_NEAR))


@dataclass(frozen=True)
class Period:
    """A run of consecutive versions in which the clause read the same (or did not exist)."""

    first: VersionRecord
    last: VersionRecord
    replaced_by: VersionRecord | None  # the version where the wording changed; None = current
    row: int | None  # the clause in `last`; None when no clause on this was found
    quote: str | None
    cited: bool  # the cited wording itself
    absent: bool = False  # no clause found, and checked: none of its versions holds one
    searched: bool = False  # each version was asked the question (answering.versions_asked)
    instead: bool = False  # no version answered; `quote` is what they said instead

    @property
    def label(self) -> str:
        if self.replaced_by is None:
            return f"Since {self.first.version_date}"
        return f"From {self.first.version_date} to {self.replaced_by.version_date}"

    @property
    def versions_label(self) -> str:
        """The versions the period covers: "the version of D" or "the versions of A to B"."""
        if self.first.version_id == self.last.version_id:
            return f"the version of {self.first.version_date}"
        return f"the versions of {self.first.version_date} to {self.last.version_date}"


@dataclass(frozen=True)
class Cited:
    """What the lineage looks for in other versions: the cited wording and its sentences."""

    row: int
    wanted: str  # normalised cited quote ("" = none)
    sentences: list[Words]
    vector: npt.NDArray[np.float32]

    @classmethod
    def of(cls, index: SearchIndex, row: int, quote: str) -> Cited:
        text = quote or index.clauses[row].text
        return cls(row, normalise_text(quote), sentences(text), index.vectors[row])


def row_containing(index: SearchIndex, version: VersionRecord, wanted: str) -> int | None:
    """The clause of `version` whose normalised text contains `wanted`."""
    rows = index.rows_by_version.get(version.version_id)
    for row in [] if rows is None else rows:
        if wanted in normalise_text(index.clauses[int(row)].text):
            return int(row)
    return None


def _version_sentences(index: SearchIndex, version_id: str) -> tuple[Sentences, list[int]]:
    """Every traceable sentence of a version, and the row each comes from."""
    items: list[Words] = []
    owners: list[int] = []
    rows = index.rows_by_version.get(version_id)
    for row in [] if rows is None else rows:
        found = clause_sentences(index.clauses[int(row)].text)
        items.extend(found)
        owners.extend([int(row)] * len(found))
    return Sentences(items), owners


def _found_words(index: SearchIndex, row: int, cited: Cited) -> float:
    """Words of the cited sentences that one sentence of clause `row` holds (>= CLOSE)."""
    searched = Sentences(clause_sentences(index.clauses[row].text))
    total = 0.0
    for sentence in cited.sentences:
        match = searched.best(sentence, CLOSE)
        if match.share >= CLOSE:
            total += len(sentence) * match.share
    return total


def _holds(index: SearchIndex, row: int, cited: Cited) -> bool:
    """Clause `row` holds the cited wording, or one of the cited sentences (found)."""
    if cited.wanted and cited.wanted in normalise_text(index.clauses[row].text):
        return True
    return _found_words(index, row, cited) > 0


def _by_content(index: SearchIndex, version: VersionRecord, cited: Cited) -> int | None:
    """The clause of `version` that continues the cited one by content: the one holding the
    cited wording, else the most cited words in found sentences, else a rewrite (a near
    sentence in a clause whose vector is DENSE_SAME-close to the cited clause's)."""
    if cited.wanted:
        row = row_containing(index, version, cited.wanted)
        if row is not None:
            return row
    searched, owners = _version_sentences(index, version.version_id)
    found: dict[int, float] = {}
    near: set[int] = set()
    for sentence in cited.sentences:
        for n, result in searched.above(sentence, LOOSE):
            if result >= CLOSE:
                found[owners[n]] = found.get(owners[n], 0.0) + len(sentence) * result
            else:
                near.add(owners[n])
    if found:
        return max(found, key=lambda row: (found[row], -row))
    if near:
        rows = sorted(near)
        similarity = index.vectors[rows] @ cited.vector
        best = int(np.argmax(similarity))
        if similarity[best] >= dense_thresholds(index)[0]:
            return rows[best]
    return None


def continuation(index: SearchIndex, version: VersionRecord, row: int, quote: str) -> int | None:
    """The clause of `version` that continues clause `row` (quoted at `quote`) by its wording:
    the one holding the quote, else the most of its sentences, else a close rewrite."""
    return _by_content(index, version, Cited.of(index, row, quote))


def _step(
    index: SearchIndex, version: VersionRecord, aligned: int | None, cited: Cited
) -> int | None:
    """The cited clause's row in `version`: the aligned clause when it holds the cited wording
    or a cited sentence, else whatever holds them by content, else the aligned clause."""
    if aligned is not None and _holds(index, aligned, cited):
        return aligned
    found = _by_content(index, version, cited)
    return found if found is not None else aligned


def lineage(
    index: SearchIndex, row: int, quote: str = ""
) -> list[tuple[VersionRecord, int | None]]:
    """The cited clause's row in every version of its document (None where none was found),
    oldest first: the alignment (`alignment.align`) of each consecutive pair, checked against
    the cited wording and sentences, and a content search where the alignment loses them."""
    cited = Cited.of(index, row, quote)
    clause = index.clauses[row]
    history = index.registry.history(clause.platform, clause.document)
    position = next(n for n, v in enumerate(history) if v.version_id == clause.version_id)
    rows: list[int | None] = [None] * len(history)
    rows[position] = row
    current: int | None = row
    for n in range(position, 0, -1):  # backwards: newer row -> the older row it continues
        mapping = index.alignment(history[n - 1].version_id, history[n].version_id)
        aligned = mapping.get(current) if current is not None else None
        current = _step(index, history[n - 1], aligned, cited)
        rows[n - 1] = current
    current = row
    for n in range(position, len(history) - 1):  # forwards: older row -> its continuation
        mapping = index.alignment(history[n].version_id, history[n + 1].version_id)
        following = sorted(newer for newer, older in mapping.items() if older == current)
        aligned = next((r for r in following if _holds(index, r, cited)), None)
        if aligned is None and following:
            aligned = following[0]
        current = _step(index, history[n + 1], aligned, cited)
        rows[n + 1] = current
    return list(zip(history, rows, strict=True))


def _text(index: SearchIndex, row: int) -> str:
    return normalise_text(index.clauses[row].text)


def _found_span(index: SearchIndex, row: int, cited: Cited) -> str:
    """The verbatim sentences of clause `row` that hold a cited sentence (found)."""
    text = index.clauses[row].text
    spans = sentence_spans(text) or [(0, len(text))]
    kept = []
    for a, b in spans:
        mine = Sentences(sentences(text[a:b]))
        if any(mine.best(sentence, CLOSE).share >= CLOSE for sentence in cited.sentences):
            kept.append((a, b))
    if not kept:
        return ""
    return text[kept[0][0] : kept[-1][1]] if len(kept) > 1 else text[kept[0][0] : kept[0][1]]


def absence_checked(index: SearchIndex, versions: list[VersionRecord], cited: Cited) -> bool:
    """True when no version holds a sentence near (LOOSE) a cited sentence, nor a clause whose
    vector is DENSE_NEAR-close to the cited clause's: then "the terms had no clause on this"
    is a claim Fineprint can stand by. False = undecided (or there are no cited sentences, or a
    version is in another language than the cited one: its words cannot match, and the encoder
    reads English — Deezer's French terms of 2022-02-08 hold the bot-plays ban in French)."""
    if not cited.sentences:
        return False
    language = cited_language(index, cited.row)
    if any(version.language != language for version in versions):
        return False
    for version in versions:
        searched, _ = _version_sentences(index, version.version_id)
        for sentence in cited.sentences:
            if searched.best(sentence, LOOSE).share >= LOOSE:
                return False
        rows = index.rows_by_version.get(version.version_id)
        if (
            rows is not None
            and len(rows)
            and float(np.max(index.vectors[rows] @ cited.vector)) >= dense_thresholds(index)[1]
        ):
            return False
    return True


def cited_language(index: SearchIndex, row: int) -> str:
    record = index.registry.versions.get(index.clauses[row].version_id)
    return record.language if record is not None else "en"


def timeline(index: SearchIndex, row: int, quote: str, quote_for: QuoteFor) -> list[Period]:
    """Periods of the cited wording and of what the clause said before or after it. A version
    whose clause says nothing on the question (`quote_for` gives "") and holds no cited
    sentence counts as having none; such periods are checked before claiming an absence."""
    cited = Cited.of(index, row, quote)
    steps = lineage(index, row, quote)
    readings: list[tuple[str | None, int | None, str | None, bool]] = []
    for _, found in steps:
        if found is None:
            readings.append((None, None, None, False))
            continue
        text = _text(index, found)
        if cited.wanted and cited.wanted in text:
            readings.append(("cited", found, quote, True))
            continue
        said = _found_span(index, found, cited) or quote_for(found)
        if said:
            readings.append((text, found, said, False))
        else:
            readings.append((None, None, None, False))
    periods: list[Period] = []
    start = 0
    for n in range(1, len(steps) + 1):
        if n == len(steps) or readings[n][0] != readings[start][0]:
            reading = readings[n - 1]
            covered = [version for version, _ in steps[start:n]]
            periods.append(
                Period(
                    first=steps[start][0],
                    last=steps[n - 1][0],
                    replaced_by=steps[n][0] if n < len(steps) else None,
                    row=reading[1],
                    quote=reading[2],
                    cited=reading[3],
                    absent=reading[2] is None and absence_checked(index, covered, cited),
                )
            )
            start = n
    return merge_same_wording(periods)


def merge_same_wording(periods: list[Period]) -> list[Period]:
    """Consecutive periods that quote the same words are one period: the clause changed
    elsewhere, but what the answer shows of it did not (two history lines would repeat it)."""
    merged: list[Period] = []
    for period in periods:
        previous = merged[-1] if merged else None
        if (
            previous is not None
            and period.quote is not None
            and previous.quote == period.quote
            and previous.instead == period.instead
        ):
            merged[-1] = replace(period, first=previous.first, cited=previous.cited or period.cited)
            continue
        merged.append(period)
    return merged


@lru_cache(maxsize=512)
def comparable_text(text: str) -> str:
    """`alignment.comparable`, cached: whole versions are compared in this form again and again."""
    return comparable(text)


# a list's enumerators inside a sentence ("use NoAI Content (i) in datasets …; (ii) …"):
# relettered from (i) to (a), the sentence says the same
_ENUMERATOR = re.compile(r"\((?:[ivx]{1,4}|[a-z]|\d{1,2})\)", re.IGNORECASE)


@lru_cache(maxsize=1024)
def word_sequence(text: str) -> str:
    """`text` as its words alone, lower-cased, one space apart and at each end: a comma moved
    or a list relettered is no change of wording (cached by text: whole versions are read
    again and again)."""
    return " " + " ".join(words(_ENUMERATOR.sub(" ", text))) + " "


def first_appearance(index: SearchIndex, periods: list[Period], quote: str) -> VersionRecord | None:
    """The earliest version that holds the cited wording (compared as `alignment.comparable`:
    formatting, dashes and punctuation spacing ignored) — so "first appears in the version
    of D" is false for every earlier version. None when no version holds it."""
    wanted = comparable(quote)
    if not wanted or not periods:
        return None
    first = periods[0].first
    for version in index.registry.history(first.platform, first.document):
        if wanted in comparable_text(index.normalised_text(version.version_id)):
            return version
    return None


@dataclass(frozen=True)
class HistoryEntry:
    """One thing an answer's history says, as data (front ends word it).

    `first`/`last` are the first and last version dates of the period (for "first_appears",
    both are the version where the wording first appears); `until` is the date of the version
    that changed it (None: still in force); `quote` is the earlier wording, verbatim, for
    "said"."""

    kind: HistoryKind
    first: str
    last: str
    until: str | None = None
    quote: str | None = None
    variant: str = ""  # the period's regional variant, "EEA terms" ("" = none told or mixed)
    # the period's language when it is not the cited wording's ("fr"): nothing was found there
    # because its words cannot match the quote's, not because the terms were silent
    language: str = ""

    def to_json(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "first": self.first,
            "last": self.last,
            "until": self.until,
            "quote": self.quote,
            "variant": self.variant,
            "language": self.language,
        }


def period_variant(period: Period) -> str:
    """The regional variant of a period's versions ("EEA terms"), when its first and last
    version are the same one; "" otherwise."""
    first, last = variant_tag(period.first), variant_tag(period.last)
    return first if first == last else ""


def period_language(period: Period, cited_in: str) -> str:
    """The language of a period's versions when it is another than the cited wording's ("" when
    the same, or mixed)."""
    first, last = period.first.language, period.last.language
    return first if first == last and first != cited_in else ""


def history_entries(
    index: SearchIndex, periods: list[Period], quote: str, *, wording_origin: bool = True
) -> list[HistoryEntry]:
    """One entry per period other than the cited wording's, then (`wording_origin`) where the
    quoted wording first appears when that is not the first version. An absence is claimed
    only when checked (`Period.absent`); otherwise the entry says what Fineprint did not find."""
    if len(periods) <= 1:
        return []
    cited_in = next((p.first.language for p in periods if p.cited), "en")
    entries: list[HistoryEntry] = []
    for period in periods:
        if period.cited:
            continue
        if period.instead:
            kind: HistoryKind = "said_instead"
        elif period.quote is None and period.searched:
            kind = "unanswered"
        elif period.quote is None:
            kind = "no_clause" if period.absent else "not_found"
        else:
            kind = "said"
        entry = HistoryEntry(
            kind,
            period.first.version_date,
            period.last.version_date,
            period.replaced_by.version_date if period.replaced_by is not None else None,
            period.quote,
            period_variant(period),
            period_language(period, cited_in),
        )
        entries.append(entry)
    if not wording_origin:
        return entries
    appeared = first_appearance(index, periods, quote)
    if appeared is not None and appeared.version_date != periods[0].first.version_date:
        entries.append(HistoryEntry("first_appears", appeared.version_date, appeared.version_date))
    return entries
