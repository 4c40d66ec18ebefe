"""Topic tagging and ranking: vocabulary units, and the SoundCloud AI clause pinned first."""

from __future__ import annotations

import pytest

from fineprint.changes.diff import DocumentDiff, diff_versions, pick_pair
from fineprint.changes.materiality import TOPICS, assess, tag
from fineprint.settings import Settings
from fineprint.store import ClauseStore


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("your Content may be used to inform, train, develop artificial intelligence", "ai"),
        ("We will not use your content to train generative AI models", "ai"),
        ("you grant us a worldwide, royalty-free, sublicensable licence", "licence"),
        ("You retain all rights and remain the owner of the copyright", "ownership"),
        ("Payouts are made monthly once your earnings reach $10", "monetisation"),
        ("We may suspend or terminate your account and remove your Content", "termination"),
        ("Any dispute will be resolved by binding arbitration; you waive class action", "disputes"),
        ("We may share your personal data with partners", "privacy"),
        ("We may modify these Terms at any time; continued use means acceptance", "terms-changes"),
    ],
)
def test_vocabulary_finds_each_topic(text: str, topic: str) -> None:
    assert topic in tag(text)


def test_unrelated_text_has_no_topic() -> None:
    assert not tag("The Platform is available in several languages and colours.")
    assert not tag("Please read these pages carefully before you continue.")


def test_royalty_free_is_a_licence_term_not_a_payout() -> None:
    found = tag("a royalty-free licence")
    assert "licence" in found and "monetisation" not in found


def test_ai_outranks_licence_outranks_ownership_outranks_the_rest() -> None:
    ai = assess("content may be used to train machine learning models", "")
    licence = assess("you grant a perpetual, irrevocable licence", "")
    ownership = assess("you keep ownership of your copyright", "")
    disputes = assess("disputes go to arbitration", "")
    assert ai.score > licence.score > ownership.score > disputes.score
    assert all(item.material for item in (ai, licence, ownership, disputes))
    assert TOPICS[:3] == ("ai", "licence", "ownership")


def test_date_only_changes_are_never_material() -> None:
    verdict = assess("Last amended: May 21, 2025", "", substantive=False)
    assert not verdict.material


def test_licence_context_makes_a_topicless_edit_material() -> None:
    verdict = assess("within 90 days", "Grant of license: you grant us a licence")
    assert verdict.material and verdict.topics == ("licence",)


def test_plain_edit_outside_key_topics_is_not_material() -> None:
    assert not assess("in several languages", "Languages of the Platform").material


def _soundcloud(settings: Settings, since: str, until: str) -> DocumentDiff:
    store = ClauseStore.open(settings)
    before, after = pick_pair(store.load_registry(), "soundcloud", "terms-of-use", since, until)
    assert (before.version_date, after.version_date) == (since, until)
    return diff_versions(store, before, after)


def test_soundcloud_2018_to_2024_lists_the_ai_clause_first(ask_settings: Settings) -> None:
    diff = _soundcloud(ask_settings, "2018-05-25", "2024-02-07")
    first = diff.changes[0]
    assert first.material and first.topics[0] == "ai" and "licence" in first.topics
    assert first.after_text and "inform, train, develop" in first.after_text
    assert first.before_text and "inform, train" not in first.before_text
    assert "{+" in first.marked() and "train" in first.marked()


def test_soundcloud_2024_to_2025_lists_the_ai_rewrite_first(ask_settings: Settings) -> None:
    diff = _soundcloud(ask_settings, "2024-02-07", "2025-05-27")
    first = diff.changes[0]
    assert first.kind == "modified" and first.material and first.topics[0] == "ai"
    assert first.before_text and "inform, train, develop" in first.before_text
    assert first.after_text and "We will not use your content to train generative AI" in (
        first.after_text
    )
    # Formatting-only edits between these versions are not listed at all.
    assert len(diff.changes) < 15
