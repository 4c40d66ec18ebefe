"""ingest.ota.grouping: re-captures, flip-flops and trivial edits never become changes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from ingest.ota.captures import read
from ingest.ota.grouping import Policy, changed_words, chosen, kept_share, walk
from ingest.ota.history import Capture, CommitKind
from tests.ingest.ota.dataset_repo import AI_CLAUSE, terms

START = datetime(2024, 1, 1, tzinfo=UTC)


def captures(*texts: tuple[str, CommitKind], hours: int = 12) -> list[tuple[Capture, object]]:
    found = []
    for n, (text, kind) in enumerate(texts):
        when = START + timedelta(hours=hours * n)
        found.append(
            (Capture(f"c{n}", when, kind, "Acme/Terms of Service.md", f"b{n}"), read(text))
        )
    return found


def outcomes(pairs: list[tuple[Capture, object]], policy: Policy = Policy.DISTINCT) -> list[str]:
    return [step.outcome for step in walk(pairs, policy)]  # type: ignore[arg-type]


CHANGE, UPGRADE = CommitKind.CHANGE, CommitKind.UPGRADE


def test_a_footer_flipping_between_variants_is_the_same_text() -> None:
    pairs = captures(*[(terms(footer="ab"[n % 2]), CHANGE) for n in range(8)])
    assert outcomes(pairs) == ["version"] + ["same"] * 7


def test_a_page_flipping_between_two_texts_is_one_version_not_a_change_each_day() -> None:
    a, b = terms(), terms().replace("e-mail", "email") + "\n\nPremium members enjoy ad-free videos."
    pairs = captures(*[((a, b)[n % 2], CHANGE) for n in range(10)])
    steps = walk(pairs, Policy.ALL)  # type: ignore[arg-type]
    assert [s.outcome for s in chosen(steps)] == ["version"]
    assert {s.outcome for s in steps[1:]} <= {"same", "flip-flop"}


def test_a_technical_upgrade_that_keeps_the_terms_is_a_recapture() -> None:
    upgraded = terms() + "\n\nThese terms were last updated on the first of January 2024."
    pairs = captures((terms(), CHANGE), (upgraded, UPGRADE), (terms(extra=AI_CLAUSE), CHANGE))
    assert outcomes(pairs) == ["version", "recapture", "version"]


def test_a_technical_upgrade_that_brings_new_terms_is_a_change() -> None:
    rewritten = (
        terms(extra=AI_CLAUSE)
        .replace("Ireland", "California")
        .replace("Dublin", "San Francisco County")
    )
    rewritten = rewritten.replace("You keep ownership", "Acme owns a copy")
    pairs = captures((terms(), CHANGE), (rewritten + ("\n\nNew rules. " * 40), UPGRADE))
    assert outcomes(pairs) == ["version", "new-terms-upgrade"]


def test_trivial_edits_are_grouped_by_default_and_kept_when_all_are_asked_for() -> None:
    typo = terms().replace("without notice", "without prior notice")
    pairs = captures((terms(), CHANGE), (typo, CHANGE))
    assert outcomes(pairs, Policy.DISTINCT) == ["version", "trivial"]
    assert outcomes(pairs, Policy.ALL) == ["version", "version"]


def test_a_day_keeps_one_version_its_last() -> None:
    second = terms(extra=AI_CLAUSE)
    third = second.replace("machine learning", "machine-learning and statistical") + " Really."
    pairs = captures((terms(), CHANGE), (second, CHANGE), (third, CHANGE), hours=6)
    kept = chosen(walk(pairs, Policy.ALL))  # type: ignore[arg-type]
    assert [step.capture.commit for step in kept] == ["c2"]


def test_changed_words_count_words_not_sentences() -> None:
    before = terms()
    assert changed_words(before, before) == 0
    assert changed_words(before, before.replace("spam", "junk mail")) == 2
    assert kept_share(before, before) == 1.0
