"""Recording (`ingest/recorder.py`): an extracted text compared with the newest stored version
of the real store; a check time when it is the same, a dated snapshot when it changed, and a
refused snapshot deleted."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from fineprint.settings import Settings
from fineprint.store import ClauseStore
from ingest.documents import read_corpus_file
from ingest.extract import extract_text
from ingest.fetcher import FetchError
from ingest.pipeline import IngestReport, run_ingest
from ingest.recorder import DocumentCheck, Target, check_entry, record, settle_new_versions
from ingest.request import IngestRequest
from tests.conftest import MemoEmbedder
from tests.ingest.pages import page

TARGET = Target("soundcloud", "terms-of-use", "https://example.com/terms", "SoundCloud", "Terms")


def check() -> DocumentCheck:
    return DocumentCheck(TARGET.platform, TARGET.document, TARGET.url, "failed")


def recorded(
    settings: Settings, text: str, day: str
) -> tuple[DocumentCheck, dict[str, object] | None]:
    """(the check, the check-file entry) after recording `text` as fetched on `day`."""
    found = check()
    store = ClauseStore.open(settings)
    final_url = "https://example.com/final"
    entry = record(settings, store, TARGET, found, final_url, text, date.fromisoformat(day))
    return found, entry


def test_a_first_version_is_a_dated_snapshot_with_its_names_and_final_url(
    embedded_settings: Settings,
) -> None:
    text = extract_text(page("2018-05-25"))
    found, entry = recorded(embedded_settings, text, "2025-01-01")
    assert entry is None  # its check-file entry waits for the ingest
    assert (found.status, found.detail, found.version_date) == (
        "new-version",
        "first version",
        "2025-01-01",
    )
    snapshot = embedded_settings.data_dir / "snapshots/soundcloud/terms-of-use/2025-01-01.md"
    assert found.snapshot == snapshot
    document = read_corpus_file(snapshot)
    assert (document.platform_name, document.document_name) == ("SoundCloud", "Terms")
    assert document.source_url == "https://example.com/final"
    assert document.body.strip() == text


def test_the_same_text_records_a_check_and_a_change_needs_a_later_date(
    embedded_settings: Settings, embedder: MemoEmbedder
) -> None:
    first, _ = recorded(embedded_settings, extract_text(page("2018-05-25")), "2025-01-01")
    assert first.snapshot is not None
    run_ingest(IngestRequest(embedded_settings, paths=(first.snapshot,), embedder=embedder))

    styled = extract_text(page("2018-05-25", styled=True))
    same, entry = recorded(embedded_settings, styled, "2025-01-02")
    assert (same.status, same.detail, same.snapshot) == (
        "unchanged",
        "same text as 2025-01-01",
        None,
    )
    assert entry is not None and entry["status"] == "unchanged"

    changed = extract_text(page("2024-02-07"))
    with pytest.raises(FetchError, match="needs a later date"):
        recorded(embedded_settings, changed, "2025-01-01")
    later, _ = recorded(embedded_settings, changed, "2025-02-01")
    assert (later.status, later.detail) == ("new-version", "changed since 2025-01-01")


def test_a_refused_snapshot_fails_its_check_and_is_deleted(tmp_path: Path) -> None:
    refused, accepted = check(), check()
    refused.snapshot = tmp_path / "refused.md"
    refused.snapshot.write_text("x")
    accepted.platform, accepted.snapshot = "youtube", tmp_path / "accepted.md"
    accepted.version_date = "2025-01-01"
    ingest = IngestReport(skipped=[(str(refused.snapshot), "is empty")])
    checked = settle_new_versions([refused, accepted], ingest)
    assert (refused.status, refused.detail) == ("failed", "ingest refused the snapshot: is empty")
    assert refused.snapshot is None and not (tmp_path / "refused.md").exists()
    assert list(checked) == ["youtube/terms-of-use"]
    assert checked["youtube/terms-of-use"]["status"] == "new-version"


def test_a_check_entry_is_stamped_now() -> None:
    entry = check_entry("https://example.com/terms", "unchanged", "2025-01-01")
    assert list(entry) == ["checked_at", "url", "status", "version_date"]
    stamped = datetime.fromisoformat(str(entry["checked_at"]))
    assert abs((datetime.now(UTC) - stamped).total_seconds()) < 60
