"""What a changed clause says before and after: form, names and re-cuts are no change;
modal verbs, negations and numbers are."""

from __future__ import annotations

from fineprint.changes.meaning import (
    NAME,
    compare,
    meaning_words,
    modals,
    numbers,
    version_sentences,
)


def test_form_folds_away() -> None:
    plain = meaning_words("You may delete your licence at any time.")
    assert (
        meaning_words("**1.2** You may [delete](https://x.example/d) your LICENCE at any time!")
        == plain
    )
    assert meaning_words("(a) You may delete your license at any time;") == plain


def test_names_fold_to_one_placeholder() -> None:
    twitter = meaning_words("You agree that Twitter may use your posts.", names=True)
    x_corp = meaning_words("You agree that X Corp. may use your posts.", names=True)
    assert twitter == x_corp and NAME in twitter


def test_rule_words_and_numbers() -> None:
    assert modals("We will not sell it unless you agree") == {"will", "not", "unless"}
    assert numbers("within 30 days, by January 5, 2024 (see 2023 report)") == {"30"}


def test_punctuation_case_and_links_only_is_the_same() -> None:
    delta = compare(
        "Read the [Privacy Policy](https://a.example). We may share data.",
        "Read the privacy policy (https://b.example) — we may share data!",
    )
    assert delta.same and delta.size == 0


def test_modal_change_is_caught() -> None:
    delta = compare(
        "We may remove your content if it breaks these rules.",
        "We will remove your content if it breaks these rules.",
    )
    assert not delta.same
    assert set(delta.modal_shift) == {"may", "will"}


def test_number_change_is_caught() -> None:
    delta = compare(
        "We will give you 30 days' notice of any change.",
        "We will give you 14 days' notice of any change.",
    )
    assert delta.number_shift == ("14", "30")


def test_negation_added_is_caught() -> None:
    delta = compare(
        "We use your content to train our models.",
        "We do not use your content to train our models.",
    )
    assert delta.negation_shift and "not" in delta.words_in


def test_a_sentence_present_elsewhere_in_the_other_version_is_a_recut() -> None:
    moved = "You are responsible for the content you upload to the service."
    before_version = version_sentences(["Welcome to the service.", moved])
    after_version = version_sentences(["Welcome to the service. " + moved])
    delta = compare(moved, None, before_version, after_version)
    assert delta.same and delta.recut == 1


def test_an_edited_sentence_is_not_a_recut_of_itself() -> None:
    before = "We may share your personal data with our partners for advertising."
    after = "We will share your personal data with our partners for advertising."
    delta = compare(before, after, version_sentences([before]), version_sentences([after]))
    assert not delta.same and delta.recut == 0


def test_a_new_address_moves_no_words() -> None:
    delta = compare(
        "You may terminate by notice in writing to SoundCloud at Rheinsberger Str. 76/77, "
        "10115 Berlin, Germany confirming such termination.",
        "You may terminate by notice in writing to SoundCloud at Karl-Marx-Strasse 101, "
        "12043 Berlin, Germany confirming such termination.",
    )
    assert delta.size == 0 and not delta.modal_shift and not delta.negation_shift


def test_the_indexed_version_finds_what_a_full_scan_finds() -> None:
    from fineprint.catalog.closeness import Sentences
    from fineprint.changes.meaning import VersionSentences

    texts = [
        "We may share your personal data with our partners. You may delete your account.",
        "You are responsible for the content you upload. We may remove content at any time.",
        "These terms are governed by the laws of Ireland.",
    ]
    indexed = version_sentences(texts)
    plain = Sentences(indexed.items)
    assert isinstance(indexed, VersionSentences)
    for text in ("We may remove your content at any time.", "We share personal data.", "Hi."):
        needle = meaning_words(text, names=True)
        for floor in (0.3, 0.7):
            assert indexed.above(needle, floor) == plain.above(needle, floor)
