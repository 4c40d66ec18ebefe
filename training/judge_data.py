"""The hand-labelled changes (bench/MATERIALITY_LABELS.md) with the judge's evidence for each.

Every labelled change is found again in its version pair's diff (`diff_versions`, the same
code `fineprint changes` runs), and read back with what the judge reads of it
(`Change.evidence`) and whether the pair is compared at all (`DocumentDiff.comparison`: a
regional switch or a partial capture lists no changes, so none of its changes can be flagged).

Files, all in `bench/`:

- `materiality_sample.jsonl` + `materiality_labels.jsonl`: 280 changes, split dev (180) /
  final (100) by version pair; only `dev` is for fitting and tuning;
- `materiality_train_sample.jsonl` + `materiality_train_labels.jsonl`: changes drawn from dev
  pairs only (ids `tr-NNN`), for fitting.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from fineprint.changes.diff import Change, DocumentDiff, diff_versions
from fineprint.changes.judge import FEATURES, Judge
from fineprint.service import Fineprint

BENCH = Path(__file__).resolve().parent.parent / "bench"
SOURCES = (
    (BENCH / "materiality_sample.jsonl", BENCH / "materiality_labels.jsonl"),
    (BENCH / "materiality_train_sample.jsonl", BENCH / "materiality_train_labels.jsonl"),
)

Pair = tuple[str, str, str, str]  # platform, document, from, to


@dataclass(frozen=True)
class Labelled:
    """One labelled change and what the judge reads of it."""

    id: str
    pair: Pair
    split: str  # "dev", "final" or "train"
    label: bool
    kind: str
    comparable: bool  # the pair is compared as a change of terms (like with like)
    evidence: dict[str, float]
    topics: tuple[str, ...]
    vocabulary: bool  # the topic vocabulary alone (before issue 21's judge) flags it
    new_text: str  # the sentences that really changed (`Change.new_text`)
    exact: bool  # today's diff has this change as it was labelled (else: found by one side,
    # or not at all: kind "gone", its text now unchanged or re-cut, never material)

    def row(self) -> list[float]:
        return [self.evidence.get(name, 0.0) for name in FEATURES]


def _read(path: Path) -> list[dict[str, object]]:
    if not path.exists():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def neutral_judge() -> Judge:
    """A judge that flags nothing: for reading evidence before any model is fitted."""
    n = len(FEATURES)
    return Judge(FEATURES, (0.0,) * n, (1.0,) * n, (0.0,) * n, -30.0, 0.5)


def _find(diff: DocumentDiff, row: dict[str, object]) -> tuple[Change | None, bool]:
    """The labelled change in today's diff, and whether it is the same change exactly. The
    alignment has improved since the first sample was drawn: a few labelled changes now pair
    differently (a clause "removed" then is "modified" now); they are found by either side."""
    changes = [*diff.changes, *diff.set_aside]
    for change in changes:
        if change.before_text == row["before"] and change.after_text == row["after"]:
            return change, True
    for change in changes:
        if (row["before"] and change.before_text == row["before"]) or (
            row["after"] and change.after_text == row["after"]
        ):
            return change, False
    return None, False


def labelled_changes(service: Fineprint, splits: set[str] | None = None) -> list[Labelled]:
    """Every labelled change (of `splits`, default all) with its evidence."""
    registry = service.registry()
    judge = neutral_judge()
    diffs: dict[Pair, DocumentDiff] = {}
    out: list[Labelled] = []
    for sample_path, labels_path in SOURCES:
        labels = {str(row["id"]): row for row in _read(labels_path)}
        for row in _read(sample_path):
            label = labels.get(str(row["id"]))
            if label is None:
                continue  # not labelled (yet)
            split = str(label.get("split", "train"))
            if splits is not None and split not in splits:
                continue
            pair: Pair = (
                str(row["platform"]),
                str(row["document"]),
                str(row["from"]),
                str(row["to"]),
            )
            if pair not in diffs:
                history = {r.version_date: r for r in registry.history(pair[0], pair[1])}
                diffs[pair] = diff_versions(
                    service.store, history[pair[2]], history[pair[3]], judge=judge
                )
            diff = diffs[pair]
            change, exact = _find(diff, row)
            out.append(
                Labelled(
                    id=str(row["id"]),
                    pair=pair,
                    split=split,
                    label=bool(label["material"]),
                    kind=change.kind if change else "gone",
                    comparable=diff.comparison.comparable,
                    evidence=change.evidence if change else {},
                    topics=change.topics if change else (),
                    vocabulary=bool(change and change.evidence.get("topics_any", 0.0) > 0),
                    new_text=change.new_text if change else "",
                    exact=exact,
                )
            )
    return out
