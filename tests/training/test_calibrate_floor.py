"""The abstention floor's measurement, on a few held-out services written in the test and the
real tuned model: one best similarity per held-out query, and the floor printed from them."""

from __future__ import annotations

import sys

import numpy as np
import pytest

from tests.conftest import MemoEmbedder
from tests.training.conftest import SharedData
from training import calibrate_floor


@pytest.fixture
def measured(
    shared_data: SharedData, memo_model: MemoEmbedder, monkeypatch: pytest.MonkeyPatch
) -> SharedData:
    monkeypatch.setattr(calibrate_floor, "REPO", shared_data.repo)
    return shared_data


def test_one_best_similarity_per_held_out_query(
    measured: SharedData, memo_model: MemoEmbedder
) -> None:
    best = calibrate_floor.best_similarities("minilm-terms")
    expected: dict[str, list[str]] = {"tosdr": [], "policyqa": []}
    for source, queries in measured.held_out:  # service by service, queries sorted
        expected[source] += sorted(queries)
    # the training service's query is not measured
    assert {k: len(v) for k, v in best.items()} == {k: len(v) for k, v in expected.items()}
    for source, queries in expected.items():
        for query, value in zip(queries, best[source], strict=True):
            own = memo_model.encode([query, measured.gold[query]])
            # the best passage of its service is at least as close as its own passage
            assert float(own[0] @ own[1]) <= value + 1e-5 and value <= 1 + 1e-5
    (single,) = measured.held_out[1][1]  # a service with one passage: that passage is best
    own = memo_model.encode([single, measured.gold[single]])
    assert best["tosdr"][3] == pytest.approx(float(own[0] @ own[1]), abs=1e-5)


def test_main_prints_the_percentiles_and_the_floor(
    measured: SharedData, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "argv", ["calibrate_floor"])
    calibrate_floor.main()
    out = capsys.readouterr().out
    best = calibrate_floor.best_similarities("minilm-terms")
    assert out.startswith("model minilm-terms: best similarity of held-out queries")
    assert f"| tosdr | {len(best['tosdr'])} | " in out
    assert f"| policyqa | {len(best['policyqa'])} | " in out
    floor = np.percentile(best["tosdr"], 1)
    assert out.strip().splitlines()[-1] == f"floor (1st percentile of ToS;DR titles): {floor:.3f}"
