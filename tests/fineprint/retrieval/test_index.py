"""The search index over a real store: built, cached per generation, and safe when empty."""

from __future__ import annotations

from pathlib import Path

from fineprint.answering.answer import Answerer
from fineprint.retrieval.index import load_index
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
