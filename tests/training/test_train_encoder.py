"""What `make train` writes besides the training itself: the encoder it measures with, the
float16 copy of a model, and the model card made from the training record."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from fineprint.retrieval.encoder_model import encoder_model
from tests.conftest import MemoEmbedder
from training.train_encoder import encoder_of, model_card, save_float16, stock_model_dir

TEXTS = ["You may delete your account at any time.", "Payouts are made monthly."]


@pytest.fixture(scope="module")
def model(embedder: MemoEmbedder) -> Any:
    """The session's loaded SentenceTransformer (the tuned model)."""
    return embedder.inner.model


def test_training_starts_from_the_stock_model() -> None:
    assert stock_model_dir() == encoder_model("stock").path
    assert (stock_model_dir() / "model.safetensors").is_file()


def test_the_measuring_encoder_gives_unit_float32_rows(model: Any) -> None:
    vectors = encoder_of(model)(TEXTS)
    assert vectors.shape == (2, 384) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_a_model_is_saved_in_float16_and_loads_back_the_same(model: Any, tmp_path: Path) -> None:
    from safetensors.numpy import load_file
    from sentence_transformers import SentenceTransformer

    output = tmp_path / "minilm-terms"
    output.mkdir()
    (output / "stale.txt").write_text("from an earlier run")
    save_float16(model, output)
    assert not (output / "stale.txt").exists()  # the folder is replaced, not merged
    assert not (output / "checkpoint").exists() and not (output / "runs").exists()
    weights = load_file(str(output / "model.safetensors"))
    assert weights and all(value.dtype != np.float32 for value in weights.values())
    assert any(value.dtype == np.float16 for value in weights.values())
    reloaded = SentenceTransformer(str(output), device="cpu")
    # the shipped weights are float16 already, so halving them again loses nothing
    assert np.allclose(encoder_of(reloaded)(TEXTS), encoder_of(model)(TEXTS), atol=1e-3)


def record() -> dict[str, Any]:
    figures = {"recall@1": 0.5, "recall@5": 0.75, "mrr@10": 0.625}
    better = {"recall@1": 0.6, "recall@5": 0.8, "mrr@10": 0.7}
    return {
        "pairs": 9000,
        "held_out_pairs": 900,
        "held_out_services": 42,
        "triplets": 3200,
        "batch_size": 32,
        "epochs": 1.0,
        "learning_rate": 5e-05,
        "max_seq_length": 128,
        "train_seq_length": 64,
        "seed": 13,
        "torch_threads": 2,
        "wall_seconds": 3330.0,
        "validation": {
            "stock": {"tosdr": figures, "policyqa": figures},
            "tuned": {"tosdr": better, "policyqa": better},
        },
    }


def test_the_model_card_states_the_training_and_its_figures() -> None:
    card = model_card(record())
    assert card.startswith("# minilm-terms: Fineprint's clause encoder")
    assert "seed 13" in card and "9000 distinct pairs, of which 900" in card
    assert "wall time 56 min on 2 CPU threads" in card  # 3330 s
    assert "| stock all-MiniLM-L6-v2 | 0.500 / 0.750 / 0.625 | 0.500 / 0.750 / 0.625 |" in card
    assert "| minilm-terms | 0.600 / 0.800 / 0.700 | 0.600 / 0.800 / 0.700 |" in card
    assert "CC BY-SA 3.0" in card  # the ToS;DR data's licence carries over to the weights


def test_checkpoints_are_kept_per_settings_outside_the_work_tree(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from training.train_encoder import checkpoint_dir

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    one = checkpoint_dir({"limit": 0, "seed": 13})
    assert one == checkpoint_dir({"seed": 13, "limit": 0})  # the order of settings is no matter
    assert one != checkpoint_dir({"limit": 3200, "seed": 13})
    assert one.is_relative_to(tmp_path / "fineprint-training" / "encoder")


def test_a_run_resumes_from_the_newest_checkpoint(tmp_path: Path) -> None:
    from training.train_encoder import last_checkpoint

    assert last_checkpoint(tmp_path) is None
    for step in (50, 400, 100):
        (tmp_path / f"checkpoint-{step}").mkdir()
    (tmp_path / "checkpoint-tmp").mkdir()  # not one the trainer finished writing
    found = last_checkpoint(tmp_path)
    assert found is not None and found.name == "checkpoint-400"
