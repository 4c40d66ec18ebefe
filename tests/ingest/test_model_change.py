"""The store records which model made its vectors, re-embeds everything when the model
changes, and is never searched with another model's query vectors."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from fineprint.retrieval.embeddings import get_embedder
from fineprint.retrieval.encoder_model import DEFAULT_MODEL, encoder_model, same_model
from fineprint.retrieval.index import SearchIndex
from fineprint.retrieval.windows import clause_windows
from fineprint.service import Fineprint
from fineprint.settings import Settings
from fineprint.store import ClauseStore, StoreError
from ingest.pipeline import run_ingest
from ingest.request import IngestRequest
from tests.conftest import MemoEmbedder, copy_corpus_files


@pytest.fixture(scope="module")
def stock_embedder() -> MemoEmbedder:
    return MemoEmbedder(get_embedder("cpu", "stock"))


def test_the_two_models_have_different_fingerprints() -> None:
    tuned, stock = encoder_model(DEFAULT_MODEL), encoder_model("stock")
    assert tuned.fingerprint != stock.fingerprint
    assert tuned.fingerprint.startswith("minilm-terms:")
    assert same_model("", stock.fingerprint)  # stores from before fingerprints: stock
    assert not same_model("", tuned.fingerprint)


def test_a_model_change_re_embeds_every_stored_version(
    embedded_settings: Settings,
    tmp_path: Path,
    embedder: MemoEmbedder,
    stock_embedder: MemoEmbedder,
) -> None:
    soundcloud = copy_corpus_files(tmp_path / "a", "soundcloud/terms-of-use/2024-02-07.md")
    distrokid = copy_corpus_files(tmp_path / "b", "distrokid/terms-of-service/2024-09-19.md")
    store = ClauseStore.open(embedded_settings)
    first = run_ingest(
        IngestRequest(
            embedded_settings, paths=(soundcloud, distrokid), store=store, embedder=stock_embedder
        )
    )
    assert first.ok and first.versions_new == 2
    assert store.load_registry().model == stock_embedder.fingerprint

    # Fineprint configured for the tuned model refuses the stock store, saying what to do.
    with pytest.raises(StoreError, match="fineprint ingest"):
        _ = Fineprint(embedded_settings).answerer

    # Re-ingesting only SoundCloud with the tuned model re-embeds DistroKid too (from its
    # stored body): the store never holds two models' vectors.
    second = run_ingest(
        IngestRequest(embedded_settings, paths=(soundcloud,), store=store, embedder=embedder)
    )
    assert second.ok and second.versions_replaced == 2 and second.texts_embedded > 0
    registry = store.load_registry()
    assert registry.model == embedder.fingerprint
    stored, matrix = store.read_clauses(registry.versions.values(), with_embeddings=True)
    assert matrix is not None
    expected = embedder.inner.encode([item.clause.embedding_text for item in stored])
    assert np.allclose(matrix, expected, atol=1e-4)
    assert {item.clause.platform for item in stored} == {"soundcloud", "distrokid"}

    answer = Fineprint(embedded_settings).ask("Does DistroKid take a cut of my royalties?")
    assert not answer.abstained


def test_long_clauses_have_window_vectors_of_the_same_model(
    embedded_settings: Settings, tmp_path: Path, embedder: MemoEmbedder
) -> None:
    corpus = copy_corpus_files(tmp_path / "c", "soundcloud/terms-of-use/2024-02-07.md")
    store = ClauseStore.open(embedded_settings)
    report = run_ingest(
        IngestRequest(embedded_settings, paths=(corpus,), store=store, embedder=embedder)
    )
    assert report.windows_embedded > 0
    index = SearchIndex.build(store, store.load_registry())
    windows = [(row, w) for row, c in enumerate(index.clauses) for w in clause_windows(c)]
    assert len(index.window_rows) == len(windows) == report.windows_embedded
    expected = embedder.inner.encode([w.embedding_text for _, w in windows])
    assert np.allclose(index.window_vectors, expected, atol=1e-4)
    assert [int(r) for r in index.window_rows] == [row for row, _ in windows]
