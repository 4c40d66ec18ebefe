"""Naming imported documents: Open Terms Archive service and terms-type names to Fineprint's
platform and document slugs, display names and aliases.

The bundled corpus was picked from these datasets, so its manifest (`corpus/manifest.json`)
says where each of its documents came from; an imported document lands on the same slugs
(OTA's `SoundCloud/Terms of Service.md` is Fineprint's `soundcloud/terms-of-use`). Otherwise a
service named in `sources.toml` (by name or alias: `Twitter` and `X`, two folders of the
dataset, are one platform, `x-twitter`) keeps that platform's slug and name; any other service
gets a slug of its own from its declared name ("Truth Social" → `truth-social`), answerable by
that name and by its folder name ("TruthSocial"). Terms types become document slugs as they
read ("Privacy Policy" → `privacy-policy`).
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from fineprint.catalog.sources import Sources
from ingest.documents import slugify

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Naming:
    """Where one dataset document lands in Fineprint."""

    platform: str
    document: str
    platform_name: str
    document_name: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Namer:
    """Names documents from sources.toml and the bundled corpus's manifest."""

    sources: Sources | None
    by_path: dict[tuple[str, str], tuple[str, str]]  # (service, type) -> (platform, document)
    by_service: dict[str, str]  # service folder (case-folded) -> platform

    @classmethod
    def load(cls, sources: Sources | None, corpus_dir: Path | None) -> Namer:
        by_path: dict[tuple[str, str], tuple[str, str]] = {}
        by_service: dict[str, str] = {}
        for service, terms_type, platform, document in _manifest_entries(corpus_dir):
            by_path[(service.casefold(), terms_type.casefold())] = (platform, document)
            by_service[service.casefold()] = platform
        return cls(sources, by_path, by_service)

    def name(self, service: str, terms_type: str, declared_name: str | None = None) -> Naming:
        display = (declared_name or service).strip() or service
        platform = self._platform(service, display)
        known = self.sources.platforms.get(platform) if self.sources else None
        document = self.by_path.get((service.casefold(), terms_type.casefold()), (None, None))[1]
        if document is None and known is not None:
            document = next(
                (slug for slug, doc in known.documents.items() if doc.name == terms_type), None
            )
        document = document or slugify(terms_type)
        doc_source = known.documents.get(document) if known else None
        aliases = () if known else tuple(a for a in dict.fromkeys((service,)) if a != display)
        return Naming(
            platform=platform,
            document=document,
            platform_name=known.name if known else display,
            document_name=doc_source.name if doc_source else terms_type,
            aliases=aliases,
        )

    def _platform(self, service: str, display: str) -> str:
        mapped = self.by_service.get(service.casefold())
        if mapped:
            return mapped
        if self.sources is not None:
            for name in (service, display):
                slug = self.sources.resolve_platform(name)
                if slug:
                    return slug
        return slugify(display)


def _manifest_entries(corpus_dir: Path | None) -> list[tuple[str, str, str, str]]:
    """(service, terms type, platform slug, document slug) of every bundled version that was
    copied from an Open Terms Archive dataset."""
    if corpus_dir is None:
        return []
    path = corpus_dir / "manifest.json"
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    found = []
    for entry in entries if isinstance(entries, list) else []:
        try:
            archive_path = PurePosixPath(entry["archive"]["path"])
            platform, document = PurePosixPath(entry["path"]).parts[:2]
        except (KeyError, TypeError, ValueError):
            continue
        if "OpenTermsArchive/" in str(entry["archive"].get("repo", "")):
            found.append((archive_path.parts[0], archive_path.stem, platform, document))
    return found
