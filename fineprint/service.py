"""One object that front ends (CLI, Discord bot) hold: store, index and answerer, built once.

Everything here is blocking (model, Chroma); async callers run it in a worker thread.
After a re-ingest, `refresh()` picks up the new registry generation.
"""

from __future__ import annotations

import threading
from datetime import date
from typing import TYPE_CHECKING

from fineprint.catalog import lookups
from fineprint.catalog.clauses import version_id
from fineprint.settings import Settings

if TYPE_CHECKING:
    from fineprint.answering.answer import Answer, Answerer
    from fineprint.answering.changes_asked import ListedChanges
    from fineprint.catalog.clauses import Clause
    from fineprint.catalog.registry import Registry, VersionRecord
    from fineprint.catalog.sources import Sources
    from fineprint.changes.diff import DocumentDiff
    from fineprint.changes.timeline import Timeline
    from fineprint.retrieval.index import SearchIndex
    from fineprint.store import ClauseStore


class Fineprint:
    """The product's operations over one store."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._lock = threading.RLock()
        self._store: ClauseStore | None = None
        self._sources: Sources | None = None
        self._answerer: Answerer | None = None

    @property
    def store(self) -> ClauseStore:
        with self._lock:
            if self._store is None:
                from fineprint.store import ClauseStore

                self._store = ClauseStore.open(self.settings)
            return self._store

    @property
    def sources(self) -> Sources | None:
        with self._lock:
            if self._sources is None and self.settings.sources_path.exists():
                from fineprint.catalog.sources import load_sources

                self._sources = load_sources(self.settings.sources_path)
            return self._sources

    def registry(self) -> Registry:
        return self.store.load_registry()

    @property
    def answerer(self) -> Answerer:
        """Built on first use from the committed registry (the index is cached on disk)."""
        with self._lock:
            if self._answerer is None:
                self._answerer = self._build_answerer(self.registry())
            return self._answerer

    def _build_answerer(self, registry: Registry, previous: SearchIndex | None = None) -> Answerer:
        from fineprint.answering.build import build_answerer

        return build_answerer(
            self.settings,
            self.store,
            registry,
            self.sources,
            previous=previous,
            change_lister=list_changes,
        )

    @property
    def index(self) -> SearchIndex:
        return self.answerer.index

    def refresh(self) -> bool:
        """Reload the index if an ingest committed a new generation; True when it did."""
        registry = self.registry()
        with self._lock:
            held = self._answerer.index if self._answerer is not None else None
            if held is not None and held.registry == registry:
                return False
            self._answerer = self._build_answerer(registry, held)
            return True

    def warm_up(self) -> None:
        """Load everything a first question needs, before saying we are ready."""
        self.answerer.ask("warm up", k=1)

    def ask(
        self,
        question: str,
        *,
        platform: str | None = None,
        as_of: date | None = None,
        k: int = 5,
        id: str | None = None,
    ) -> Answer:
        return self.answerer.ask(question, platform=platform, as_of=as_of, k=k, id=id)

    def platforms(self) -> list[lookups.PlatformCoverage]:
        """What is ingested: platforms, documents, version dates, clause counts."""
        return lookups.platform_overview(self.registry(), self.sources)

    def section(
        self, platform: str, document: str, section: str, when: date | None = None
    ) -> lookups.SectionLookup:
        """The clauses under a section, platform and document named as typed (raises
        `lookups.NotFoundError` with the options)."""
        registry = self.registry()
        slug = lookups.resolve_platform(platform, registry, self.sources)
        doc = lookups.resolve_document(slug, document, registry, self.sources)
        return lookups.find_section(self.store, registry, slug, doc, section, when, self.sources)

    def changes(
        self,
        platform: str,
        document: str | None = None,
        since: date | None = None,
        until: date | None = None,
    ) -> DocumentDiff:
        """What changed between the versions in force on `since` and `until` (default: the
        two newest) of a document (default: `lookups.default_document`), named as typed.
        Raises `lookups.NotFoundError` for a name, ValueError when there is no pair."""
        from fineprint.changes.diff import diff_versions, pick_pair

        registry = self.registry()
        slug = lookups.resolve_platform(platform, registry, self.sources)
        doc = lookups.resolve_document(slug, document, registry, self.sources)
        before, after = pick_pair(
            registry,
            slug,
            doc,
            since.isoformat() if since else None,
            until.isoformat() if until else None,
        )
        return diff_versions(self.store, before, after)

    def timeline(self, platform: str, document: str | None = None) -> Timeline:
        """Every version of a document (default: `lookups.default_document`), named as typed,
        with the material changes each brought, by topic. Raises `lookups.NotFoundError`."""
        from fineprint.changes.timeline import build_timeline

        registry = self.registry()
        slug = lookups.resolve_platform(platform, registry, self.sources)
        doc = lookups.resolve_document(slug, document, registry, self.sources)
        return build_timeline(self.store, registry.history(slug, doc))

    def change_from_previous(
        self, record: VersionRecord, registry: Registry | None = None
    ) -> DocumentDiff | None:
        """A new version compared with the version before it (None for a document's first)."""
        from fineprint.changes.diff import diff_versions

        history = (registry or self.registry()).history(record.platform, record.document)
        at = history.index(record) if record in history else 0
        return diff_versions(self.store, history[at - 1], record) if at > 0 else None

    def versions(self, platform: str, document: str) -> list[VersionRecord]:
        return self.registry().history(platform, document)

    def clause_at(self, platform: str, document: str, version_date: str, offset: int) -> Clause:
        """The whole clause of a version that contains body offset `offset` (a citation's
        `start`): what a "full clause" button shows."""
        return self.index.clauses[self._row_at(platform, document, version_date, offset)]

    def _row_at(self, platform: str, document: str, version_date: str, offset: int) -> int:
        index = self.index
        rows = index.rows_by_version.get(version_id(platform, document, version_date))
        for row in [] if rows is None else rows:
            clause = index.clauses[int(row)]
            if clause.start <= offset < clause.end:
                return int(row)
        raise lookups.NotFoundError(
            f"no clause at offset {offset} of {version_id(platform, document, version_date)}"
        )


def list_changes(
    before: VersionRecord, after: VersionRecord, old: list[Clause], new: list[Clause]
) -> ListedChanges:
    """What changed between two versions, as `fineprint changes` lists it, handed to the
    answerer (answering does not import the changes wing): "what changed in X's terms?"."""
    from fineprint.answering.changes_asked import ChangedClause, ListedChanges
    from fineprint.catalog.like_with_like import compare
    from fineprint.changes.diff import diff_clauses, rank, shorter_matched

    changes = diff_clauses(old, new)
    comparison = compare(before, after, shorter_matched=shorter_matched(changes))
    ranked = rank(changes) if comparison.comparable else []
    return ListedChanges(
        [ChangedClause(c.before, c.after, c.words, c.material, c.likelihood) for c in ranked],
        comparison,
    )
