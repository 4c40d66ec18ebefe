"""What the rerank stage's cross-encoder costs per question on this machine, by runtime.

    .venv/bin/python -m bench.reranker_cost [--model DIR | --layers 4] [--spans 12 36] [--rounds 15]

Scores real spans of a corpus document (`answer_spans`, as the stage cuts them) for one
question, with the model in each form the stage could run: ONNX Runtime with int8 weights (what
`training/train_reranker.py` ships), ONNX Runtime in float32, and a float32 NumPy pass (the
query encoder's `bert_numpy`), each on one thread and on two. Cost does not depend on the
weights, so with no trained model `--layers N` measures a randomly initialised one of the same
shape (the shipped tokenizer, the encoder's first N layers' shape). Prints the median and 95th
percentile per question and the load average it ran under.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from bench.ask_bench import percentile
from fineprint.retrieval.answer_spans import answer_spans
from fineprint.retrieval.encoder_model import DEFAULT_MODEL, encoder_model
from fineprint.settings import default_corpus_dir

QUESTION = "Can SoundCloud train AI on my voice?"


def corpus_spans(count: int) -> list[str]:
    body = (default_corpus_dir() / "soundcloud" / "terms-of-use" / "2024-02-07.md").read_text(
        encoding="utf-8"
    )
    return [body[a:b] for a, b in answer_spans(body) if b - a > 60][:count]


def random_model(layers: int, folder: Path) -> tuple[Path, Path]:
    """A random sequence-classification model of the shipped shape, saved as training saves
    it (int8) and once unquantised; returns (int8 folder, float32 folder)."""
    import torch
    from transformers import AutoTokenizer, BertConfig, BertForSequenceClassification

    from training.train_reranker import save_onnx_int8

    source = encoder_model(DEFAULT_MODEL).path
    config = BertConfig.from_pretrained(str(source))
    config.num_hidden_layers = layers
    config.num_labels = 1
    torch.manual_seed(0)
    model = BertForSequenceClassification(config).eval()
    tokenizer = AutoTokenizer.from_pretrained(str(source))
    save_onnx_int8(model, tokenizer, folder / "int8")
    save_onnx_int8(model, tokenizer, folder / "float32", quantise=False)
    model.save_pretrained(folder / "weights", safe_serialization=True)
    return folder / "int8", folder / "float32"


def numpy_scorer(folder: Path, weights: Path) -> Callable[[str, Sequence[str]], object]:
    """The same inputs through `bert_numpy` (float32), pooled and classified as the model."""
    from fineprint.retrieval.bert_numpy import BertForward, load_weights
    from fineprint.retrieval.reranker import CrossEncoder

    encoder = CrossEncoder(folder)  # its tokenisation and batching
    tensors = load_weights(weights / "model.safetensors", prefix="bert.")
    forward = BertForward(weights / "config.json", tensors)

    def run(feed: dict[str, np.ndarray]) -> np.ndarray:
        hidden = forward.hidden_states(
            feed["input_ids"], feed["token_type_ids"], feed["attention_mask"]
        )
        pooled = np.tanh(
            hidden[:, 0] @ tensors["pooler.dense.weight"] + tensors["pooler.dense.bias"]
        )
        return pooled @ tensors["classifier.weight"] + tensors["classifier.bias"]

    encoder.session = type("NumpySession", (), {"run": lambda self, _, feed: [run(feed)]})()
    return encoder.scores


def measure(
    score: Callable[[str, Sequence[str]], object], spans: list[str], rounds: int
) -> list[float]:
    score(QUESTION, spans)
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        score(QUESTION, spans)
        times.append((time.perf_counter() - started) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--layers", type=int, default=4)
    parser.add_argument("--spans", type=int, nargs="+", default=[12, 36])
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()

    from threadpoolctl import threadpool_limits

    from fineprint.retrieval import reranker

    print(f"load average {os.getloadavg()[0]:.1f}, {args.layers} layers (random weights)")
    print("| runtime | threads | spans | p50 ms | p95 ms |")
    print("|---|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as scratch:
        int8, float32 = random_model(args.layers, Path(scratch))
        for threads in (1, 2):
            reranker.THREADS = threads
            forms = {
                "ONNX Runtime, int8 (shipped)": reranker.CrossEncoder(int8).scores,
                "ONNX Runtime, float32": reranker.CrossEncoder(float32).scores,
                "NumPy, float32": numpy_scorer(int8, Path(scratch) / "weights"),
            }
            for name, score in forms.items():
                for count in args.spans:
                    with threadpool_limits(threads, user_api="blas"):
                        times = measure(score, corpus_spans(count), args.rounds)
                    print(
                        f"| {name} | {threads} | {count} | {percentile(times, 0.5):.1f} "
                        f"| {percentile(times, 0.95):.1f} |"
                    )


if __name__ == "__main__":
    main()
