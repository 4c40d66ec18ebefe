"""The store: clauses of every version in Chroma, plus the version registry and bodies.

Four collections share one name prefix:

- `<name>_clauses`  one record per clause of each version: verbatim text, embedding, metadata
- `<name>_texts`    embedding cache keyed by the hash of the embedded text, so a clause text
                    that recurs across versions is embedded once, and a killed ingest resumes
- `<name>_versions` the full body of each version (quotes and offsets are checked against it)
- `<name>_meta`     the registry record; replacing it commits an ingest

Embedded (`PersistentClient` in the data dir) by default; a server URL switches to
`HttpClient`, so several bot processes and an ingest job can share one store.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

import numpy as np

from fineprint.catalog.clauses import SECTION_SEPARATOR, Clause, date_number, short_hash
from fineprint.catalog.registry import Registry, VersionRecord, clause_record_id
from fineprint.retrieval.embeddings import get_embedder
from fineprint.settings import Settings

if TYPE_CHECKING:
    from chromadb.api import ClientAPI
    from chromadb.api.models.Collection import Collection

log = logging.getLogger(__name__)

REGISTRY_ID = "registry"
PLACEHOLDER_VECTOR = np.ones(
    (1, 1), dtype=np.float32
)  # bodies and the registry are looked up by id, never by vector
WRITE_BATCH = 1000


class StoreError(RuntimeError):
    """The store cannot be reached or holds something unexpected."""


def _embedding_function() -> Any:
    """Chroma needs an embedding function per collection or it reaches for a default model
    download; this one wraps our offline MiniLM and is registered so reopening works."""
    from chromadb.api.types import Documents, EmbeddingFunction, Embeddings
    from chromadb.utils.embedding_functions import (
        known_embedding_functions,
        register_embedding_function,
    )

    if "fineprint-minilm" in known_embedding_functions:
        return known_embedding_functions["fineprint-minilm"]()

    class FineprintMiniLM(EmbeddingFunction[Documents]):
        def __init__(self, device: str = "auto") -> None:
            self.device = device

        def __call__(self, input: Documents) -> Embeddings:
            return list(get_embedder(self.device).encode(list(input)))

        @staticmethod
        def name() -> str:
            return "fineprint-minilm"

        def get_config(self) -> dict[str, Any]:
            return {"device": self.device}

        @staticmethod
        def build_from_config(config: dict[str, Any]) -> FineprintMiniLM:
            return FineprintMiniLM(config.get("device", "auto"))

        def default_space(self) -> Any:
            return "cosine"

    register_embedding_function(FineprintMiniLM)  # type: ignore[no-untyped-call]  # chromadb
    return FineprintMiniLM()


def open_client(settings: Settings) -> ClientAPI:
    """Embedded Chroma in the data dir, or the server at `FINEPRINT_CHROMA_URL`."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if not settings.chroma_url:
        settings.chroma_path.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(settings.chroma_path), settings=chroma_settings)
    url = urlparse(settings.chroma_url)
    try:
        return chromadb.HttpClient(
            host=url.hostname or "localhost",
            port=url.port or (443 if url.scheme == "https" else 8000),
            ssl=url.scheme == "https",
            settings=chroma_settings,
        )
    except Exception as error:
        raise StoreError(
            f"cannot reach the Chroma server at {settings.chroma_url} ({error})"
        ) from None


@dataclass(frozen=True, slots=True)
class StoredClause:
    """A clause as read back from the store, with its embedding."""

    record_id: str
    clause: Clause
    clause_key: str


def embedding_key(model: str, text_hash: str) -> str:
    """The embedding cache's key: the text's hash under the model that embedded it, so two
    models' vectors never answer for each other."""
    return short_hash(model, text_hash, size=32)


def clause_metadata(clause: Clause, embedding_hash: str) -> dict[str, Any]:
    return {
        "platform": clause.platform,
        "document": clause.document,
        "version_id": clause.version_id,
        "version_date": date_number(clause.version_date),
        "is_current": clause.is_current,
        "section": clause.section_label,
        "clause_key": clause.clause_key,
        "start": clause.start,
        "end": clause.end,
        "ordinal": clause.ordinal,
        "source_url": clause.source_url,
        "text_hash": embedding_hash,
    }


def _clause_from_record(text: str, meta: dict[str, Any]) -> Clause:
    from datetime import date

    day = int(meta["version_date"])
    section = str(meta.get("section") or "")
    return Clause(
        platform=str(meta["platform"]),
        document=str(meta["document"]),
        version_date=date(day // 10000, day // 100 % 100, day % 100),
        section=tuple(section.split(SECTION_SEPARATOR)) if section else (),
        text=text,
        start=int(meta["start"]),
        end=int(meta["end"]),
        ordinal=int(meta["ordinal"]),
        source_url=str(meta.get("source_url") or ""),
        is_current=bool(meta.get("is_current")),
    )


def _batches(items: Sequence[Any], size: int = WRITE_BATCH) -> Iterator[Sequence[Any]]:
    for first in range(0, len(items), size):
        yield items[first : first + size]


class ClauseStore:
    """Reads and writes clauses, embeddings, bodies and the registry in Chroma."""

    def __init__(self, client: ClientAPI, name: str) -> None:
        self.client = client
        self.name = name
        self._collections: dict[str, Collection] = {}

    @classmethod
    def open(cls, settings: Settings) -> ClauseStore:
        return cls(open_client(settings), settings.collection)

    def _collection(self, suffix: str) -> Collection:
        if suffix not in self._collections:
            name = f"{self.name}_{suffix}"
            try:
                if suffix == "clauses":
                    collection = self.client.get_or_create_collection(
                        name,
                        embedding_function=_embedding_function(),
                        configuration={"hnsw": {"space": "cosine"}},
                    )
                else:
                    collection = self.client.get_or_create_collection(name, embedding_function=None)
            except Exception as error:
                raise StoreError(f"cannot open Chroma collection {name!r}: {error}") from error
            self._collections[suffix] = collection
        return self._collections[suffix]

    @property
    def clauses(self) -> Collection:
        return self._collection("clauses")

    # --- registry -----------------------------------------------------------------------

    def load_registry(self) -> Registry:
        found = self._collection("meta").get(ids=[REGISTRY_ID], include=["documents"])
        documents = found.get("documents") or []
        if not found["ids"] or not documents or not documents[0]:
            return Registry()
        return Registry.from_json(documents[0])

    def commit_registry(self, registry: Registry) -> None:
        """Replace the registry record in one write: this is what makes an ingest visible."""
        self._collection("meta").upsert(
            ids=[REGISTRY_ID], embeddings=PLACEHOLDER_VECTOR, documents=[registry.to_json()]
        )

    # --- embedding cache ----------------------------------------------------------------

    def cached_embeddings(self, hashes: Sequence[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        texts = self._collection("texts")
        for batch in _batches(list(hashes)):
            result = texts.get(ids=list(batch), include=["embeddings"])
            embeddings = result.get("embeddings")
            if embeddings is None:
                continue
            for record_id, vector in zip(result["ids"], embeddings, strict=True):
                found[record_id] = np.asarray(vector, dtype=np.float32)
        return found

    def save_embeddings(self, hashes: Sequence[str], vectors: np.ndarray) -> None:
        texts = self._collection("texts")
        for first in range(0, len(hashes), WRITE_BATCH):
            texts.upsert(
                ids=list(hashes[first : first + WRITE_BATCH]),
                embeddings=vectors[first : first + WRITE_BATCH],
            )

    # --- clauses and bodies -------------------------------------------------------------

    def write_version(
        self,
        record: VersionRecord,
        body: str,
        clauses: Sequence[Clause],
        embeddings: dict[str, np.ndarray],
    ) -> None:
        """Write one version's body and clause records (invisible until the registry lists
        this version with this split tag)."""
        self._collection("versions").upsert(
            ids=[record.version_id],
            embeddings=PLACEHOLDER_VECTOR,
            documents=[body],
            metadatas=[{"content_hash": record.content_hash, "split_tag": record.split_tag}],
        )
        ids = [clause_record_id(record.version_id, record.split_tag, c.ordinal) for c in clauses]
        hashes = [c.embedding_hash for c in clauses]
        for first in range(0, len(clauses), WRITE_BATCH):
            chunk = clauses[first : first + WRITE_BATCH]
            self.clauses.upsert(
                ids=ids[first : first + WRITE_BATCH],
                embeddings=np.stack([embeddings[h] for h in hashes[first : first + WRITE_BATCH]]),
                documents=[c.text for c in chunk],
                metadatas=[
                    clause_metadata(c, h)
                    for c, h in zip(chunk, hashes[first : first + WRITE_BATCH], strict=True)
                ],
            )

    def body(self, version_id: str) -> str | None:
        found = self._collection("versions").get(ids=[version_id], include=["documents"])
        documents = found.get("documents") or []
        return documents[0] if found["ids"] and documents else None

    def set_current_flags(self, registry: Registry, version_ids: Iterable[str]) -> None:
        """Refresh `is_current` on the clauses of these versions from the registry."""
        current = registry.current_ids()
        for version_id in version_ids:
            record = registry.versions.get(version_id)
            if record is None or record.clause_count == 0:
                continue
            ids = record.clause_ids()
            flag = version_id in current
            for batch in _batches(ids):
                self.clauses.update(
                    ids=list(batch), metadatas=[{"is_current": flag} for _ in batch]
                )

    def collect_garbage(self, registry: Registry) -> int:
        """Delete clause records the registry does not list (old splits, failed runs)."""
        live = {record_id for r in registry.versions.values() for record_id in r.clause_ids()}
        every = self.clauses.get(include=[])["ids"]
        dead = [record_id for record_id in every if record_id not in live]
        for batch in _batches(dead):
            self.clauses.delete(ids=list(batch))
        stale_bodies = [
            record_id
            for record_id in self._collection("versions").get(include=[])["ids"]
            if record_id not in registry.versions
        ]
        if stale_bodies:
            self._collection("versions").delete(ids=stale_bodies)
        return len(dead)

    def read_clauses(
        self, records: Iterable[VersionRecord], *, with_embeddings: bool = False
    ) -> tuple[list[StoredClause], np.ndarray | None]:
        """Clauses of the given versions in registry order (and their embeddings)."""
        ids = [record_id for record in records for record_id in record.clause_ids()]
        include: list[Any] = ["documents", "metadatas"]
        if with_embeddings:
            include.append("embeddings")
        found: dict[str, tuple[str, dict[str, Any], Any]] = {}
        for batch in _batches(ids, 5000):
            result = self.clauses.get(ids=list(batch), include=include)
            vectors = result.get("embeddings") if with_embeddings else None
            documents = result.get("documents") or []
            metadatas = result.get("metadatas") or []
            for n, record_id in enumerate(result["ids"]):
                vector = vectors[n] if vectors is not None else None
                found[record_id] = (documents[n], dict(metadatas[n]), vector)
        missing = [record_id for record_id in ids if record_id not in found]
        if missing:
            raise StoreError(f"{len(missing)} committed clauses are missing, e.g. {missing[0]}")
        stored = [
            StoredClause(
                i, _clause_from_record(found[i][0], found[i][1]), found[i][1]["clause_key"]
            )
            for i in ids
        ]
        matrix = (
            np.asarray([found[i][2] for i in ids], dtype=np.float32) if with_embeddings else None
        )
        return stored, matrix
