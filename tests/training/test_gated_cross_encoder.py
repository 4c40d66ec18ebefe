"""The rerank model starts as the encoder: with its cross-segment attention closed, the score
of (question, span) is the encoder's own cosine of the two, read apart."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from fineprint.retrieval.query_encoder import NumpyQueryEncoder

ENCODER = Path(__file__).resolve().parents[2] / "fineprint" / "models" / "minilm-terms"
QUESTION = "Do I keep the copyright in the videos I upload?"
SPANS = [
    "You retain ownership rights in your Content.",
    "We may terminate your account if you break these terms, at any time and for any reason.",
]


def gated_cosines(gate: float) -> np.ndarray:
    torch = pytest.importorskip("torch")
    from transformers import AutoTokenizer

    from training.gated_cross_encoder import load_gated
    from training.train_reranker import encode_batch

    model = load_gated(ENCODER, 6).eval()
    tokenizer = AutoTokenizer.from_pretrained(str(ENCODER))
    with torch.no_grad():
        model.gates.fill_(gate)
        batch = encode_batch(tokenizer, [(QUESTION, span) for span in SPANS])
        logits = model(**batch).squeeze(-1)
        return ((logits - model.shift) / model.scale).numpy()


def test_closed_gates_score_the_encoders_cosine() -> None:
    encoder = NumpyQueryEncoder(ENCODER)
    question = encoder.encode(QUESTION)
    expected = np.asarray([encoder.encode(span) @ question for span in SPANS])
    np.testing.assert_allclose(gated_cosines(-1e4), expected, atol=2e-3)


def test_opening_the_gates_lets_the_segments_read_each_other() -> None:
    closed, opened = gated_cosines(-1e4), gated_cosines(0.0)
    assert np.abs(opened - closed).max() > 0.01
