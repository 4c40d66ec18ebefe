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
import math
import threading
from pathlib import Path

import numpy as np

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


def _erf(x: np.ndarray) -> np.ndarray:
    """Abramowitz-Stegun 7.1.26 (|error| < 1.5e-7): NumPy has no erf and BERT's GELU is exact."""
    sign = np.sign(x)
    x = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * x)
    poly = t * (
        0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))
    )
    return sign * (1.0 - poly * np.exp(-x * x))


def _gelu(x: np.ndarray) -> np.ndarray:
    return 0.5 * x * (1.0 + _erf(x / math.sqrt(2.0)))


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(axis=-1, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * weight + bias


class NumpyQueryEncoder:
    """Mean-pooled, unit-length MiniLM embeddings for single queries."""

    def __init__(self, model_dir: Path | None = None) -> None:
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        folder = model_dir or encoder_model(DEFAULT_MODEL).path
        config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
        self.heads = int(config["num_attention_heads"])
        self.layers = int(config["num_hidden_layers"])
        self.eps = float(config["layer_norm_eps"])
        weights = {  # float16 on disk for the tuned model; computed in float32
            name: value.astype(np.float32) if value.dtype == np.float16 else value
            for name, value in load_file(str(folder / "model.safetensors")).items()
        }
        # Pre-transpose the dense layers so every product runs on contiguous memory.
        self.weights = {
            name: np.ascontiguousarray(value.T)
            if (value.ndim == 2 and "dense" in name)
            or name.endswith(("query.weight", "key.weight", "value.weight"))
            else value
            for name, value in weights.items()
        }
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.enable_truncation(_max_tokens(folder))
        self.tokenizer.no_padding()

    def _w(self, name: str) -> np.ndarray:
        return self.weights[name]

    @single_blas_thread
    def encode(self, text: str) -> np.ndarray:
        ids = np.asarray(self.tokenizer.encode(text).ids, dtype=np.int64)
        w = self._w
        x = (
            w("embeddings.word_embeddings.weight")[ids]
            + w("embeddings.position_embeddings.weight")[: len(ids)]
            + w("embeddings.token_type_embeddings.weight")[0]
        )
        x = _layer_norm(
            x, w("embeddings.LayerNorm.weight"), w("embeddings.LayerNorm.bias"), self.eps
        )
        for n in range(self.layers):
            x = self._layer(x, f"encoder.layer.{n}.")
        pooled = x.mean(axis=0)
        return (pooled / np.linalg.norm(pooled)).astype(np.float32)

    def _layer(self, x: np.ndarray, prefix: str) -> np.ndarray:
        w = self._w
        size, hidden = x.shape
        head = hidden // self.heads

        def linear(name: str, value: np.ndarray) -> np.ndarray:
            return value @ w(f"{prefix}{name}.weight") + w(f"{prefix}{name}.bias")

        def split(value: np.ndarray) -> np.ndarray:
            return value.reshape(size, self.heads, head).transpose(1, 0, 2)

        q = split(linear("attention.self.query", x))
        k = split(linear("attention.self.key", x))
        v = split(linear("attention.self.value", x))
        scores = q @ k.transpose(0, 2, 1) / math.sqrt(head)
        scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
        scores /= scores.sum(axis=-1, keepdims=True)
        context = (scores @ v).transpose(1, 0, 2).reshape(size, hidden)
        attended = _layer_norm(
            linear("attention.output.dense", context) + x,
            w(f"{prefix}attention.output.LayerNorm.weight"),
            w(f"{prefix}attention.output.LayerNorm.bias"),
            self.eps,
        )
        inner = _gelu(linear("intermediate.dense", attended))
        return _layer_norm(
            linear("output.dense", inner) + attended,
            w(f"{prefix}output.LayerNorm.weight"),
            w(f"{prefix}output.LayerNorm.bias"),
            self.eps,
        )


_shared: dict[str, NumpyQueryEncoder] = {}
_lock = threading.Lock()


def get_query_encoder(model: ModelName = DEFAULT_MODEL) -> NumpyQueryEncoder:
    """Loaded once per process and model (~0.1 s)."""
    with _lock:
        if model not in _shared:
            _shared[model] = NumpyQueryEncoder(encoder_model(model).path)
        return _shared[model]
