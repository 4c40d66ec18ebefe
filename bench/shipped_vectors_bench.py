"""Do the shipped vectors (corpus/vectors/) answer as the vectors the model makes at ingest do?

    .venv/bin/python -m bench.shipped_vectors_bench --model-data DIR --shipped-data DIR

`--model-data`: a store whose vectors the model made (`FINEPRINT_SHIPPED_VECTORS=off fineprint
ingest`); `--shipped-data`: one ingested from the shipped vectors (the default). Both must
hold the same versions split by the same code. Prints, as Markdown: how far the shipped rows
are from the model's (cosine), then, over every question of the bench sets (main, wave3,
nonsense), how many answers differ in their top 1, 3 and 10 citations or in abstaining, and
how far the citations' scores moved.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import numpy as np

from bench.ask_bench import QUESTION_SETS, build_fineprint, load_questions


def row_cosines(model_data: Path) -> np.ndarray:
    """Cosine of each shipped row with the model's vector of the same text (from the
    `--model-data` store's embedding cache)."""
    from fineprint.retrieval.encoder_model import encoder_model
    from fineprint.settings import load_settings
    from fineprint.store import ClauseStore, embedding_key
    from ingest.shipped_vectors import VECTORS_DIRNAME, VectorFiles, load_shipped

    settings = load_settings(data_dir=model_data)
    spec = encoder_model(settings.model)
    files = VectorFiles.of(settings.corpus_dir / VECTORS_DIRNAME, spec.name)
    shipped = load_shipped(files, spec.fingerprint)
    keys = {embedding_key(spec.fingerprint, h): h for h in shipped.rows}
    cached = ClauseStore.open(settings).cached_embeddings(list(keys))
    if len(cached) != len(keys):
        raise SystemExit(f"{model_data} holds {len(cached)} of the {len(keys)} shipped texts")
    ordered = sorted(cached)
    model = np.stack([cached[key] for key in ordered])
    rows = shipped.matrix[[shipped.rows[keys[key]] for key in ordered]].astype(np.float32)
    rows /= np.linalg.norm(rows, axis=1, keepdims=True)
    cosines: np.ndarray = np.einsum("ij,ij->i", rows, model)
    return cosines


def cited(answer: dict[str, Any], k: int) -> list[tuple[str, ...]]:
    return [
        (c["platform"], c["document"], c["version_date"], c["section"], c["quote"])
        for c in answer["citations"][:k]
    ]


def where(citation: dict[str, Any]) -> tuple[str, ...]:
    return tuple(str(citation[key]) for key in ("platform", "document", "version_date", "quote"))


def compare(model_data: Path, shipped_data: Path) -> list[tuple[str, str]]:
    questions = load_questions([path for paths in QUESTION_SETS.values() for path in paths])
    before = build_fineprint({"data_dir": model_data})
    after = build_fineprint({"data_dir": shipped_data})
    differ = {1: 0, 3: 0, 10: 0}
    abstain = 0
    moves: list[float] = []
    for question in questions:
        one, other = before(question), after(question)
        abstain += one["abstained"] != other["abstained"]
        for k in differ:
            differ[k] += cited(one, k) != cited(other, k)
        scores = {where(c): c["score"] for c in one["citations"]}
        moves += [
            abs(c["score"] - scores[where(c)]) for c in other["citations"] if where(c) in scores
        ]
    n = len(questions)
    return [
        ("questions (main, wave3, nonsense sets)", str(n)),
        *[(f"answers whose top {k} citations differ", f"{differ[k]} of {n}") for k in differ],
        ("answers abstaining in one store only", f"{abstain} of {n}"),
        ("citation score moved by, max", f"{max(moves, default=0):.4f}"),
        ("citation score moved by, mean", f"{float(np.mean(moves)) if moves else 0:.5f}"),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model-data", type=Path, required=True)
    parser.add_argument("--shipped-data", type=Path, required=True)
    args = parser.parse_args()
    cosines = row_cosines(args.model_data)
    rows = [
        ("shipped rows", f"{len(cosines):,}"),
        ("1 - cosine to the model's vector, max", f"{float((1 - cosines).max()):.1e}"),
        ("rows equal to the model's vector", f"{int((cosines >= 1 - 1e-7).sum()):,}"),
        *compare(args.model_data, args.shipped_data),
    ]
    print("| shipped vectors vs the model's | |\n|---|---:|")
    for name, value in rows:
        print(f"| {name} | {value} |")


if __name__ == "__main__":
    main()
