"""The same MiniLM, for one short query at a time, in plain NumPy.

Why: importing sentence-transformers (torch + transformers) costs ~5 s on this machine, which
alone would blow the cold `fineprint ask` budget. A 6-layer BERT forward pass for a 20-token
query is a few small matrix products, so it runs here from the very same weights
(the chosen model's `model.safetensors`, see `fineprint.retrieval.encoder_model`) with only NumPy,
`tokenizers` and `safetensors` imported. The ingest job keeps using sentence-transformers
(batches, GPU); a test checks that both give the same vectors.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path

import numpy as np

from fineprint.retrieval.bert_numpy import BertForward, load_weights
from fineprint.retrieval.blas_threads import single_blas_thread
from fineprint.retrieval.encoder_model import DEFAULT_MODEL, ModelName, encoder_model

DEFAULT_MAX_TOKENS = 256  # when a model folder does not say (sentence_bert_config.json)


def _max_tokens(folder: Path) -> int:
    """The model's truncation length, where sentence-transformers keeps it: the older
    `sentence_bert_config.json`, else (v6 saves) the tokenizer's config."""
    for name, keys in (
        ("sentence_bert_config.json", ("max_seq_length",)),
        ("tokenizer_config.json", ("max_length", "model_max_length")),
    ):
        config = folder / name
        if not config.is_file():
            continue
        data = json.loads(config.read_text(encoding="utf-8"))
        for key in keys:
            value = data.get(key)
            if isinstance(value, int) and 0 < value <= 8192:
                return value
    return DEFAULT_MAX_TOKENS


class NumpyQueryEncoder:
    """Mean-pooled, unit-length MiniLM embeddings for single queries."""

    def __init__(self, model_dir: Path | None = None) -> None:
        from tokenizers import Tokenizer

        folder = model_dir or encoder_model(DEFAULT_MODEL).path
        weights = load_weights(folder / "model.safetensors")
        self.bert = BertForward(folder / "config.json", weights)
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.enable_truncation(_max_tokens(folder))
        self.tokenizer.no_padding()

    @single_blas_thread
    def encode(self, text: str) -> np.ndarray:
        ids = np.asarray([self.tokenizer.encode(text).ids], dtype=np.int64)
        ones = np.ones_like(ids)
        pooled = self.bert.hidden_states(ids, np.zeros_like(ids), ones)[0].mean(axis=0)
        return (pooled / np.linalg.norm(pooled)).astype(np.float32)


_shared: dict[str, NumpyQueryEncoder] = {}
_lock = threading.Lock()


def get_query_encoder(model: ModelName = DEFAULT_MODEL) -> NumpyQueryEncoder:
    """Loaded once per process and model (~0.1 s)."""
    with _lock:
        if model not in _shared:
            _shared[model] = NumpyQueryEncoder(encoder_model(model).path)
        return _shared[model]
