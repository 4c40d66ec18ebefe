"""Fit the materiality judge (`fineprint.changes.judge`) on the hand labels: `make judge`.

Data: the labelled changes of the **dev** split (`bench/materiality_labels.jsonl`, 180) and the
training sample (`bench/materiality_train_labels.jsonl`, 300, all from dev pairs); the final
split is never read here. Each change's evidence is what `fineprint changes` computes
(`training.judge_data`). Changes of pairs that are not compared (a regional switch, a partial
capture: no change is listed) and changes whose text today's diff no longer lists are left out
of the fit; they count, as not flagged, in the cross-validated figures.

Model: a logistic regression over the standardised features (scikit-learn, `class_weight`
balanced). Its regularisation `C` and the threshold are chosen by cross-validation grouped by
version pair (5 folds, `REPEATS` shuffles of the pairs, fixed seeds): `C` by average
precision, the threshold as the highest at which the out-of-fold recall reaches
`TARGET_RECALL`. Then the model is fitted on every row and written, with the figures, to
`fineprint/models/materiality-judge/judge.json`.

    FINEPRINT_DATA_DIR=... .venv/bin/python -m training.fit_judge [--dry-run]
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score
from sklearn.model_selection import GroupKFold
from sklearn.preprocessing import StandardScaler

from fineprint.changes.judge import FEATURES, MODEL_PATH, Judge
from fineprint.service import Fineprint
from fineprint.settings import load_settings
from training.judge_data import Labelled, labelled_changes

FIT_SPLITS = frozenset({"dev", "train"})
C_GRID = (0.003, 0.01, 0.03, 0.1, 0.3)
FOLDS = 5
REPEATS = 5
TARGET_RECALL = 0.85
CURVE = (0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8)


def fittable(row: Labelled) -> bool:
    """A row the model sees: a listed change (its pair compared, its text still a change)."""
    return row.comparable and bool(row.evidence)


def matrix(rows: Sequence[Labelled]) -> tuple[np.ndarray, np.ndarray]:
    x = np.asarray([row.row() for row in rows], dtype=np.float64)
    y = np.asarray([row.label for row in rows], dtype=bool)
    return x, y


def fit(x: np.ndarray, y: np.ndarray, c: float) -> Judge:
    """A judge fitted on (x, y); its threshold left at 0.5 (set by `choose`)."""
    scaler = StandardScaler().fit(x)
    scales = np.where(scaler.scale_ > 0, scaler.scale_, 1.0)
    model = LogisticRegression(C=c, max_iter=5000, class_weight="balanced")
    model.fit((x - scaler.mean_) / scales, y)
    return Judge(
        FEATURES,
        tuple(float(v) for v in scaler.mean_),
        tuple(float(v) for v in scales),
        tuple(float(v) for v in model.coef_[0]),
        float(model.intercept_[0]),
        0.5,
    )


def probabilities(judge: Judge, rows: Sequence[Labelled]) -> np.ndarray:
    """The judge's score per row (`Judge.score`); 0 for rows no change is listed for."""
    return np.asarray([judge.score(row.evidence) if fittable(row) else 0.0 for row in rows])


def out_of_fold(rows: Sequence[Labelled], c: float) -> np.ndarray:
    """Each row's probability from models that never saw its version pair, averaged over
    `REPEATS` shuffles of the pairs into `FOLDS` folds."""
    groups = sorted({row.pair for row in rows})
    total = np.zeros(len(rows))
    for seed in range(REPEATS):
        order = np.random.default_rng(seed).permutation(len(groups))
        fold_of = {pair: int(order[n]) % FOLDS for n, pair in enumerate(groups)}
        folds = np.asarray([fold_of[row.pair] for row in rows])
        for train, test in GroupKFold(FOLDS).split(rows, groups=folds):
            seen = [rows[i] for i in train if fittable(rows[i])]
            judge = fit(*matrix(seen), c)
            total[test] += probabilities(judge, [rows[i] for i in test])
    return total / REPEATS


@dataclass(frozen=True)
class Point:
    threshold: float
    flagged: int
    precision: float
    recall: float


def point(p: np.ndarray, y: np.ndarray, threshold: float) -> Point:
    flags = p >= threshold
    tp = int(np.sum(flags & y))
    flagged = int(np.sum(flags))
    return Point(threshold, flagged, tp / max(flagged, 1), tp / max(int(np.sum(y)), 1))


def choose(p: np.ndarray, y: np.ndarray, recall: float = TARGET_RECALL) -> Point:
    """The highest threshold whose recall reaches `recall` (precision then is the best the
    ranking allows at that recall)."""
    candidates = sorted({float(v) for v in p if 0 < v < 1}, reverse=True)
    for threshold in candidates:
        found = point(p, y, threshold)
        if found.recall >= recall:
            return found
    return point(p, y, min(candidates, default=0.0))


def curve(p: np.ndarray, y: np.ndarray, thresholds: Sequence[float] = CURVE) -> list[Point]:
    return [point(p, y, t) for t in thresholds]


def cross_validate(rows: Sequence[Labelled]) -> tuple[float, np.ndarray, dict[float, float]]:
    """The chosen C, its out-of-fold probabilities, and every C's average precision."""
    y = np.asarray([row.label for row in rows])
    scores: dict[float, float] = {}
    oof: dict[float, np.ndarray] = {}
    for c in C_GRID:
        oof[c] = out_of_fold(rows, c)
        scores[c] = float(average_precision_score(y, oof[c]))
    best = max(C_GRID, key=lambda c: scores[c])
    return best, oof[best], scores


def describe(name: str, p: np.ndarray, y: np.ndarray, chosen: Point) -> list[str]:
    at = point(p, y, chosen.threshold)
    lines = [
        f"{name}: {len(y)} changes, {int(np.sum(y))} material; average precision "
        f"{average_precision_score(y, p):.3f}; at threshold {chosen.threshold:.3f}: "
        f"flagged {at.flagged}, P {at.precision:.2f}, R {at.recall:.2f}"
    ]
    lines += [
        f"  ≥ {q.threshold:.2f}: flagged {q.flagged:3d}  P {q.precision:.2f}  R {q.recall:.2f}"
        for q in curve(p, y)
    ]
    return lines


def run(
    rows: Sequence[Labelled], write: Callable[[str], None] = print
) -> tuple[Judge, dict[str, object]]:
    """Cross-validate, choose, fit on everything; the judge and the figures to ship with it."""
    c, oof, scores = cross_validate(rows)
    y = np.asarray([row.label for row in rows])
    chosen = choose(oof, y)
    dev = np.asarray([row.split == "dev" for row in rows])
    write(f"C by average precision (grouped CV): {scores} → {c}")
    for line in describe("dev + train, out of fold", oof, y, chosen):
        write(line)
    for line in describe("dev only, out of fold", oof[dev], y[dev], chosen):
        write(line)
    fitted = fit(*matrix([row for row in rows if fittable(row)]), c)
    judge = Judge(
        fitted.features,
        fitted.means,
        fitted.scales,
        fitted.weights,
        fitted.bias,
        chosen.threshold,
    )
    figures: dict[str, object] = {
        "C": c,
        "rows": len(rows),
        "fitted_rows": sum(1 for row in rows if fittable(row)),
        "material": int(np.sum(y)),
        "cv_average_precision": round(scores[c], 4),
        "cv_at_threshold": {
            "precision": round(chosen.precision, 4),
            "recall": round(chosen.recall, 4),
        },
    }
    return judge, figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dry-run", action="store_true", help="print, do not write the model")
    args = parser.parse_args()
    rows = labelled_changes(Fineprint(load_settings()), set(FIT_SPLITS))
    judge, figures = run(rows)
    if args.dry_run:
        return
    data = {**judge.to_json(), "fitted_on": figures}
    MODEL_PATH.parent.mkdir(parents=True, exist_ok=True)
    MODEL_PATH.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {MODEL_PATH}")


if __name__ == "__main__":
    main()
