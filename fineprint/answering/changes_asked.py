""" "What changed in TikTok's terms in 2025?": a question about change with no topic is answered
by the changes themselves.

A what-changed question names a topic ("… about AI", "… the minimum age") and is answered from
the clause that answers it in each version (`versions_asked`). Without a topic, there is no
clause to follow: searching "terms" found the clause about changes to the terms and reported
that it "did not change". Such a question asks what `fineprint changes` tells: the clauses that
changed between two versions of the document, the most material first. Listing them is the
changes wing's job (`changes.diff`, judged by `changes.judge`), which answering does not import:
the service hands the answerer a `ChangeLister` (`fineprint.service`); without one, such a
question takes the every-version path. The pair compared: the versions in force at the two
dates named; for a year named alone, the one in force before that year's first version and the
last version of that year (or, with none that year, the one in force then and the next); else
the two newest.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from fineprint.answering.question import MONTHS, ParsedQuestion
from fineprint.catalog.clauses import Clause
from fineprint.catalog.like_with_like import Comparison
from fineprint.catalog.lookups import default_document
from fineprint.catalog.registry import Registry, VersionRecord
from fineprint.catalog.word_ops import WordOp
from fineprint.retrieval.index import SearchIndex

# Words of a question about change that name no topic: the change itself, the document, time.
_NO_TOPIC = frozenset(
    "chang updat version term servic use polici privaci privacy policy condit agreement "
    "document new latest last recent recently edit revis amend made make did".split()
)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_MONTH_OR_DAY = re.compile(
    rf"\b(?:{'|'.join(sorted(MONTHS, key=len, reverse=True))})\.? (?:\d{{1,2}}, )?(?:19|20)\d\d"
    r"|\b\d{4}-\d{2}",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class ChangedClause:
    """One clause's change, as the answer needs it: its two sides (None: added or removed),
    the word diff, and whether (and how likely) it is material."""

    before: Clause | None
    after: Clause | None
    words: tuple[WordOp, ...]
    material: bool
    likelihood: float


@dataclass(frozen=True)
class ListedChanges:
    """The changed clauses between two versions, most material first (empty when the two
    are not comparable: `comparison` says why)."""

    changes: list[ChangedClause]
    comparison: Comparison


ChangeLister = Callable[[VersionRecord, VersionRecord, list[Clause], list[Clause]], ListedChanges]
"""(before, after, its clauses, its clauses) → the changes between them."""


@dataclass(frozen=True)
class ChangesAsked:
    before: VersionRecord
    after: VersionRecord
    listed: ListedChanges

    @property
    def material(self) -> list[ChangedClause]:
        return [change for change in self.listed.changes if change.material]


def asks_without_topic(question: ParsedQuestion) -> bool:
    """A what-changed question about one platform whose words name no topic."""
    if question.intent != "what-changed" or len(question.platforms) != 1:
        return False
    topic = [t for t in question.terms if t not in _NO_TOPIC and not t.isdigit()]
    return not topic


def changes_asked(
    index: SearchIndex, question: ParsedQuestion, lister: ChangeLister
) -> ChangesAsked | None:
    """The changes the question asks about (None: the document has one version, or none
    before the date named)."""
    registry = index.registry
    document = _document(registry, question)
    if document is None:
        return None
    history = registry.history(question.platforms[0], document)
    pair = _pair(registry, history, question)
    if pair is None:
        return None
    before, after = pair
    old = [index.clauses[int(r)] for r in index.rows_by_version.get(before.version_id, [])]
    new = [index.clauses[int(r)] for r in index.rows_by_version.get(after.version_id, [])]
    return ChangesAsked(before, after, lister(before, after, old, new))


def _document(registry: Registry, question: ParsedQuestion) -> str | None:
    """The document asked about: one the question names, else one it points at, else the one
    meant when none is named (`lookups.default_document`: the terms), else its most captured."""
    platform = question.platforms[0]
    counts: dict[str, int] = {}
    for record in registry.versions.values():
        if record.platform == platform:
            counts[record.document] = counts.get(record.document, 0) + 1
    for wanted in (*question.named_documents, *question.documents):
        if wanted in counts:
            return wanted
    chosen = default_document(sorted(counts))
    return chosen or max(sorted(counts), key=lambda d: counts[d], default=None)


def _pair(
    registry: Registry, history: list[VersionRecord], question: ParsedQuestion
) -> tuple[VersionRecord, VersionRecord] | None:
    if len(history) < 2:
        return None

    def _in_force(history: list[VersionRecord], day: date) -> VersionRecord | None:
        """As "as of" reads a date: the version in force then (`Registry.in_force`)."""
        return registry.in_force(history[0].platform, history[0].document, day)

    days = sorted(question.dates)
    year = _year_alone(question)
    if year is not None:
        return _pair_in_year(history, year, _in_force(history, date(year, 12, 31)))
    if len(days) >= 2:
        before, after = _in_force(history, days[0]), _in_force(history, days[-1])
        if before is None or after is None or before == after:
            return None
        return before, after
    if len(days) == 1:
        after = _in_force(history, days[0])
        earlier = [v for v in history if after is not None and v.day < after.day]
        return (earlier[-1], after) if after is not None and earlier else None
    return history[-2], history[-1]


def _year_alone(question: ParsedQuestion) -> int | None:
    """The year when the question names one year and no month or day ("in 2025")."""
    years = {int(y) for y in _YEAR.findall(question.text)}
    if len(years) != 1 or _MONTH_OR_DAY.search(question.text):
        return None
    return years.pop()


def _pair_in_year(
    history: list[VersionRecord], year: int, in_force: VersionRecord | None
) -> tuple[VersionRecord, VersionRecord] | None:
    inside = [v for v in history if v.day.year == year]
    if inside:
        before = [v for v in history if v.day < inside[0].day]
        first = before[-1] if before else inside[0]
        return (first, inside[-1]) if first != inside[-1] else None
    later = [v for v in history if v.day.year > year]
    return (in_force, later[0]) if in_force is not None and later else None
