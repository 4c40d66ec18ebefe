"""The dense/BM25 fusion weight and the creator-word expansion, measured on held-out services.

    .venv/bin/python -m training.validate_fusion [--model minilm-terms|stock]

`fineprint.retrieval.search` fuses standardised dense and BM25 scores (DENSE_WEIGHT) and widens the
BM25 query with creator-to-legal words (EXPANSIONS). Both were first set on bench questions;
this measures them where no bench question is: every held-out service's passages ranked for
each of its queries (ToS;DR titles, PolicyQA questions), with BM25's statistics taken over all
held-out passages so that word weights behave as over a corpus. Prints R@1 / R@5 / MRR@10 per
weight, with and without the expansion. `--windows` gives long passages (PolicyQA's paragraphs)
the windows a long clause gets at ingest, scored on both signals as search scores them.
"""

from __future__ import annotations

import argparse
from collections import defaultdict

import numpy as np

from fineprint.retrieval.search import DENSE_WEIGHT, EXPANSIONS, expand
from fineprint.retrieval.windows import window_spans
from fineprint.text import tokens
from training.pairs import Pair, load_pairs, shared_training_dir, split_pairs
from training.train_encoder import REPO

WEIGHTS: tuple[float | None, ...] = (0.0, 0.5, 1.0, 1.5, 2.0, 3.0, 4.0, None)  # None: dense only


def standardise(scores: np.ndarray) -> np.ndarray:
    centred: np.ndarray = scores - scores.mean()
    spread = float(scores.std())
    return centred / spread if spread > 0 else centred


def figures(ranks: list[int | None]) -> str:
    count = len(ranks)
    r1 = sum(1 for r in ranks if r is not None and r <= 1) / count
    r5 = sum(1 for r in ranks if r is not None and r <= 5) / count
    mrr = sum(1 / r for r in ranks if r is not None and r <= 10) / count
    return f"{r1:.3f} / {r5:.3f} / {mrr:.3f}"


Ranks = dict[tuple[str, float | None, bool], list[int | None]]


def first_hit(order: np.ndarray, gold: set[int]) -> int | None:
    hits = [rank for rank, index in enumerate(order, 1) if int(index) in gold]
    return hits[0] if hits else None


def service_pool(
    rows: list[Pair], position: dict[str, int]
) -> tuple[np.ndarray, dict[str, set[int]]] | None:
    """A held-out service's passages (positions) and each query's gold among them; None when
    it has fewer than two passages to rank."""
    own = np.asarray(sorted({position[p.passage] for p in rows}))
    if len(own) < 2:
        return None
    gold: dict[str, set[int]] = defaultdict(set)
    for pair in rows:
        gold[pair.query].add(position[pair.passage])
    return own, gold


def rank_service(
    source: str, rows: list[Pair], position: dict[str, int], search: Search, ranks: Ranks
) -> None:
    """Every query of one held-out service against that service's passages, at each weight."""
    pool = service_pool(rows, position)
    if pool is None:
        return
    own, gold = pool
    queries = sorted(gold)
    dense_all = search.dense(search.encode(queries))[:, own]
    for n, query in enumerate(queries):
        dense = dense_all[n].astype(np.float64)
        for expanded in (False, True):
            lexical = search.lexical(query, expanded)[own]
            for weight in WEIGHTS:
                fused = (
                    dense if weight is None else weight * standardise(dense) + standardise(lexical)
                )
                order = own[np.argsort(-fused, kind="stable")]
                ranks[(source, weight, expanded)].append(first_hit(order, gold[query]))


class Search:
    """The held-out passages, embedded and BM25-indexed once."""

    def __init__(self, passages: list[str], model: str, windows: bool = False) -> None:
        import bm25s

        from fineprint.retrieval.embeddings import get_embedder

        self.embedder = get_embedder("cpu", model)  # type: ignore[arg-type]
        self.count = len(passages)
        # a long passage also gets the sentence-aligned windows a long clause gets at ingest
        spans = [window_spans(text) if windows else [] for text in passages]
        self.window_owner = np.asarray(
            [n for n, found in enumerate(spans) for _ in found], dtype=np.int64
        )
        window_texts = [passages[n][a:b] for n, found in enumerate(spans) for a, b in found]
        self.bm25 = bm25s.BM25(k1=1.2, b=0.75)
        documents = [tokens(text) or ["_"] for text in passages + window_texts]
        self.bm25.index(documents, show_progress=False)
        self.passage_vectors = self.embedder.encode(passages)
        self.window_vectors = self.embedder.encode(window_texts)

    def dense(self, query_vectors: np.ndarray) -> np.ndarray:
        """Each passage's similarity to each query: the best of its own and its windows'."""
        scores: np.ndarray = query_vectors @ self.passage_vectors.T
        if len(self.window_owner):
            by_window = query_vectors @ self.window_vectors.T
            for row in range(len(scores)):
                np.maximum.at(scores[row], self.window_owner, by_window[row])
        return scores

    def encode(self, texts: list[str]) -> np.ndarray:
        return self.embedder.encode(texts)

    def lexical(self, query: str, expanded: bool) -> np.ndarray:
        words = expand(tokens(query)) if expanded else tokens(query)
        known = [w for w in words if w in self.bm25.vocab_dict]
        if not known:
            return np.zeros(self.count)
        scores = np.asarray(self.bm25.get_scores(known), dtype=np.float64)
        best = scores[: self.count].copy()
        np.maximum.at(best, self.window_owner, scores[self.count :])
        return best


def expansion_text(query: str) -> str:
    """The legal words a query's creator words stand for, as one text (`EXPANSIONS`)."""
    return " ".join(EXPANSIONS[t] for t in dict.fromkeys(tokens(query)) if t in EXPANSIONS)


def dense_expansion_ranks(
    source: str,
    rows: list[Pair],
    position: dict[str, int],
    search: Search,
    alphas: tuple[float, ...],
    ranks: Ranks,
) -> None:
    """As `rank_service` at the shipped weight with the BM25 expansion on, the dense query
    being the question's vector plus alpha × its expansion words' vector (renormalised)."""
    pool = service_pool(rows, position)
    if pool is None:
        return
    own, gold = pool
    queries = sorted(gold)
    vectors = search.encode(queries)
    extras = [expansion_text(q) for q in queries]
    extra_vectors = search.encode([e or "_" for e in extras])
    for alpha in alphas:
        mixed = vectors + alpha * extra_vectors * np.asarray([[1.0 if e else 0.0] for e in extras])
        mixed /= np.linalg.norm(mixed, axis=1, keepdims=True)
        dense_all = search.dense(mixed)[:, own]
        for n, query in enumerate(queries):
            lexical = search.lexical(query, True)[own]
            fused = DENSE_WEIGHT * standardise(dense_all[n].astype(np.float64)) + standardise(
                lexical
            )
            order = own[np.argsort(-fused, kind="stable")]
            rank = first_hit(order, gold[query])
            ranks[(source, alpha, True)].append(rank)
            if extras[n]:
                ranks[(f"{source} expanded", alpha, True)].append(rank)


def print_table(model: str, ranks: Ranks, windows: int) -> None:
    print(f"model {model}: held-out services, R@1 / R@5 / MRR@10 (fused = w·z(dense) + z(bm25))")
    print(f"long passages scored by their best window on both signals: {windows} windows")
    print("| dense weight w | expansion | ToS;DR titles | PolicyQA questions |")
    print("|---|---|---|---|")
    for weight in WEIGHTS:
        for expanded in (False, True):
            if weight is None and expanded:
                continue
            name = "dense only" if weight is None else ("BM25 only" if weight == 0 else f"{weight}")
            cells = [figures(ranks[(source, weight, expanded)]) for source in ("tosdr", "policyqa")]
            print(f"| {name} | {'yes' if expanded else 'no'} | " + " | ".join(cells) + " |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="minilm-terms")
    parser.add_argument(
        "--windows", action="store_true", help="window long passages as ingest windows clauses"
    )
    parser.add_argument(
        "--dense-expansion",
        default="",
        help="comma-separated alphas: the dense query plus alpha × its expansion words' vector",
    )
    args = parser.parse_args()
    _, held_out = split_pairs(load_pairs(shared_training_dir(REPO)))
    passages = sorted({p.passage for p in held_out})
    position = {text: n for n, text in enumerate(passages)}
    search = Search(passages, args.model, windows=args.windows)
    by_service: dict[tuple[str, str], list[Pair]] = defaultdict(list)
    for pair in held_out:
        by_service[(pair.source, pair.service)].append(pair)
    ranks: Ranks = defaultdict(list)
    if args.dense_expansion:
        alphas = tuple(float(a) for a in args.dense_expansion.split(","))
        for (source, _), rows in sorted(by_service.items()):
            dense_expansion_ranks(source, rows, position, search, alphas, ranks)
        print(f"dense weight {DENSE_WEIGHT}, BM25 expansion on; R@1 / R@5 / MRR@10")
        sources = ("tosdr", "policyqa", "tosdr expanded", "policyqa expanded")
        counts = [len(ranks[(source, alphas[0], True)]) for source in sources]
        print("| alpha | ToS;DR | PolicyQA | ToS;DR, queries with creator words | PolicyQA, same |")
        print("|---|---|---|---|---|")
        print("| queries | " + " | ".join(str(c) for c in counts) + " |")
        for alpha in alphas:
            cells = [figures(ranks[(source, alpha, True)]) for source in sources]
            print(f"| {alpha} | " + " | ".join(cells) + " |")
        return
    for (source, _), rows in sorted(by_service.items()):
        rank_service(source, rows, position, search, ranks)
    print_table(args.model, ranks, len(search.window_owner))


if __name__ == "__main__":
    main()
