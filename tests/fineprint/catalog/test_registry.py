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
