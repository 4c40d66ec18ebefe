"""ingest.ota.history: a versions repository's commits, dates, kinds and renames."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from ingest.ota.history import BlobReader, CommitKind, OtaError, commit_kind, read_log
from tests.ingest.ota.dataset_repo import DatasetRepo


def test_every_capture_of_a_document_is_read_oldest_first_with_its_commit_date(
    acme: DatasetRepo,
) -> None:
    log = read_log(acme.path)
    terms = log.documents["Acme/Terms of Service.md"]
    dates = [capture.recorded_at for capture in terms.captures]
    assert dates == sorted(dates) and len(dates) == 10
    assert dates[0] == datetime(2024, 1, 10, 0, 30, tzinfo=UTC)
    assert [c.kind for c in terms.captures].count(CommitKind.UPGRADE) == 2
    assert terms.captures[0].kind is CommitKind.START
    assert "README.md" not in log.documents and "LICENSE" not in log.documents


def test_a_renamed_document_keeps_its_history_under_its_new_name(acme: DatasetRepo) -> None:
    log = read_log(acme.path)
    assert "Oldco/Terms of Service.md" not in log.documents
    newco = log.documents["Newco/Terms of Service.md"]
    assert newco.service == "Newco" and newco.terms_type == "Terms of Service"
    assert [c.recorded_at.date().isoformat() for c in newco.captures] == [
        "2024-01-15",
        "2024-03-15",
        "2024-04-15",
    ]


def test_a_deleted_document_is_no_longer_tracked(acme: DatasetRepo) -> None:
    acme.git("rm", "-q", "Acme/Privacy Policy.md")
    acme.commit("Delete Acme Privacy Policy", "2024-07-01T00:00:00Z")
    log = read_log(acme.path)
    assert log.documents["Acme/Privacy Policy.md"].deleted_in is not None
    assert "Acme/Privacy Policy.md" not in {doc.path for doc in log.live()}


def test_blobs_are_read_as_the_commit_wrote_them(acme: DatasetRepo) -> None:
    capture = read_log(acme.path).documents["Acme/Privacy Policy.md"].captures[0]
    with BlobReader(acme.path) as blobs:
        text = blobs.texts([capture.blob])[capture.blob]
    assert text == (acme.path / "Acme" / "Privacy Policy.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("subject", "kind"),
    [
        ("Start tracking Threads Terms of Service", CommitKind.START),
        ("First record of BeReal Privacy Policy", CommitKind.START),
        ("Record new changes of Quora Terms of Service", CommitKind.CHANGE),
        ("Update Parler Terms of Service", CommitKind.CHANGE),
        ("Apply technical or declaration upgrade on BeReal Terms of Service", CommitKind.UPGRADE),
        ("Refilter Facebook Terms", CommitKind.UPGRADE),
        ("Merge pull request #7 from OpenTermsArchive/relaunch-pga-2023", CommitKind.OTHER),
    ],
)
def test_the_engines_commit_messages_say_what_a_commit_is(subject: str, kind: CommitKind) -> None:
    assert commit_kind(subject) is kind


def test_a_folder_that_is_not_a_repository_is_refused_by_name(tmp_path: Path) -> None:
    with pytest.raises(OtaError, match="not a git repository"):
        read_log(tmp_path)
