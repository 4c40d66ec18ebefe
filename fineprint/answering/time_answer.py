"""What an answer about time carries as data (`TimeAnswer`), made from the versions asked and
what was found in them (`answering.versions_asked`); front ends word it (`wording.time_text`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from fineprint.answering.question import ParsedQuestion
from fineprint.answering.versions_asked import TimedFinding, VersionsAsked, held_in_year, side
from fineprint.catalog.word_ops import WordOp, word_diff
from fineprint.retrieval.search import Hit

DIFF_OPS = {"=": "same", "-": "removed", "+": "added"}  # a word diff's runs, in JSON
# A word diff is shown only where the two quotes keep at least this share of their words: two
# different sentences (Spotify's 2022 rules on contributors, its 2026 recommendations) diffed
# word by word are a wall of red and green that says nothing the two quotes do not
DIFF_MIN_KEPT = 0.3


@dataclass(frozen=True)
class TimeAnswer:
    """What the versions of the document say about a question of time (`versions_asked`):
    dates are version dates; `diff` turns the old quote into the new one, word by word."""

    intent: str  # "since-when", "what-changed" or "still-true"
    versions_asked: int  # versions of the document searched with the question
    first_version: str | None = None  # since-when: the first version that answers
    old_version: str | None = None  # what-changed: the two sides (the old may have no clause)
    new_version: str | None = None
    # what-changed: the versions from old to new that changed on it, when that is not new alone
    # ("between 2022 and 2025": it changed in 2024; 2025 reads the same)
    changed_in: tuple[str, ...] = ()
    unchanged: bool = False  # what-changed: the same clause answers from old to new
    sides_quoted: tuple[bool, bool] = (True, True)  # what-changed: (old, new) has a clause
    still: bool | None = None  # still-true: the newest version answers
    newest_version: str | None = None  # the newest version searched
    last_version: str | None = None  # still-true: the last version that answers
    said_instead: bool = False  # still-true: [1] is what the newest says instead
    diff: tuple[WordOp, ...] = ()
    no_version_in: str | None = None  # what-changed: the year it names, of which none is held
    # what-changed with no topic ("what changed in TikTok's terms in 2025?"): the changes
    # themselves are quoted (`changes_asked`); how many were material, and how many changed
    material_changes: int | None = None
    changes: int | None = None

    def to_json(self) -> dict[str, object]:
        return {
            "intent": self.intent,
            "versions_asked": self.versions_asked,
            "first_version": self.first_version,
            "old_version": self.old_version,
            "new_version": self.new_version,
            "changed_in": list(self.changed_in),
            "unchanged": self.unchanged,
            "sides_quoted": list(self.sides_quoted),
            "no_version_in": self.no_version_in,
            "still": self.still,
            "newest_version": self.newest_version,
            "last_version": self.last_version,
            "said_instead": self.said_instead,
            "diff": [{"op": DIFF_OPS[piece.op], "text": piece.text} for piece in self.diff],
            "material_changes": self.material_changes,
            "changes": self.changes,
        }


def readable_diff(before: str, after: str) -> tuple[WordOp, ...]:
    """The word diff of two quotes, or none when they keep less than DIFF_MIN_KEPT of their
    words (two different sentences: the quotes tell it, a diff would be noise)."""
    diff = word_diff(before, after)
    kept = sum(len(op.text.split()) for op in diff if op.op == "=")
    changed = sum(len(op.text.split()) for op in diff if op.op != "=")
    total = 2 * kept + changed  # the old quote's words and the new one's
    return diff if total and 2 * kept / total >= DIFF_MIN_KEPT else ()


def _sides_quoted(
    asked: VersionsAsked, found: TimedFinding, sides: tuple[int, int] | None
) -> tuple[bool, bool]:
    """Has each side of a what-changed answer a clause to quote (its answering one, what it
    says instead, or its best one above the floor)? For "did not change", does each answer
    at all: two versions that both say nothing on it read alike, but not as one clause."""
    if not sides:
        return (True, True)
    if found.unchanged is not None:
        old, new = (asked.answers[n] for n in sides)
        return (
            old.hit is not None or old.instead is not None,
            new.hit is not None or new.instead is not None,
        )
    return (side(asked, sides[0]) is not None, side(asked, sides[1]) is not None)


def _changed_in(asked: VersionsAsked, found: TimedFinding) -> tuple[str, ...]:
    """The dates of the versions where a change came, when they are not the new side alone."""
    if found.change is None or found.steps in ((), (found.change[1],)):
        return ()
    return tuple(asked.answers[n].version.version_date for n in found.steps)


def time_answer(
    question: ParsedQuestion,
    asked: VersionsAsked,
    found: TimedFinding,
    quote_of: Callable[[Hit], str],
    shown_sides: tuple[str, ...] | None = None,
) -> TimeAnswer:
    """The answer's data about time, from the versions asked and what was found in them; a
    change's word diff is between the two quotes shown (`shown_sides`) when given."""
    answers = asked.answers

    def date_at(position: int | None) -> str | None:
        return None if position is None else answers[position].version.version_date

    diff: tuple[WordOp, ...] = ()
    sides = found.change or found.unchanged
    if found.change is not None:
        old_hit, new_hit = (side(asked, n) for n in found.change)
        if shown_sides is not None:
            diff = readable_diff(shown_sides[0], shown_sides[1])
        elif old_hit is not None and new_hit is not None:
            diff = readable_diff(quote_of(old_hit), quote_of(new_hit))
    return TimeAnswer(
        intent=question.intent or "",
        versions_asked=len(answers),
        first_version=date_at(found.since),
        old_version=date_at(sides[0]) if sides else None,
        new_version=date_at(sides[1]) if sides else None,
        changed_in=_changed_in(asked, found),
        unchanged=found.unchanged is not None,
        sides_quoted=_sides_quoted(asked, found, sides),
        still=found.still,
        newest_version=date_at(len(answers) - 1),
        last_version=date_at(asked.answering[-1]) if found.still is not None else None,
        said_instead=found.instead,
        diff=diff,
        no_version_in=year_without_version(question, asked),
    )


def year_without_version(question: ParsedQuestion, asked: VersionsAsked) -> str | None:
    """The year a one-date "what changed" question names when no version of the document is
    from that year ("in 2024", TikTok's terms of 2022-12 and 2025-05): the answer must say
    it compares the versions around it, not a change made that year."""
    if question.intent != "what-changed" or len(question.dates) != 1:
        return None
    year = question.dates[0].year
    return None if held_in_year(asked, year) else str(year)
