"""`make vectors`: write the vectors shipped beside the bundled corpus (`corpus/vectors/`, read
by `ingest/shipped_vectors.py`) for the model in use.

    python -m ingest.make_vectors [--corpus DIR] [--embed-all] [--dtype float32|float16]

Every text an ingest of the corpus embeds — each clause's and each window's of a long clause —
gets a row: from the embedding cache of the store at FINEPRINT_DATA_DIR where it holds one of
this model (seconds after a `fineprint ingest`), else embedded now (minutes on a CPU;
`--embed-all` embeds every one). Run it after changing the corpus, the splitting, the windows,
`Clause.embedding_text` or the model, and commit the three files.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

import numpy as np

from fineprint.catalog.version_facts import read_version_facts
from fineprint.progress import PlainProgress
from fineprint.retrieval.embeddings import Embedder, get_embedder
from fineprint.retrieval.windows import clause_windows
from fineprint.settings import Settings, load_settings
from fineprint.store import ClauseStore, embedding_key
from ingest.pipeline import IngestReport, build_clauses, drop_conflicting_duplicates, read_documents
from ingest.shipped_vectors import DTYPES, VECTORS_DIRNAME, VectorFiles, write_shipped


def corpus_texts(corpus: Path) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """What an ingest of `corpus` embeds, by text hash, and the files it would skip."""
    report = IngestReport()
    documents = drop_conflicting_duplicates(read_documents([corpus], None, report), report)
    texts: dict[str, str] = {}
    for document in documents:
        facts = read_version_facts(document.body)  # the edition an ingest splits (X's two-in-one)
        for clause in build_clauses(document, is_current=False, facts=facts):
            texts[clause.embedding_hash] = clause.embedding_text
            for window in clause_windows(clause):
                texts[window.embedding_hash] = window.embedding_text
    return texts, report.skipped


def cached_vectors(settings: Settings, model: str, hashes: list[str]) -> dict[str, np.ndarray]:
    """The vectors the store's embedding cache holds for these texts under `model`."""
    if not settings.chroma_url and not settings.chroma_path.is_dir():
        return {}  # no store here: do not create one
    keys = {embedding_key(model, text_hash): text_hash for text_hash in hashes}
    found = ClauseStore.open(settings).cached_embeddings(list(keys))
    return {keys[key]: vector for key, vector in found.items()}


def embed(
    embedder: Embedder, texts: dict[str, str], emit: Callable[[str], None]
) -> dict[str, np.ndarray]:
    """Embed `texts` (by hash), with a progress line every few seconds."""
    hashes = list(texts)
    progress = PlainProgress(emit)
    done = 0
    vectors: dict[str, np.ndarray] = {}
    for first in range(0, len(hashes), 256):
        chunk = hashes[first : first + 256]
        vectors.update(zip(chunk, embedder.encode([texts[h] for h in chunk]), strict=True))
        done += len(chunk)
        progress("embed", done, len(hashes))
    return vectors


def make_vectors(
    settings: Settings,
    embedder: Embedder,
    *,
    embed_all: bool = False,
    dtype: str = "float32",
    emit: Callable[[str], None] = print,
) -> VectorFiles:
    """Write the corpus's shipped vectors for `embedder`'s model; returns where."""
    texts, skipped = corpus_texts(settings.corpus_dir)
    for path, problem in skipped:
        emit(f"skipped {path}: {problem}")
    model = embedder.fingerprint
    hashes = sorted(texts)
    vectors = {} if embed_all else cached_vectors(settings, model, hashes)
    emit(f"{len(hashes):,} texts: {len(vectors):,} from the store's cache, the rest embedded")
    vectors.update(embed(embedder, {h: texts[h] for h in hashes if h not in vectors}, emit))
    files = VectorFiles.of(settings.corpus_dir / VECTORS_DIRNAME, embedder.spec.name)
    write_shipped(files, model, hashes, np.stack([vectors[h] for h in hashes]), dtype)
    return files


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, help="the corpus folder (default: the bundled)")
    parser.add_argument("--embed-all", action="store_true", help="ignore the store's cache")
    parser.add_argument("--dtype", choices=DTYPES, default="float32")
    args = parser.parse_args(argv)
    overrides = {"corpus_dir": args.corpus} if args.corpus else {}
    settings = load_settings(**overrides)
    embedder = get_embedder(settings.device, settings.model)
    files = make_vectors(settings, embedder, embed_all=args.embed_all, dtype=args.dtype)
    for path in (files.vectors, files.hashes, files.manifest):
        print(f"wrote {path} ({path.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
