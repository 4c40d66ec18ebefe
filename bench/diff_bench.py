"""Diff every consecutive version pair in the store the settings point at.

Prints, per pair: seconds to diff (store read included), changes found, changes flagged
material, and for the two SoundCloud Terms of Use pairs the rank of the AI clause (the change
whose text carries "inform, train, develop" or the 2025 "train generative AI" rewrite).

    .venv/bin/python -m bench.diff_bench [--json]
"""

from __future__ import annotations

import argparse
import itertools
import json
import time

from fineprint.changes.diff import DocumentDiff, diff_versions
from fineprint.settings import load_settings
from fineprint.store import ClauseStore

AI_PAIRS = {
    ("soundcloud/terms-of-use", "2018-05-25", "2024-02-07"): "inform, train, develop",
    ("soundcloud/terms-of-use", "2024-02-07", "2025-05-27"): "train generative AI",
}


def ai_rank(diff: DocumentDiff, marker: str) -> int | None:
    for rank, change in enumerate(diff.changes, start=1):
        if marker in (change.after_text or "") or marker in (change.before_text or ""):
            return rank
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print rows as JSON")
    args = parser.parse_args()
    settings = load_settings()
    store = ClauseStore.open(settings)
    registry = store.load_registry()
    rows = []
    started = time.perf_counter()
    for platform, document in registry.documents():
        history = registry.history(platform, document)
        for before, after in itertools.pairwise(history):
            tick = time.perf_counter()
            diff = diff_versions(store, before, after)
            seconds = time.perf_counter() - tick
            key = (f"{platform}/{document}", before.version_date, after.version_date)
            marker = AI_PAIRS.get(key)
            rows.append(
                {
                    "document": key[0],
                    "from": key[1],
                    "to": key[2],
                    "seconds": round(seconds, 3),
                    "changes": len(diff.changes),
                    "material": len(diff.material),
                    "unchanged": diff.unchanged,
                    "ai_rank": ai_rank(diff, marker) if marker else None,
                }
            )
    total = time.perf_counter() - started
    if args.json:
        print(json.dumps({"pairs": rows, "total_seconds": round(total, 2)}, indent=2))
        return
    print(f"{'document':44} {'from':10} {'to':10} {'sec':>6} {'chg':>4} {'mat':>4} {'same':>5} AI")
    for row in rows:
        rank = "" if row["ai_rank"] is None else f"#{row['ai_rank']}"
        print(
            f"{row['document'][:44]:44} {row['from']} {row['to']} {row['seconds']:6.3f} "
            f"{row['changes']:4d} {row['material']:4d} {row['unchanged']:5d} {rank}"
        )
    changes = sum(int(r["changes"]) for r in rows)  # type: ignore[call-overload]
    material = sum(int(r["material"]) for r in rows)  # type: ignore[call-overload]
    print(
        f"\n{len(rows)} pairs diffed in {total:.1f}s "
        f"({total / max(len(rows), 1) * 1000:.0f} ms/pair); "
        f"{changes} changes, {material} flagged material"
    )


if __name__ == "__main__":
    main()
