"""Where the off-topic floor goes (`fineprint/answering/off_topic.py`), on a validation split.

    FINEPRINT_DATA_DIR=<ingested store> .venv/bin/python -m training.calibrate_off_topic

Asks the ingested store, as `fineprint ask` does, three kinds of question that deserve an answer
— held-out services' ToS;DR titles and PolicyQA questions (../shared/training, split as for
training) and ../shared/eval/dev_questions.jsonl — and the 50 off-topic questions of
`training/offtopic_validation.jsonl` (written for this, not the bench's frozen sets), and
prints, per floor, the share of each that the off-topic rule turns away. The bench questions
are never used.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from pathlib import Path

import numpy as np

from training.pairs import load_pairs, shared_training_dir, split_pairs
from training.train_encoder import REPO

OFF_TOPIC = Path(__file__).resolve().parent / "offtopic_validation.jsonl"
DEV = REPO.parent / "shared" / "eval" / "dev_questions.jsonl"
HELD_OUT_SAMPLE = 300


def questions() -> list[tuple[str, str, str | None]]:
    """(group, question, platform): held-out queries, dev questions, off-topic ones."""
    _, held_out = split_pairs(load_pairs(shared_training_dir(REPO)))
    queries = sorted({(p.source, p.query) for p in held_out})
    random.Random(3).shuffle(queries)
    found: list[tuple[str, str, str | None]] = [
        (f"held-out {source}", query, None) for source, query in queries[:HELD_OUT_SAMPLE]
    ]
    for path, group in ((DEV, "dev"), (OFF_TOPIC, "off-topic")):
        rows = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
        found += [(group, row["question"], row.get("platform")) for row in rows]
    return found


def main() -> None:
    from fineprint.answering.build import build_answerer
    from fineprint.answering.off_topic import off_topic
    from fineprint.answering.parties import for_the_question
    from fineprint.answering.question import ParsedQuestion, parse_question
    from fineprint.catalog.sources import load_sources
    from fineprint.settings import load_settings
    from fineprint.store import ClauseStore

    settings = load_settings()
    store = ClauseStore.open(settings)
    sources = load_sources(settings.sources_path)
    answerer = build_answerer(settings, store, store.load_registry(), sources)
    searcher, index = answerer.searcher, answerer.index
    rows: dict[str, list[tuple[Callable[[float, int], bool]]]] = {}
    for group, text, platform in questions():
        question = parse_question(text, sources, platform=platform, registry=index.registry)
        versions = searcher.candidate_versions(question)
        hits = searcher.search(question, k=10, versions=versions) if versions else []
        hits = for_the_question(hits, question)  # as the answerer: see parties.py
        best = max((hit.dense for hit in hits), default=0.0)
        found = [hit.clause.text for hit in hits]

        def turned_away(
            floor: float,
            echo: int,
            q: ParsedQuestion = question,
            b: float = best,
            f: list[str] = found,
        ) -> bool:
            floor = 0.0 if q.history else floor  # as the answerer: see off_topic.py
            return off_topic(q.expanded_terms, b, index.idf, floor, f, echo)

        rows.setdefault(group, []).append((turned_away,))
    groups = sorted(rows)
    print("| floor | echo | " + " | ".join(f"{g} (n={len(rows[g])})" for g in groups) + " |")
    print("|---" * (len(groups) + 2) + "|")
    for floor in np.arange(0.28, 0.475, 0.02):
        for echo in (3, 4, 5, 6, 99):
            shares = [np.mean([away(floor, echo) for (away,) in rows[g]]) for g in groups]
            cells = " | ".join(f"{share:.3f}" for share in shares)
            print(f"| {floor:.2f} | {echo if echo < 99 else '–'} | {cells} |")


if __name__ == "__main__":
    main()
