"""What the versions' texts say about themselves, counted over the corpus (issue 20 items 4-5,
issue 21 item 3): printed dates found, regional variants told, two-edition captures split,
and — over the consecutive version pairs of an ingested store — how many are variant switches
or partial captures.

    python -m bench.version_facts                 # the bundled corpus, no store needed
    python -m bench.version_facts --pairs         # also the pairs of FINEPRINT_DATA_DIR's store
    python -m bench.version_facts --sample 20     # a random sample to check by hand
"""

from __future__ import annotations

import argparse
import itertools
import random
from collections import Counter
from pathlib import Path

from fineprint.catalog.version_facts import VersionFacts, read_version_facts
from fineprint.settings import Settings
from ingest.documents import read_corpus_file


def corpus_facts(corpus: Path) -> dict[str, tuple[VersionFacts, str]]:
    found = {}
    for path in sorted(corpus.glob("*/*/*.md")):
        document = read_corpus_file(path)
        name = str(path.relative_to(corpus))[:-3]
        found[name] = (read_version_facts(document.body), document.version_date.isoformat())
    return found


def print_corpus(found: dict[str, tuple[VersionFacts, str]]) -> None:
    facts = [f for f, _ in found.values()]
    words = Counter(f.effective_words for f in facts if f.effective_date)
    print(f"versions: {len(facts)}")
    print(
        f"  print a date of their own: {sum(bool(f.effective_date) for f in facts)} {dict(words)}"
    )
    differ = sum(bool(f.effective_date) and f.effective_date != day for f, day in found.values())
    print(f"  … other than the capture date: {differ}")
    print(f"  announce a later change: {sum(bool(f.announced_date) for f in facts)}")
    print(f"  regional variant told: {sum(bool(f.variant) for f in facts)} "
          f"{dict(Counter(f.variant for f in facts if f.variant))}")  # fmt: skip
    print(f"  two editions, the older left out: {sum(bool(f.dropped_chars) for f in facts)}")
    print(f"  sections captured collapsed: {sum(f.collapsed_sections > 0 for f in facts)}")


def print_sample(found: dict[str, tuple[VersionFacts, str]], size: int, seed: int) -> None:
    for name in random.Random(seed).sample(sorted(found), size):
        facts, _ = found[name]
        dates = f"{facts.effective_words} {facts.effective_date}" if facts.effective_date else "-"
        print(f"{name:55} {dates:32} {facts.variant_label or '-'}")


def print_pairs(settings: Settings) -> None:
    from fineprint.changes.diff import diff_versions
    from fineprint.store import ClauseStore

    store = ClauseStore.open(settings)
    registry = store.load_registry()
    verdicts: Counter[str] = Counter()
    for key in registry.documents():
        history = registry.history(*key)
        for before, after in itertools.pairwise(history):
            diff = diff_versions(store, before, after)
            verdicts[diff.comparison.verdict] += 1
            if not diff.comparison.comparable:
                aside = (
                    f"{len(diff.set_aside)} set aside, {sum(c.material for c in diff.set_aside)}"
                )
                print(f"  {before.version_id} → {after.version_date} ({aside} material)")
                print(f"    {diff.comparison.line}")
    print(f"pairs: {sum(verdicts.values())} {dict(verdicts)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", action="store_true", help="also the store's version pairs")
    parser.add_argument("--sample", type=int, default=0, help="print N random versions")
    parser.add_argument("--seed", type=int, default=20)
    args = parser.parse_args()
    settings = Settings()
    found = corpus_facts(settings.corpus_dir)
    print_corpus(found)
    if args.sample:
        print_sample(found, args.sample, args.seed)
    if args.pairs:
        print_pairs(settings)


if __name__ == "__main__":
    main()
