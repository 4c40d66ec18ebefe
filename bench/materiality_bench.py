"""Materiality judge vs the frozen labels (issue 21): precision/recall, curves, document checks.

- **dev, cross-validated**: the judge's recipe (`training.fit_judge`: features, C, threshold)
  re-run with folds grouped by version pair over the dev labels and the training labels; each
  change is scored by a model that never saw its pair. Printed for dev + train and dev alone.
- **final**: the shipped judge (`fineprint/models/materiality-judge/judge.json`) through the
  real diff (`diff_versions`, like with like included: a pair that is not compared lists
  nothing), on the 100 held-out changes. Look at it once, after the last fit.
- **before**: the flags of the code the labels were drawn against (`materiality_flags.jsonl`).
- **documents**: SoundCloud 2018→2024 and Zoom 2023-04-01→2023-08-07 put the AI clause first;
  SoundCloud 2025-09-10→2026-08-17 and Spotify 2020-10-06→2020-12-08 send no alert; and over
  every consecutive version pair, how many alert and how many material changes they list.

    FINEPRINT_DATA_DIR=... .venv/bin/python -m bench.materiality_bench [--final] [--no-pairs]
"""

from __future__ import annotations

import argparse
import itertools
import json
import statistics
from pathlib import Path

import numpy as np

from fineprint.changes.diff import DocumentDiff, diff_versions, pick_pair
from fineprint.changes.judge import MODEL_PATH, load_judge
from fineprint.service import Fineprint
from fineprint.settings import load_settings
from training.fit_judge import describe, out_of_fold, point, probabilities
from training.judge_data import Labelled, labelled_changes

BENCH = Path(__file__).resolve().parent
FLAGS = BENCH / "materiality_flags.jsonl"
AI_FIRST = (
    ("soundcloud", "terms-of-use", "2018-05-25", "2024-02-07"),
    ("zoom", "terms-of-service", "2023-04-01", "2023-08-07"),
)
NO_ALERT = (
    ("soundcloud", "terms-of-use", "2025-09-10", "2026-08-17"),
    ("spotify", "terms-of-service", "2020-10-06", "2020-12-08"),
)


def _before_flags(rows: list[Labelled]) -> np.ndarray:
    flags = {}
    for line in FLAGS.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            flags[row["id"]] = bool(row["material"])
    return np.asarray([flags.get(row.id, False) for row in rows])


def cross_validated(rows: list[Labelled]) -> list[str]:
    """The recipe's figures, out of fold, with the shipped C and threshold."""
    judge = load_judge()
    fitted = json.loads(MODEL_PATH.read_text(encoding="utf-8"))["fitted_on"]
    oof = out_of_fold(rows, float(fitted["C"]))
    y = np.asarray([row.label for row in rows])
    dev = np.asarray([row.split == "dev" for row in rows])
    chosen = point(oof, y, judge.threshold)
    lines = describe("dev + train, cross-validated", oof, y, chosen)
    lines += describe("dev, cross-validated", oof[dev], y[dev], chosen)
    before = _before_flags([row for row in rows if row.split == "dev"])
    b = point(before.astype(float), y[dev], 0.5)
    lines.append(
        f"dev, flags before the judge: flagged {b.flagged}, P {b.precision:.2f}, R {b.recall:.2f}"
    )
    return lines


def final(service: Fineprint) -> list[str]:
    """The shipped judge on the held-out split, through the real diff."""
    judge = load_judge()
    rows = labelled_changes(service, {"final"})
    y = np.asarray([row.label for row in rows])
    scores = probabilities(judge, rows)
    chosen = point(scores, y, judge.threshold)
    lines = describe("final (held out), shipped judge", scores, y, chosen)
    before = _before_flags(rows)
    b = point(before.astype(float), y, 0.5)
    lines.append(
        f"final, flags before the judge: flagged {b.flagged}, P {b.precision:.2f}, R {b.recall:.2f}"
    )
    return lines


def _diff(service: Fineprint, key: tuple[str, str, str, str]) -> DocumentDiff:
    before, after = pick_pair(service.registry(), *key)
    return diff_versions(service.store, before, after)


def documents(service: Fineprint) -> list[str]:
    lines = []
    for key in AI_FIRST:
        diff = _diff(service, key)
        first = diff.material[0] if diff.material else None
        ok = first is not None and "ai" in first.topics
        where = f"{list(first.topics)} {first.section[:50]!r}" if first else "none"
        lines.append(
            f"  {'ok  ' if ok else 'FAIL'} {' '.join(key)}: AI clause first "
            f"(first: {where}; {len(diff.material)} material of {len(diff.changes)})"
        )
    for key in NO_ALERT:
        diff = _diff(service, key)
        listed = "; ".join(f"{c.kind} {c.section[:40]!r}" for c in diff.material[:4])
        lines.append(
            f"  {'ok  ' if not diff.material else 'FAIL'} {' '.join(key)}: no alert "
            f"({len(diff.material)} material of {len(diff.changes)}) {listed}"
        )
    return lines


def pairs(service: Fineprint) -> list[str]:
    """Every consecutive version pair: how many would alert, and their material counts."""
    registry = service.registry()
    counts: list[int] = []
    total = 0
    for platform, document in registry.documents():
        for before, after in itertools.pairwise(registry.history(platform, document)):
            diff = diff_versions(service.store, before, after)
            total += 1
            if diff.material:
                counts.append(len(diff.material))
    median = statistics.median(counts) if counts else 0
    return [
        f"  {len(counts)} of {total} consecutive pairs alert; material changes per alerting "
        f"pair: median {median}, max {max(counts, default=0)}, total {sum(counts)} "
        "(an alert lists the top 3)"
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--final", action="store_true", help="also score the held-out split")
    parser.add_argument("--no-pairs", action="store_true", help="skip the all-pairs count")
    args = parser.parse_args()
    service = Fineprint(load_settings())
    rows = labelled_changes(service, {"dev", "train"})
    print("== cross-validated (dev + train labels, folds by version pair)")
    print("\n".join(cross_validated(rows)))
    if args.final:
        print("\n== final split (held out)")
        print("\n".join(final(service)))
    print("\n== document checks")
    print("\n".join(documents(service)))
    if not args.no_pairs:
        print("\n== alerts over the corpus")
        print("\n".join(pairs(service)))


if __name__ == "__main__":
    main()
