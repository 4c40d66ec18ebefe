"""Vectors shipped beside the corpus (ingest/shipped_vectors.py): used by ingest when the model
that made them is the model in use, ignored otherwise; a missing or corrupt file is named in a
note and the ingest embeds instead and goes on."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from fineprint.retrieval.embeddings import get_embedder
from fineprint.retrieval.index import SearchIndex
from fineprint.service import Fineprint
from fineprint.settings import Settings
from fineprint.store import ClauseStore
from ingest.make_vectors import corpus_texts, make_vectors
from ingest.pipeline import IngestReport, run_ingest
from ingest.request import IngestRequest
from ingest.shipped_vectors import (
    VectorFiles,
    load_shipped,
    read_manifest,
    write_shipped,
)
from tests.conftest import CORPUS, MemoEmbedder, copy_corpus_files, make_settings

SOUNDCLOUD = ("soundcloud/terms-of-use/2024-02-07.md", "soundcloud/terms-of-use/2026-08-17.md")
DISTROKID = "distrokid/terms-of-service/2024-09-19.md"


@pytest.fixture(scope="module")
def shipped_corpus(tmp_path_factory: pytest.TempPathFactory, embedder: MemoEmbedder) -> Path:
    """Two SoundCloud versions with their vectors built beside them, as `make vectors` does."""
    corpus = copy_corpus_files(tmp_path_factory.mktemp("shipped") / "corpus", *SOUNDCLOUD)
    shutil.copyfile(CORPUS / "sources.toml", corpus / "sources.toml")
    settings = make_settings(corpus.parent / "unused-data", corpus_dir=corpus)
    make_vectors(settings, embedder, emit=lambda line: None)
    return corpus


def fresh_copy(corpus: Path, target: Path, *extra: str) -> Path:
    """A copy of `corpus` (documents and vectors) to spoil, with more corpus files in it."""
    shutil.copytree(corpus, target)
    return copy_corpus_files(target, *extra)


def ingest(
    tmp_path: Path, corpus: Path, embedder: MemoEmbedder, **settings: object
) -> tuple[IngestReport, Settings]:
    settings.setdefault("shipped_vectors", "on")
    configured = make_settings(tmp_path / "data", corpus_dir=corpus, **settings)
    store = ClauseStore.open(configured)
    return run_ingest(IngestRequest(configured, store=store, embedder=embedder)), configured


def test_shipped_vectors_stand_in_for_the_model(
    tmp_path: Path, shipped_corpus: Path, embedder: MemoEmbedder
) -> None:
    calls = embedder.calls
    report, settings = ingest(tmp_path, shipped_corpus, embedder)
    assert report.ok and report.versions_new == 2 and not report.notes
    assert (report.texts_embedded, report.windows_embedded) == (0, 0)
    assert embedder.calls == calls  # the model was never asked
    texts, _ = corpus_texts(shipped_corpus)
    assert report.vectors_shipped == len(texts)

    # Clause and window vectors are the model's own.
    store = ClauseStore.open(settings)
    index = SearchIndex.build(store, store.load_registry())
    assert len(index.window_rows) > 0
    stored, matrix = store.read_clauses(
        store.load_registry().versions.values(), with_embeddings=True
    )
    assert matrix is not None
    model = embedder.encode([item.clause.embedding_text for item in stored])
    assert np.allclose(matrix, model, atol=1e-6)

    # The same answers as from vectors the model made.
    embedded, embedded_settings = ingest(
        tmp_path / "embedded", shipped_corpus, embedder, shipped_vectors="off"
    )
    assert embedded.vectors_shipped == 0 and embedded.texts_embedded > 0
    for question in ("Can SoundCloud train AI on my voice?", "Can SoundCloud end my account?"):
        ours, theirs = Fineprint(settings).ask(question), Fineprint(embedded_settings).ask(question)
        assert [c.quote for c in ours.citations] == [c.quote for c in theirs.citations]

    again = run_ingest(IngestRequest(settings, store=store, embedder=embedder))
    assert (again.versions_unchanged, again.vectors_shipped) == (2, 0)  # nothing to do


def test_float16_vectors_are_the_models_within_their_rounding(
    tmp_path: Path, shipped_corpus: Path, embedder: MemoEmbedder
) -> None:
    corpus = fresh_copy(shipped_corpus, tmp_path / "corpus")
    files = VectorFiles.of(corpus / "vectors", "minilm-terms")
    hashes = files.hashes.read_text().split()
    write_shipped(files, embedder.fingerprint, hashes, np.load(files.vectors), "float16")
    report, settings = ingest(tmp_path, corpus, embedder)
    assert report.ok and report.vectors_shipped == len(hashes) and report.texts_embedded == 0
    store = ClauseStore.open(settings)
    stored, matrix = store.read_clauses(
        store.load_registry().versions.values(), with_embeddings=True
    )
    model = embedder.encode([item.clause.embedding_text for item in stored])
    assert np.allclose(matrix, model, atol=2e-3)
    assert np.allclose(np.linalg.norm(matrix, axis=1), 1.0, atol=1e-5)  # unit length again


def test_only_texts_without_a_shipped_vector_are_embedded(
    tmp_path: Path, shipped_corpus: Path, embedder: MemoEmbedder
) -> None:
    corpus = fresh_copy(shipped_corpus, tmp_path / "corpus", DISTROKID)
    report, _ = ingest(tmp_path, corpus, embedder)
    shipped, _ = corpus_texts(shipped_corpus)
    every, _ = corpus_texts(corpus)
    assert report.ok and report.versions_new == 3
    assert report.vectors_shipped == len(shipped)
    assert report.texts_embedded + report.windows_embedded == len(set(every) - set(shipped)) > 0


def test_vectors_of_other_weights_are_ignored(
    tmp_path: Path, shipped_corpus: Path, embedder: MemoEmbedder
) -> None:
    """Weights changed since `make vectors` (a new fingerprint): every text is embedded."""
    corpus = fresh_copy(shipped_corpus, tmp_path / "corpus")
    files = VectorFiles.of(corpus / "vectors", "minilm-terms")
    hashes = files.hashes.read_text().split()
    write_shipped(files, "minilm-terms:000000000000", hashes, np.load(files.vectors))
    report, settings = ingest(tmp_path, corpus, embedder)
    assert report.ok and report.vectors_shipped == 0
    assert report.texts_embedded + report.windows_embedded == len(hashes)
    assert report.notes == [
        f"{files.manifest}: holds vectors of minilm-terms:000000000000, not of the model in use "
        f"({embedder.fingerprint}); these texts are embedded instead (`make vectors` rebuilds it)"
    ]
    store = ClauseStore.open(settings)
    stored, matrix = store.read_clauses(
        store.load_registry().versions.values(), with_embeddings=True
    )
    model = embedder.encode([item.clause.embedding_text for item in stored])
    assert np.allclose(matrix, model, atol=1e-6)


def test_another_model_embeds_everything(tmp_path: Path, shipped_corpus: Path) -> None:
    """FINEPRINT_MODEL=stock: the shipped vectors are minilm-terms', so none is used."""
    stock = MemoEmbedder(get_embedder("cpu", "stock"))
    report, _ = ingest(tmp_path, shipped_corpus, stock, model="stock")
    texts, _ = corpus_texts(shipped_corpus)
    assert report.ok and report.vectors_shipped == 0 and not report.notes
    assert report.texts_embedded + report.windows_embedded == len(texts)


def _truncate(files: VectorFiles) -> Path:
    files.vectors.write_bytes(files.vectors.read_bytes()[:1000])
    return files.vectors


def _remove_hashes(files: VectorFiles) -> Path:
    files.hashes.unlink()
    return files.hashes


def _garble_manifest(files: VectorFiles) -> Path:
    files.manifest.write_text('{"format": 1, "model": ')
    return files.manifest


def _swap_rows(files: VectorFiles) -> Path:
    """Rows reordered behind the manifest's back: wrong vectors for their hashes."""
    np.save(files.vectors, np.load(files.vectors)[::-1])
    return files.vectors


@pytest.mark.parametrize(
    ("spoil", "problem"),
    [
        (_truncate, "does not match minilm-terms.json"),
        (_remove_hashes, "cannot be read (No such file or directory)"),
        (_garble_manifest, "is not a JSON manifest"),
        (_swap_rows, "does not match minilm-terms.json"),
    ],
)
def test_a_missing_or_corrupt_file_is_named_and_the_ingest_goes_on(
    tmp_path: Path,
    shipped_corpus: Path,
    embedder: MemoEmbedder,
    spoil: Callable[[VectorFiles], Path],
    problem: str,
) -> None:
    corpus = fresh_copy(shipped_corpus, tmp_path / "corpus", DISTROKID)
    spoiled = spoil(VectorFiles.of(corpus / "vectors", "minilm-terms"))
    report, settings = ingest(tmp_path, corpus, embedder)
    assert report.ok and report.versions_new == 3 and report.vectors_shipped == 0
    texts, _ = corpus_texts(corpus)
    assert report.texts_embedded + report.windows_embedded == len(texts)
    assert len(report.notes) == 1 and report.notes[0].startswith(f"{spoiled}: {problem}")
    assert not Fineprint(settings).ask("Can SoundCloud train AI on my voice?").abstained


def test_the_loader_checks_what_the_manifest_promises(tmp_path: Path) -> None:
    files = VectorFiles.of(tmp_path, "minilm-terms")
    vectors = np.eye(3, 384, dtype=np.float32)
    write_shipped(files, "minilm-terms:abc", ["a" * 32, "b" * 32, "c" * 32], vectors, "float16")
    loaded = load_shipped(files, "minilm-terms:abc")
    assert len(loaded) == 3 and loaded.matrix.dtype == np.float16
    assert not list(tmp_path.glob(".*.tmp"))  # written through temporary names, all renamed
    manifest = read_manifest(files.manifest)
    assert manifest["count"] == 3 and manifest["dtype"] == "float16"

    files.manifest.write_text(json.dumps(manifest | {"dimensions": 768}))
    with pytest.raises(ValueError, match=r"minilm-terms\.json: names an unknown dtype"):
        load_shipped(files, "minilm-terms:abc")
    with pytest.raises(ValueError, match="shape"):
        write_shipped(files, "minilm-terms:abc", ["a" * 32], vectors)


def test_the_bundled_corpus_ships_vectors_of_the_shipped_model() -> None:
    """`make vectors` was run for the model in fineprint/models/ (a retrained model, or a
    vectors file committed half-way, fails here rather than silently embedding everything)."""
    from fineprint.retrieval.encoder_model import encoder_model

    spec = encoder_model()
    shipped = load_shipped(VectorFiles.of(CORPUS / "vectors", spec.name), spec.fingerprint)
    assert len(shipped) > 10_000
