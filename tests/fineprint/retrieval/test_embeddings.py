"""Batch embeddings with the real model: unit vectors in the callers' order, progress per
batch, one embedder per device and model, and no model hub reached."""

from __future__ import annotations

import numpy as np
import pytest

from fineprint.retrieval.embeddings import (
    DIMENSIONS,
    OFFLINE_ENVIRONMENT,
    Embedder,
    configure_offline_environment,
    get_embedder,
    pick_device,
)
from fineprint.retrieval.encoder_model import encoder_model
from tests.conftest import MemoEmbedder

TEXTS = [
    "You may delete your account at any time from your settings.",
    "Users can close their account whenever they like.",
    "Payouts are made monthly.",
    "By uploading your Content, you grant a limited, worldwide, non-exclusive, royalty-free "
    "licence to other users to listen to, repost and share your Content on the Platform.",
    "Fees",
]


@pytest.fixture(scope="module")
def real(embedder: MemoEmbedder) -> Embedder:
    """The session's real embedder itself (not the memo around it)."""
    return embedder.inner


def test_offline_variables_are_set_unless_the_user_set_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in OFFLINE_ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TOKENIZERS_PARALLELISM", "true")
    configure_offline_environment()
    import os

    assert os.environ["HF_HUB_OFFLINE"] == "1" and os.environ["TRANSFORMERS_OFFLINE"] == "1"
    assert os.environ["TOKENIZERS_PARALLELISM"] == "true"


def test_an_explicit_device_is_kept() -> None:
    assert pick_device("cpu") == "cpu" and pick_device("cuda") == "cuda"


def test_one_embedder_per_device_and_model_loaded_only_when_used(real: Embedder) -> None:
    assert get_embedder("cpu") is real
    assert get_embedder("cpu", "minilm-terms") is real
    other = get_embedder("cpu", "stock")
    assert other is not real and get_embedder("cpu", "stock") is other
    assert other.fingerprint == encoder_model("stock").fingerprint
    assert real.fingerprint == encoder_model().fingerprint
    assert Embedder("cuda", "stock")._model is None  # nothing loads until a text is encoded


def test_no_texts_no_vectors(real: Embedder) -> None:
    vectors = real.encode([])
    assert vectors.shape == (0, DIMENSIONS) and vectors.dtype == np.float32


def test_vectors_are_unit_length_in_the_order_given(real: Embedder) -> None:
    seen: list[int] = []
    vectors = real.encode(TEXTS, batch_size=2, progress=seen.append)
    assert vectors.shape == (len(TEXTS), DIMENSIONS) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert seen == [2, 2, 1]
    # batched by length internally: each row is still the vector of the text at that index
    for text, vector in zip(TEXTS, vectors, strict=True):
        assert np.allclose(real.encode_query(text), vector, atol=1e-4)


def test_similar_clauses_are_closer_than_unrelated_ones(real: Embedder) -> None:
    delete, close, payouts = real.encode(TEXTS[:3])
    assert float(delete @ close) > float(delete @ payouts) + 0.2
