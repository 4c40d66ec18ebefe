"""The version registry: which versions of which documents the store holds.

The registry is one JSON record in Chroma, written last by an ingest. Replacing that single
record is the commit point: readers only see clauses of versions the registry lists (with the
split they were written under), so a run that dies midway leaves the previous state visible.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, replace
from datetime import date

from fineprint.catalog.clauses import version_id


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
    # Imported from a versions dataset (`ingest.ota`): its name, licence, the credit the
    # licence asks for (shown with every quote) and the other names of the platform there.
    dataset: str = ""
    licence: str = ""
    attribution: str = ""
    aliases: tuple[str, ...] = ()

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
        records = [
            VersionRecord(**{**item, "aliases": tuple(item.get("aliases", ()))})
            for item in data.get("versions", [])
        ]
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
        """The newest version dated on or before `as_of` (None if the document is younger)."""
        eligible = [record for record in self.history(platform, document) if record.day <= as_of]
        return eligible[-1] if eligible else None

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
