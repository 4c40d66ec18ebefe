"""The training pairs, split by service so validation measures unseen documents.

ToS;DR case titles repeat across services (338 distinct titles over 7,078 pairs) and PolicyQA
questions repeat across sites, so rows are never split at random: a whole service (or site)
goes to training or to validation, decided by a hash of its name — stable across runs and
machines, independent of file order.
"""

from __future__ import annotations

import hashlib
import json
import random
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

VALIDATION_SHARE = 10  # percent of services (and of sites) held out
# What every model trained on these pairs must say of them (its model card's last section).
LICENCES = (
    "Derived from ToS;DR points by the ToS;DR contributors (tosdr.org), CC BY-SA 3.0, so these\n"
    'weights are shared under CC BY-SA 3.0 as well; from PolicyQA (Ahmad et al., "PolicyQA: A\n'
    'Reading Comprehension Dataset for Privacy Policies", Findings of EMNLP 2020; MIT licence);'
    " and\n"
    "from all-MiniLM-L6-v2 (Apache-2.0).\n"
)


@dataclass(frozen=True)
class Pair:
    """One (query, passage) example of one service; `source` is tosdr or policyqa."""

    source: str
    service: str
    query: str
    passage: str


def shared_training_dir(repo: Path) -> Path:
    """`../shared/training` beside the checkout (the team's shared data folder)."""
    return repo.parent / "shared" / "training"


def is_held_out(service: str) -> bool:
    digest = hashlib.sha256(service.encode("utf-8")).digest()
    return int.from_bytes(digest[:4], "big") % 100 < VALIDATION_SHARE


def load_pairs(folder: Path) -> list[Pair]:
    """Both files, cleaned: empty or identical query/passage rows dropped, duplicates once."""
    pairs: list[Pair] = []
    seen: set[tuple[str, str, str]] = set()

    def add(source: str, service: str, query: str, passage: str) -> None:
        query, passage = " ".join(query.split()), " ".join(passage.split())
        if not query or not passage or query == passage:
            return
        key = (service, query, passage)
        if key not in seen:
            seen.add(key)
            pairs.append(Pair(source, service, query, passage))

    with (folder / "tosdr_pairs.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            add("tosdr", "tosdr:" + row["service"], row["title"], row["quote"])
    with (folder / "policyqa_pairs.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            add("policyqa", "policyqa:" + row["site"], row["question"], row["paragraph"])
    return pairs


def split_pairs(pairs: list[Pair]) -> tuple[list[Pair], list[Pair]]:
    train = [p for p in pairs if not is_held_out(p.service)]
    validation = [p for p in pairs if is_held_out(p.service)]
    return train, validation


def with_hard_negatives(pairs: list[Pair], seed: int) -> list[tuple[str, str, str]]:
    """(query, passage, negative) triplets; the negative is another passage of the same
    service that no row pairs with this query — the neighbouring clause the ranking must
    learn to pass over. Services with a single passage borrow one from another service."""
    rng = random.Random(seed)
    passages_of: dict[str, list[str]] = defaultdict(list)
    answers: dict[tuple[str, str], set[str]] = defaultdict(set)
    for pair in pairs:
        if pair.passage not in passages_of[pair.service]:
            passages_of[pair.service].append(pair.passage)
        answers[(pair.service, pair.query)].add(pair.passage)
    every_passage = [p.passage for p in pairs]
    triplets = []
    for pair in pairs:
        right = answers[(pair.service, pair.query)]
        options = [p for p in passages_of[pair.service] if p not in right]
        negative = rng.choice(options) if options else rng.choice(every_passage)
        if negative in right:
            continue
        triplets.append((pair.query, pair.passage, negative))
    rng.shuffle(triplets)
    return triplets
