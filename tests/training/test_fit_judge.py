"""Fitting the materiality judge: the shipped arithmetic is scikit-learn's, the threshold is the
highest that reaches the recall asked for, and folds never split a version pair."""

from __future__ import annotations

import numpy as np
from sklearn.linear_model import LogisticRegression

from fineprint.changes.judge import FEATURES, Judge
from training.fit_judge import choose, fit, out_of_fold, point
from training.judge_data import Labelled


def rows(n: int, seed: int = 0) -> list[Labelled]:
    """Labelled changes whose label follows two features, spread over n // 4 version pairs."""
    rng = np.random.default_rng(seed)
    out = []
    for i in range(n):
        values = {name: float(rng.normal()) for name in FEATURES} | {"same": 0.0}
        values["rule_edit_on_topic"] = 0.0  # the judge's rules beside the model stay out
        values["messaging_only"] = 0.0
        label = values["size"] + values["topic_ai"] + 0.5 * float(rng.normal()) > 0.5
        out.append(
            Labelled(
                id=f"x-{i}",
                pair=("p", "d", f"{i // 4:04d}", "z"),
                split="dev",
                label=bool(label),
                kind="modified",
                comparable=True,
                evidence=values,
                topics=(),
                vocabulary=False,
                new_text="",
                exact=True,
            )
        )
    return out


def test_the_judge_computes_what_scikit_learn_fitted() -> None:
    data = rows(200)
    x = np.asarray([r.row() for r in data])
    y = np.asarray([r.label for r in data])
    judge = fit(x, y, 1.0)
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale = np.where(scale > 0, scale, 1.0)  # constant features, as `fit` scales them
    reference = LogisticRegression(C=1.0, max_iter=5000, class_weight="balanced")
    reference.fit((x - mean) / scale, y)
    expected = reference.predict_proba((x[:5] - mean) / scale)[:, 1]
    got = [judge.probability(r.evidence) for r in data[:5]]
    assert np.allclose(got, expected, atol=1e-6)


def test_the_threshold_is_the_highest_reaching_the_recall() -> None:
    p = np.asarray([0.9, 0.8, 0.7, 0.6, 0.5, 0.4])
    y = np.asarray([True, False, True, True, False, True])
    chosen = choose(p, y, recall=0.75)
    assert chosen.threshold == 0.6
    assert (chosen.recall, chosen.flagged) == (0.75, 4)
    assert point(p, y, 0.4).recall == 1.0


def test_out_of_fold_scores_rank_the_labels() -> None:
    data = rows(160, seed=1)
    oof = out_of_fold(data, 1.0)
    y = np.asarray([r.label for r in data])
    assert oof[y].mean() > oof[~y].mean() + 0.2


def test_a_judge_round_trips_through_json() -> None:
    n = len(FEATURES)
    judge = Judge(FEATURES, (0.0,) * n, (1.0,) * n, (0.5,) * n, -1.0, 0.4)
    assert Judge.from_json(judge.to_json()) == judge
