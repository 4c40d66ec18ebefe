"""The in-memory search index over every committed clause: vectors and BM25.

Chroma is the store of record; searching ranks *all* clauses of the chosen versions, so the
index keeps their vectors in one matrix (a filtered brute-force product over ~20k x 384 is a
couple of milliseconds and exact) and a BM25 index over their words. The index is cached on
disk per registry generation so a cold `fineprint ask` does not rebuild it.
"""

from __future__ import annotations

import gc
import hashlib
import logging
import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np

from fineprint.catalog.clauses import SECTION_SEPARATOR, Clause, normalise_text
from fineprint.catalog.registry import Registry, VersionRecord
from fineprint.retrieval import index_cache
from fineprint.retrieval.windows import clause_windows
from fineprint.settings import Settings
from fineprint.store import ClauseStore, StoredClause, embedding_key
from fineprint.text import sentence_spans, tokens

log = logging.getLogger(__name__)

CACHE_FORMAT = 11  # bump when the cached structure (its classes' module paths, too),
# tokenisation or alignment changes


def bm25_text(clause: Clause) -> str:
    """Section titles count as words of the clause: "Grant of licence" finds its paragraphs."""
    return f"{SECTION_SEPARATOR.join(clause.section)}\n{clause.text}"


@dataclass
class SearchIndex:
    """Every clause of every committed version, addressable by row number."""

    generation: int
    registry: Registry
    clauses: list[Clause]
    clause_keys: list[str]
    vectors: np.ndarray
    bm25: Any  # bm25s.BM25
    idf: dict[str, float] = field(default_factory=dict)  # token weights for quote trimming
    rows_by_version: dict[str, np.ndarray] = field(default_factory=dict)
    # long clauses' windows (fineprint/retrieval/windows.py): owning row, span in the clause, vector
    window_rows: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    window_spans: np.ndarray = field(default_factory=lambda: np.zeros((0, 2), dtype=np.int64))
    window_vectors: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), dtype=np.float32))
    # filled on first use
    _documents: np.ndarray | None = field(default=None, repr=False)
    _normalised: dict[str, str] = field(default_factory=dict, repr=False)
    _sentences: dict[tuple[str, str], frozenset[str]] = field(default_factory=dict, repr=False)
    # (older version id, newer version id) -> {newer row: older row it continues}
    _alignments: dict[tuple[str, str], dict[int, int]] = field(default_factory=dict, repr=False)

    @classmethod
    def build(
        cls, store: ClauseStore, registry: Registry, previous: SearchIndex | None = None
    ) -> SearchIndex:
        """Every committed clause read, tokenised and indexed. With `previous` (the index of an
        earlier generation of the same store), the versions it already holds with the same
        split are taken from it — their clauses, vectors, windows and alignments — and only
        the rest is read from Chroma and aligned: what a follow of a few new commits costs no
        longer grows with the store (BM25 is still indexed whole). The result is the index a
        full build makes."""
        import bm25s

        # bm25s pins its logger at DEBUG on import; let it follow FINEPRINT_LOG_LEVEL instead.
        logging.getLogger("bm25s").setLevel(logging.NOTSET)
        records = sorted(registry.versions.values(), key=lambda r: r.version_id)
        reused = _Reuse.of(previous, registry)
        fresh = [r for r in records if r.version_id not in reused.versions]
        stored, fresh_vectors = store.read_clauses(fresh, with_embeddings=True)
        assert fresh_vectors is not None
        clauses, clause_keys, vectors = reused.assemble(registry, stored, fresh_vectors)
        tokenised = [tokens(bm25_text(clause)) or ["_"] for clause in clauses]
        frequency = Counter(token for row in tokenised for token in set(row))
        total = max(len(clauses), 1)
        index = cls(
            generation=registry.generation,
            registry=registry,
            clauses=clauses,
            clause_keys=clause_keys,
            vectors=vectors,
            bm25=None,
            idf={token: math.log(1 + total / (1 + n)) for token, n in frequency.items()},
        )
        index._map_versions()
        index._load_windows(store, registry.model, reused)
        index.bm25 = bm25s.BM25(k1=1.2, b=0.75)
        documents = tokenised + index._window_tokens()
        if documents:  # bm25s cannot index nothing; an empty store searches nothing
            index.bm25.index(documents, show_progress=False)
        reused.alignments(index)
        index.align_consecutive_versions()
        return index

    def _load_windows(self, store: ClauseStore, model: str, reused: _Reuse | None = None) -> None:
        """Window vectors from the embedding cache, where ingest put them, or from the previous
        index for the versions taken from it. A window without a vector (a store ingested
        before windows existed) is left out: its clause still scores by its own vector."""
        owners: list[int] = []
        spans: list[tuple[int, int]] = []
        keys: list[str] = []
        taken_rows = reused.rows if reused is not None else frozenset()
        for row, clause in enumerate(self.clauses):
            if row in taken_rows:
                continue
            for window in clause_windows(clause):
                owners.append(row)
                spans.append((window.start, window.end))
                keys.append(embedding_key(model, window.embedding_hash))
        cached = store.cached_embeddings(sorted(set(keys))) if keys else {}
        kept = [n for n, key in enumerate(keys) if key in cached]
        if len(kept) < len(keys):
            log.warning(
                "%d of %d clause windows have no vector; re-ingest to add them",
                len(keys) - len(kept),
                len(keys),
            )
        dim = self.vectors.shape[1] if self.vectors.ndim == 2 else 0
        rows = np.asarray([owners[n] for n in kept], dtype=np.int64)
        window_spans = np.asarray([spans[n] for n in kept], dtype=np.int64).reshape(-1, 2)
        vectors = (
            np.stack([cached[keys[n]] for n in kept]).astype(np.float32)
            if kept
            else np.zeros((0, dim), np.float32)
        )
        if reused is not None and reused.previous is not None:
            # the previous index's windows of the rows taken, renumbered; a row's windows come
            # from one side only, so a stable sort by row gives a full build's order
            old = reused.previous
            mask = reused.remap[old.window_rows] >= 0 if len(old.window_rows) else np.zeros(0, bool)
            rows = np.concatenate([reused.remap[old.window_rows[mask]], rows])
            window_spans = np.concatenate([old.window_spans[mask], window_spans])
            vectors = np.concatenate([old.window_vectors[mask].reshape(-1, dim), vectors])
            order = np.argsort(rows, kind="stable")
            rows, window_spans, vectors = rows[order], window_spans[order], vectors[order]
        self.window_rows = rows
        self.window_spans = window_spans
        self.window_vectors = np.ascontiguousarray(vectors, dtype=np.float32)

    def dense_scores(
        self, query_vector: np.ndarray, rows: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """Each row's similarity to the query — the best of its own vector and its windows' —
        and the index of the window that gave it (-1: the clause's own vector)."""
        own = self.vectors[rows] @ query_vector
        best_window = np.full(len(rows), -1, dtype=np.int64)
        if len(self.window_rows) == 0 or len(rows) == 0:
            return own, best_window
        position = np.full(len(self.clauses), -1, dtype=np.int64)
        position[rows] = np.arange(len(rows))
        in_scope = np.nonzero(position[self.window_rows] >= 0)[0]
        if in_scope.size == 0:
            return own, best_window
        similarity = self.window_vectors[in_scope] @ query_vector
        order = np.argsort(similarity, kind="stable")  # ascending: the best is written last
        owner = position[self.window_rows[in_scope[order]]]
        best = np.full(len(rows), -np.inf, dtype=np.float64)
        best[owner] = similarity[order]
        chosen = np.full(len(rows), -1, dtype=np.int64)
        chosen[owner] = in_scope[order]
        better = best > own
        best_window[better] = chosen[better]
        return np.where(better, best, own).astype(np.float32), best_window

    def _window_tokens(self) -> list[list[str]]:
        """Each window's words, indexed after the clauses: a long clause scores lexically by
        its best window too, so one sentence's words are not diluted by the paragraph's length."""
        documents: list[list[str]] = []
        for row, (start, end) in zip(self.window_rows, self.window_spans, strict=True):
            clause = self.clauses[int(row)]
            documents.append(
                tokens(bm25_text(replace(clause, text=clause.text[start:end]))) or ["_"]
            )
        return documents

    def window_span(self, window: int) -> tuple[int, int] | None:
        if window < 0:
            return None
        start, end = self.window_spans[window]
        return int(start), int(end)

    def _map_versions(self) -> None:
        by_version: dict[str, list[int]] = {}
        for row, clause in enumerate(self.clauses):
            by_version.setdefault(clause.version_id, []).append(row)
        self.rows_by_version = {
            vid: np.asarray(rows, dtype=np.int64) for vid, rows in by_version.items()
        }

    def rows_for(self, versions: list[VersionRecord]) -> np.ndarray:
        parts = [self.rows_by_version.get(v.version_id) for v in versions]
        found = [part for part in parts if part is not None]
        return np.concatenate(found) if found else np.zeros(0, dtype=np.int64)

    def versions(
        self,
        platforms: list[str] | None,
        as_of: date | None,
        *,
        all_versions: bool = False,
        document: str | None = None,
    ) -> list[VersionRecord]:
        """The versions a question is about: current (default), in force on `as_of`, or all."""
        registry = self.registry
        if all_versions:
            chosen = list(registry.versions.values())
        else:
            chosen = registry.selected_versions(as_of)
        return [
            record
            for record in chosen
            if (not platforms or record.platform in platforms)
            and (document is None or record.document == document)
        ]

    def document_column(self) -> np.ndarray:
        """Each row's document slug, for vectorised document preferences."""
        if self._documents is None:
            self._documents = np.asarray([clause.document for clause in self.clauses])
        return self._documents

    def alignment(self, older: str, newer: str) -> dict[int, int]:
        """Which row of `older` each row of `newer` continues, by `alignment.align`
        (computed once per pair; every consecutive pair is done when the index is built)."""
        key = (older, newer)
        if key not in self._alignments:
            from fineprint.catalog.alignment import align

            old_rows = self.rows_by_version.get(older, np.zeros(0, dtype=np.int64))
            new_rows = self.rows_by_version.get(newer, np.zeros(0, dtype=np.int64))
            pairs = align(
                [self.clauses[int(r)] for r in old_rows], [self.clauses[int(r)] for r in new_rows]
            )
            self._alignments[key] = {
                int(new_rows[j]): int(old_rows[i]) for j, (i, _, _) in pairs.items()
            }
        return self._alignments[key]

    def align_consecutive_versions(self) -> None:
        """Align every document's consecutive versions now (~5 s for the bundled corpus), so
        answers' histories cost nothing at question time."""
        for platform, document in self.registry.documents():
            history = self.registry.history(platform, document)
            for older, newer in pairwise(history):
                self.alignment(older.version_id, newer.version_id)

    def normalised_text(self, version_id: str) -> str:
        """A version's clause texts, normalised and joined: for "does this wording appear"
        checks that ignore formatting."""
        if version_id not in self._normalised:
            rows = self.rows_by_version.get(version_id)
            texts = [] if rows is None else [self.clauses[int(r)].text for r in rows]
            self._normalised[version_id] = " ".join(normalise_text(text) for text in texts)
        return self._normalised[version_id]

    def version_sentences(self, version_id: str, read: Callable[[str], str]) -> frozenset[str]:
        """Every sentence of a version's clauses as `read` makes it (cached by version and by
        the reading function's name: versions are compared sentence by sentence again and
        again)."""
        key = (version_id, read.__qualname__)
        if key not in self._sentences:
            rows = self.rows_by_version.get(version_id)
            texts = [] if rows is None else [self.clauses[int(r)].text for r in rows]
            self._sentences[key] = frozenset(
                read(text[a:b]) for text in texts for a, b in sentence_spans(text)
            )
        return self._sentences[key]

    def bm25_scores(
        self, query_tokens: list[str], rows: np.ndarray, *, windows: bool = True
    ) -> np.ndarray:
        """Each row's BM25 score: the best of its own text and (with `windows`) its windows'."""
        if not query_tokens or len(rows) == 0 or not self.clauses:
            return np.zeros(len(rows), dtype=np.float32)
        known = [t for t in query_tokens if t in self.bm25.vocab_dict]
        if not known:
            return np.zeros(len(rows), dtype=np.float32)
        scores = np.asarray(self.bm25.get_scores(known), dtype=np.float32)
        own = scores[: len(self.clauses)]
        if not windows or len(self.window_rows) == 0:
            return own[rows]
        best = own.copy()
        np.maximum.at(best, self.window_rows, scores[len(self.clauses) :])
        return best[rows]


@dataclass
class _Reuse:
    """What a build takes from the previous generation's index: the versions committed with
    the same split (their rows, renumbered by `remap`), and the alignments between them."""

    previous: SearchIndex | None = None
    versions: frozenset[str] = frozenset()
    remap: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    rows: frozenset[int] = frozenset()  # new rows taken from the previous index

    @classmethod
    def of(cls, previous: SearchIndex | None, registry: Registry) -> _Reuse:
        if previous is None or previous.registry.model != registry.model:
            return cls()
        versions = frozenset(
            vid
            for vid, record in registry.versions.items()
            if (old := previous.registry.versions.get(vid)) is not None
            and (old.split_tag, old.clause_count) == (record.split_tag, record.clause_count)
            and vid in previous.rows_by_version
        )
        return cls(previous, versions)

    def assemble(
        self, registry: Registry, fresh: list[StoredClause], fresh_vectors: np.ndarray
    ) -> tuple[list[Clause], list[str], np.ndarray]:
        """Clauses, their keys and vectors in registry order: the previous index's rows for
        the versions taken (`is_current` set anew), the fresh ones read from the store."""
        previous = self.previous
        if previous is None:
            read = [item.clause for item in fresh]
            return read, [item.clause_key for item in fresh], fresh_vectors
        current = registry.current_ids()
        self.remap = np.full(len(previous.clauses), -1, dtype=np.int64)
        clauses: list[Clause] = []
        keys: list[str] = []
        parts: list[np.ndarray] = []
        taken: list[int] = []
        at = 0  # next fresh clause
        for record in sorted(registry.versions.values(), key=lambda r: r.version_id):
            vid = record.version_id
            if vid not in self.versions:
                count = len(record.clause_ids())
                chunk = fresh[at : at + count]
                clauses.extend(item.clause for item in chunk)
                keys.extend(item.clause_key for item in chunk)
                parts.append(fresh_vectors[at : at + count])
                at += count
                continue
            old_rows = previous.rows_by_version[vid]
            self.remap[old_rows] = np.arange(len(clauses), len(clauses) + len(old_rows))
            taken.extend(range(len(clauses), len(clauses) + len(old_rows)))
            flag = vid in current
            for row in old_rows.tolist():
                clause = previous.clauses[row]
                if clause.is_current != flag:  # the version a new one replaced as current
                    clause = replace(clause, is_current=flag)
                clauses.append(clause)
                keys.append(previous.clause_keys[row])
            parts.append(previous.vectors[old_rows])
        self.rows = frozenset(taken)
        dim = previous.vectors.shape[1] if previous.vectors.ndim == 2 else fresh_vectors.shape[-1]
        vectors = (
            np.concatenate([part.reshape(-1, dim) for part in parts]).astype(np.float32)
            if parts
            else np.zeros((0, dim), np.float32)
        )
        return clauses, keys, vectors

    def alignments(self, index: SearchIndex) -> None:
        """The previous index's alignments between two versions both taken, renumbered."""
        previous = self.previous
        if previous is None:
            return
        for (older, newer), pairs in previous._alignments.items():
            if older in self.versions and newer in self.versions:
                index._alignments[(older, newer)] = {
                    int(self.remap[new]): int(self.remap[old]) for new, old in pairs.items()
                }


def _cache_path(settings: Settings) -> Path:
    where = settings.chroma_url or str(settings.chroma_path.resolve())
    tag = hashlib.sha256(f"{where}|{settings.collection}".encode()).hexdigest()[:12]
    return settings.data_dir / "index-cache" / f"{settings.collection}-{tag}"


def load_index(
    settings: Settings,
    store: ClauseStore,
    registry: Registry,
    previous: SearchIndex | None = None,
) -> SearchIndex:
    """The index for this registry generation: from the disk cache, else built and cached —
    from `previous` (an earlier generation's index the caller holds) or the earlier
    generation's disk cache where they hold versions of this one (`SearchIndex.build`).
    The cache holds no pickle (see `fineprint.retrieval.index_cache`)."""
    path, registry_json = _cache_path(settings), registry.to_json()
    index = index_cache.load(path, registry_json, CACHE_FORMAT)
    if not (isinstance(index, SearchIndex) and index.registry == registry):
        if previous is None:
            earlier = index_cache.load_any(path, CACHE_FORMAT)
            previous = earlier if isinstance(earlier, SearchIndex) else None
            del earlier
        index = SearchIndex.build(store, registry, previous)
        previous = None  # an earlier generation loaded here is freed before the save
        if index.clauses:  # bm25s cannot save an index of nothing; an empty one builds at once
            index_cache.save(path, index, registry_json, CACHE_FORMAT)
    keep_out_of_collections()
    return index


def keep_out_of_collections() -> None:
    """Move every object alive now — the index just loaded among them — out of the cyclic
    garbage collector's passes (`gc.freeze`).

    Why: loading makes tens of thousands of long-lived objects (a clause each), which sets off
    the collector's full pass over the whole heap; a pass holds the GIL throughout, on whichever
    thread triggers it, so the bot's event loop stalled 100-200 ms on most index reloads
    (bench/reload_stall_bench.py), more than the load itself, and the pass grows with the store.
    Frozen objects are still freed as soon as nothing refers to them: a replaced index goes
    (the index, its searcher and answerer hold no reference cycle; a test checks it). What is
    kept for good is only a reference cycle that was alive now and becomes garbage later."""
    gc.freeze()
