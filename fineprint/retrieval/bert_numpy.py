"""A BERT forward pass in plain NumPy, for a padded batch: what the query encoder runs.

Why NumPy: importing torch and transformers costs seconds that a cold `fineprint ask` cannot
pay, and a 6-layer MiniLM over one short query is a handful of small matrix products.
Weights are read from a safetensors file (float16 on disk, float32 in memory); the key prefix
(`bert.` for a sequence-classification checkpoint) is given by the caller.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import numpy.typing as npt

Floats = npt.NDArray[np.float32]
Ints = npt.NDArray[np.int64]


def _erf(x: Floats) -> Floats:
    """Abramowitz-Stegun 7.1.26 (|error| < 1.5e-7): NumPy has no erf and BERT's GELU is exact."""
    sign = np.sign(x)
    x = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * x)
    poly = t * (
        0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))
    )
    result: Floats = sign * (1.0 - poly * np.exp(-x * x))
    return result


def gelu(x: Floats) -> Floats:
    result: Floats = 0.5 * x * (1.0 + _erf(x / math.sqrt(2.0)))
    return result


def layer_norm(x: Floats, weight: Floats, bias: Floats, eps: float) -> Floats:
    mean = x.mean(axis=-1, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    result: Floats = (x - mean) / np.sqrt(var + eps) * weight + bias
    return result


def load_weights(path: Path, prefix: str = "") -> dict[str, Floats]:
    """Float32 weights with `prefix` stripped, dense matrices pre-transposed so every product
    runs on contiguous memory."""
    from safetensors.numpy import load_file

    weights: dict[str, Floats] = {}
    for name, value in load_file(str(path)).items():
        key = name[len(prefix) :] if name.startswith(prefix) else name
        value = value.astype(np.float32)
        if value.ndim == 2 and not key.startswith("embeddings."):
            value = np.ascontiguousarray(value.T)
        weights[key] = value
    return weights


class BertForward:
    """Embeddings and encoder layers of one BERT checkpoint."""

    def __init__(self, config_path: Path, weights: dict[str, Floats]) -> None:
        config = json.loads(config_path.read_text(encoding="utf-8"))
        self.heads = int(config["num_attention_heads"])
        self.layers = int(config["num_hidden_layers"])
        self.eps = float(config["layer_norm_eps"])
        self.w = weights

    def hidden_states(self, ids: Ints, type_ids: Ints, mask: Ints) -> Floats:
        """(batch, tokens, hidden) after the last layer; `mask` is 1 on real tokens."""
        w = self.w
        tokens = ids.shape[1]
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][:tokens]
            + w["embeddings.token_type_embeddings.weight"][type_ids]
        )
        x = layer_norm(
            x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"], self.eps
        )
        blocked = ((1 - mask) * -1e9).astype(np.float32)[:, None, None, :]
        for n in range(self.layers):
            x = self._layer(x, blocked, f"encoder.layer.{n}.")
        return x

    def _layer(self, x: Floats, blocked: Floats, prefix: str) -> Floats:
        w = self.w
        batch, size, hidden = x.shape
        head = hidden // self.heads

        def linear(name: str, value: Floats) -> Floats:
            result: Floats = value @ w[f"{prefix}{name}.weight"] + w[f"{prefix}{name}.bias"]
            return result

        def split(value: Floats) -> Floats:
            result: Floats = value.reshape(batch, size, self.heads, head).transpose(0, 2, 1, 3)
            return result

        q = split(linear("attention.self.query", x))
        k = split(linear("attention.self.key", x))
        v = split(linear("attention.self.value", x))
        scores = q @ k.transpose(0, 1, 3, 2) / math.sqrt(head) + blocked
        scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
        scores /= scores.sum(axis=-1, keepdims=True)
        context = (scores @ v).transpose(0, 2, 1, 3).reshape(batch, size, hidden)
        attended = layer_norm(
            linear("attention.output.dense", context) + x,
            w[f"{prefix}attention.output.LayerNorm.weight"],
            w[f"{prefix}attention.output.LayerNorm.bias"],
            self.eps,
        )
        inner = gelu(linear("intermediate.dense", attended))
        return layer_norm(
            linear("output.dense", inner) + attended,
            w[f"{prefix}output.LayerNorm.weight"],
            w[f"{prefix}output.LayerNorm.bias"],
            self.eps,
        )
