"""Training pairs: cleaned on load, split by whole services (by a hash of the name), and
turned into triplets whose negative is a neighbouring clause of the same service."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from tests.training.conftest import service_names, write_pairs
from training.pairs import (
    VALIDATION_SHARE,
    Pair,
    is_held_out,
    load_pairs,
    shared_training_dir,
    split_pairs,
    with_hard_negatives,
)


def test_the_shared_folder_is_beside_the_checkout() -> None:
    assert shared_training_dir(Path("/work/main")) == Path("/work/shared/training")


def test_loading_cleans_the_rows(tmp_path: Path) -> None:
    tosdr = [
        {"service": "a", "title": "  You   keep\nyour rights ", "quote": "You keep your rights."},
        {"service": "a", "title": "You keep your rights", "quote": "You  keep your rights."},
        {"service": "a", "title": "Empty quote", "quote": "   "},
        {"service": "a", "title": "Same text", "quote": " Same   text "},
        {"service": "b", "title": "You keep your rights", "quote": "You keep your rights."},
    ]
    policyqa = [{"site": "a", "question": "Who sees it?", "paragraph": "Only you see it."}]
    pairs = load_pairs(write_pairs(tmp_path, tosdr, policyqa))
    assert pairs == [
        Pair("tosdr", "tosdr:a", "You keep your rights", "You keep your rights."),
        Pair("tosdr", "tosdr:b", "You keep your rights", "You keep your rights."),
        Pair("policyqa", "policyqa:a", "Who sees it?", "Only you see it."),
    ]


def test_the_split_is_by_whole_service_and_about_the_validation_share() -> None:
    services = [f"tosdr:service-{n}" for n in range(2000)]
    held = [name for name in services if is_held_out(name)]
    assert abs(len(held) / len(services) * 100 - VALIDATION_SHARE) < 2  # a hash: near uniform
    pairs = [Pair("tosdr", name, f"query {k}", f"passage {k}") for name in services for k in (1, 2)]
    train, validation = split_pairs(pairs)
    assert len(train) + len(validation) == len(pairs)
    assert {p.service for p in train}.isdisjoint({p.service for p in validation})
    assert {p.service for p in validation} == set(held)


def test_hard_negatives_come_from_the_same_service_and_never_answer_the_query() -> None:
    (service,) = service_names("tosdr", False, 1)
    pairs = [
        Pair("tosdr", service, "delete account", "You may delete your account."),
        Pair("tosdr", service, "delete account", "Closing your account deletes your data."),
        Pair("tosdr", service, "train ai", "We may train AI on your uploads."),
        Pair("tosdr", service, "payouts", "Payouts are monthly."),
        Pair("tosdr", "tosdr:lonely", "cookies", "We use cookies."),
    ]
    triplets = with_hard_negatives(pairs, seed=13)
    assert triplets == with_hard_negatives(pairs, seed=13)  # reproducible
    answers: dict[str, set[str]] = {}
    for pair in pairs:
        answers.setdefault(pair.query, set()).add(pair.passage)
    own = {p.passage for p in pairs if p.service == service}
    queries = Counter(query for query, _, _ in triplets)
    # a service with other passages always has a negative for each of its rows
    assert queries - Counter({"cookies": 1}) == Counter(p.query for p in pairs[:4])
    for query, passage, negative in triplets:
        assert passage in answers[query] and negative not in answers[query]
        assert negative in own  # the lonely service borrows one of another service's


def test_a_negative_that_would_answer_the_query_drops_the_triplet() -> None:
    pairs = [Pair("tosdr", "tosdr:one", "cookies", "We use cookies.")]
    assert with_hard_negatives(pairs, seed=1) == []
