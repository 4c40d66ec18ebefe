"""The version registry: which versions of which documents the store holds.

The registry is one JSON record in Chroma, written last by an ingest. Replacing that single
record is the commit point: readers only see clauses of versions the registry lists (with the
split they were written under), so a run that dies midway leaves the previous state visible.

Each record keeps, beside the capture date that names the version, what its text says about
itself (`VersionFacts`: the date it says it is effective from, its regional variant, the part of
the capture that is the version). A registry written before the facts existed reads with empty
facts; the next ingest fills them in without re-embedding anything.

"As of" a date means the version in force on that date: the newest version whose *in-force
date* is on or before it (`Registry.in_force`). A version is in force from the effective date
its text prints when that date is believable, else from its capture date (`in_force_dates`).
The archive records a version when it notices the change, often months after the platform made
it effective (Bandcamp's capture of 2025-09-01 prints "Effective Date: November 11, 2024"), so
the printed date says better when the terms applied; the capture date stays the version's name.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import date, timedelta

from fineprint.catalog.clauses import version_id
from fineprint.catalog.version_facts import VersionFacts

MAX_AHEAD = timedelta(days=183)  # a printed effective date further after its capture is a typo


@dataclass(frozen=True, slots=True)
class VersionRecord:
    """One ingested version of one document."""

    platform: str
    document: str
    version_date: str  # YYYY-MM-DD
    platform_name: str
    document_name: str
    content_hash: str
    split_tag: str  # changes when the body or the splitter changes; part of clause ids
    clause_count: int
    source_url: str = ""
    language: str = "en"
    path: str = ""
    facts: VersionFacts = field(default_factory=VersionFacts)

    # Imported from a versions dataset (`ingest.ota`): its name, licence, the credit the
    # licence asks for (shown with every quote) and the other names of the platform there.
    dataset: str = ""
    licence: str = ""
    attribution: str = ""
    aliases: tuple[str, ...] = ()

    @classmethod
    def from_json(cls, item: dict[str, object]) -> VersionRecord:
        """A record as the registry JSON holds it (facts nested; unknown keys ignored)."""
        known = {f.name for f in fields(cls)} - {"facts"}
        values = {key: value for key, value in item.items() if key in known}
        values["aliases"] = tuple(item.get("aliases", ()))  # type: ignore[arg-type]
        return cls(**values, facts=VersionFacts.from_json(item.get("facts")))  # type: ignore[arg-type]

    @property
    def version_id(self) -> str:
        return version_id(self.platform, self.document, self.version_date)

    @property
    def day(self) -> date:
        return date.fromisoformat(self.version_date)

    def clause_ids(self) -> list[str]:
        return [
            clause_record_id(self.version_id, self.split_tag, n) for n in range(self.clause_count)
        ]


def clause_record_id(version_id: str, split_tag: str, ordinal: int) -> str:
    return f"{version_id}#{split_tag}#{ordinal:04d}"


@dataclass(frozen=True)
class Registry:
    """Every committed version, keyed by version id, plus a generation counter."""

    generation: int = 0
    versions: dict[str, VersionRecord] = field(default_factory=dict)
    flags_synced: bool = True  # False between a commit and the is_current metadata refresh
    model: str = ""  # fingerprint of the encoder that made every vector ("" = older stores)

    def to_json(self) -> str:
        return json.dumps(
            {
                "generation": self.generation,
                "flags_synced": self.flags_synced,
                "model": self.model,
                "versions": [asdict(record) for record in self.versions.values()],
            },
            ensure_ascii=False,
        )

    @classmethod
    def from_json(cls, text: str) -> Registry:
        data = json.loads(text)
        records = [VersionRecord.from_json(item) for item in data.get("versions", [])]
        return cls(
            generation=int(data.get("generation", 0)),
            versions={record.version_id: record for record in records},
            flags_synced=bool(data.get("flags_synced", True)),
            model=str(data.get("model", "")),
        )

    def with_versions(self, records: Iterable[VersionRecord], model: str | None = None) -> Registry:
        """A new generation holding these versions too (same id = replaced), all of whose
        vectors were made by `model` (default: the model recorded so far)."""
        versions = dict(self.versions)
        for record in records:
            versions[record.version_id] = record
        return Registry(
            generation=self.generation + 1,
            versions=versions,
            flags_synced=False,
            model=self.model if model is None else model,
        )

    def synced(self) -> Registry:
        return replace(self, flags_synced=True)

    @property
    def is_empty(self) -> bool:
        return not self.versions

    def platforms(self) -> list[str]:
        return sorted({record.platform for record in self.versions.values()})

    def documents(self, platform: str | None = None) -> list[tuple[str, str]]:
        keys = {
            (record.platform, record.document)
            for record in self.versions.values()
            if platform is None or record.platform == platform
        }
        return sorted(keys)

    def history(self, platform: str, document: str) -> list[VersionRecord]:
        """Versions of one document, oldest first."""
        found = [
            record
            for record in self.versions.values()
            if record.platform == platform and record.document == document
        ]
        return sorted(found, key=lambda record: record.version_date)

    def current(self, platform: str, document: str) -> VersionRecord | None:
        history = self.history(platform, document)
        return history[-1] if history else None

    def in_force(self, platform: str, document: str, as_of: date) -> VersionRecord | None:
        """The newest version in force on `as_of` (None if the document is younger): the
        newest capture whose in-force date (`in_force_dates`) is on or before `as_of`."""
        history = self.history(platform, document)
        eligible = [
            record
            for record, start in zip(history, in_force_dates(history), strict=True)
            if start <= as_of
        ]
        return eligible[-1] if eligible else None

    def in_force_from(self, record: VersionRecord) -> date:
        """The date `record` is in force from (see `in_force_dates`)."""
        history = self.history(record.platform, record.document)
        starts = dict(zip((r.version_id for r in history), in_force_dates(history), strict=True))
        return starts.get(record.version_id, record.day)

    def current_ids(self) -> set[str]:
        return {
            record.version_id
            for key in self.documents()
            if (record := self.current(*key)) is not None
        }

    def selected_versions(self, as_of: date | None) -> list[VersionRecord]:
        """Current versions (as_of None) or those in force on `as_of`, one per document."""
        chosen = []
        for key in self.documents():
            record = self.current(*key) if as_of is None else self.in_force(*key, as_of)
            if record is not None:
                chosen.append(record)
        return chosen


def printed_start(record: VersionRecord) -> date | None:
    """The effective date `record`'s text prints, as a date (a month: its first day)."""
    day = record.facts.effective_date
    if not day:
        return None
    try:
        return date.fromisoformat(day if len(day) == 10 else f"{day}-01")
    except ValueError:
        return None


def in_force_dates(history: list[VersionRecord]) -> list[date]:
    """When each version of one document (oldest capture first) came into force.

    A version is in force from the effective date its text prints when that date is
    believable: after the previous version's capture and in-force dates (an earlier date is a
    regional page's or a stale date: YouTube's US page of 2026 prints the January 2022 date its
    EEA page of 2023 printed too; Bandcamp's capture of 2024-02-15 says "February 14, 2023"
    after a capture of 2023-10-19 said October 2023) and at most `MAX_AHEAD` after its own
    capture (a page can show terms that apply next month: X's capture of 2024-10-21 applies
    from 2024-11-15, and until then the previous version is in force). Otherwise, and for a
    first version whose printed date lies after its capture (nothing older can answer
    meanwhile), it is in force from its capture date.
    """
    starts: list[date] = []
    for n, record in enumerate(history):
        printed = printed_start(record)
        start = record.day
        if printed is not None and printed <= record.day + MAX_AHEAD:
            if n == 0:
                start = min(printed, record.day)
            elif printed > history[n - 1].day and printed > starts[-1]:
                start = printed
        starts.append(start)
    return starts
