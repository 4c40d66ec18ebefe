"""The ingest job: documents in, clauses embedded and committed to the store.

`run_ingest` runs what an `IngestRequest` (`ingest/request.py`) asks; front ends call
`ingest.job.ingest_and_index`, which runs it and then warms the search index. It is
idempotent — an unchanged corpus embeds nothing and writes nothing — and atomic: new clauses
are written under ids the registry does not list yet, and one registry write at the end makes
them visible.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from fineprint.catalog.clauses import Clause, content_hash, short_hash, version_id
from fineprint.catalog.registry import Registry, VersionRecord
from fineprint.catalog.version_facts import VersionFacts, read_version_facts
from fineprint.retrieval.embeddings import Embedder, get_embedder
from fineprint.retrieval.encoder_model import same_model
from fineprint.retrieval.windows import clause_windows
from fineprint.store import ClauseStore, StoreError, embedding_key
from ingest import furniture, splitting
from ingest.documents import (
    DEFAULT_LIMITS,
    DocumentError,
    SourceDocument,
    discover_files,
    read_corpus_file,
    read_plain_file,
)
from ingest.lock import ingest_lock
from ingest.request import IngestRequest, PlainFileSpec, ProgressCallback
from ingest.safe_read import ReadLimits, ReadTimeUp, deadline
from ingest.shipped_vectors import VECTORS_DIRNAME, ShippedSource
from ingest.splitting import split_clauses

log = logging.getLogger(__name__)

EMBED_CHUNK = 256  # texts embedded (and cached) per step, so a killed run keeps its progress


def splitting_sources() -> list[Path]:
    """The files whose code decides the clauses: every module of `ingest.splitting` and
    `ingest/furniture.py`, in a fixed order."""
    package = Path(splitting.__file__ or "").parent
    return [*sorted(package.glob("*.py")), Path(furniture.__file__ or "")]


def _splitter_signature() -> str:
    """Changes whenever the splitting code changes, so clauses are re-split (not re-embedded
    unless their text changed)."""
    digest = hashlib.sha256()
    for path in splitting_sources():
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


@dataclass
class IngestReport:
    """What a run did; `ok` is False when any file was skipped."""

    documents: int = 0
    versions_new: int = 0
    versions_unchanged: int = 0
    versions_replaced: int = 0
    versions_refreshed: int = 0  # same clauses; what the text says about itself read again
    clauses_added: int = 0
    clauses_reused: int = 0
    clauses_removed: int = 0
    texts_embedded: int = 0
    windows_embedded: int = 0  # extra vectors for long clauses' windows (retrieval/windows.py)
    vectors_shipped: int = 0  # texts whose vector came from the corpus's shipped vectors
    skipped: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0
    new_version_ids: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # worth telling, not a failure

    @property
    def ok(self) -> bool:
        return not self.skipped

    @property
    def changed(self) -> bool:
        return bool(self.versions_new or self.versions_replaced or self.versions_refreshed)

    def as_dict(self) -> dict[str, object]:
        return {
            "documents": self.documents,
            "versions_new": self.versions_new,
            "versions_unchanged": self.versions_unchanged,
            "versions_replaced": self.versions_replaced,
            "versions_refreshed": self.versions_refreshed,
            "clauses_added": self.clauses_added,
            "clauses_reused": self.clauses_reused,
            "clauses_removed": self.clauses_removed,
            "texts_embedded": self.texts_embedded,
            "windows_embedded": self.windows_embedded,
            "vectors_shipped": self.vectors_shipped,
            "skipped": [{"path": path, "error": error} for path, error in self.skipped],
            "seconds": round(self.seconds, 2),
            "new_versions": self.new_version_ids,
            "notes": self.notes,
        }


def read_documents(
    paths: Iterable[Path],
    plain: PlainFileSpec | None,
    report: IngestReport,
    limits: ReadLimits = DEFAULT_LIMITS,
) -> list[SourceDocument]:
    """Read every file, recording (not raising) per-file problems: whatever goes wrong with
    one file is reported against its name and the run goes on."""
    documents = []
    for path in discover_files(paths):
        try:
            with deadline(limits.max_seconds):
                documents.append(_read_one(path, plain, limits))
        except DocumentError as error:
            report.skipped.append((str(error.path), error.problem))
        except ReadTimeUp:
            report.skipped.append((str(path), f"took longer than {limits.max_seconds:g}s to read"))
        except OSError as error:
            report.skipped.append((str(path), f"cannot be read ({error.strerror or error})"))
        except Exception as error:  # a parser bug on a hostile file: skip the file
            log.debug("reading %s failed", path, exc_info=True)
            report.skipped.append((str(path), f"cannot be read ({type(error).__name__})"))
    return documents


def _read_one(path: Path, plain: PlainFileSpec | None, limits: ReadLimits) -> SourceDocument:
    if not path.exists():
        if path.is_symlink():
            raise DocumentError(path, "is a symbolic link that leads nowhere (broken or a loop)")
        raise DocumentError(path, "does not exist")
    if plain is None:
        return read_corpus_file(path, limits)
    return read_plain_file(
        path,
        platform=plain.platform,
        document=plain.document,
        version_date=plain.version_date,
        source_url=plain.source_url,
        limits=limits,
    )


def drop_conflicting_duplicates(
    documents: list[SourceDocument], report: IngestReport
) -> list[SourceDocument]:
    """Two files claiming the same version with different text: neither can be trusted."""
    by_version: dict[str, list[SourceDocument]] = defaultdict(list)
    for document in documents:
        key = version_id(document.platform, document.document, document.version_date)
        by_version[key].append(document)
    kept = []
    for key, group in by_version.items():
        if len({content_hash(d.body) for d in group}) == 1:
            kept.append(group[0])
            continue
        names = ", ".join(str(d.path) for d in group)
        for document in group:
            report.skipped.append(
                (str(document.path), f"duplicate version {key} with different text ({names})")
            )
    return kept


def build_clauses(
    document: SourceDocument, is_current: bool, facts: VersionFacts | None = None
) -> list[Clause]:
    """The clauses of a document's version: of the edition `facts` says is the version (a
    capture holding the superseded terms too keeps only the newest, `catalog/editions.py`),
    with offsets into the whole body."""
    first, last = (facts or VersionFacts()).edition(len(document.body))
    spans = [
        replace(span, start=span.start + first, end=span.end + first)
        for span in split_clauses(document.body[first:last])
    ]
    return [
        Clause(
            platform=document.platform,
            document=document.document,
            version_date=document.version_date,
            section=span.section,
            text=document.body[span.start : span.end],
            start=span.start,
            end=span.end,
            ordinal=ordinal,
            source_url=document.source_url,
            is_current=is_current,
        )
        for ordinal, span in enumerate(spans)
    ]


def _split_guarded(
    document: SourceDocument,
    is_current: bool,
    facts: VersionFacts,
    limits: ReadLimits,
    report: IngestReport,
) -> list[Clause] | None:
    """Clauses of one document, or None (reported) when splitting it fails or takes too long."""
    try:
        with deadline(limits.max_seconds):
            return build_clauses(document, is_current, facts)
    except ReadTimeUp:
        problem = f"took longer than {limits.max_seconds:g}s to split into clauses"
    except Exception as error:
        log.debug("splitting %s failed", document.path, exc_info=True)
        problem = f"cannot be split into clauses ({type(error).__name__})"
    report.skipped.append((str(document.path), problem))
    return None


def _newest_dates(
    registry: Registry, documents: Sequence[SourceDocument]
) -> dict[tuple[str, str], str]:
    newest: dict[tuple[str, str], str] = {}
    for record in registry.versions.values():
        key = (record.platform, record.document)
        newest[key] = max(newest.get(key, ""), record.version_date)
    for document in documents:
        key = (document.platform, document.document)
        newest[key] = max(newest.get(key, ""), document.version_date.isoformat())
    return newest


Pending = list[tuple[VersionRecord, SourceDocument, list[Clause]]]


@dataclass
class Plan:
    """What a run writes: versions to (re)split and embed, and stored versions whose clauses
    stay but whose facts (`VersionFacts`) were read anew."""

    pending: Pending = field(default_factory=list)
    refreshed: list[VersionRecord] = field(default_factory=list)


def _all(pending: Pending) -> Iterator[Clause]:
    return (clause for _, _, clauses in pending for clause in clauses)


def _stored_documents(
    store: ClauseStore, registry: Registry, incoming: list[SourceDocument]
) -> list[SourceDocument]:
    """Every stored version this run does not read from a file, rebuilt from its stored body
    (what a model change re-embeds)."""
    given = {version_id(d.platform, d.document, d.version_date) for d in incoming}
    rebuilt = []
    for record in registry.versions.values():
        if record.version_id in given:
            continue
        body = store.body(record.version_id)
        if body is None:
            raise StoreError(f"the stored body of {record.version_id} is missing")
        rebuilt.append(
            SourceDocument(
                platform=record.platform,
                document=record.document,
                version_date=record.day,
                body=body,
                path=Path(record.path or record.version_id),
                platform_name=record.platform_name,
                document_name=record.document_name,
                source_url=record.source_url,
                language=record.language,
                dataset=record.dataset,
                licence=record.licence,
                attribution=record.attribution,
                aliases=record.aliases,
            )
        )
    return rebuilt


def embed_missing(
    store: ClauseStore,
    embedder: Embedder,
    texts_by_hash: dict[str, str],
    progress: ProgressCallback | None,
    shipped: ShippedSource | None = None,
) -> tuple[dict[str, np.ndarray], list[str]]:
    """Embeddings for every key: from the cache, else from the shipped vectors, else
    computed; the last two are cached (chunk by chunk). The second value lists the keys that
    had to be embedded."""
    vectors = store.cached_embeddings(list(texts_by_hash))
    missing = [h for h in texts_by_hash if h not in vectors]
    if missing and shipped is not None:
        found = shipped.for_texts({key: texts_by_hash[key] for key in missing})
        for first in range(0, len(found), EMBED_CHUNK * 4):
            keys = list(found)[first : first + EMBED_CHUNK * 4]
            store.save_embeddings(keys, np.stack([found[key] for key in keys]))
        vectors.update(found)
        missing = [h for h in missing if h not in found]
    done = 0
    if progress:
        progress("embed", 0, len(missing))
    for first in range(0, len(missing), EMBED_CHUNK):
        chunk = missing[first : first + EMBED_CHUNK]
        computed = embedder.encode([texts_by_hash[h] for h in chunk])
        store.save_embeddings(chunk, computed)
        vectors.update(zip(chunk, computed, strict=True))
        done += len(chunk)
        if progress:
            progress("embed", done, len(missing))
    return vectors, missing


def run_ingest(request: IngestRequest) -> IngestReport:
    """Run `request` under the ingest lock (see `IngestRequest` for what it may say); raises
    `IngestBusyError` when another ingest holds the lock and the request does not wait."""
    started = time.perf_counter()
    settings = request.settings
    with ingest_lock(settings.data_dir, wait=request.wait, on_wait=request.on_wait):
        store = request.store or ClauseStore.open(settings)
        embedder = request.embedder or get_embedder(settings.device, settings.model)
        report = _ingest_locked(request, store, embedder)
    report.seconds = time.perf_counter() - started
    return report


def _ingest_locked(request: IngestRequest, store: ClauseStore, embedder: Embedder) -> IngestReport:
    given = request.paths or (() if request.documents else (request.settings.corpus_dir,))
    limits, progress = request.limits, request.progress
    report = IngestReport()
    registry = store.load_registry()
    if not registry.flags_synced:  # a previous run died between commit and flag refresh
        store.set_current_flags(registry, registry.versions)
        registry = registry.synced()
        store.commit_registry(registry)

    documents = read_documents(given, request.plain, report, limits) + list(request.documents)
    documents = drop_conflicting_duplicates(documents, report)
    model = embedder.fingerprint
    if not registry.is_empty and not same_model(registry.model, model):
        # Never mix two models' vectors: every stored version is re-embedded in this run.
        documents = documents + _stored_documents(store, registry, documents)
    report.documents = len({(d.platform, d.document) for d in documents})
    plan = _plan(registry, documents, _splitter_signature() + model, limits, report, progress)
    pending = plan.pending
    if not pending:
        if plan.refreshed:
            registry = registry.with_versions(plan.refreshed).synced()
            store.commit_registry(registry)
        report.clauses_removed = store.collect_garbage(registry)
        return report
    shipped = _shipped_source(request, embedder)
    vectors = _embed_pending(store, embedder, pending, report, progress, shipped)
    committed = _write_and_commit(
        store, registry.with_versions(plan.refreshed), model, pending, vectors, progress
    )
    report.clauses_removed = store.collect_garbage(committed)
    return report


def _split_tag(body_hash: str, signature: str, facts: VersionFacts) -> str:
    """Changes when the body, the splitter or the part of the body that is the version
    changes (the last only for a capture holding two editions, so no other version is
    re-split when the edition rule is introduced)."""
    if not facts.dropped_chars:
        return short_hash(body_hash, signature, size=10)
    edition = f"edition {facts.edition_start}:{facts.edition_end}"
    return short_hash(body_hash, signature, edition, size=10)


def _plan(
    registry: Registry,
    documents: list[SourceDocument],
    signature: str,
    limits: ReadLimits,
    report: IngestReport,
    progress: ProgressCallback | None,
) -> Plan:
    """The versions to (re)write with their clauses: new ones, and stored ones whose split
    changed; stored ones whose facts alone changed are refreshed; unchanged and conflicting
    ones are counted or reported in `report`."""
    newest = _newest_dates(registry, documents)
    plan = Plan()
    for n, document in enumerate(documents, start=1):
        if progress:
            progress("read", n, len(documents))
        vid = version_id(document.platform, document.document, document.version_date)
        body_hash = content_hash(document.body)
        existing = registry.versions.get(vid)
        if existing is not None and existing.content_hash != body_hash:
            report.skipped.append(
                (
                    str(document.path),
                    f"version {vid} is already ingested with different text; "
                    "a changed document needs a new version date",
                )
            )
            continue
        facts = read_version_facts(document.body)
        split_tag = _split_tag(body_hash, signature, facts)
        if existing is not None and existing.split_tag == split_tag:
            report.versions_unchanged += 1
            if existing.facts != facts:
                plan.refreshed.append(replace(existing, facts=facts))
                report.versions_refreshed += 1
            continue
        is_current = (
            document.version_date.isoformat() == newest[(document.platform, document.document)]
        )
        clauses = _split_guarded(document, is_current, facts, limits, report)
        if clauses is None:
            continue
        record = _record(document, body_hash, split_tag, len(clauses), facts)
        plan.pending.append((record, document, clauses))
        if existing is None:
            report.versions_new += 1
            report.new_version_ids.append(vid)
        else:
            report.versions_replaced += 1
    return plan


def _record(
    document: SourceDocument, body_hash: str, split_tag: str, count: int, facts: VersionFacts
) -> VersionRecord:
    return VersionRecord(
        platform=document.platform,
        document=document.document,
        version_date=document.version_date.isoformat(),
        platform_name=document.platform_name,
        document_name=document.document_name,
        content_hash=body_hash,
        split_tag=split_tag,
        clause_count=count,
        source_url=document.source_url,
        language=document.language,
        path=str(document.path),
        facts=facts,
        dataset=document.dataset,
        licence=document.licence,
        attribution=document.attribution,
        aliases=document.aliases,
    )


def _shipped_source(request: IngestRequest, embedder: Embedder) -> ShippedSource | None:
    """The vectors shipped beside the bundled corpus (`ingest/shipped_vectors.py`) for the
    model in use; they serve any text whose hash they hold, whatever file it came from."""
    if request.settings.shipped_vectors == "off":
        return None
    directory = request.settings.corpus_dir / VECTORS_DIRNAME
    return ShippedSource(directory, embedder.spec.name, embedder.fingerprint)


def _embed_pending(
    store: ClauseStore,
    embedder: Embedder,
    pending: Pending,
    report: IngestReport,
    progress: ProgressCallback | None,
    shipped: ShippedSource | None = None,
) -> dict[str, np.ndarray]:
    """Vectors of the pending clauses by text hash (cached, shipped or computed; long
    clauses' windows are embedded and cached beside them, by text)."""
    model = embedder.fingerprint
    keyed = {c.embedding_hash: embedding_key(model, c.embedding_hash) for c in _all(pending)}
    texts_by_key = {keyed[c.embedding_hash]: c.embedding_text for c in _all(pending)}
    for clause in _all(pending):
        for window in clause_windows(clause):
            texts_by_key[embedding_key(model, window.embedding_hash)] = window.embedding_text
    by_key, missing = embed_missing(store, embedder, texts_by_key, progress, shipped)
    if shipped is not None:
        report.vectors_shipped = shipped.served
        report.notes.extend([shipped.note] if shipped.note else [])
    embedded = len(set(missing) & set(keyed.values()))
    report.texts_embedded = embedded
    report.windows_embedded = len(missing) - embedded
    total_clauses = sum(len(clauses) for _, _, clauses in pending)
    report.clauses_added = total_clauses
    report.clauses_reused = total_clauses - embedded
    return {text_hash: by_key[key] for text_hash, key in keyed.items()}


def _write_and_commit(
    store: ClauseStore,
    registry: Registry,
    model: str,
    pending: Pending,
    vectors: dict[str, np.ndarray],
    progress: ProgressCallback | None,
) -> Registry:
    """Write each version under ids the registry does not list yet, then commit: one registry
    write makes them visible; the current-version flags follow. Returns what was committed."""
    total_clauses = sum(len(clauses) for _, _, clauses in pending)
    written = 0
    for record, document, clauses in pending:
        store.write_version(record, document.body, clauses, vectors)
        written += len(clauses)
        if progress:
            progress("write", written, total_clauses)

    committed = registry.with_versions((record for record, _, _ in pending), model=model)
    store.commit_registry(committed)
    store.set_current_flags(committed, _stale_flags(registry, committed, pending))
    store.commit_registry(committed.synced())
    return committed


def _stale_flags(before: Registry, committed: Registry, pending: Pending) -> list[str]:
    """Versions of the documents this run touched whose clauses' `is_current` is wrong now:
    stored ones that were current and no longer are (or the reverse: their flags were
    synced with `before` when the run started), and new ones written with another flag than
    the registry's (their newer version failed to split). A fresh store has none to update;
    a follow of a few commits updates the versions they replaced, not every stored one."""
    flag_written = {r.version_id: clauses[0].is_current for r, _, clauses in pending if clauses}
    was_current, current = before.current_ids(), committed.current_ids()
    touched = {(r.platform, r.document) for r, _, _ in pending}
    return [
        record.version_id
        for key in touched
        for record in committed.history(*key)
        if flag_written.get(record.version_id, record.version_id in was_current)
        != (record.version_id in current)
    ]
