"""The NumPy query encoder is the same model as sentence-transformers, vector for vector."""

from __future__ import annotations

import numpy as np

from fineprint.retrieval.query_encoder import get_query_encoder
from tests.conftest import MemoEmbedder

QUERIES = [
    "Can SoundCloud train AI on my voice?",
    "do i keep the copyright in my videos",
    "Ünïcödé, punctuation… and “quotes” — with numbers 2024-02-07",
    "licence " * 300,  # longer than the model's 256 tokens: truncated the same way
]


def test_numpy_encoder_matches_sentence_transformers(embedder: MemoEmbedder) -> None:
    encoder = get_query_encoder()
    reference = embedder.inner.encode(QUERIES)
    for text, expected in zip(QUERIES, reference, strict=True):
        vector = encoder.encode(text)
        assert vector.shape == (384,) and vector.dtype == np.float32
        assert abs(float(np.linalg.norm(vector)) - 1.0) < 1e-5
        assert float(vector @ expected) > 0.9999
