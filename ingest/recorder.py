"""Recording: what one live check of a document found, compared with the newest stored version.

The extracted text is compared with the stored body after normalisation (`comparable`: markup,
links, quotes, spacing and punctuation spacing do not count). The same text records only a check
time; a real change is written as a dated snapshot in the data directory (`snapshots`), which the
run then ingests. A snapshot the ingest refuses is deleted and its check fails, so a bad page
never lingers as a version. The last stage of a live re-fetch (`ingest/fetch.py`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from ingest.fetcher import FetchError
from ingest.snapshots import snapshot_path, write_snapshot

if TYPE_CHECKING:
    from fineprint.settings import Settings
    from fineprint.store import ClauseStore
    from ingest.pipeline import IngestReport

Status = Literal["new-version", "unchanged", "failed"]


@dataclass(frozen=True)
class Target:
    """One document to check: its slugs, its live URL, and the names a snapshot's front matter
    gives it."""

    platform: str
    document: str
    url: str
    platform_name: str
    document_name: str


@dataclass
class DocumentCheck:
    """What happened to one document in one run."""

    platform: str
    document: str
    url: str
    status: Status
    detail: str = ""
    version_date: str | None = None
    snapshot: Path | None = None

    def as_dict(self) -> dict[str, object]:
        return {
            "platform": self.platform,
            "document": self.document,
            "url": self.url,
            "status": self.status,
            "detail": self.detail,
            "version_date": self.version_date,
            "snapshot": str(self.snapshot) if self.snapshot else None,
        }


def check_entry(url: str, status: Status, version_date: str | None) -> dict[str, object]:
    """A document's line in the check file (`snapshots.record_checks`), stamped now."""
    return {
        "checked_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "url": url,
        "status": status,
        "version_date": version_date,
    }


def _stored_text(store: ClauseStore, platform: str, document: str) -> tuple[str, str] | None:
    """(version date, comparable body) of the newest stored version."""
    from fineprint.catalog.alignment import comparable

    record = store.load_registry().current(platform, document)
    if record is None:
        return None
    return record.version_date, comparable(store.body(record.version_id) or "")


def record(
    settings: Settings,
    store: ClauseStore,
    target: Target,
    check: DocumentCheck,
    final_url: str,
    text: str,
    day: date,
) -> dict[str, object] | None:
    """Fill `check` from the extracted `text`: unchanged, or a new version snapshotted under
    `day`. Returns the check-file entry of an unchanged page; a new version's entry waits until
    its ingest succeeds (`settle_new_versions`)."""
    from fineprint.catalog.alignment import comparable

    stored = _stored_text(store, target.platform, target.document)
    if stored is not None and stored[1] == comparable(text):
        check.status, check.detail = "unchanged", f"same text as {stored[0]}"
        check.version_date = stored[0]
        return check_entry(target.url, "unchanged", stored[0])
    if stored is not None and stored[0] >= day.isoformat():
        raise FetchError(
            f"the text changed, but the newest stored version is dated {stored[0]}; "
            f"a new version needs a later date than that"
        )
    path = snapshot_path(settings.data_dir, target.platform, target.document, day)
    write_snapshot(
        path,
        platform_name=target.platform_name,
        document_name=target.document_name,
        day=day,
        url=final_url,
        fetched_at=datetime.now(UTC),
        body=text,
    )
    check.status, check.version_date, check.snapshot = "new-version", day.isoformat(), path
    check.detail = f"changed since {stored[0]}" if stored else "first version"
    return None


def settle_new_versions(
    new: list[DocumentCheck], ingest: IngestReport
) -> dict[str, dict[str, object]]:
    """After the ingest of the snapshots: a refused one fails its check and is deleted; the
    others are recorded as checked (returned, by `platform/document`)."""
    problems = dict(ingest.skipped)
    checked: dict[str, dict[str, object]] = {}
    for check in new:
        problem = problems.get(str(check.snapshot))
        if problem is not None:
            check.status, check.detail = "failed", f"ingest refused the snapshot: {problem}"
            if check.snapshot:
                check.snapshot.unlink(missing_ok=True)
            check.snapshot = None
        else:
            key = f"{check.platform}/{check.document}"
            checked[key] = check_entry(check.url, "new-version", check.version_date)
    return checked
