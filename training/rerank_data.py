"""Training examples for the rerank stage: (query, short span, label), grouped by query.

The rerank stage reads the question together with short spans of the top clauses
(`fineprint.answer_spans`) and must put the span that answers first. So its examples are spans:
- ToS;DR: the quote is the answering span (cut like a clause; a long quote's best span by the
  tuned encoder stands for it); negatives are spans of the same service's other quotes;
- PolicyQA: the spans of the paragraph that hold the annotated answer; negatives are the
  paragraph's other spans (the neighbouring sentence the quote must not pick) and spans of the
  site's other paragraphs.
Negatives beyond the query's own passage are mined with today's encoder (minilm-terms): the
spans it ranks highest that do not answer — the neighbours that win today — plus one at random.
Services split as for the encoder (`training.pairs.is_held_out`), so validation is on unseen
services. Deterministic for a seed.
"""

from __future__ import annotations

import json
import random
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from fineprint.retrieval.answer_spans import answer_spans
from training.pairs import is_held_out

Encode = Callable[[Sequence[str]], np.ndarray]

MINED_NEGATIVES = 3  # spans of other passages the encoder ranks highest
RANDOM_NEGATIVES = 1
PASSAGE_NEGATIVES = 2  # PolicyQA: other spans of the answering paragraph
POOL = 20  # validation: the spans the first stage would hand the reranker


@dataclass
class Query:
    """One question of one service, the spans that answer it, and its training negatives."""

    source: str
    service: str
    text: str
    positives: set[str] = field(default_factory=set)
    answer_passages: set[str] = field(default_factory=set)
    negatives: list[str] = field(default_factory=list)


def _clean(text: str) -> str:
    return " ".join(text.split())


def _spans_of(passage: str) -> list[str]:
    return [passage[a:b] for a, b in answer_spans(passage)] or [passage]


def _tosdr(folder: Path) -> list[tuple[str, str, str, str]]:
    rows = []
    with (folder / "tosdr_pairs.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            rows.append(
                ("tosdr", "tosdr:" + row["service"], _clean(row["title"]), _clean(row["quote"]))
            )
    return rows


def _policyqa(folder: Path) -> list[tuple[str, str, str, str, str]]:
    rows = []
    with (folder / "policyqa_pairs.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            rows.append(
                (
                    "policyqa",
                    "policyqa:" + row["site"],
                    _clean(row["question"]),
                    _clean(row["paragraph"]),
                    _clean(row["answer"]),
                )
            )
    return rows


def load_queries(
    folder: Path, best_spans: Callable[[list[tuple[str, list[str]]]], list[str]]
) -> list[Query]:
    """Every distinct (service, query) with its answering spans. `best_spans` gets every
    (query, spans of a long ToS;DR quote) at once and picks the span standing for each quote."""
    queries: dict[tuple[str, str], Query] = {}
    long_quotes: list[tuple[Query, list[str]]] = []
    for source, service, text, quote in _tosdr(folder):
        if not text or not quote or text == quote:
            continue
        query = queries.setdefault((service, text), Query(source, service, text))
        spans = _spans_of(quote)
        if len(spans) == 1:
            query.positives.add(spans[0])
        else:
            long_quotes.append((query, spans))
        query.answer_passages.add(quote)
    picked = best_spans([(query.text, spans) for query, spans in long_quotes])
    for (query, _), span in zip(long_quotes, picked, strict=True):
        query.positives.add(span)
    for source, service, text, paragraph, answer in _policyqa(folder):
        at = paragraph.find(answer) if answer else -1
        if not text or at < 0:
            continue
        query = queries.setdefault((service, text), Query(source, service, text))
        for a, b in answer_spans(paragraph) or [(0, len(paragraph))]:
            if a < at + len(answer) and b > at:
                query.positives.add(paragraph[a:b])
        query.answer_passages.add(paragraph)
    return [q for q in queries.values() if q.positives]


def service_spans(queries: Sequence[Query]) -> dict[str, list[str]]:
    """Every distinct span of every passage of each service."""
    spans: dict[str, dict[str, None]] = defaultdict(dict)
    for query in queries:
        for passage in sorted(query.answer_passages):
            for span in _spans_of(passage):
                spans[query.service][span] = None
    return {service: list(found) for service, found in spans.items()}


def answer_texts(queries: Sequence[Query]) -> dict[tuple[str, str], set[str]]:
    """Per (service, query): every span of every passage that answers it (never a negative)."""
    found: dict[tuple[str, str], set[str]] = defaultdict(set)
    for query in queries:
        for passage in query.answer_passages:
            if query.source == "tosdr":
                found[(query.service, query.text)].update(_spans_of(passage))
        found[(query.service, query.text)].update(query.positives)
    return found


def _scored_pools(
    queries: Sequence[Query], encode: Encode
) -> list[tuple[str, list[str], list[Query], np.ndarray]]:
    """Per service: its spans, its queries and their similarity matrix, encoded in two calls
    for the whole set (one call per service costs more in overhead than in arithmetic)."""
    spans = service_spans(queries)
    by_service: dict[str, list[Query]] = defaultdict(list)
    for query in queries:
        by_service[query.service].append(query)
    services = sorted(by_service)
    every_span = sorted({s for service in services for s in spans[service]})
    position = {span: n for n, span in enumerate(every_span)}
    span_vectors = encode(every_span)
    every_query = [q for service in services for q in by_service[service]]
    query_vectors = encode([q.text for q in every_query])
    row_of = {id(q): n for n, q in enumerate(every_query)}
    pools = []
    for service in services:
        pool = spans[service]
        members = by_service[service]
        scores = (
            query_vectors[[row_of[id(q)] for q in members]]
            @ span_vectors[[position[s] for s in pool]].T
        )
        pools.append((service, pool, members, scores))
    return pools


def mine_negatives(queries: list[Query], encode: Encode, seed: int) -> None:
    """Fill each query's negatives: the encoder's best-ranked non-answering spans of other
    passages, the answering paragraph's other spans (PolicyQA), one random span."""
    rng = random.Random(seed)
    answers = answer_texts(queries)
    for service, pool, members, scores in _scored_pools(queries, encode):
        for query, row in zip(members, scores, strict=True):
            taboo = answers[(service, query.text)]
            own = {s for p in query.answer_passages for s in _spans_of(p)} - taboo
            ranked = [pool[int(n)] for n in np.argsort(-row, kind="stable")]
            mined = [s for s in ranked if s not in taboo and s not in own][:MINED_NEGATIVES]
            inside = [s for s in ranked if s in own][:PASSAGE_NEGATIVES]
            rest = [s for s in pool if s not in taboo and s not in mined and s not in inside]
            extra = rng.sample(rest, min(RANDOM_NEGATIVES, len(rest)))
            query.negatives = inside + mined + extra


@dataclass(frozen=True)
class Example:
    query: str
    span: str
    label: float


def training_examples(queries: Sequence[Query], seed: int) -> list[list[Example]]:
    """Groups (one per query and positive): the positive, then its negatives; shuffled."""
    groups = []
    for query in queries:
        for positive in sorted(query.positives):
            group = [Example(query.text, positive, 1.0)]
            group += [Example(query.text, span, 0.0) for span in query.negatives]
            groups.append(group)
    random.Random(seed).shuffle(groups)
    return groups


def split_queries(queries: Sequence[Query]) -> tuple[list[Query], list[Query]]:
    train = [q for q in queries if not is_held_out(q.service)]
    held_out = [q for q in queries if is_held_out(q.service)]
    return train, held_out


@dataclass(frozen=True)
class ValidationCase:
    """A held-out query, the first stage's top spans of its service, and which answer."""

    source: str
    query: str
    candidates: tuple[str, ...]
    answering: tuple[bool, ...]
    first_stage: tuple[float, ...]


def validation_cases(queries: Sequence[Query], encode: Encode) -> list[ValidationCase]:
    """Each held-out query with the POOL spans of its service the encoder ranks highest (as the
    first stage would hand them over); a query whose answer is not in the pool stays, with no
    answering span, so recall counts it as a miss for every ranking."""
    cases = []
    for _, pool, members, scores in _scored_pools(queries, encode):
        if len(pool) < 2:
            continue
        for query, row in zip(members, scores, strict=True):
            order = [int(n) for n in np.argsort(-row, kind="stable")][:POOL]
            cases.append(
                ValidationCase(
                    query.source,
                    query.text,
                    tuple(pool[n] for n in order),
                    tuple(pool[n] in query.positives for n in order),
                    tuple(float(row[n]) for n in order),
                )
            )
    return cases
