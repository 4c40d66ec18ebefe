"""A document's history at a glance: every version on a time axis, and for each the material
changes since the version before it, counted by topic.

This is data; the picture (`fineprint.changes.timeline_picture`) and the front ends' words
are drawn from it. Topics are `materiality`'s, in its priority order (AI first), with short
labels a phone screen can show ("AI", "licence", "money"); what counts as material is the
diff's own judgement (`diff.diff_clauses`), unchanged here.

>>> topic_label("monetisation"), topic_label("some-new-topic")
('money', 'some new topic')
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING

from fineprint.catalog.like_with_like import compare
from fineprint.changes.diff import diff_clauses, rank, shorter_matched
from fineprint.changes.materiality import TOPICS

if TYPE_CHECKING:
    from fineprint.catalog.clauses import Clause
    from fineprint.catalog.registry import VersionRecord
    from fineprint.store import ClauseStore

__all__ = ["SHORT_LABELS", "Timeline", "VersionStep", "build_timeline", "topic_label"]

SHORT_LABELS = {
    "ai": "AI",
    "licence": "licence",
    "ownership": "ownership",
    "monetisation": "money",
    "termination": "termination",
    "disputes": "disputes",
    "privacy": "privacy",
    "terms-changes": "terms changes",
}


def topic_label(topic: str) -> str:
    """A topic's short label (an unknown topic reads as its slug, in words)."""
    return SHORT_LABELS.get(topic, topic.replace("-", " "))


def _topic_order(topic: str) -> tuple[int, str]:
    return (TOPICS.index(topic), "") if topic in TOPICS else (len(TOPICS), topic)


@dataclass(frozen=True)
class VersionStep:
    """One version, and what changed since the one before it (nothing for the first)."""

    version_date: str  # YYYY-MM-DD
    previous: str | None
    changes: int = 0
    material: int = 0
    topics: tuple[tuple[str, int], ...] = ()  # (topic, material changes tagged with it)
    lead: str | None = None  # the first topic of the most material change
    set_aside: str = ""  # not like with like (another region's or language's page, a partial
    # capture): the one line that says so; its differences are not counted as changes

    def to_json(self) -> dict[str, object]:
        return {
            "version_date": self.version_date,
            "previous": self.previous,
            "changes": self.changes,
            "material": self.material,
            "topics": dict(self.topics),
            "lead": self.lead,
            "set_aside": self.set_aside or None,
        }


@dataclass(frozen=True)
class Timeline:
    """Every version of one document, oldest first."""

    platform: str
    document: str
    platform_name: str
    document_name: str
    steps: tuple[VersionStep, ...]

    @property
    def material_steps(self) -> list[VersionStep]:
        """The versions that brought material changes."""
        return [step for step in self.steps if step.material]

    def topics(self) -> list[str]:
        """Every topic a material change touched, in priority order (AI first)."""
        seen = {topic for step in self.steps for topic, _ in step.topics}
        return sorted(seen, key=_topic_order)

    def to_json(self) -> dict[str, object]:
        return {
            "platform": self.platform,
            "document": self.document,
            "versions": [step.to_json() for step in self.steps],
        }


def step_between(
    before: Sequence[Clause],
    after: Sequence[Clause],
    day: str,
    previous: str,
    records: tuple[VersionRecord, VersionRecord] | None = None,
) -> VersionStep:
    """What changed from one version's clauses to the next's, counted by topic; with the two
    versions' `records`, like with like as `fineprint changes` compares them: two regions' or
    languages' pages, or a partial capture, count no change and say why (`set_aside`)."""
    changes = rank(diff_clauses(before, after))
    if records is not None:
        comparison = compare(*records, shorter_matched=shorter_matched(changes))
        if not comparison.comparable:
            return VersionStep(day, previous, set_aside=comparison.line)
    material = [change for change in changes if change.material]
    counts = Counter(topic for change in material for topic in change.topics)
    topics = tuple(sorted(counts.items(), key=lambda item: _topic_order(item[0])))
    lead = next((change.topics[0] for change in material if change.topics), None)
    return VersionStep(day, previous, len(changes), len(material), topics, lead)


def build_timeline(store: ClauseStore, history: Sequence[VersionRecord]) -> Timeline:
    """The timeline of one document's versions (`registry.history`, oldest first); their
    clauses are read once."""
    if not history:
        raise ValueError("a timeline needs at least one version")
    stored, _ = store.read_clauses(history)
    by_version: dict[str, list[Clause]] = {record.version_id: [] for record in history}
    for item in stored:
        by_version[item.clause.version_id].append(item.clause)
    steps = [VersionStep(history[0].version_date, None)]
    for older, newer in pairwise(history):
        steps.append(
            step_between(
                by_version[older.version_id],
                by_version[newer.version_id],
                newer.version_date,
                older.version_date,
                (older, newer),
            )
        )
    last = history[-1]
    return Timeline(
        last.platform, last.document, last.platform_name, last.document_name, tuple(steps)
    )
