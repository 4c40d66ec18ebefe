"""Hybrid, version-aware clause search: dense (MiniLM) and BM25 rankings, fused.

Creators and terms use different words ("my voice" vs "likeness", "AI" vs "machine
learning"); a small creator-to-legal vocabulary widens the lexical query. Each choice here
(fusion, expansion) is measured by `bench/ask_bench.py`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from itertools import islice
from typing import Literal, Protocol

import numpy as np

from fineprint.catalog.clauses import Clause, normalise_text
from fineprint.catalog.registry import VersionRecord
from fineprint.retrieval.index import SearchIndex
from fineprint.text import tokens

RRF_K = 60
# Fusion of standardised scores beat reciprocal-rank fusion on every kind of question in
# bench/ask_bench.py (MRR@10 0.645 vs 0.588 on the gold clauses' ranks); the dense weight
# sits in the middle of a plateau (1.0-2.0 scored within 0.02).
DENSE_WEIGHT = 1.5
DOCUMENT_BOOST = 1.0  # in standard deviations, for the document kind a question names

# creator word (stemmed) → the words terms use for it
EXPANSIONS: dict[str, str] = {
    "ai": "artificial intelligence machine learning model train generative",
    "artificial": "machine learning model",
    "train": "machine learning model develop improve",
    "model": "machine learning artificial intelligence",
    "clone": "replicate synthesize likeness voice",
    "voic": "likeness voice",
    "deepfak": "synthetic likeness manipulated",
    "likenes": "name image voice",
    "track": "content music recording sound",
    "song": "content music recording",
    "music": "content recording sound",
    "beat": "content music",
    "sound": "content recording",
    "video": "content",
    "vid": "video content",
    "vod": "video content stream broadcast",
    "photo": "content image",
    "pic": "content image photo",
    "art": "content artwork image",
    "artwork": "content",
    "post": "content",
    "tweet": "content post",
    "reel": "content video",
    "upload": "content submit post",
    "stuff": "content",
    "work": "content",
    "sell": "license commercial sublicense",
    "own": "ownership right retain intellectual property",
    "copyright": "intellectual property right ownership infringe",
    "keep": "retain ownership",
    "remix": "derivative work modify adapt",
    "delete": "remove terminat deletion",
    "ban": "terminat suspend disable",
    "kick": "terminat suspend",
    "pay": "payment fee royalty revenue",
    "paid": "payment fee royalty revenue",
    "money": "payment revenue earning",
    "earn": "revenue payment",
    "cut": "fee share revenue",
    "fee": "price charge",
    "sue": "arbitration dispute court class action",
    "court": "arbitration dispute jurisdiction",
    "lawyer": "arbitration dispute",
    "class": "action waiver arbitration",
    "data": "personal information",
    "info": "personal information data",
    "privacy": "personal information data",
    "spy": "collect personal information",
    "chang": "modify update amend",
    "takedown": "copyright infringement notice dmca",
    "steal": "infringe copyright",
    "forever": "perpetual irrevocable",
    "perman": "perpetual irrevocable",
    "revok": "terminat irrevocable",
    "third": "partner",
    "partner": "third party",
}
_EXPANSION_STEMS = {key: tokens(value) for key, value in EXPANSIONS.items()}


def expand(query_tokens: list[str]) -> list[str]:
    """The query's tokens plus the legal words for the creator words in it."""
    extra: list[str] = []
    for token in query_tokens:
        extra.extend(_EXPANSION_STEMS.get(token, []))
    return query_tokens + [t for t in extra if t not in query_tokens]


class QueryEncoder(Protocol):
    def encode(self, text: str) -> np.ndarray: ...


class Query(Protocol):
    """What ranking reads of a question; the answering side's `ParsedQuestion` is one."""

    @property
    def query(self) -> str: ...  # the text ranked against clauses

    @property
    def platforms(self) -> list[str]: ...

    @property
    def as_of(self) -> date | None: ...

    @property
    def documents(self) -> list[str]: ...  # document kinds it points at (boosted)

    @property
    def terms(self) -> tuple[str, ...]: ...  # tokens(query), computed once per question

    @property
    def expanded_terms(self) -> tuple[str, ...]: ...  # expand(terms)

    @property
    def named_documents(self) -> list[str]: ...  # … and those it names outright (narrowed to)


@dataclass(frozen=True)
class Hit:
    """One ranked clause."""

    row: int
    clause: Clause
    clause_key: str
    score: float
    dense: float
    lexical: float
    focus: tuple[int, int] | None = None  # the window of the clause text that scored best


Fusion = Literal["zscore", "rrf", "dense", "bm25"]


def _standardise(scores: np.ndarray) -> np.ndarray:
    """Scores on a common scale across the candidate set (mean 0, deviation 1)."""
    values = scores.astype(np.float64)
    spread = float(values.std())
    return (values - values.mean()) / spread if spread > 0 else values - values.mean()


def _ranks(scores: np.ndarray) -> np.ndarray:
    order = np.argsort(-scores, kind="stable")
    ranks = np.empty(len(scores), dtype=np.float64)
    ranks[order] = np.arange(1, len(scores) + 1)
    return ranks


_PLATFORM_WORDS = re.compile(r"\s+")


class Searcher:
    """Ranks the clauses of the versions a question is about."""

    def __init__(
        self,
        index: SearchIndex,
        encoder: QueryEncoder,
        *,
        fusion: Fusion = "zscore",
        expansion: bool = True,
        dense_weight: float = DENSE_WEIGHT,
        document_boost: float = DOCUMENT_BOOST,
        windows: bool = True,
    ) -> None:
        self.index = index
        self.windows = windows  # score long clauses by their best window (bench can turn off)
        self.encoder = encoder
        self.fusion = fusion
        self.expansion = expansion
        self.dense_weight = dense_weight
        self.document_boost = document_boost
        self._vectors: dict[str, np.ndarray] = {}

    def candidate_versions(
        self, question: Query, *, all_versions: bool = False, document: str | None = None
    ) -> list[VersionRecord]:
        """The versions in scope; narrowed to the documents the question names outright when
        the platforms have them."""
        versions = self.index.versions(
            question.platforms or None,
            question.as_of,
            all_versions=all_versions,
            document=document,
        )
        if document is None and question.named_documents:
            named = [v for v in versions if v.document in question.named_documents]
            if named:
                return named
        return versions

    def best_per_version(
        self, question: Query, versions: list[VersionRecord], per_version: int = 1
    ) -> dict[str, list[Hit]]:
        """The `per_version` best clauses of each version, ranked in one pool: every version
        of a document asked the question at the cost of one search (versions share clause
        vectors; the pool's scale is common to all of them)."""
        found: dict[str, list[Hit]] = {v.version_id: [] for v in versions}
        full = 0
        for hit in self.ranked(question, versions):
            kept = found[hit.clause.version_id]
            if len(kept) < per_version:
                kept.append(hit)
                full += len(kept) == per_version
                if full == len(found):
                    break
        return found

    def search(
        self,
        question: Query,
        *,
        k: int = 10,
        versions: list[VersionRecord] | None = None,
    ) -> list[Hit]:
        if versions is None:
            versions = self.candidate_versions(question)
        return list(islice(self.ranked(question, versions), k))

    def ranked(self, question: Query, versions: list[VersionRecord]) -> Iterator[Hit]:
        """The clauses of `versions`, best first, made one at a time (callers stop early)."""
        rows = self.index.rows_for(versions)
        if len(rows) == 0:
            return
        query_vector = self.query_vector(question)
        if self.windows:
            dense, windows = self.index.dense_scores(query_vector, rows)
        else:
            dense = self.index.vectors[rows] @ query_vector
            windows = np.full(len(rows), -1, dtype=np.int64)
        query_tokens = list(question.expanded_terms if self.expansion else question.terms)
        lexical = self.index.bm25_scores(query_tokens, rows, windows=self.windows)
        fused = self._fuse(dense, lexical)
        if question.documents and self.document_boost:
            hinted = np.isin(self.index.document_column()[rows], question.documents)
            if hinted.any() and not hinted.all():
                fused = fused + hinted * self.document_boost * self._unit(fused)
        order = np.argsort(-fused, kind="stable")
        seen: set[tuple[str, str]] = set()
        for position in order:
            row = int(rows[position])
            clause = self.index.clauses[row]
            # the same text twice in one capture (regional copies) is one answer
            fingerprint = (clause.version_id, normalise_text(clause.text))
            if fingerprint in seen:
                continue
            seen.add(fingerprint)
            yield Hit(
                row=row,
                clause=clause,
                clause_key=self.index.clause_keys[row],
                score=float(fused[position]),
                dense=float(dense[position]),
                lexical=float(lexical[position]),
                focus=self.index.window_span(int(windows[position])),
            )

    def query_vector(self, question: Query) -> np.ndarray:
        """The question's vector, as search ranked with it (encoded once per question)."""
        return self._encode(question.query)

    def text_vector(self, text: str) -> np.ndarray:
        """Any text's vector as the question's is made (a quoted sentence, to find the clause
        closest to it in meaning)."""
        return self._encode(text)

    def _encode(self, text: str) -> np.ndarray:
        """One encoding per distinct query: history lookups re-search the same question."""
        if text not in self._vectors:
            if len(self._vectors) > 256:
                self._vectors.clear()
            self._vectors[text] = self.encoder.encode(text)
        return self._vectors[text]

    def _fuse(self, dense: np.ndarray, lexical: np.ndarray) -> np.ndarray:
        if self.fusion == "dense":
            return dense.astype(np.float64)
        if self.fusion == "bm25":
            return lexical.astype(np.float64)
        if self.fusion == "rrf":
            return self.dense_weight / (RRF_K + _ranks(dense)) + 1.0 / (RRF_K + _ranks(lexical))
        return self.dense_weight * _standardise(dense) + _standardise(lexical)

    def _unit(self, fused: np.ndarray) -> float:
        """One "step" of the fused score: a standard deviation (z-scores), a top rank (RRF)."""
        return 1.0 if self.fusion == "zscore" else 1.0 / (RRF_K + 1)
