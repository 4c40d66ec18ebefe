"""The materiality judge: a rule word that moved is material, an address or a link is not; the
shipped model is the one its features name; on the real store the AI clause leads."""

from __future__ import annotations

import json

from fineprint.changes.diff import diff_clauses, diff_versions, pick_pair, rank
from fineprint.changes.judge import FEATURES, MODEL_PATH, Facts, evidence, load_judge
from fineprint.changes.meaning import compare
from fineprint.settings import Settings
from fineprint.store import ClauseStore
from tests.fineprint.changes.test_diff import LICENCE, TERMINATION, version


def judged(before: str, after: str) -> list:
    """The changes between two one-clause-plus-licence versions, most material first."""
    old = version("2020-01-01", (LICENCE, ("Licence",)), (before, ("Termination",)))
    new = version("2021-01-01", (LICENCE, ("Licence",)), (after, ("Termination",)))
    return rank(diff_clauses(old, new))


def test_may_becoming_will_is_material() -> None:
    [change] = judged(TERMINATION, TERMINATION.replace("may suspend", "will suspend"))
    assert change.kind == "modified" and change.material
    assert "termination" in change.topics


def test_a_notice_period_cut_from_30_to_14_days_is_material() -> None:
    before = "We will give you 30 days' notice before we terminate your account."
    [change] = judged(before, before.replace("30", "14"))
    assert change.material


def test_a_new_postal_address_is_not_material() -> None:
    before = (
        "You may terminate this Agreement by notice in writing to SoundCloud at Rheinsberger "
        "Str. 76/77, 10115 Berlin, Germany confirming such termination."
    )
    after = before.replace("Rheinsberger Str. 76/77, 10115", "Karl-Marx-Strasse 101, 12043")
    [change] = judged(before, after)
    assert change.kind == "modified" and not change.material


def test_links_and_punctuation_only_are_not_material() -> None:
    before = "Read the [Privacy Policy](https://a.example/p). We may share your personal data."
    after = "Read the privacy policy (https://b.example/privacy) — we may share your personal data!"
    assert not any(change.material for change in judged(before, after))


def test_evidence_names_every_feature_and_reads_the_rule_words() -> None:
    delta = compare("We may remove your videos.", "We will remove your videos.")
    values = evidence(Facts("modified", "We may remove your videos.", delta))
    assert tuple(values) == FEATURES
    assert values["modal_strong"] == 1.0 and values["rule_edit"] == 1.0
    assert values["same"] == 0.0


def test_the_shipped_model_was_fitted_on_dev_and_train_labels_only() -> None:
    data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    judge = load_judge()
    assert judge.features == FEATURES
    assert 0.0 < judge.threshold < 1.0
    fitted = data["fitted_on"]
    assert fitted["rows"] == 180 + 300  # dev labels + training labels; no final row
    # a change whose meaning did not move is never material, whatever the weights say
    assert judge.material({name: 0.0 for name in FEATURES} | {"same": 1.0}) == (False, 0.0)


def test_soundcloud_2018_to_2024_puts_the_ai_clause_first(ask_settings: Settings) -> None:
    store = ClauseStore.open(ask_settings)
    registry = store.load_registry()
    diff = diff_versions(
        store, *pick_pair(registry, "soundcloud", "terms-of-use", "2018-05-25", "2024-02-07")
    )
    assert diff.material[0].topics[0] == "ai"
    assert len(diff.material) < len(diff.changes)


def test_soundcloud_2025_to_2026_address_edits_are_not_material(ask_settings: Settings) -> None:
    store = ClauseStore.open(ask_settings)
    registry = store.load_registry()
    diff = diff_versions(
        store, *pick_pair(registry, "soundcloud", "terms-of-use", "2025-09-10", "2026-08-17")
    )
    edits = [change for change in diff.changes if change.kind == "modified"]
    assert edits and not any(change.material for change in edits)  # the new office address


def test_soundcloud_2025_to_2026_sends_no_alert(ask_settings: Settings) -> None:
    store = ClauseStore.open(ask_settings)
    registry = store.load_registry()
    diff = diff_versions(
        store, *pick_pair(registry, "soundcloud", "terms-of-use", "2025-09-10", "2026-08-17")
    )
    assert not diff.material


def test_how_the_platform_texts_you_is_not_material() -> None:
    sms = (
        "SoundCloud may send one-time passwords by SMS to users in some territories for "
        "authentication. For US users: Message and data rates may apply; Reply STOP to cancel."
    )
    delta = compare("", sms)
    values = evidence(Facts("added", sms, delta))
    assert values["messaging_only"] == 1.0
    assert load_judge().material(values) == (False, 0.0)
    # a rule beside the texting is still read by the model
    mixed = sms + " We may use your uploads to train our AI models."
    assert evidence(Facts("added", mixed, compare("", mixed)))["messaging_only"] == 0.0
