"""Train the rerank stage's cross-encoder: `make train-rerank` (part of `make train`).

What it does, reproducibly (fixed seed, hashed service split, one process, CPU):
1. builds (query, span, label) groups from `../shared/training/` (`training.rerank_data`):
   answering spans, spans of the same passage, and negatives mined with today's encoder;
2. starts from the shipped encoder (minilm-terms) as a gated cross-encoder
   (`training.gated_cross_encoder`: at step 0 it scores exactly as the encoder does), and trains
   it with binary cross-entropy plus a per-group softmax loss, in bfloat16 autocast on the CPU;
3. checkpoints every `--checkpoint-every` steps outside the work tree and resumes from the
   last checkpoint when run again (a session may end mid-run);
4. validates on held-out services — each query's top spans of its service, in the encoder's
   order and in the reranker's — and writes the model in float16 with its tokenizer, a model
   card and `training.json` to `fineprint/models/rerank-terms/`.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import math
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np

from training.gated_cross_encoder import CLOSED_GATE
from training.pairs import LICENCES, shared_training_dir
from training.rerank_data import (
    Example,
    ValidationCase,
    load_queries,
    mine_negatives,
    split_queries,
    training_examples,
    validation_cases,
)

REPO = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = REPO / "fineprint" / "models" / "rerank-terms"
ENCODER = REPO / "fineprint" / "models" / "minilm-terms"
QUERY_TOKENS = 48  # a longer question is cut (inference cuts it the same way)
MAX_TOKENS = 128  # question + span; spans are at most ~320 characters (~80 tokens)
# Groups to train on, of the 13,414 (the list is shuffled once); 0 trains on all of them.
GROUPS = 0

log = logging.getLogger("training")


def default_checkpoints() -> Path:
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return cache / "fineprint-training" / "reranker"


def encoder_function(device: str = "cpu") -> Any:
    """Today's encoder (minilm-terms), to mine negatives and order the validation pools."""
    from sentence_transformers import SentenceTransformer

    from training.train_encoder import encoder_of

    return encoder_of(SentenceTransformer(str(ENCODER), device=device))


def build_data(folder: Path, seed: int) -> tuple[list[list[Example]], list[ValidationCase]]:
    encode = encoder_function()

    def best_spans(items: list[tuple[str, list[str]]]) -> list[str]:
        """The span of each long quote closest to its query, in two encoder calls."""
        flat = [span for _, spans in items for span in spans]
        span_vectors = encode(flat) if flat else np.zeros((0, 384), dtype=np.float32)
        query_vectors = encode([query for query, _ in items]) if items else span_vectors
        picked, at = [], 0
        for n, (_, spans) in enumerate(items):
            scores = span_vectors[at : at + len(spans)] @ query_vectors[n]
            picked.append(spans[int(np.argmax(scores))])
            at += len(spans)
        return picked

    queries = load_queries(folder, best_spans)
    train, held_out = split_queries(queries)
    log.info(
        "queries %d: training %d, held out %d from %d services",
        len(queries),
        len(train),
        len(held_out),
        len({q.service for q in held_out}),
    )
    mine_negatives(train, encode, seed)
    return training_examples(train, seed), validation_cases(held_out, encode)


def cached_data(
    folder: Path, seed: int, checkpoints: Path
) -> tuple[list[list[Example]], list[ValidationCase]]:
    """Building the data embeds ~50k spans; a resumed run reads it back instead."""
    digest = hashlib.sha256()
    for name in ("tosdr_pairs.jsonl", "policyqa_pairs.jsonl"):
        digest.update((folder / name).read_bytes())
    digest.update((REPO / "training" / "rerank_data.py").read_bytes())
    digest.update((REPO / "fineprint" / "retrieval" / "answer_spans.py").read_bytes())
    digest.update(str(seed).encode())
    path = checkpoints / f"data-{digest.hexdigest()[:12]}.json"
    if path.is_file():
        raw = json.loads(path.read_text(encoding="utf-8"))
        groups = [[Example(**e) for e in group] for group in raw["groups"]]
        cases = [
            ValidationCase(
                c["source"],
                c["query"],
                tuple(c["candidates"]),
                tuple(c["answering"]),
                tuple(c["first_stage"]),
            )
            for c in raw["cases"]
        ]
        return groups, cases
    groups, cases = build_data(folder, seed)
    checkpoints.mkdir(parents=True, exist_ok=True)
    payload = {
        "groups": [[asdict(e) for e in group] for group in groups],
        "cases": [asdict(c) for c in cases],
    }
    path.write_text(json.dumps(payload), encoding="utf-8")
    return groups, cases


def load_model(layers: int, gate: float = CLOSED_GATE) -> tuple[Any, Any]:
    from transformers import AutoTokenizer

    from training.gated_cross_encoder import load_gated

    return load_gated(ENCODER, layers, gate), AutoTokenizer.from_pretrained(str(ENCODER))


def encode_batch(tokenizer: Any, pairs: Sequence[tuple[str, str]]) -> Any:
    """ "[CLS] question [SEP]" (cut to QUERY_TOKENS) then "[CLS] span [SEP]", as inference
    does (fineprint's reranker): each segment as the encoder read it alone."""
    questions = [
        tokenizer.convert_tokens_to_string(tokenizer.tokenize(q)[:QUERY_TOKENS]) for q, _ in pairs
    ]
    return tokenizer(
        questions,
        [f"{tokenizer.cls_token} {span}" for _, span in pairs],
        truncation="only_second",
        max_length=MAX_TOKENS,
        padding=True,
        return_tensors="pt",
    )


Scorer = Callable[[str, Sequence[str]], np.ndarray]


def torch_scorer(model: Any, tokenizer: Any) -> Scorer:
    """The model as trained (float32, torch): logits of (question, span) pairs."""
    import torch

    def scores(question: str, spans: Sequence[str]) -> np.ndarray:
        out = []
        with torch.inference_mode():
            for at in range(0, len(spans), 64):
                batch = encode_batch(tokenizer, [(question, s) for s in spans[at : at + 64]])
                out.append(model(**batch).squeeze(-1).float().numpy())
        return np.concatenate(out) if out else np.zeros(0, dtype=np.float32)

    return scores


def ranking_figures(ranks: list[int | None]) -> dict[str, float | int]:
    count = len(ranks) or 1
    return {
        "queries": len(ranks),
        "recall@1": round(sum(1 for r in ranks if r == 1) / count, 3),
        "recall@5": round(sum(1 for r in ranks if r is not None and r <= 5) / count, 3),
        "mrr@10": round(sum(1 / r for r in ranks if r is not None and r <= 10) / count, 3),
    }


def first_rank(order: Sequence[int], answering: Sequence[bool]) -> int | None:
    return next((rank for rank, n in enumerate(order, 1) if answering[n]), None)


def validate(scorers: dict[str, Scorer], cases: Sequence[ValidationCase]) -> dict[str, Any]:
    """The encoder's order and each scorer's over the same pools, per source; and, for the
    last scorer (the shipped model), the best span's logit of queries the pool can answer —
    what the abstention floor is read from."""
    figures: dict[str, Any] = {}
    shipped = list(scorers)[-1]
    best_scores: list[float] = []
    for source in sorted({c.source for c in cases}):
        mine = [c for c in cases if c.source == source]
        encoder = [first_rank(range(len(c.candidates)), c.answering) for c in mine]
        figures[source] = {"encoder": ranking_figures(encoder)}
        for name, scorer in scorers.items():
            ranks: list[int | None] = []
            for case in mine:
                scores = scorer(case.query, case.candidates)
                order = [int(n) for n in np.argsort(-scores, kind="stable")]
                ranks.append(first_rank(order, case.answering))
                if name == shipped and any(case.answering):
                    best_scores.append(float(scores.max()))
            figures[source][name] = ranking_figures(ranks)
    quantiles = np.quantile(best_scores, [0.01, 0.02, 0.05, 0.5]) if best_scores else [0.0] * 4
    figures["best_score_quantiles"] = {
        name: round(float(value), 3)
        for name, value in zip(("p1", "p2", "p5", "p50"), quantiles, strict=True)
    }
    return figures


def batches(groups: list[list[Example]], per_batch: int) -> list[list[list[Example]]]:
    return [groups[at : at + per_batch] for at in range(0, len(groups), per_batch)]


def group_loss(logits: Any, labels: Any, sizes: list[int]) -> Any:
    """Binary cross-entropy on every pair (an absolute scale: the abstention floor reads it)
    plus, per group, the softmax cross-entropy of its positive against its negatives (the
    order is what the stage is for). BCE alone sat at the label prior for hundreds of steps:
    with 1 positive in 5-7 a constant logit is a comfortable minimum."""
    import torch

    bce = torch.nn.functional.binary_cross_entropy_with_logits(logits, labels)
    listwise = []
    at = 0
    for size in sizes:
        if size > 1:
            listwise.append(torch.logsumexp(logits[at : at + size], 0) - logits[at])
        at += size
    return bce + (torch.stack(listwise).mean() if listwise else 0.0)


def save_checkpoint(path: Path, state: dict[str, Any]) -> None:
    import torch

    path.parent.mkdir(parents=True, exist_ok=True)
    scratch = path.with_suffix(".tmp")
    torch.save(state, scratch)
    scratch.replace(path)


def train(args: argparse.Namespace, groups: list[list[Example]], model: Any, tokenizer: Any) -> int:
    """The loop: AdamW, linear warm-up then decay, BCE on logits; resumable. Returns the
    number of steps trained in all (this run and the runs it resumed)."""
    import torch

    plan = batches(groups, args.batch_queries)
    total = math.ceil(len(plan) * float(args.epochs))
    head = [model.gates, model.scale, model.shift]  # few numbers that must move far: fast
    body = [p for name, p in model.named_parameters() if name.startswith("bert.")]
    optimizer = torch.optim.AdamW(
        [
            {"params": body, "lr": args.learning_rate, "weight_decay": 0.01},
            {"params": head, "lr": args.head_learning_rate, "weight_decay": 0.0},
        ]
    )
    warmup = max(1, total // 10)

    def schedule(step: int) -> float:
        return min((step + 1) / warmup, max(0.0, (total - step) / max(1, total - warmup)))

    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, schedule)
    state_path = (
        args.checkpoints
        / f"state-gated{args.gate_start:+g}-{args.layers}l-{args.seed}-{len(groups)}.pt"
    )
    step = 0
    if state_path.is_file():
        state = torch.load(state_path, weights_only=False)
        model.load_state_dict(state["model"])
        optimizer.load_state_dict(state["optimizer"])
        scheduler.load_state_dict(state["scheduler"])
        step = int(state["step"])
        torch.set_rng_state(state["rng"])
        log.info("resumed at step %d of %d", step, total)
    model.train()
    started = time.monotonic()
    running = 0.0
    while step < total:
        groups_here = plan[step % len(plan)]
        batch = [example for group in groups_here for example in group]
        inputs = encode_batch(tokenizer, [(e.query, e.span) for e in batch])
        labels = torch.tensor([e.label for e in batch], dtype=torch.float32)
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=args.bf16):
            logits = model(**inputs).squeeze(-1)
        loss = group_loss(logits.float(), labels, [len(g) for g in groups_here])
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        scheduler.step()
        optimizer.zero_grad()
        step += 1
        running += loss.item()
        if step % 25 == 0:
            pace = (time.monotonic() - started) / 25
            gates = ", ".join(f"{g:.2f}" for g in model.gates.tolist())
            log.info(
                "step %d/%d loss %.4f (%.2f s/step) gates %s",
                step,
                total,
                running / 25,
                pace,
                gates,
            )
            running, started = 0.0, time.monotonic()
        if step % args.checkpoint_every == 0 or step == total:
            save_checkpoint(
                state_path,
                {
                    "model": model.state_dict(),
                    "optimizer": optimizer.state_dict(),
                    "scheduler": scheduler.state_dict(),
                    "step": step,
                    "rng": torch.get_rng_state(),
                },
            )
    model.eval()
    return total


def save_onnx_int8(model: Any, tokenizer: Any, output: Path, *, quantise: bool = True) -> None:
    """The shipped form: the graph exported to ONNX, its weights quantised to int8 (dynamic
    quantisation of the matrix products), beside the tokenizer and config. `quantise=False`
    keeps the float32 graph under the same name: the exact model, to compare against."""
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    from fineprint.retrieval.reranker import MODEL_FILE

    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        model.bert.config.save_pretrained(folder)
        tokenizer.save_pretrained(folder)
        ids = torch.ones((2, 16), dtype=torch.long)
        names = ["input_ids", "attention_mask", "token_type_ids"]  # forward()'s order
        torch.onnx.export(
            model,
            (ids, torch.ones_like(ids), torch.zeros_like(ids)),
            str(folder / "float32.onnx"),
            input_names=names,
            output_names=["logits"],
            dynamic_axes={n: {0: "batch", 1: "tokens"} for n in names} | {"logits": {0: "batch"}},
            opset_version=17,
            dynamo=False,
        )
        if quantise:
            quantize_dynamic(
                str(folder / "float32.onnx"), str(folder / MODEL_FILE), weight_type=QuantType.QInt8
            )
            (folder / "float32.onnx").unlink()
        else:
            (folder / "float32.onnx").rename(folder / MODEL_FILE)
        if output.exists():
            shutil.rmtree(output)
        shutil.copytree(folder, output)
        output.chmod(0o755)  # the scratch folder's 0700 would travel with it


def model_card(record: dict[str, Any]) -> str:
    def row(name: str, key: str) -> str:
        cells = []
        for source in ("tosdr", "policyqa"):
            figures = record["validation"][source][key]
            cells.append(f"{figures['recall@1']} / {figures['recall@5']} / {figures['mrr@10']}")
        return f"| {name} | {cells[0]} | {cells[1]} |"

    return f"""# rerank-terms: Fineprint's rerank stage

A cross-encoder: the question and one short span of a clause (a sentence, or a heading read
with what follows it: `fineprint/retrieval/answer_spans.py`) read together, one relevance logit out.
Fineprint scores the spans of the top clauses with it; the best span ranks its clause and is
the quote. Built as a gated cross-encoder on the first {record["layers"]} layers of minilm-terms
(itself all-MiniLM-L6-v2 fine-tuned here; `training/gated_cross_encoder.py`): each segment reads
as the encoder read it alone, attention across the two carries a learnt bias per layer
(started at {record["gate_start"]}), and the logit is a scaled cosine of the two segments' mean
tokens — so training starts from the encoder's own ranking. Shipped as an ONNX graph with int8
weights (`model.int8.onnx`, dynamic quantisation) run by ONNX Runtime on one thread
(`FINEPRINT_RERANK=off` turns the stage off).

## Training

`make train-rerank` (= `python -m training.train_reranker`), seed {record["seed"]}, CPU:
- data: `../shared/training/` — {record["groups"]} query groups from ToS;DR case titles → quotes
  and PolicyQA questions → answer sentences; each group is the answering span, the answering
  paragraph's other spans, the {record["mined"]} spans of the service's other passages that the
  current encoder ranks highest, and one random span; services held out by a hash of the name;
- binary cross-entropy on each pair plus each group's softmax cross-entropy (the answering
  span against its negatives), {record["epochs"]} epoch(s), {record["batch_queries"]} groups a
  batch, learning rate {record["learning_rate"]}, 10 % warm-up, bfloat16 autocast, question cut at
  {record["query_tokens"]} tokens, pair at {record["max_tokens"]};
- {record["steps"]} steps, wall time of the last run {record["wall_seconds"] / 60:.0f} min on
  {record["torch_threads"]} threads (resumed runs add up).

## Held-out services

R@1 / R@5 / MRR@10 of the answering span among the encoder's top {record["pool"]} spans of
the query's service:

| order | ToS;DR titles → quotes | PolicyQA questions → answer sentences |
|---|---|---|
{row("encoder (minilm-terms)", "encoder")}
{row("rerank-terms, float32 (as trained)", "reranker float32")}
{row("rerank-terms, int8 ONNX (shipped)", "reranker int8")}

Best-span logit of answerable held-out queries (int8):
{record["validation"]["best_score_quantiles"]}. The stage abstains when the best span
scores under {record["floor"]} (the 2nd percentile: 2 % of answerable held-out queries would
abstain).

## Licence and attribution

{LICENCES}"""


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=shared_training_dir(REPO))
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    parser.add_argument("--checkpoints", type=Path, default=default_checkpoints())
    parser.add_argument("--layers", type=int, default=6)
    parser.add_argument("--epochs", type=float, default=1.0)
    parser.add_argument("--batch-queries", type=int, default=8)
    parser.add_argument("--learning-rate", type=float, default=2e-5)
    parser.add_argument("--head-learning-rate", type=float, default=1e-2)
    parser.add_argument(
        "--gate-start", type=float, default=CLOSED_GATE, help="cross-segment attention bias"
    )
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--limit", type=int, default=GROUPS, help="train on N groups (0 = all)")
    parser.add_argument("--checkpoint-every", type=int, default=100)
    parser.add_argument("--no-bf16", dest="bf16", action="store_false")
    parser.add_argument("--cases", type=int, default=0, help="validate on N cases (0 = all)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", stream=sys.stdout)
    for name, value in (
        ("HF_HUB_OFFLINE", "1"),
        ("TRANSFORMERS_OFFLINE", "1"),
        ("TOKENIZERS_PARALLELISM", "false"),
    ):
        os.environ.setdefault(name, value)
    import torch

    torch.manual_seed(args.seed)
    started = time.monotonic()
    groups, cases = cached_data(args.data, args.seed, args.checkpoints)
    if args.limit:
        groups = groups[: args.limit]
    if args.cases:
        cases = cases[: args.cases]
    log.info("%d training groups, %d validation cases", len(groups), len(cases))
    model, tokenizer = load_model(args.layers, args.gate_start)
    steps = train(args, groups, model, tokenizer)
    save_onnx_int8(model, tokenizer, args.output)
    from fineprint.retrieval.reranker import CrossEncoder

    shipped = CrossEncoder(args.output)
    scorers = {"reranker float32": torch_scorer(model, tokenizer), "reranker int8": shipped.scores}
    figures = validate(scorers, cases)
    log.info("held-out figures: %s", json.dumps(figures))
    record = {
        "base_model": "gated cross-encoder on fineprint/models/minilm-terms",
        "layers": args.layers,
        "gate_start": args.gate_start,
        "gates": [round(g, 3) for g in model.gates.tolist()],
        "groups": len(groups),
        "mined": 3,
        "pool": 20,
        "epochs": args.epochs,
        "steps": steps,
        "batch_queries": args.batch_queries,
        "learning_rate": args.learning_rate,
        "query_tokens": QUERY_TOKENS,
        "max_tokens": MAX_TOKENS,
        "seed": args.seed,
        "torch_threads": torch.get_num_threads(),
        "wall_seconds": round(time.monotonic() - started, 1),
        "validation": figures,
        # the abstention floor the stage reads (fineprint/retrieval/reranker.py): 2 % of
        # answerable held-out queries have their best span below it
        "floor": figures["best_score_quantiles"]["p2"],
    }
    (args.output / "training.json").write_text(json.dumps(record, indent=2) + "\n")
    (args.output / "README.md").write_text(model_card(record))
    log.info("wrote %s", args.output)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
