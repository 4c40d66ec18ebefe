"""Lookups that need no ranking: what is covered, and the clause under a given section.

Shared by the command line and the Discord bot, so both name things the same way.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from datetime import date
from typing import Any

from fineprint.clauses import Clause, normalise_text
from fineprint.registry import Registry, VersionRecord
from fineprint.sources import PlatformSource, Sources, SourcesError, _normalise
from fineprint.store import ClauseStore


class NotFoundError(LookupError):
    """A name that matches nothing (or too much); the message lists what would match."""


_answerable: dict[tuple[int, tuple[tuple[str, str], ...]], tuple[Sources | None, Sources]] = {}
_answerable_lock = threading.Lock()


def answerable_sources(registry: Registry, sources: Sources | None) -> Sources:
    """Every platform the store holds, by slug and ingested name, plus sources.toml's
    platforms with their aliases: what questions and `--platform` may name.

    A platform ingested from a file (not in sources.toml) is answerable under the names it
    was ingested with. sources.toml wins a clash: an ingested name that is already another
    platform's name or alias is not added (a file cannot capture "YouTube").
    """
    ingested = tuple(sorted({(r.platform, r.platform_name) for r in registry.versions.values()}))
    key = (id(sources), ingested)
    with _answerable_lock:
        cached = _answerable.get(key)
        if cached is not None and cached[0] is sources:
            return cached[1]
    merged = _merge_ingested(sources, ingested)
    with _answerable_lock:
        if len(_answerable) >= 8:
            _answerable.clear()
        _answerable[key] = (sources, merged)
    return merged


def _merge_ingested(sources: Sources | None, ingested: tuple[tuple[str, str], ...]) -> Sources:
    platforms = dict(sources.platforms) if sources is not None else {}
    taken = {_normalise(term): slug for slug, entry in platforms.items() for term in entry.names()}
    names: dict[str, list[str]] = {}
    for slug, name in ingested:
        if slug in platforms or taken.get(_normalise(slug), slug) != slug:
            continue  # known to sources.toml, or its slug is another platform's name
        terms = names.setdefault(slug, [slug])
        taken[_normalise(slug)] = slug
        key = _normalise(name)
        if key and taken.get(key, slug) == slug and name.strip() not in terms:
            taken[key] = slug
            terms.append(name.strip())
    for slug, terms in names.items():
        platforms[slug] = PlatformSource(slug=slug, name=terms[-1], aliases=tuple(terms[1:-1]))
    try:
        return Sources(platforms=platforms)
    except SourcesError:  # cannot happen with the checks above; never lose sources.toml
        return sources if sources is not None else Sources(platforms={})


def platform_name(platform: str, registry: Registry, sources: Sources | None) -> str:
    if sources is not None and platform in sources.platforms:
        return sources.platforms[platform].name
    for record in registry.versions.values():
        if record.platform == platform:
            return record.platform_name
    return platform


def document_name(platform: str, document: str, registry: Registry, sources: Sources | None) -> str:
    if sources is not None and platform in sources.platforms:
        source = sources.platforms[platform].documents.get(document)
        if source is not None:
            return source.name
    current = registry.current(platform, document)
    return current.document_name if current else document


def document_url(record: VersionRecord, sources: Sources | None) -> str:
    """The version's own URL, else the live URL from sources.toml."""
    if record.source_url:
        return record.source_url
    if sources is not None and record.platform in sources.platforms:
        source = sources.platforms[record.platform].documents.get(record.document)
        if source is not None and source.url:
            return source.url
    return ""


def platform_overview(registry: Registry, sources: Sources | None) -> list[dict[str, Any]]:
    """The `platforms --json` shape: every platform, its documents, versions, clause counts
    (`clauses` counts the current version's clauses)."""
    overview = []
    for platform in registry.platforms():
        documents = []
        for _, document in registry.documents(platform):
            history = registry.history(platform, document)
            documents.append(
                {
                    "document": document,
                    "name": document_name(platform, document, registry, sources),
                    "versions": [record.version_date for record in history],
                    "clauses": history[-1].clause_count,
                }
            )
        overview.append(
            {
                "platform": platform,
                "name": platform_name(platform, registry, sources),
                "documents": documents,
            }
        )
    return overview


def resolve_platform(text: str, registry: Registry, sources: Sources | None) -> str:
    """An ingested platform by slug, ingested name, or a sources.toml name or alias."""
    wanted = text.strip()
    if wanted.lower() in registry.platforms():
        return wanted.lower()
    slug = answerable_sources(registry, sources).resolve_platform(wanted)
    if slug is not None and slug in registry.platforms():
        return slug
    covered = ", ".join(registry.platforms())
    raise NotFoundError(f"no platform called {wanted!r} is ingested; covered: {covered}")


def resolve_document(platform: str, text: str, registry: Registry, sources: Sources | None) -> str:
    """A document by slug, display name, or an unambiguous start ("terms", "privacy")."""
    documents = [document for _, document in registry.documents(platform)]
    wanted = normalise_text(text).replace(" ", "-")
    names = {d: normalise_text(document_name(platform, d, registry, sources)) for d in documents}
    for document in documents:
        if wanted in (document, names[document].replace(" ", "-")):
            return document
    starts = [d for d in documents if d.startswith(wanted) or names[d].startswith(text.lower())]
    if len(starts) == 1:
        return starts[0]
    raise NotFoundError(
        f"{platform} has no single document matching {text!r}; documents: {', '.join(documents)}"
    )


def pick_version(
    registry: Registry, platform: str, document: str, when: date | None
) -> VersionRecord:
    record = (
        registry.current(platform, document)
        if when is None
        else registry.in_force(platform, document, when)
    )
    if record is None:
        first = registry.history(platform, document)[0].version_date
        raise NotFoundError(f"{platform} {document} has no version on or before {when} ({first})")
    return record


_NUMBER = re.compile(r"^\(?([0-9]+(?:\.[0-9]+)*|[a-z]|[ivx]+)[.)]?(?:\s|$)", re.IGNORECASE)


def _label_number(label: str) -> str | None:
    match = _NUMBER.match(label.replace("\\", "").strip())
    return match.group(1).lower() if match else None


def section_matches(section: tuple[str, ...], wanted: str) -> bool:
    """A section number matches that numbered label (and what is under it); words match a
    heading containing them."""
    number = _label_number(wanted + " ")
    if number is not None and normalise_text(wanted).strip(".()") == number:
        return any(_label_number(label) == number for label in section)
    target = normalise_text(wanted)
    return any(target in normalise_text(label) for label in section)


@dataclass(frozen=True)
class SectionLookup:
    version: VersionRecord
    clauses: list[Clause]


def find_section(
    store: ClauseStore,
    registry: Registry,
    platform: str,
    document: str,
    section: str,
    when: date | None = None,
) -> SectionLookup:
    record = pick_version(registry, platform, document, when)
    stored, _ = store.read_clauses([record])
    clauses = [s.clause for s in stored if section_matches(s.clause.section, section)]
    if not clauses:
        headings = list(dict.fromkeys(s.clause.section[0] for s in stored if s.clause.section))
        raise NotFoundError(
            f"no section {section!r} in {platform} {document} ({record.version_date}); "
            f"top-level headings: {'; '.join(headings[:15])}"
        )
    return SectionLookup(record, clauses)
