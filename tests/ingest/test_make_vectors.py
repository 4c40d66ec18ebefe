"""`make vectors` (ingest/make_vectors.py): a row for every text an ingest of the corpus
embeds, from the store's cache where it holds them, else from the model."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from fineprint.retrieval.windows import clause_windows
from fineprint.settings import Settings
from fineprint.store import ClauseStore
from ingest.make_vectors import corpus_texts, main, make_vectors
from ingest.pipeline import build_clauses, run_ingest
from ingest.request import IngestRequest
from tests.conftest import MemoEmbedder, copy_corpus_files, make_settings

ONE_VERSION = "soundcloud/terms-of-use/2024-02-07.md"  # has long clauses, so windows


def test_every_clause_and_window_text_gets_a_row(tmp_path: Path, embedder: MemoEmbedder) -> None:
    corpus = copy_corpus_files(tmp_path / "corpus", ONE_VERSION)
    settings = make_settings(tmp_path / "data", corpus_dir=corpus)
    files = make_vectors(settings, embedder, emit=lambda line: None)

    manifest = json.loads(files.manifest.read_text())
    hashes = files.hashes.read_text().split()
    matrix = np.load(files.vectors)
    texts, skipped = corpus_texts(corpus)
    assert not skipped
    assert hashes == sorted(texts) and manifest["count"] == len(hashes) == len(matrix)
    assert manifest["model"] == embedder.fingerprint and matrix.dtype == np.float32
    assert not (tmp_path / "data").exists()  # no store there: none was created to read from

    from ingest.documents import read_corpus_file

    clauses = build_clauses(read_corpus_file(corpus / ONE_VERSION), is_current=True)
    windows = [window for clause in clauses for window in clause_windows(clause)]
    assert windows, "the test needs a version with long clauses"
    expected = {c.embedding_hash: c.embedding_text for c in clauses}
    expected |= {w.embedding_hash: w.embedding_text for w in windows}
    assert texts == expected
    model = embedder.encode([texts[h] for h in hashes])
    assert np.array_equal(matrix, model)


def test_vectors_come_from_the_stores_cache_when_it_holds_them(
    tmp_path: Path, embedder: MemoEmbedder, embedded_settings: Settings
) -> None:
    corpus = copy_corpus_files(tmp_path / "corpus", ONE_VERSION)
    settings = embedded_settings.model_copy(update={"corpus_dir": corpus})
    store = ClauseStore.open(settings)
    assert run_ingest(IngestRequest(settings, store=store, embedder=embedder)).ok
    calls = embedder.calls
    lines: list[str] = []
    files = make_vectors(settings, embedder, emit=lines.append)
    assert embedder.calls == calls  # nothing was embedded
    count = len(files.hashes.read_text().split())
    assert lines == [f"{count:,} texts: {count:,} from the store's cache, the rest embedded"]

    again = make_vectors(settings, embedder, embed_all=True, dtype="float16", emit=lines.append)
    half = np.load(again.vectors)
    assert embedder.calls > calls and half.dtype == np.float16
    texts, _ = corpus_texts(corpus)
    model = embedder.encode([texts[h] for h in sorted(texts)])  # rows in hash order
    assert np.allclose(half.astype(np.float32), model, atol=2e-3)  # float16's rounding


def test_the_command_writes_beside_the_corpus_it_is_given(
    tmp_path: Path, embedder: MemoEmbedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = copy_corpus_files(tmp_path / "corpus", ONE_VERSION)
    monkeypatch.setenv("FINEPRINT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setattr("ingest.make_vectors.get_embedder", lambda *args: embedder)
    main(["--corpus", str(corpus)])
    written = sorted(path.name for path in (corpus / "vectors").iterdir())
    assert written == ["minilm-terms.hashes", "minilm-terms.json", "minilm-terms.npy"]


def test_the_shipped_vectors_cover_every_text_an_ingest_of_the_bundled_corpus_embeds() -> None:
    """A fresh clone's first ingest embeds nothing: every clause and window text of the bundled
    corpus, split as an ingest splits it (X's two-in-one captures: the newest edition only),
    has its row in corpus/vectors. A change to splitting without `make vectors` fails here."""
    from tests.conftest import CORPUS

    texts, skipped = corpus_texts(CORPUS)
    assert not skipped
    shipped = set((CORPUS / "vectors" / "minilm-terms.hashes").read_text().split())
    missing = [key for key in texts if key not in shipped]
    assert missing == [], f"{len(missing)} texts have no shipped vector: run `make vectors`"
