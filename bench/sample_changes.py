"""Draw the materiality labelling sample (issue 21, item 1) from every consecutive version pair.

Every change between consecutive versions of every document (moves left out) is put in one of
two strata by today's `material` flag; a seeded random draw takes about 60 % of the sample from
the flagged stratum and 40 % from the unflagged one, at most `--per-pair` changes from any one
version pair. Two files are written:

- `bench/materiality_sample.jsonl`: what the labeller reads (id, platform, document, from, to,
  kind, section, before, after). No flag, no topics, and the order (by pair, then by position
  in the document) says nothing about the stratum.
- `bench/materiality_flags.jsonl`: id, material, topics (today's flags), kept apart so the
  labeller does not see them before every label is written.

    FINEPRINT_DATA_DIR=... .venv/bin/python -m bench.sample_changes [--size 280] [--seed 2107]

`--train` draws a further sample for *training* a judge: only version pairs of the dev split,
none of the changes already in `materiality_sample.jsonl`, written to
`materiality_train_sample.jsonl` / `materiality_train_flags.jsonl` (ids `tr-NNN`), so the final
split stays unseen by anything fitted.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import random
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from fineprint.changes.diff import Change
from fineprint.service import Fineprint
from fineprint.settings import load_settings

BENCH = Path(__file__).resolve().parent
SAMPLE_PATH = BENCH / "materiality_sample.jsonl"
FLAGS_PATH = BENCH / "materiality_flags.jsonl"
TRAIN_SAMPLE_PATH = BENCH / "materiality_train_sample.jsonl"
TRAIN_FLAGS_PATH = BENCH / "materiality_train_flags.jsonl"
TRAIN_SEED = 2112
KINDS = ("added", "removed", "modified")  # "moved" and "unchanged" are not sampled
SEED = 2107
SIZE = 280
FLAGGED_SHARE = 0.6
PER_PAIR = 6
DEV_SHARE = 60  # percent of version pairs in the dev split

Pair = tuple[str, str, str, str]  # platform, document, from, to


@dataclass(frozen=True)
class Candidate:
    """One change of one version pair, with where it sits in the document."""

    pair: Pair
    position: int  # the clause's ordinal in its version (after, else before)
    change: Change


def split_of(pair: Pair) -> str:
    """The split ("dev" or "final") of a version pair, from a hash: a pair is wholly in one."""
    digest = hashlib.sha256("|".join(pair).encode("utf-8")).hexdigest()
    return "dev" if int(digest[:8], 16) % 100 < DEV_SHARE else "final"


def candidates(service: Fineprint) -> Iterator[Candidate]:
    """Every added, removed or modified change of every consecutive version pair."""
    registry = service.registry()
    for platform, document in registry.documents():
        history = registry.history(platform, document)
        for before, after in itertools.pairwise(history):
            diff = service.change_from_previous(after, registry)
            if diff is None:
                continue
            pair = (platform, document, before.version_date, after.version_date)
            for change in diff.changes:
                if change.kind not in KINDS:
                    continue
                clause = change.after or change.before
                yield Candidate(pair, clause.ordinal if clause else 0, change)


def draw(
    pool: list[Candidate], size: int, flagged_share: float, per_pair: int, seed: int
) -> list[Candidate]:
    """`size` candidates, `flagged_share` of them flagged, at most `per_pair` from one pair.

    Each stratum is shuffled with the seed; draws alternate between strata in proportion to
    their quotas, and a candidate whose pair is full is skipped.
    """
    rng = random.Random(seed)
    flagged = [item for item in pool if item.change.material]
    unflagged = [item for item in pool if not item.change.material]
    rng.shuffle(flagged)
    rng.shuffle(unflagged)
    quota = {True: round(size * flagged_share), False: size - round(size * flagged_share)}
    queues = {True: iter(flagged), False: iter(unflagged)}
    taken: dict[bool, int] = {True: 0, False: 0}
    per: Counter[Pair] = Counter()
    chosen: list[Candidate] = []
    while len(chosen) < size:
        # the stratum furthest behind its quota draws next
        open_strata = [key for key in (True, False) if taken[key] < quota[key]]
        stratum = min(open_strata, key=lambda key: taken[key] / quota[key])
        item = next((c for c in queues[stratum] if per[c.pair] < per_pair), None)
        if item is None:
            raise SystemExit(f"stratum material={stratum} ran out after {taken[stratum]}")
        per[item.pair] += 1
        taken[stratum] += 1
        chosen.append(item)
    return chosen


def labelled_keys(path: Path) -> set[tuple[str, ...]]:
    """The (pair, kind, before, after) of every change already in a sample file."""
    keys: set[tuple[str, ...]] = set()
    if not path.exists():
        return keys
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        keys.add(
            (
                row["platform"],
                row["document"],
                row["from"],
                row["to"],
                row["kind"],
                row["before"] or "",
                row["after"] or "",
            )
        )
    return keys


def key_of(item: Candidate) -> tuple[str, ...]:
    change = item.change
    return (*item.pair, change.kind, change.before_text or "", change.after_text or "")


def write_jsonl(path: Path, rows: list[dict[str, object]]) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=SIZE)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--per-pair", type=int, default=PER_PAIR)
    parser.add_argument(
        "--train", action="store_true", help="a training sample: dev pairs, unlabelled changes"
    )
    args = parser.parse_args()
    service = Fineprint(load_settings())
    pool = list(candidates(service))
    sample_path, flags_path, prefix = SAMPLE_PATH, FLAGS_PATH, "ch"
    if args.train:
        done = labelled_keys(SAMPLE_PATH)
        pool = [c for c in pool if split_of(c.pair) == "dev" and key_of(c) not in done]
        sample_path, flags_path, prefix = TRAIN_SAMPLE_PATH, TRAIN_FLAGS_PATH, "tr"
    chosen = draw(pool, args.size, FLAGGED_SHARE, args.per_pair, args.seed)
    # labelling order: by pair, then by place in the document (nothing about the stratum)
    order = random.Random(args.seed + 1)
    chosen.sort(key=lambda item: (item.pair, item.position, order.random()))
    sample: list[dict[str, object]] = []
    flags: list[dict[str, object]] = []
    for number, item in enumerate(chosen, start=1):
        change = item.change
        platform, document, before, after = item.pair
        ident = f"{prefix}-{number:03d}"
        sample.append(
            {
                "id": ident,
                "platform": platform,
                "document": document,
                "from": before,
                "to": after,
                "kind": change.kind,
                "section": change.section,
                "before": change.before_text,
                "after": change.after_text,
            }
        )
        flags.append({"id": ident, "material": change.material, "topics": list(change.topics)})
    write_jsonl(sample_path, sample)
    write_jsonl(flags_path, flags)
    pairs = {item.pair for item in pool}
    print(
        f"pool: {len(pool)} changes over {len(pairs)} pairs "
        f"({sum(item.change.material for item in pool)} flagged); "
        f"sample: {len(chosen)} changes over {len({item.pair for item in chosen})} pairs, "
        f"{sum(item.change.material for item in chosen)} from the flagged stratum; "
        f"largest share of one pair: {max(Counter(item.pair for item in chosen).values())}"
    )


if __name__ == "__main__":
    main()
