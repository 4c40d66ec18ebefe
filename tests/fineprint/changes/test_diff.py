"""Clause alignment and classification, on small real-looking clauses and on the store."""

from __future__ import annotations

from datetime import date

from fineprint.catalog.clauses import Clause
from fineprint.changes.diff import diff_clauses, diff_versions, pick_pair, rank, word_diff
from fineprint.settings import Settings
from fineprint.store import ClauseStore

LICENCE = (
    "By uploading your Content, you grant a limited, worldwide, non-exclusive, royalty-free "
    "licence to other users to listen to, repost and share your Content."
)
TERMINATION = (
    "SoundCloud may suspend your access to the Platform and terminate this Agreement if you "
    "repeatedly infringe the rights of others."
)
LANGUAGES = "The Platform is offered in English, German, French and Spanish for your convenience."
AI = (
    "You explicitly agree that your Content may be used to inform, train, develop or serve as "
    "input to artificial intelligence technologies."
)


def clause(text: str, section: tuple[str, ...], ordinal: int, day: str = "2020-01-01") -> Clause:
    return Clause(
        platform="demo",
        document="terms",
        version_date=date.fromisoformat(day),
        section=section,
        text=text,
        start=0,
        end=len(text),
        ordinal=ordinal,
    )


def version(day: str, *items: tuple[str, tuple[str, ...]]) -> list[Clause]:
    return [clause(text, section, n, day) for n, (text, section) in enumerate(items)]


def kinds(changes: list) -> list[str]:
    return [change.kind for change in changes]


def test_identical_versions_are_all_unchanged() -> None:
    old = version("2020-01-01", (LICENCE, ("Licence",)), (TERMINATION, ("Termination",)))
    new = version("2021-01-01", (LICENCE, ("Licence",)), (TERMINATION, ("Termination",)))
    assert kinds(diff_clauses(old, new)) == ["unchanged", "unchanged"]
    assert rank(diff_clauses(old, new)) == []


def test_formatting_only_changes_are_unchanged() -> None:
    old = version("2020-01-01", (LICENCE, ("7. Licence",)), (LANGUAGES, ("Languages",)))
    styled = (
        LICENCE.replace("your Content", "**your Content**")
        .replace("share", "[share](https://example.com/share)")
        .replace(", ", " , ")
    )
    new = version(
        "2021-01-01",
        (styled, ("8. Licence",)),  # renumbered section
        ("“" + LANGUAGES.replace(" and ", "  and\n") + "”", ("Languages",)),
    )
    old_quoted = version(
        "2020-01-01", (LICENCE, ("7. Licence",)), ('"' + LANGUAGES + '"', ("Languages",))
    )
    assert kinds(diff_clauses(old_quoted, new)) == ["unchanged", "unchanged"]
    assert kinds(diff_clauses(old, old)) == ["unchanged", "unchanged"]


def test_renumbered_list_item_is_unchanged() -> None:
    old = version("2020-01-01", ("(xi) You must not stalk other users.", ("Use", "(xi)")))
    new = version("2021-01-01", ("(xii) You must not stalk other users.", ("Use", "(xii)")))
    assert kinds(diff_clauses(old, new)) == ["unchanged"]


def test_added_removed_modified_and_moved() -> None:
    old = version(
        "2020-01-01",
        (LICENCE, ("Licence",)),
        (LANGUAGES, ("Languages",)),
        (TERMINATION, ("Termination",)),
    )
    new = version(
        "2021-01-01",
        (LICENCE + " " + AI, ("Licence",)),
        (TERMINATION, ("Ending the agreement",)),
        ("Payouts are made monthly once your earnings reach ten dollars.", ("Payouts",)),
    )
    changes = diff_clauses(old, new)
    by_kind = {change.kind: change for change in changes}
    assert sorted(by_kind) == ["added", "modified", "moved", "removed"]
    modified = by_kind["modified"]
    assert modified.before_text == LICENCE and modified.after_text == LICENCE + " " + AI
    assert [op.op for op in modified.words] == ["=", "+"]
    assert modified.words[1].text == AI
    assert modified.topics[0] == "ai" and modified.material
    assert by_kind["moved"].section == "Ending the agreement" and not by_kind["moved"].material
    assert by_kind["removed"].before_text == LANGUAGES and by_kind["removed"].after is None
    assert by_kind["added"].topics == ("monetisation",)
    ranked = rank(changes)
    assert ranked[0] is modified
    assert not ranked[-1].material


def test_a_sentence_moved_to_the_next_paragraph_is_not_new_text() -> None:
    first, second = "You keep ownership of your uploads.", LANGUAGES
    old = version("2020-01-01", (f"{LICENCE} {first}", ("Licence",)), (second, ("Licence",)))
    new = version("2021-01-01", (LICENCE, ("Licence",)), (f"{first} {second}", ("Licence",)))
    changes = rank(diff_clauses(old, new))
    assert changes and not any(change.material for change in changes)


def test_word_diff_marks_deletions_and_insertions() -> None:
    ops = word_diff("we may use your content", "we will not use your content")
    assert [(op.op, op.text) for op in ops] == [
        ("=", "we"),
        ("-", "may"),
        ("+", "will not"),
        ("=", "use your content"),
    ]


def test_date_bump_is_listed_but_not_material() -> None:
    old = version("2020-01-01", ("Last amended: February 7, 2024 by the legal team.", ("Top",)))
    new = version("2021-01-01", ("Last amended: May 21, 2025 by the legal team.", ("Top",)))
    (change,) = diff_clauses(old, new)
    assert change.kind == "modified" and not change.material


def test_store_diff_quotes_are_verbatim_slices_of_the_bodies(ask_settings: Settings) -> None:
    store = ClauseStore.open(ask_settings)
    registry = store.load_registry()
    before, after = pick_pair(registry, "soundcloud", "terms-of-use", "2018-05-25", "2024-02-07")
    diff = diff_versions(store, before, after)
    old_body, new_body = store.body(before.version_id), store.body(after.version_id)
    assert old_body and new_body
    for change in diff.changes:
        assert change.kind in {"added", "removed", "modified", "moved"}
        assert change.before_text is None or change.before_text in old_body
        assert change.after_text is None or change.after_text in new_body
    assert diff.unchanged > 0
    materials = [change.material for change in diff.changes]
    assert materials == sorted(materials, reverse=True)  # material ones first


def test_pick_pair_defaults_to_the_two_newest(ask_settings: Settings) -> None:
    registry = ClauseStore.open(ask_settings).load_registry()
    history = registry.history("soundcloud", "terms-of-use")
    assert pick_pair(registry, "soundcloud", "terms-of-use") == (history[-2], history[-1])
    before, after = pick_pair(registry, "soundcloud", "terms-of-use", until="2024-12-31")
    assert (before.version_date, after.version_date) == ("2018-05-25", "2024-02-07")


# --- rewritten and re-cut clauses (issue 11) -----------------------------------------------

S1 = "You retain all of your ownership rights in your Content at all times."
S2 = "You grant us a worldwide licence to host, store and display your Content on the Service."
S3 = "This licence ends when you delete your Content from the Service, subject to backups."
S4 = "Other users may share your public Content through the features we provide to them."


def test_a_clause_split_in_two_is_modified_twice_not_added() -> None:
    old = version("2020-01-01", (f"{S1} {S2} {S3} {S4}", ("5. Your Content",)))
    new = version(
        "2021-01-01", (f"{S1} {S2}", ("6. Your Content",)), (f"{S3} {S4}", ("6. Your Content",))
    )
    changes = diff_clauses(old, new)
    assert kinds(changes) == ["modified", "modified"]
    assert all(change.before is old[0] for change in changes)


def test_clauses_merged_into_one_are_not_a_material_removal() -> None:
    old = version("2020-01-01", (f"{S1} {S2}", ("Content",)), (f"{S3} {S4}", ("Licence",)))
    new = version("2021-01-01", (f"{S1} {S2} {S3} {S4}", ("Content",)))
    changes = diff_clauses(old, new)
    assert "added" not in kinds(changes)
    assert not any(change.material for change in changes)


def test_a_rewritten_clause_keeping_one_sentence_is_modified() -> None:
    long_old = (
        f"3. For clarity, you retain all of your ownership rights in your Content. {S2} {S3} "
        "The above licences granted by you in user comments you submit are perpetual and "
        "irrevocable. You understand that we may retain server copies of removed videos."
    )
    old = version("2013-01-01", (long_old, ("6. Your Content", "C.")))
    new = version(
        "2020-01-01",
        (
            "You retain all of your ownership rights in your Content. In short, what belongs to "
            "you stays yours.",
            ("Rights you grant",),
        ),
    )
    assert kinds(diff_clauses(old, new)) == ["modified"]


def test_youtubes_rewritten_ownership_clause_is_modified_in_the_store_diff(
    ask_settings: Settings,
) -> None:
    """YouTube's 2020 rewrite re-cut section 6.C: `fineprint changes` shows the ownership
    clause as modified (with the 2013 paragraph as its before), not as a new clause."""
    store = ClauseStore.open(ask_settings)
    registry = store.load_registry()
    before, after = pick_pair(registry, "youtube", "terms-of-service", "2013-10-23", "2020-11-09")
    diff = diff_versions(store, before, after)
    owned = [
        change
        for change in diff.changes
        if change.after_text and "You retain all of your ownership rights" in change.after_text
    ]
    assert [change.kind for change in owned] == ["modified"]
    assert "you retain all of your ownership rights" in (owned[0].before_text or "")


# --- like with like (issue 21 item 3), on the ask tests' store ------------------------------


def test_youtube_eea_to_us_is_named_a_variant_switch_not_listed(ask_settings: Settings) -> None:
    store = ClauseStore.open(ask_settings)
    registry = store.load_registry()
    before, after = pick_pair(registry, "youtube", "terms-of-service", "2023-02-01", "2026-07-20")
    assert (before.version_date, after.version_date) == ("2023-01-19", "2026-07-15")
    diff = diff_versions(store, before, after)
    assert diff.comparison.verdict == "variant_switch" and diff.changes == []
    assert diff.set_aside and not diff.material  # the differences stay, unlisted
    lines = diff.version_lines()
    assert lines[-1] == (
        "2023-01-19 is the EEA page (Google Ireland Limited); 2026-07-15 the US page "
        "(Google LLC): not compared as a change of terms."
    )
    assert "from 2023-01-19: captured 2023-01-19; the text says effective 2022-01-05" in lines[0]
    data = diff.to_json()
    assert data["comparison"] == "variant_switch" and data["changes"] == []
    assert data["versions"] == {
        "from": {
            "effective_date": "2022-01-05",
            "variant": "eea",
            "variant_label": "EEA terms (Google Ireland Limited)",
        },
        "to": {
            "effective_date": "2022-01-05",
            "variant": "us",
            "variant_label": "US terms (Google LLC)",
        },
    }


def test_two_eea_pages_are_diffed_as_before(ask_settings: Settings) -> None:
    store = ClauseStore.open(ask_settings)
    registry = store.load_registry()
    before, after = pick_pair(registry, "youtube", "terms-of-service", "2021-06-01", "2023-02-01")
    diff = diff_versions(store, before, after)
    assert diff.comparison.comparable and diff.changes and not diff.set_aside
    assert diff.comparison.line == "" and diff.to_json()["note"] is None


def test_x_superseded_terms_are_not_diffed(ask_settings: Settings) -> None:
    """X 2024-10-21 → 2025-12-17: both captures also hold the terms they replace; with those
    left out, the report is the change from the November 2024 terms to the January 2026 ones,
    not a wall of the older edition's clauses."""
    store = ClauseStore.open(ask_settings)
    registry = store.load_registry()
    history = registry.history("x-twitter", "terms-of-service")
    by_date = {record.version_date: record for record in history}
    diff = diff_versions(store, by_date["2024-10-21"], by_date["2025-12-17"])
    assert diff.comparison.comparable
    quoted = " ".join(c.before_text or "" for c in diff.changes)
    assert "September 29, 2023" not in quoted  # the 2023 edition is in neither side's clauses
    assert diff.before_facts.superseded_until == "2024-11-15"
    assert diff.after_facts.superseded_until == "2026-01-15"
