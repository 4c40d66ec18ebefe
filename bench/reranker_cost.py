"""What a cross-encoder reranker would cost per question on this machine, before training one.

    .venv/bin/python -m bench.reranker_cost [--candidates 10] [--rounds 30]

Issue 10 asks for a reranker only if warm `ask` stays within p50 <= 50 ms and p95 <= 150 ms on
two cores. A cross-encoder reads the question and each candidate together, so its cost is one
transformer pass per candidate, whatever its weights: this scores real (question, candidate)
pairs from the corpus with the shipped MiniLM's architecture and a fresh one-logit head
(transformers' sequence-classification model, torch on the CPU, as many threads as cores) and
prints the median and 95th percentile per question, next to the query encoder's pass that
every `ask` already pays.
"""

from __future__ import annotations

import argparse
import os
import time

import numpy as np

from bench.ask_bench import OWN_QUESTIONS, load_questions, percentile
from fineprint.retrieval.encoder_model import DEFAULT_MODEL, encoder_model
from fineprint.retrieval.query_encoder import get_query_encoder
from fineprint.retrieval.windows import WINDOW_CHARS
from fineprint.settings import default_corpus_dir


def candidate_texts(count: int) -> list[str]:
    """Window-sized passages of a real terms document: what a reranker would read."""
    path = default_corpus_dir() / "soundcloud" / "terms-of-use" / "2024-02-07.md"
    body = path.read_text(encoding="utf-8")
    paragraphs = [p.strip() for p in body.split("\n\n") if len(p.strip()) > 200]
    return [p[:WINDOW_CHARS] for p in paragraphs[:count]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--candidates", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()

    import torch
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    torch.set_num_threads(os.cpu_count() or 1)
    folder = encoder_model(DEFAULT_MODEL).path
    tokenizer = AutoTokenizer.from_pretrained(str(folder))
    model = AutoModelForSequenceClassification.from_pretrained(
        str(folder), num_labels=1, torch_dtype=torch.float32
    ).eval()
    questions = [q["question"] for q in load_questions([OWN_QUESTIONS])][: args.rounds]
    passages = candidate_texts(args.candidates)
    encoder = get_query_encoder(DEFAULT_MODEL)

    rerank_ms: list[float] = []
    encode_ms: list[float] = []
    with torch.inference_mode():
        for question in questions:
            start = time.perf_counter()
            batch = tokenizer(
                [question] * len(passages),
                passages,
                truncation=True,
                max_length=256,
                padding=True,
                return_tensors="pt",
            )
            model(**batch).logits.squeeze(-1).numpy()
            rerank_ms.append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            encoder.encode(question)
            encode_ms.append((time.perf_counter() - start) * 1000)
    print(
        f"{len(questions)} questions x {len(passages)} candidates, "
        f"{torch.get_num_threads()} torch threads, load average {os.getloadavg()[0]:.1f}"
    )
    print("| step | p50 ms | p95 ms |")
    print("|---|---:|---:|")
    steps = (("query encoder (paid today)", encode_ms), ("cross-encoder rerank", rerank_ms))
    for name, values in steps:
        print(f"| {name} | {percentile(values, 0.50):.1f} | {percentile(values, 0.95):.1f} |")
    ratio = float(np.median(rerank_ms) / np.median(encode_ms))
    print(f"rerank / query encoding, medians: {ratio:.1f}x")


if __name__ == "__main__":
    main()
