"""The NumPy cross-encoder gives the logits transformers gives for the same checkpoint."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from fineprint.retrieval.reranker import MAX_TOKENS, QUERY_TOKENS, CrossEncoder, RerankModelError

ENCODER = Path(__file__).resolve().parents[3] / "fineprint" / "models" / "minilm-terms"


@pytest.fixture(scope="module")
def checkpoint(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A two-layer sequence-classification BERT with the shipped tokenizer and random head,
    saved as float16 safetensors as training saves the real one."""
    torch = pytest.importorskip("torch")
    from safetensors.numpy import save_file
    from transformers import AutoTokenizer, BertConfig, BertForSequenceClassification

    folder = tmp_path_factory.mktemp("rerank")
    config = BertConfig.from_pretrained(str(ENCODER))
    config.num_hidden_layers = 2
    config.num_labels = 1
    torch.manual_seed(3)
    model = BertForSequenceClassification(config).eval()
    config.save_pretrained(folder)
    AutoTokenizer.from_pretrained(str(ENCODER)).save_pretrained(folder)
    weights = {
        name: value.detach().numpy().astype(np.float16)
        for name, value in model.state_dict().items()
        if not name.endswith("position_ids")
    }
    save_file(weights, str(folder / "model.safetensors"))
    return folder


def torch_logits(folder: Path, question: str, spans: list[str]) -> np.ndarray:
    import torch
    from transformers import AutoTokenizer, BertForSequenceClassification

    model = BertForSequenceClassification.from_pretrained(str(folder), dtype=torch.float32).eval()
    tokenizer = AutoTokenizer.from_pretrained(str(folder))
    cut = tokenizer.convert_tokens_to_string(tokenizer.tokenize(question)[:QUERY_TOKENS])
    batch = tokenizer(
        [cut] * len(spans),
        spans,
        truncation="only_second",
        max_length=MAX_TOKENS,
        padding=True,
        return_tensors="pt",
    )
    with torch.inference_mode():
        return model(**batch).logits.squeeze(-1).numpy()


def test_numpy_logits_match_transformers_on_padded_batches(checkpoint: Path) -> None:
    question = "Can SoundCloud train AI on my voice?"
    spans = [
        "We will not use your content to train generative AI models.",
        "You retain ownership rights in your Content.",
        "**Licence.** "
        + "You grant us a worldwide, royalty-free licence to host your Content. " * 8,
    ]
    ours = CrossEncoder(checkpoint).scores(question, spans)
    assert ours.shape == (3,)
    np.testing.assert_allclose(ours, torch_logits(checkpoint, question, spans), atol=2e-3)


def test_a_long_question_is_cut_as_in_training(checkpoint: Path) -> None:
    question = "can they use my stuff " * 40
    spans = ["You grant us a licence to use your Content.", "We may terminate your account."]
    ours = CrossEncoder(checkpoint).scores(question, spans)
    np.testing.assert_allclose(ours, torch_logits(checkpoint, question, spans), atol=2e-3)


def test_no_spans_score_nothing(checkpoint: Path) -> None:
    assert CrossEncoder(checkpoint).scores("anything?", []).shape == (0,)


def test_a_missing_model_says_how_to_turn_the_stage_off(tmp_path: Path) -> None:
    with pytest.raises(RerankModelError, match="FINEPRINT_RERANK=off"):
        CrossEncoder(tmp_path)
