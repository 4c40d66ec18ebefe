"""The version registry: what the store holds, which version is in force, and its JSON record
(the commit point of an ingest)."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date

from fineprint.catalog.registry import Registry, VersionRecord, clause_record_id


def record(platform: str, document: str, day: str, **extra: object) -> VersionRecord:
    values: dict[str, object] = {
        "platform": platform,
        "document": document,
        "version_date": day,
        "platform_name": platform.title(),
        "document_name": document.replace("-", " ").title(),
        "content_hash": "hash-" + day,
        "split_tag": "s1",
        "clause_count": 3,
    }
    values.update(extra)
    return VersionRecord(**values)  # type: ignore[arg-type]


OLD = record("soundcloud", "terms-of-use", "2018-05-25")
MID = record("soundcloud", "terms-of-use", "2024-02-07")
NEW = record("soundcloud", "terms-of-use", "2026-08-17")
DISTROKID = record("distrokid", "terms-of-service", "2024-09-19")
PRIVACY = record("soundcloud", "privacy-policy", "2023-01-01")


def registry(*records: VersionRecord) -> Registry:
    return Registry().with_versions(records)


def test_a_record_names_its_version_day_and_clause_ids() -> None:
    assert MID.version_id == "soundcloud/terms-of-use/2024-02-07"
    assert MID.day == date(2024, 2, 7)
    assert MID.clause_ids() == [
        "soundcloud/terms-of-use/2024-02-07#s1#0000",
        "soundcloud/terms-of-use/2024-02-07#s1#0001",
        "soundcloud/terms-of-use/2024-02-07#s1#0002",
    ]
    assert record("a", "b", "2020-01-01", clause_count=0).clause_ids() == []


def test_clause_record_ids_sort_in_clause_order() -> None:
    ids = [clause_record_id("a/b/2020-01-01", "s1", n) for n in (2, 10, 9, 100)]
    assert sorted(ids) == [clause_record_id("a/b/2020-01-01", "s1", n) for n in (2, 9, 10, 100)]


def test_json_round_trip_keeps_everything() -> None:
    named = record("deezer", "conditions", "2021-03-04", platform_name="Deezer — Conditions")
    original = Registry(generation=7, flags_synced=False, model="minilm-terms:abc")
    original = original.with_versions([named, DISTROKID], model="stock:def")
    text = original.to_json()
    assert "Deezer — Conditions" in text  # stored as written, not \u-escaped
    assert Registry.from_json(text) == original


def test_a_record_from_before_flags_and_models_reads_with_defaults() -> None:
    text = json.dumps({"generation": 3, "versions": [asdict(OLD)]})
    loaded = Registry.from_json(text)
    assert loaded.generation == 3 and loaded.flags_synced and loaded.model == ""
    assert loaded.versions == {OLD.version_id: OLD}
    assert Registry.from_json("{}") == Registry()


def test_with_versions_is_a_new_uncommitted_generation() -> None:
    first = Registry(model="minilm-terms:abc").with_versions([OLD, MID])
    assert (first.generation, first.flags_synced, first.model) == (1, False, "minilm-terms:abc")
    re_split = record("soundcloud", "terms-of-use", "2024-02-07", split_tag="s2", clause_count=5)
    second = first.with_versions([re_split, NEW], model="stock:def")
    assert second.generation == 2 and second.model == "stock:def"
    assert second.versions[MID.version_id] == re_split  # same version id: replaced
    assert len(second.versions) == 3
    assert first.versions[MID.version_id] == MID  # the older generation is untouched
    assert second.synced().flags_synced and second.synced().versions == second.versions


def test_empty_platforms_and_documents() -> None:
    assert Registry().is_empty and not registry(OLD).is_empty
    full = registry(NEW, DISTROKID, OLD, PRIVACY)
    assert full.platforms() == ["distrokid", "soundcloud"]
    assert full.documents() == [
        ("distrokid", "terms-of-service"),
        ("soundcloud", "privacy-policy"),
        ("soundcloud", "terms-of-use"),
    ]
    assert full.documents("soundcloud") == [
        ("soundcloud", "privacy-policy"),
        ("soundcloud", "terms-of-use"),
    ]
    assert full.documents("nobody") == []


def test_history_is_oldest_first_whatever_the_order_of_ingest() -> None:
    full = registry(NEW, OLD, DISTROKID, MID)
    assert full.history("soundcloud", "terms-of-use") == [OLD, MID, NEW]
    assert full.current("soundcloud", "terms-of-use") == NEW
    assert full.history("soundcloud", "nothing") == []
    assert full.current("soundcloud", "nothing") is None


def test_the_version_in_force_is_the_newest_dated_on_or_before_the_day() -> None:
    full = registry(OLD, MID, NEW)
    assert full.in_force("soundcloud", "terms-of-use", date(2024, 2, 6)) == OLD
    assert full.in_force("soundcloud", "terms-of-use", date(2024, 2, 7)) == MID  # its own day
    assert full.in_force("soundcloud", "terms-of-use", date(2030, 1, 1)) == NEW
    assert full.in_force("soundcloud", "terms-of-use", date(2018, 5, 24)) is None  # younger


def test_current_ids_and_selected_versions_take_one_version_per_document() -> None:
    full = registry(OLD, MID, NEW, DISTROKID, PRIVACY)
    assert full.current_ids() == {NEW.version_id, DISTROKID.version_id, PRIVACY.version_id}
    assert {r.version_id for r in full.selected_versions(None)} == full.current_ids()
    in_2023 = full.selected_versions(date(2023, 6, 1))
    assert in_2023 == [PRIVACY, OLD]  # DistroKid's terms are younger; documents in key order


# --- printed dates beside capture dates (issue 20) ------------------------------------------


def _with_date(record: VersionRecord, effective: str) -> VersionRecord:
    from dataclasses import replace as _replace

    from fineprint.catalog.version_facts import VersionFacts

    return _replace(record, facts=VersionFacts(effective_date=effective))


def test_as_of_uses_a_believable_printed_effective_date() -> None:
    from datetime import date as _date

    from fineprint.catalog.registry import in_force_dates
    from tests.fineprint.catalog.corpus_texts import record as corpus_record

    names = ["2023-10-19", "2024-02-15", "2025-09-01"]
    history = [corpus_record(f"bandcamp/terms-of-service/{day}") for day in names]
    registry = Registry(versions={r.version_id: r for r in history})
    # 2023-10-19 says October 18, 2023; 2024-02-15 says "February 14, 2023", before the
    # previous capture (not believable: its capture date counts); 2025-09-01 says November
    # 11, 2024, after the previous capture.
    assert in_force_dates(history) == [
        _date(2023, 10, 18),
        _date(2024, 2, 15),
        _date(2024, 11, 11),
    ]
    in_force = registry.in_force("bandcamp", "terms-of-service", _date(2025, 1, 1))
    assert in_force is not None and in_force.version_date == "2025-09-01"
    assert registry.in_force_from(history[2]) == _date(2024, 11, 11)


def test_a_page_showing_next_months_terms_applies_from_their_date() -> None:
    from datetime import date as _date

    from tests.fineprint.catalog.corpus_texts import record as corpus_record

    history = [
        corpus_record("x-twitter/terms-of-service/2023-04-18"),
        corpus_record("x-twitter/terms-of-service/2024-10-21"),  # effective 2024-11-15
    ]
    registry = Registry(versions={r.version_id: r for r in history})
    before = registry.in_force("x-twitter", "terms-of-service", _date(2024, 11, 1))
    after = registry.in_force("x-twitter", "terms-of-service", _date(2024, 11, 20))
    assert before is not None and before.version_date == "2023-04-18"
    assert after is not None and after.version_date == "2024-10-21"


def test_a_first_version_dated_after_its_capture_answers_from_its_capture() -> None:
    from datetime import date as _date

    from fineprint.catalog.registry import in_force_dates

    first = _with_date(record("a", "terms", "2024-10-21"), "2024-11-15")
    later = _with_date(record("a", "terms", "2025-03-01"), "2031-01-01")  # past MAX_AHEAD
    assert in_force_dates([first, later]) == [_date(2024, 10, 21), _date(2025, 3, 1)]


def test_a_registry_without_facts_reads_and_unknown_keys_are_ignored() -> None:
    old = json.loads(Registry(versions={"x": record("a", "terms", "2024-01-01")}).to_json())
    for item in old["versions"]:
        del item["facts"]  # as written before facts existed
    loaded = Registry.from_json(json.dumps(old))
    only = next(iter(loaded.versions.values()))
    assert only.facts.effective_date == "" and only.facts.variant == ""
    newer = json.loads(Registry(versions={"x": record("a", "terms", "2024-01-01")}).to_json())
    newer["versions"][0]["facts"]["from_the_future"] = 1
    newer["versions"][0]["also_new"] = "x"
    assert Registry.from_json(json.dumps(newer)).versions


def test_facts_round_trip_through_the_registry_json() -> None:
    from tests.fineprint.catalog.corpus_texts import record as corpus_record

    original = corpus_record("youtube/terms-of-service/2021-05-18")
    registry = Registry(versions={original.version_id: original})
    loaded = Registry.from_json(registry.to_json()).versions[original.version_id]
    assert loaded.facts == original.facts
    assert loaded.facts.variant_label == "EEA terms (Google Ireland Limited)"
