"""Importing an Open Terms Archive versions dataset: history → checks → versions → ingest.

`plan_import` reads the repository's history (`history`), names each document (`slugs`),
reads its captures one platform at a time, marks the ones that are not terms (`captures`:
empty, navigation-only, the same page as another document that day, far shorter than or
unrelated to their neighbours), decides which are versions (`grouping`) and returns them as
`SourceDocument`s carrying the dataset's licence and credit (`dataset`), a PDF extraction's
page numbers and broken lines mended (`pdf_text`). `import_dataset`
ingests them through the ordinary pipeline (`ingest.job.ingest_and_index`), so an import is
idempotent, atomic and embeds only new text, like any ingest.

A version is left out (and counted as held) when the bundled corpus has a file for that
document and day — the corpus stays the source of what it ships, and re-ingesting it never
meets a conflicting version — or when the store already holds that day with other text.
With `only_commits` (a `watch --ota` run) only versions recorded by those commits are
ingested, and a document's history is read from a little before the version in force
(`_follow_window`): what came before it is that version, as far as grouping and flip-flops
are concerned. A document whose version in force the store did not get from this dataset is
read whole.
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from fineprint.catalog.clauses import content_hash, version_id
from fineprint.catalog.language import detect_language
from ingest.documents import DocumentError, SourceDocument, check_not_future
from ingest.names import clean_body, clean_name
from ingest.ota.captures import Reading, check_alone, check_neighbours, read
from ingest.ota.dataset import Dataset, Declarations, identify
from ingest.ota.grouping import FLIP_WINDOW, Policy, Step, chosen, walk
from ingest.ota.history import BlobReader, Capture, DocumentLog, read_log
from ingest.ota.pdf_text import mend
from ingest.ota.slugs import Namer, Naming

if TYPE_CHECKING:
    from fineprint.catalog.registry import Registry, VersionRecord
    from fineprint.catalog.sources import Sources

log = logging.getLogger(__name__)

FOLLOW_LOOK_BACK = FLIP_WINDOW * 2  # read before the version in force, by a follow
FOLLOW_CAPTURES = 20  # … and at least this many captures


@dataclass(frozen=True, slots=True)
class OtaRequest:
    """What to import from a versions repository clone."""

    repo: Path
    declarations: Path | None = None  # a `*-declarations` clone, for the documents' URLs
    services: tuple[str, ...] = ()  # service folders, names or platform slugs (none: all)
    policy: Policy = Policy.DISTINCT
    only_commits: frozenset[str] | None = None  # only versions these commits recorded


@dataclass(frozen=True, slots=True)
class SkippedCapture:
    """A capture that is not terms, reported with why."""

    label: str  # "<Service>/<Terms type>.md"
    day: date
    commit: str
    reason: str

    def as_dict(self) -> dict[str, str]:
        return {
            "path": self.label,
            "date": self.day.isoformat(),
            "commit": self.commit[:12],
            "reason": self.reason,
        }


@dataclass
class ImportPlan:
    """The versions to ingest and what happened to every capture."""

    dataset: Dataset
    head: str
    documents: list[SourceDocument] = field(default_factory=list)
    platforms: set[str] = field(default_factory=set)
    document_keys: set[tuple[str, str]] = field(default_factory=set)
    captures: int = 0
    capture_days: int = 0  # (document, day) pairs with a capture: the most versions could be
    outcomes: Counter[str] = field(default_factory=Counter)
    skipped: list[SkippedCapture] = field(default_factory=list)
    held: list[str] = field(default_factory=list)  # version ids left to the corpus / the store
    not_tracked: list[str] = field(default_factory=list)  # documents the dataset deleted
    languages: Counter[str] = field(default_factory=Counter)

    def as_dict(self) -> dict[str, object]:
        return {
            "dataset": self.dataset.name,
            "licence": self.dataset.licence,
            "attribution": self.dataset.attribution,
            "head": self.head,
            "platforms": len(self.platforms),
            "documents": len(self.document_keys),
            "captures": self.captures,
            "capture_days": self.capture_days,
            "outcomes": dict(sorted(self.outcomes.items())),
            "versions": len(self.documents),
            "held": self.held,
            "not_tracked": self.not_tracked,
            "skipped_captures": [skip.as_dict() for skip in self.skipped],
        }


def wanted(request: OtaRequest, doc: DocumentLog, naming: Naming) -> bool:
    """Whether `--services` selects this document (no filter: every one)."""
    if not request.services:
        return True
    names = {doc.service, naming.platform, naming.platform_name, *naming.aliases}
    folded = {name.casefold() for name in names}
    return any(service.casefold() in folded for service in request.services)


def plan_import(
    request: OtaRequest,
    *,
    sources: Sources | None,
    corpus_dir: Path | None,
    registry: Registry | None,
) -> ImportPlan:
    """Everything `import_dataset` would ingest, and the report of every capture."""
    history = read_log(request.repo)
    dataset = identify(request.repo)
    declarations = Declarations(request.declarations)
    namer = Namer.load(sources, corpus_dir)
    plan = ImportPlan(dataset=dataset, head=history.head)
    groups: dict[tuple[str, str], list[DocumentLog]] = defaultdict(list)
    names: dict[tuple[str, str], Naming] = {}
    for doc in history.documents.values():
        naming = namer.name(doc.service, doc.terms_type, declarations.service_name(doc.service))
        if not wanted(request, doc, naming):
            continue
        if doc.deleted_in is not None:
            plan.not_tracked.append(doc.path)
            continue
        key = (naming.platform, naming.document)
        groups[key].append(doc)
        names.setdefault(key, naming)
    if request.only_commits is not None:  # a follow: documents the new commits touched
        groups = defaultdict(
            list,
            {key: docs for key, docs in groups.items() if _touched(docs, request.only_commits)},
        )
    by_platform: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for key in sorted(groups):
        by_platform[key[0]].append(key)
    with BlobReader(request.repo) as blobs:
        for keys in by_platform.values():
            found = {k: groups[k] for k in keys}
            _plan_platform(request, plan, blobs, found, names, declarations, registry)
    _hold_known_days(plan, corpus_dir, registry)
    return plan


def _touched(docs: list[DocumentLog], commits: frozenset[str]) -> bool:
    return any(capture.commit in commits for doc in docs for capture in doc.captures)


def _plan_platform(
    request: OtaRequest,
    plan: ImportPlan,
    blobs: BlobReader,
    groups: dict[tuple[str, str], list[DocumentLog]],
    names: dict[tuple[str, str], Naming],
    declarations: Declarations,
    registry: Registry | None = None,
) -> None:
    """One platform's documents, read together (their captures are checked against each
    other for a homepage served to all of them), then forgotten."""
    captures = {
        key: sorted((c for doc in docs for c in doc.captures), key=lambda c: c.recorded_at)
        for key, docs in groups.items()
    }
    context: dict[tuple[str, str], int] = {}
    if request.only_commits is not None and registry is not None:
        for key, found in captures.items():
            window = _follow_window(
                found, request.only_commits, registry.history(*key), plan.dataset.name, blobs
            )
            if window is not None:
                first, seed = window
                captures[key], context[key] = found[first:], seed - first
    texts = blobs.texts(c.blob for found in captures.values() for c in found)
    prose_of: dict[str, Reading] = {}
    readings: dict[tuple[str, str], list[tuple[Capture, Reading]]] = {}
    for key, found in captures.items():
        readings[key] = []
        for capture in found:
            if capture.blob not in prose_of:
                prose_of[capture.blob] = read(texts[capture.blob])
            reading = replace(prose_of[capture.blob])
            reading.skip = check_alone(reading)
            readings[key].append((capture, reading))
    _mark_shared_pages(readings, names)
    for key, pairs in readings.items():
        check_neighbours([reading for _, reading in pairs])
        steps = walk(pairs, request.policy, context.get(key, 0))
        plan.document_keys.add(key)
        plan.platforms.add(key[0])
        _record_steps(request, plan, names[key], steps, declarations)


def _follow_window(
    captures: list[Capture],
    new: frozenset[str],
    history: list[VersionRecord],
    dataset: str,
    blobs: BlobReader,
) -> tuple[int, int] | None:
    """Where a follow starts reading a document's history: (the first capture read, the
    capture of the last version this dataset gave the store before the new commits), or None
    to read it all.

    That version is a state of the walk: the version in force then, as far as the walk is
    concerned (a version the bundled corpus holds for a later day is still walked over from
    it), found among its day's captures by its text; the texts seen in the FLIP_WINDOW before
    it count for flip-flops. Reading from FOLLOW_LOOK_BACK before it (and at least
    FOLLOW_CAPTURES captures: the length and neighbour checks look at five each side) instead
    of from the first capture makes a follow cost what its new commits bring, not the
    document's whole history, and decides as the whole walk would (checked against it on the
    pga bundle, bench/RESULTS.md)."""
    first_new = next((n for n, capture in enumerate(captures) if capture.commit in new), None)
    if first_new is None:
        return None
    last_day = captures[first_new].recorded_at.date()
    current = next(
        (r for r in reversed(history) if r.dataset == dataset and r.day < last_day), None
    )
    if current is None:
        return None
    day = current.day
    same_day = [n for n in range(first_new) if captures[n].recorded_at.date() == day]
    texts = blobs.texts(captures[n].blob for n in same_day)
    seed = next(
        (
            n
            for n in reversed(same_day)
            if content_hash(_body(texts[captures[n].blob])) == current.content_hash
        ),
        None,
    )
    if seed is None:
        return None
    since = captures[seed].recorded_at - FOLLOW_LOOK_BACK
    first = next(n for n, capture in enumerate(captures) if capture.recorded_at >= since)
    return max(0, min(first, seed - FOLLOW_CAPTURES)), seed


def _body(text: str) -> str:
    """A capture's text as a version's body (what the store's content hash is of)."""
    return mend(clean_body(text)).strip() + "\n"


def _mark_shared_pages(
    readings: dict[tuple[str, str], list[tuple[Capture, Reading]]],
    names: dict[tuple[str, str], Naming],
) -> None:
    """A text two documents of one platform got the same day, new to both: the homepage or a
    redirect their URLs all landed on (Parler's four documents on 2026-04-23)."""
    by_day: dict[tuple[date, str], set[tuple[str, str]]] = defaultdict(set)
    for key, pairs in readings.items():
        for capture, reading in pairs:
            by_day[(capture.recorded_at.date(), reading.prose)].add(key)
    for key, pairs in readings.items():
        previous = None
        for capture, reading in pairs:
            sharers = by_day[(capture.recorded_at.date(), reading.prose)] - {key}
            fresh = previous is not None and reading.prose != previous
            if sharers and reading.skip is None and fresh:
                other = names[sorted(sharers)[0]].document_name
                reading.skip = (
                    f"the same page as the {other} captured that day (a homepage or a redirect)"
                )
            previous = reading.prose


def _record_steps(
    request: OtaRequest,
    plan: ImportPlan,
    naming: Naming,
    steps: Sequence[Step],
    declarations: Declarations,
) -> None:
    plan.captures += len(steps)
    plan.capture_days += len({step.day for step in steps})
    plan.outcomes.update(step.outcome for step in steps)
    plan.skipped.extend(
        SkippedCapture(step.capture.path, step.day, step.capture.commit, step.detail)
        for step in steps
        if step.outcome == "skipped"
    )
    for step in chosen(steps):
        if request.only_commits is not None and step.capture.commit not in request.only_commits:
            continue
        document = _source_document(plan.dataset, naming, step, declarations)
        if document is None:
            continue
        plan.languages[document.language] += 1
        plan.documents.append(document)


def _source_document(
    dataset: Dataset, naming: Naming, step: Step, declarations: Declarations
) -> SourceDocument | None:
    capture = step.capture
    label = f"{dataset.name}/{capture.path}@{capture.commit[:12]}"
    try:
        check_not_future(step.day, Path(label))
    except DocumentError as error:
        log.warning("%s", error)
        return None
    return SourceDocument(
        platform=naming.platform,
        document=naming.document,
        version_date=step.day,
        body=_body(step.reading.text),
        path=Path(label),
        platform_name=clean_name(naming.platform_name),
        document_name=clean_name(naming.document_name),
        source_url=declarations.url(capture.service, capture.terms_type, step.day),
        language=detect_language(step.reading.prose),
        dataset=dataset.name,
        licence=dataset.licence,
        attribution=dataset.attribution,
        aliases=tuple(clean_name(alias) for alias in naming.aliases),
    )


def _hold_known_days(plan: ImportPlan, corpus_dir: Path | None, registry: Registry | None) -> None:
    """Leave out the days the bundled corpus ships, and days the store holds with other text."""
    kept = []
    for document in plan.documents:
        day = document.version_date.isoformat()
        vid = version_id(document.platform, document.document, day)
        bundled = corpus_dir is not None and _in_corpus(corpus_dir, document, day)
        stored = registry.versions.get(vid) if registry is not None else None
        if bundled or (stored is not None and stored.content_hash != content_hash(document.body)):
            plan.held.append(vid)
            continue
        kept.append(document)
    plan.documents = kept


def _in_corpus(corpus_dir: Path, document: SourceDocument, day: str) -> bool:
    return (corpus_dir / document.platform / document.document / f"{day}.md").is_file()


def versions_of(plan: ImportPlan) -> Iterable[str]:
    return (version_id(d.platform, d.document, d.version_date) for d in plan.documents)
