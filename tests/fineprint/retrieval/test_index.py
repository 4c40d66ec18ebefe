"""The search index over a real store: built, cached per generation, and safe when empty."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from fineprint.answering.answer import Answerer
from fineprint.retrieval.index import SearchIndex, load_index
from fineprint.retrieval.query_encoder import get_query_encoder
from fineprint.retrieval.search import Searcher
from fineprint.settings import Settings
from fineprint.store import ClauseStore
from ingest.pipeline import run_ingest
from ingest.request import IngestRequest
from tests.conftest import MemoEmbedder, copy_corpus_files


def test_an_empty_store_searches_nothing_and_abstains(embedded_settings: Settings) -> None:
    store = ClauseStore.open(embedded_settings)
    index = load_index(embedded_settings, store, store.load_registry())
    answer = Answerer(Searcher(index, get_query_encoder()), None).ask("Can they train AI?")
    assert answer.abstained and answer.citations == []


def test_index_is_cached_per_generation(
    embedded_settings: Settings, tmp_path: Path, embedder: MemoEmbedder
) -> None:
    corpus = copy_corpus_files(tmp_path / "c", "distrokid/terms-of-service/2021-08-03.md")
    run_ingest(IngestRequest(embedded_settings, paths=(corpus,), embedder=embedder))
    store = ClauseStore.open(embedded_settings)
    registry = store.load_registry()
    first = load_index(embedded_settings, store, registry)
    cached = list((embedded_settings.data_dir / "index-cache").iterdir())
    assert len(cached) == 1 and (cached[0] / "index.json").is_file()
    again = load_index(embedded_settings, store, registry)
    assert again.generation == first.generation and len(again.clauses) == len(first.clauses)
    copy_corpus_files(corpus, "distrokid/terms-of-service/2024-09-19.md")
    run_ingest(IngestRequest(embedded_settings, paths=(corpus,), embedder=embedder))
    newer = load_index(embedded_settings, store, store.load_registry())
    assert newer.generation > first.generation
    assert {c.version_date.isoformat() for c in newer.clauses} == {"2021-08-03", "2024-09-19"}


def test_a_new_generation_is_built_from_the_last_one_as_a_full_build_would_be(
    embedded_settings: Settings,
    tmp_path: Path,
    embedder: MemoEmbedder,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """After a follow of a few commits the index is built from the previous generation's
    (its disk cache here, as `fineprint watch --ota` finds it): only the new versions are read
    from the store and aligned, and the result is the full build's, row for row."""
    corpus = copy_corpus_files(
        tmp_path / "c",
        "distrokid/terms-of-service/2021-08-03.md",
        "soundcloud/terms-of-use/2013-06-02.md",
    )
    run_ingest(IngestRequest(embedded_settings, paths=(corpus,), embedder=embedder))
    store = ClauseStore.open(embedded_settings)
    older = load_index(embedded_settings, store, store.load_registry())
    copy_corpus_files(
        corpus, "distrokid/terms-of-service/2024-09-19.md", "soundcloud/terms-of-use/2024-02-07.md"
    )
    run_ingest(IngestRequest(embedded_settings, paths=(corpus,), embedder=embedder))
    registry = store.load_registry()
    read: list[str] = []
    real_read = ClauseStore.read_clauses

    def spy(self: ClauseStore, records: Any, **kwargs: Any) -> Any:
        records = list(records)
        read.extend(r.version_id for r in records)
        return real_read(self, records, **kwargs)

    monkeypatch.setattr(ClauseStore, "read_clauses", spy)
    incremental = load_index(embedded_settings, ClauseStore.open(embedded_settings), registry)
    assert sorted(read) == [
        "distrokid/terms-of-service/2024-09-19",
        "soundcloud/terms-of-use/2024-02-07",
    ]
    full = SearchIndex.build(store, registry)
    assert incremental.clauses == full.clauses and incremental.clause_keys == full.clause_keys
    assert any(not c.is_current for c in incremental.clauses if c.version_date.year < 2024)
    assert np.array_equal(incremental.vectors, full.vectors)
    assert np.array_equal(incremental.window_rows, full.window_rows)
    assert np.array_equal(incremental.window_spans, full.window_spans)
    assert np.array_equal(incremental.window_vectors, full.window_vectors)
    assert incremental.idf == full.idf
    assert incremental._alignments == full._alignments and full._alignments
    assert {k: v.tolist() for k, v in incremental.rows_by_version.items()} == {
        k: v.tolist() for k, v in full.rows_by_version.items()
    }
    rows = np.arange(len(full.clauses))
    for words in (["licens", "content"], ["arbitr"], ["royalti", "pay"]):
        assert np.allclose(incremental.bm25_scores(words, rows), full.bm25_scores(words, rows))
    assert len(older.clauses) < len(full.clauses)
