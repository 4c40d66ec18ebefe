"""The fusion weight and expansion measurement: standardised scores, the figures, BM25 with
and without the creator-word expansion, windows for long passages, and the printed table —
on a few held-out services written in the test and the real tuned model."""

from __future__ import annotations

import sys
from collections import defaultdict

import numpy as np
import pytest

from fineprint.retrieval.windows import WINDOW_CHARS, window_spans
from tests.conftest import MemoEmbedder
from tests.training.conftest import SharedData
from training import validate_fusion
from training.pairs import Pair
from training.validate_fusion import WEIGHTS, Ranks, Search, figures, first_hit, standardise

DELETE = "You may delete your account at any time from your settings."
AI = "We may use your uploads to train artificial intelligence models."
PAYOUTS = "Payouts are made monthly once your earnings reach ten dollars."
LONG = " ".join(
    [
        "This paragraph explains how we handle the information you give us when you sign up.",
        "We collect your name, your email address and the country you live in.",
        "We use this information to run the service and to keep your account secure.",
        "We do not sell your information to anyone, and we never will.",
        "Advertising partners may receive a pseudonymous identifier so they can measure ads.",
        "You can ask us for a copy of everything we hold about you at any time.",
        "Voice recordings you upload are kept only until you delete them yourself.",
    ]
)


def test_standardise() -> None:
    scores = standardise(np.asarray([1.0, 2.0, 6.0]))
    assert scores.mean() == pytest.approx(0.0) and scores.std() == pytest.approx(1.0)
    assert list(standardise(np.asarray([2.0, 2.0]))) == [0.0, 0.0]  # no spread: no signal


def test_figures_are_recall_at_1_and_5_and_mrr_at_10() -> None:
    # ranks 1, 3, none and 12: R@1 1/4, R@5 2/4, MRR@10 (1 + 1/3) / 4
    assert figures([1, 3, None, 12]) == "0.250 / 0.500 / 0.333"


def test_first_hit_is_the_rank_of_the_first_gold_index() -> None:
    order = np.asarray([4, 2, 7])
    assert first_hit(order, {7, 2}) == 2
    assert first_hit(order, {9}) is None


def test_bm25_widens_a_creator_word_only_when_expanded(memo_model: MemoEmbedder) -> None:
    search = Search([DELETE, AI, PAYOUTS], "minilm-terms")
    plain = search.lexical("delete my account", expanded=False)
    assert int(np.argmax(plain)) == 0 and plain[1] == plain[2] == 0
    assert not search.lexical("ai", expanded=False).any()  # "ai" is in no passage
    widened = search.lexical("ai", expanded=True)  # + artificial intelligence, train, ...
    assert int(np.argmax(widened)) == 1 and widened[0] == widened[2] == 0
    assert not search.lexical("zzzz", expanded=True).any()


def test_a_long_passage_is_scored_by_its_best_window(memo_model: MemoEmbedder) -> None:
    assert len(LONG) > WINDOW_CHARS
    passages = [DELETE, LONG]
    windowed = Search(passages, "minilm-terms", windows=True)
    whole = Search(passages, "minilm-terms")
    assert len(whole.window_owner) == 0
    spans = window_spans(LONG)  # the windows after the opening one
    assert spans and list(windowed.window_owner) == [1] * len(spans)
    queries = windowed.encode(["are my voice recordings kept", "can I delete my account"])
    with_windows, without = windowed.dense(queries), whole.dense(queries)
    assert (with_windows >= without - 1e-6).all()  # the best of the passage and its windows
    assert with_windows[:, 0] == pytest.approx(without[:, 0])  # a short passage: no windows
    assert with_windows[0, 1] > without[0, 1]  # the voice sentence stands out in its window


def test_every_weight_and_expansion_ranks_each_query(memo_model: MemoEmbedder) -> None:
    service = "tosdr:a"
    rows = [
        Pair("tosdr", service, "Payouts are monthly", PAYOUTS),
        Pair("tosdr", service, "The service can use your content to train AI", AI),
        Pair("tosdr", service, "You can delete your account", DELETE),
    ]
    passages = [AI, DELETE, PAYOUTS, LONG]  # the long one belongs to another service
    position = {text: n for n, text in enumerate(passages)}
    search = Search(passages, "minilm-terms")
    ranks: Ranks = defaultdict(list)
    validate_fusion.rank_service("tosdr", rows, position, search, ranks)
    assert set(ranks) == {("tosdr", weight, expanded) for weight in WEIGHTS for expanded in (0, 1)}
    assert all(len(found) == 3 and set(found) <= {1, 2, 3} for found in ranks.values())
    # each query shares its distinctive words only with its own passage
    assert ranks[("tosdr", 0.0, False)] == [1, 1, 1]
    lonely: Ranks = defaultdict(list)
    validate_fusion.rank_service("tosdr", rows[:1], {PAYOUTS: 2}, search, lonely)
    assert not lonely  # one passage: nothing to rank


def test_main_prints_a_row_per_weight_and_expansion(
    shared_data: SharedData,
    memo_model: MemoEmbedder,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(validate_fusion, "REPO", shared_data.repo)
    monkeypatch.setattr(sys, "argv", ["validate_fusion"])
    validate_fusion.main()
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[1] == "long passages scored by their best window on both signals: 0 windows"
    rows = [line for line in lines[4:] if line.startswith("| ")]
    assert len(rows) == 2 * len(WEIGHTS) - 1  # dense only has no expanded row
    assert rows[0].startswith("| BM25 only | no | ") and rows[-1].startswith("| dense only | no | ")
    for row in rows:  # R@1 / R@5 / MRR@10 of both sources
        cells = row.strip("| ").split(" | ")[2:]
        assert len(cells) == 2 and all(len(cell.split(" / ")) == 3 for cell in cells)
