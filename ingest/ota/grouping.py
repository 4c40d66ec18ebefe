"""Which captures become versions: re-captures, flip-flops and trivial edits are not changes.

One document's good captures (see `captures`), oldest first, are walked once. Each is:

- `same`: the same text as the version in force once link targets, images, link-only lines
  (menus, "Related articles") and formatting are set aside — a re-capture;
- `recapture`: a technical-upgrade commit (`Apply technical or declaration upgrade`,
  `Refilter`) whose text is still the terms in force (at least UPGRADE_KEPT of each side's
  words in sentences the other holds). It becomes the text later captures are compared with,
  never a version. An upgrade that is not close (BeReal's 2026-04-21 new terms) is a change;
- `flip-flop`: back to a text seen within FLIP_WINDOW, or a text the page leaves again for the
  one in force within FLIP_WINDOW (a page alternating between variants: Threads' related
  articles, Quora's e-mail links) — never a change of terms;
- `trivial` (policy `distinct`): at most TRIVIAL_WORDS words differ from the version in force:
  grouped into its run, as the bundled corpus was made;
- `version`: a change of terms, kept.

A day keeps one version (the store dates versions by day): its last.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from ingest.ota.captures import Reading
from ingest.ota.history import Capture, CommitKind

TRIVIAL_WORDS = 5
UPGRADE_KEPT = 0.8
FLIP_WINDOW = timedelta(days=30)

_SENTENCE = re.compile(r"[^.!?;:\n]+[.!?;:]?")
_WORD = re.compile(r"\w+")


class Policy(StrEnum):
    """Which versions an import keeps."""

    DISTINCT = "distinct"  # runs of trivial edits grouped (the default)
    ALL = "all"  # every recorded change of text (one per day)


@dataclass(frozen=True, slots=True)
class Step:
    """What one capture turned out to be."""

    capture: Capture
    reading: Reading
    outcome: str  # version | same | recapture | flip-flop | trivial | skipped | new-terms-upgrade
    detail: str = ""

    @property
    def day(self) -> date:
        return self.capture.recorded_at.date()


def sentences(prose: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.findall(prose) if _WORD.search(s)]


def changed_words(before: str, after: str) -> int:
    """Words inserted, deleted or replaced from `before` to `after` (prose forms), diffed
    word by word over the sentences that differ only, so long documents stay cheap."""
    old, new = Counter(sentences(before)), Counter(sentences(after))
    gone = [s for s in sentences(before) if old[s] > new[s]]
    came = [s for s in sentences(after) if new[s] > old[s]]
    a, b = " ".join(gone).split(), " ".join(came).split()
    if not a or not b:
        return len(a) + len(b)
    # every replaced word shows in the word counts: when they already say "more than
    # trivial", the exact (quadratic) word diff is not needed
    counted = Counter(a)
    counted.subtract(Counter(b))
    at_least = (sum(abs(n) for n in counted.values()) + 1) // 2
    if at_least > TRIVIAL_WORDS:
        return at_least
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return sum(
        max(i2 - i1, j2 - j1) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"
    )


def kept_share(before: str, after: str) -> float:
    """The smaller of the two shares of words in sentences the other text also holds."""
    old, new = set(sentences(before)), set(sentences(after))

    def share(mine: set[str], other: set[str]) -> float:
        total = sum(len(s.split()) for s in mine)
        return sum(len(s.split()) for s in mine & other) / total if total else 0.0

    return min(share(old, new), share(new, old))


def walk(
    readings: Sequence[tuple[Capture, Reading]], policy: Policy, context: int = 0
) -> list[Step]:
    """Every capture's outcome, oldest first (see the module docstring). The first `context`
    readings are only what came before (a follow's look back, `importer`): the texts they
    showed count for flip-flops, they get no outcome, and the walk starts at the one after
    them, which must be the version then in force."""
    steps: list[Step] = []
    baseline: Reading | None = None  # the version in force, or its latest re-capture
    seen: dict[str, Capture] = {}  # prose -> the last capture that showed it
    good = [(c, r) for c, r in readings if r.skip is None]
    upcoming = {id(r): n for n, (_, r) in enumerate(good)}
    for capture, reading in readings[:context]:
        if reading.skip is None:
            seen[reading.prose] = capture
    for capture, reading in readings[context:]:
        if reading.skip is not None:
            steps.append(Step(capture, reading, "skipped", reading.skip))
            continue
        outcome, detail = _judge(capture, reading, baseline, seen, good, upcoming, policy)
        seen[reading.prose] = capture
        if outcome in ("version", "recapture", "new-terms-upgrade"):
            baseline = reading
        steps.append(Step(capture, reading, outcome, detail))
    return steps


def _judge(
    capture: Capture,
    reading: Reading,
    baseline: Reading | None,
    seen: dict[str, Capture],
    good: list[tuple[Capture, Reading]],
    upcoming: dict[int, int],
    policy: Policy,
) -> tuple[str, str]:
    if baseline is None:
        return "version", "first capture"
    if reading.prose == baseline.prose:
        return "same", ""
    if capture.kind is CommitKind.UPGRADE:
        share = kept_share(baseline.prose, reading.prose)
        if share >= UPGRADE_KEPT:
            return "recapture", f"technical upgrade; {share:.0%} of the text unchanged"
    earlier = seen.get(reading.prose)
    if earlier is not None and capture.recorded_at - earlier.recorded_at <= FLIP_WINDOW:
        return "flip-flop", f"back to the text of {earlier.recorded_at.date()}"
    if _returns(capture, baseline, good, upcoming[id(reading)]):
        return "flip-flop", "the page goes back to the text in force within days"
    changed = changed_words(baseline.prose, reading.prose)
    if policy is Policy.DISTINCT and changed <= TRIVIAL_WORDS:
        return "trivial", f"{changed} word(s) changed"
    if capture.kind is CommitKind.UPGRADE:
        return "new-terms-upgrade", f"technical upgrade that changes the terms ({changed} words)"
    return "version", f"{changed} word(s) changed"


def _returns(
    capture: Capture, baseline: Reading, good: list[tuple[Capture, Reading]], index: int
) -> bool:
    """Whether a later capture within FLIP_WINDOW shows the text in force again."""
    for later, reading in good[index + 1 :]:
        if later.recorded_at - capture.recorded_at > FLIP_WINDOW:
            return False
        if reading.prose == baseline.prose:
            return True
    return False


def chosen(steps: Sequence[Step]) -> list[Step]:
    """The steps that are versions, one per day (the day's last)."""
    by_day: dict[date, Step] = {}
    for step in steps:
        if step.outcome in ("version", "new-terms-upgrade"):
            by_day[step.day] = step
    return [by_day[day] for day in sorted(by_day)]
