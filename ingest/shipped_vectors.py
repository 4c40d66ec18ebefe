"""Vectors of the bundled corpus shipped beside it (`corpus/vectors/`), so that a fresh
clone's first ingest reads ~20,000 vectors instead of computing them (minutes on a CPU).

Three files per model name (`FINEPRINT_MODEL`):

- `<model>.json`   the manifest: format, the fingerprint of the model that made the vectors
                   (`retrieval/encoder_model.py`: name + hash of its weights), dtype,
                   dimensions, count, and the sha256 of the other two files;
- `<model>.npy`    the vectors, one row per text: float32, the model's own (30 MB; float16,
                   half that, moved two of 280 bench answers' lower citations, bench/RESULTS-
                   ingest.md), or float16 (`make vectors` with `--dtype float16`);
- `<model>.hashes` the hash of the text each row embeds (`Clause.embedding_hash`, 32 hex
                   digits), one a line, row n on line n.

They stand in for the model only when the manifest names the running model's fingerprint:
other weights, or another `FINEPRINT_MODEL`, embed as before. A file that is missing, corrupt
or does not match its manifest is named in a note and ignored, and the ingest embeds instead.
`make vectors` (`ingest/make_vectors.py`) writes them.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from fineprint.catalog.clauses import short_hash
from fineprint.retrieval.embeddings import DIMENSIONS

log = logging.getLogger(__name__)

FORMAT = 1
VECTORS_DIRNAME = "vectors"  # inside the corpus folder
DTYPES = ("float16", "float32")
_HASH = re.compile(r"[0-9a-f]{32}")


class ShippedVectorsError(ValueError):
    """A shipped vectors file cannot be used; the message names it."""

    def __init__(self, path: Path, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


@dataclass(frozen=True)
class VectorFiles:
    """Where one model's shipped vectors live."""

    manifest: Path
    vectors: Path
    hashes: Path

    @classmethod
    def of(cls, directory: Path, model_name: str) -> VectorFiles:
        return cls(
            directory / f"{model_name}.json",
            directory / f"{model_name}.npy",
            directory / f"{model_name}.hashes",
        )


@dataclass(frozen=True)
class ShippedVectors:
    """Vectors by text hash, as shipped (float32, or float16)."""

    rows: Mapping[str, int]
    matrix: np.ndarray

    def __len__(self) -> int:
        return len(self.rows)

    def for_texts(self, texts_by_key: Mapping[str, str]) -> dict[str, np.ndarray]:
        """Unit-length float32 vectors of the texts held here, by the caller's keys."""
        keys, rows = [], []
        for key, text in texts_by_key.items():
            row = self.rows.get(short_hash(text, size=32))
            if row is not None:
                keys.append(key)
                rows.append(row)
        if not keys:
            return {}
        vectors = self.matrix[np.asarray(rows)].astype(np.float32)
        if self.matrix.dtype != np.float32:  # float16 rows are a little off unit length
            vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        return dict(zip(keys, vectors, strict=True))


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_manifest(path: Path) -> dict[str, Any]:
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ShippedVectorsError(path, f"cannot be read ({error.strerror or error})") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ShippedVectorsError(path, f"is not a JSON manifest ({error})") from None
    if not isinstance(manifest, dict):
        raise ShippedVectorsError(path, "is not a JSON manifest (not an object)")
    if manifest.get("format") != FORMAT:
        raise ShippedVectorsError(path, f"has format {manifest.get('format')!r}, not {FORMAT}")
    for key, kind in (("model", str), ("count", int), ("vectors_sha256", str)):
        if not isinstance(manifest.get(key), kind):
            raise ShippedVectorsError(path, f"lacks {key!r}")
    if manifest.get("dtype") not in DTYPES or manifest.get("dimensions") != DIMENSIONS:
        raise ShippedVectorsError(path, "names an unknown dtype or dimension count")
    return manifest


def _checked_sha(path: Path, expected: object, manifest: Path) -> None:
    try:
        actual = file_sha256(path)
    except OSError as error:
        problem = f"cannot be read ({error.strerror or error}); {manifest.name} lists it"
        raise ShippedVectorsError(path, problem) from None
    if actual != expected:
        problem = f"does not match {manifest.name} (sha256 {actual[:12]}…): corrupt or stale"
        raise ShippedVectorsError(path, problem)


def _read_hashes(files: VectorFiles, manifest: dict[str, Any]) -> dict[str, int]:
    _checked_sha(files.hashes, manifest.get("hashes_sha256"), files.manifest)
    lines = files.hashes.read_text(encoding="ascii").split()
    if len(lines) != manifest["count"] or not all(_HASH.fullmatch(line) for line in lines):
        raise ShippedVectorsError(files.hashes, f"does not hold {manifest['count']} text hashes")
    rows = {text_hash: row for row, text_hash in enumerate(lines)}
    if len(rows) != len(lines):
        raise ShippedVectorsError(files.hashes, "lists a text hash twice")
    return rows


def _read_matrix(files: VectorFiles, manifest: dict[str, Any]) -> np.ndarray:
    _checked_sha(files.vectors, manifest["vectors_sha256"], files.manifest)
    try:
        matrix: np.ndarray = np.load(files.vectors, allow_pickle=False)
    except (OSError, ValueError) as error:
        raise ShippedVectorsError(files.vectors, f"is not a .npy array ({error})") from None
    shape = (manifest["count"], DIMENSIONS)
    if matrix.shape != shape or matrix.dtype != np.dtype(manifest["dtype"]):
        found = f"{matrix.dtype} {matrix.shape}"
        raise ShippedVectorsError(files.vectors, f"holds {found}, not {manifest['dtype']} {shape}")
    if not np.isfinite(matrix).all():
        raise ShippedVectorsError(files.vectors, "holds values that are not finite")
    return matrix


class ModelMismatch(ShippedVectorsError):
    """The shipped vectors were made by other weights than the running model's."""

    def __init__(self, path: Path, made_by: str, running: str) -> None:
        problem = f"holds vectors of {made_by}, not of the model in use ({running})"
        super().__init__(path, problem)


def load_shipped(files: VectorFiles, fingerprint: str) -> ShippedVectors:
    """The vectors in `files` when they were made by the model with `fingerprint`.

    Raises `ShippedVectorsError` naming the file when one is missing or corrupt, and
    `ModelMismatch` when another model made them."""
    manifest = read_manifest(files.manifest)
    if manifest["model"] != fingerprint:
        raise ModelMismatch(files.manifest, manifest["model"], fingerprint)
    return ShippedVectors(_read_hashes(files, manifest), _read_matrix(files, manifest))


class ShippedSource:
    """One model's shipped vectors in a folder, read on the first lookup (an unchanged
    re-ingest never reads them). When they cannot be used, `note` says why, naming the file,
    and every lookup finds nothing."""

    def __init__(self, directory: Path, model_name: str, fingerprint: str) -> None:
        self.files = VectorFiles.of(directory, model_name)
        self.fingerprint = fingerprint
        self.note: str | None = None
        self.served = 0  # vectors handed out
        self._vectors: ShippedVectors | None = None
        self._loaded = False

    def for_texts(self, texts_by_key: Mapping[str, str]) -> dict[str, np.ndarray]:
        """Vectors of the texts the shipped files hold, by the caller's keys."""
        vectors = self._load()
        found = vectors.for_texts(texts_by_key) if vectors is not None else {}
        self.served += len(found)
        return found

    def _load(self) -> ShippedVectors | None:
        if self._loaded:
            return self._vectors
        self._loaded = True
        if not self.files.manifest.exists():  # none shipped (another corpus, another model)
            log.info("no shipped vectors at %s", self.files.manifest)
            return None
        try:
            self._vectors = load_shipped(self.files, self.fingerprint)
        except ShippedVectorsError as error:
            self.note = f"{error}; these texts are embedded instead (`make vectors` rebuilds it)"
            log.info("%s", self.note)
        return self._vectors


def write_shipped(
    files: VectorFiles,
    fingerprint: str,
    hashes: Sequence[str],
    vectors: np.ndarray,
    dtype: str = "float32",
) -> None:
    """Write the three files, each through a temporary name, the manifest last: a run that
    dies leaves files its manifest does not match, which the loader refuses."""
    if dtype not in DTYPES or vectors.shape != (len(hashes), DIMENSIONS):
        raise ValueError(f"{len(hashes)} hashes and vectors of shape {vectors.shape} ({dtype})")
    files.manifest.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    np.save(buffer, vectors.astype(dtype))
    _write_atomically(files.vectors, buffer.getvalue())
    _write_atomically(files.hashes, "".join(h + "\n" for h in hashes).encode("ascii"))
    manifest = {
        "format": FORMAT,
        "model": fingerprint,
        "dtype": dtype,
        "dimensions": DIMENSIONS,
        "count": len(hashes),
        "vectors_sha256": file_sha256(files.vectors),
        "hashes_sha256": file_sha256(files.hashes),
        "made_by": "make vectors (python -m ingest.make_vectors)",
    }
    _write_atomically(files.manifest, (json.dumps(manifest, indent=2) + "\n").encode())


def _write_atomically(path: Path, data: bytes) -> None:
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)
