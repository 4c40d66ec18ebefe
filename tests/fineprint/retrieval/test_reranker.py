"""The shipped form of the cross-encoder (int8 ONNX, run by ONNX Runtime) scores as the
trained model does, and cuts questions and pairs as training does."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from fineprint.retrieval.reranker import MODEL_FILE, CrossEncoder, RerankModelError

ENCODER = Path(__file__).resolve().parents[3] / "fineprint" / "models" / "minilm-terms"
SPANS = [
    "We will not use your content to train generative AI models.",
    "You retain ownership rights in your Content.",
    "**Licence.** " + "You grant us a worldwide, royalty-free licence to host your Content. " * 8,
    "We may terminate your account if you break these terms.",
]


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> tuple[object, object, Path, Path]:
    """The gated cross-encoder on the encoder's first two layers, its cross-segment attention
    half open (so the graph's gating is exercised), saved the way training saves the real one
    (`save_onnx_int8`), and once unquantised."""
    torch = pytest.importorskip("torch")
    from transformers import AutoTokenizer

    from training.gated_cross_encoder import load_gated
    from training.train_reranker import save_onnx_int8

    model = load_gated(ENCODER, 2).eval()
    with torch.no_grad():
        model.gates.fill_(-1.0)
    tokenizer = AutoTokenizer.from_pretrained(str(ENCODER))
    shipped = tmp_path_factory.mktemp("int8")
    save_onnx_int8(model, tokenizer, shipped)
    exact = tmp_path_factory.mktemp("float32")
    save_onnx_int8(model, tokenizer, exact, quantise=False)
    return model, tokenizer, shipped, exact


def test_the_shipped_folder_holds_the_int8_graph_and_the_tokenizer(trained: tuple) -> None:
    shipped, exact = trained[2], trained[3]
    assert (shipped / MODEL_FILE).is_file() and (shipped / "tokenizer.json").is_file()
    assert not (shipped / "float32.onnx").exists()
    assert (shipped / MODEL_FILE).stat().st_size < 0.4 * (exact / MODEL_FILE).stat().st_size


@pytest.mark.parametrize(
    "question",
    ["Can SoundCloud train AI on my voice?", "can they use my stuff " * 40],  # the 2nd is cut
)
def test_questions_and_spans_are_cut_and_padded_as_in_training(
    trained: tuple, question: str
) -> None:
    """The unquantised graph gives the trained model's logits: inputs are built as training
    builds them (question cut at QUERY_TOKENS, pair at MAX_TOKENS, batches padded)."""
    from training.train_reranker import torch_scorer

    model, tokenizer, _, exact = trained
    ours = CrossEncoder(exact).scores(question, SPANS)
    np.testing.assert_allclose(ours, torch_scorer(model, tokenizer)(question, SPANS), atol=1e-4)


def test_int8_logits_stay_near_the_float32_ones(trained: tuple) -> None:
    question = "Can SoundCloud train AI on my voice?"
    shipped = CrossEncoder(trained[2]).scores(question, SPANS)
    exact = CrossEncoder(trained[3]).scores(question, SPANS)
    assert shipped.shape == (len(SPANS),)
    assert np.abs(shipped - exact).max() < 0.25


def test_no_spans_score_nothing(trained: tuple) -> None:
    assert CrossEncoder(trained[2]).scores("anything?", []).shape == (0,)


def test_a_missing_model_says_how_to_turn_the_stage_off(tmp_path: Path) -> None:
    with pytest.raises(RerankModelError, match="FINEPRINT_RERANK=off"):
        CrossEncoder(tmp_path)
