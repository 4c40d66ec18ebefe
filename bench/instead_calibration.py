"""How close what a later version "says instead" must be: `versions_asked.INSTEAD_CLOSENESS`.

    .venv/bin/python -m bench.instead_calibration

On the validation split only (bench/history_dev_questions.jsonl, never the frozen wave-3 set):
each what-changed question there names an old and a new wording of one clause, written down
blind. The old wording is encoded as a quoted sentence is; the new version's clauses for the
question (its best `WORDING_DEPTH` above the floor) are the candidates; the *successor* is the
candidate holding the new wording. For each threshold it prints how often the closest candidate
is the successor and clears it (found), and how often a candidate other than the successor is
the closest and clears it ("wrong": a neighbouring clause shown as what the terms say instead
— often another chunk of the same rewritten passage). The shipped threshold is the highest that
finds as many successors as any lower one (fewer wrong picks at no loss).
"""

from __future__ import annotations

import statistics
from typing import Any

from bench.ask_bench import load_questions
from bench.history_bench import DEV_QUESTIONS
from fineprint.answering.question import parse_question
from fineprint.answering.versions_asked import INSTEAD_CLOSENESS, INSTEAD_MARGIN, WORDING_DEPTH

THRESHOLDS = (0.50, 0.55, 0.60, 0.65, 0.70, 0.75, 0.80)
MARGINS = (0.0, 0.02, 0.04, 0.06, 0.08)


def _flat(text: str) -> str:
    return " ".join(text.split())


def _answerer() -> Any:
    from fineprint.answering.build import build_answerer
    from fineprint.catalog.sources import load_sources
    from fineprint.retrieval.embeddings import configure_offline_environment
    from fineprint.settings import load_settings
    from fineprint.store import ClauseStore

    configure_offline_environment()
    settings = load_settings()
    store = ClauseStore.open(settings)
    return build_answerer(
        settings, store, store.load_registry(), load_sources(settings.sources_path)
    )


def cases(answerer: Any) -> list[tuple[str, list[tuple[float, bool]]]]:
    """(question id, [(cosine, is the successor)] best first) per case whose successor is among
    the candidates."""
    index = answerer.index
    found = []
    for question in load_questions([DEV_QUESTIONS]):
        sides = {gold.get("side"): gold for gold in question["gold"]}
        if question.get("intent") != "what-changed" or not {"old", "new"} <= set(sides):
            continue
        old, new = sides["old"], sides["new"]
        parsed = parse_question(question["question"], answerer.sources, registry=index.registry)
        history = index.registry.history(new["platform"], new["document"])
        version = next((v for v in history if v.version_date in new["version_dates"]), None)
        if version is None:
            continue
        hits = answerer.searcher.best_per_version(parsed, [version], WORDING_DEPTH)
        candidates = [h for h in hits[version.version_id] if h.dense >= answerer.min_relevance]
        wanted = answerer.searcher.text_vector(old["text"])
        cosines = [(float(index.vectors[h.row] @ wanted), h) for h in candidates]
        marked = sorted(
            ((c, _flat(new["text"]) in _flat(h.clause.text)) for c, h in cosines), reverse=True
        )
        if any(is_successor for _, is_successor in marked):
            found.append((question["id"], marked))
    return found


def outcome(marked: list[tuple[float, bool]], threshold: float, margin: float) -> str:
    """ "found", "wrong" or "none": what the rule picks for one case."""
    (best, is_successor), second = marked[0], (marked[1][0] if len(marked) > 1 else 0.0)
    if best < threshold or best - second < margin:
        return "none"
    return "found" if is_successor else "wrong"


def main() -> None:
    found = cases(_answerer())
    print(f"{len(found)} dev what-changed cases with the new wording among the candidates")
    successors = [max(c for c, s in marked if s) for _, marked in found]
    print(f"successor cosine median {statistics.median(successors):.3f}")
    print("threshold  margin  found  wrong")
    for threshold in THRESHOLDS:
        for margin in MARGINS:
            picked = [outcome(marked, threshold, margin) for _, marked in found]
            shipped = (threshold, margin) == (INSTEAD_CLOSENESS, INSTEAD_MARGIN)
            print(
                f"{threshold:9.2f}  {margin:6.2f}  {picked.count('found'):5d}  "
                f"{picked.count('wrong'):5d}{'  (shipped)' if shipped else ''}"
            )


if __name__ == "__main__":
    main()
