"""Where the "nothing clearly governs this" floor goes, measured on held-out services.

    .venv/bin/python -m training.calibrate_floor [--model minilm-terms|stock]

For every held-out query (ToS;DR titles: plain statements; PolicyQA: user questions) it takes
the best similarity among its service's passages — what `fineprint.answering.answer.relevant`
compares with the model's relevance floor — and prints percentiles. The floor is the 1st
percentile of the ToS;DR titles, so about 1 % of them would be turned away. PolicyQA's
percentiles are printed but not used: the tuned model learnt that question style, so its
held-out similarities sit far above a creator's question against a long clause. The bench
questions are never used for this.
"""

from __future__ import annotations

import argparse
from collections import defaultdict

import numpy as np

from training.pairs import Pair, load_pairs, shared_training_dir, split_pairs
from training.train_encoder import REPO


def best_similarities(model_name: str) -> dict[str, list[float]]:
    from fineprint.retrieval.embeddings import get_embedder

    embedder = get_embedder("cpu", model_name)  # type: ignore[arg-type]
    _, held_out = split_pairs(load_pairs(shared_training_dir(REPO)))
    by_service: dict[str, list[Pair]] = defaultdict(list)
    for pair in held_out:
        by_service[pair.service].append(pair)
    best: dict[str, list[float]] = {"tosdr": [], "policyqa": []}
    for rows in by_service.values():
        passages = sorted({p.passage for p in rows})
        queries = sorted({p.query for p in rows})
        scores = embedder.encode(queries) @ embedder.encode(passages).T
        best[rows[0].source] += [float(value) for value in scores.max(axis=1)]
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="minilm-terms")
    args = parser.parse_args()
    best = best_similarities(args.model)
    print(f"model {args.model}: best similarity of held-out queries, percentiles")
    print("| source | n | p1 | p2 | p5 | p10 | median |")
    print("|---|---|---|---|---|---|---|")
    for source, values in best.items():
        p = np.percentile(values, [1, 2, 5, 10, 50])
        print(f"| {source} | {len(values)} | " + " | ".join(f"{v:.3f}" for v in p) + " |")
    print(f"floor (1st percentile of ToS;DR titles): {np.percentile(best['tosdr'], 1):.3f}")


if __name__ == "__main__":
    main()
