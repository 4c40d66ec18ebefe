"""Where to put the abstention threshold: its effect on answerable and off-topic questions.

    .venv/bin/python -m bench.calibrate_abstention

For each question it takes the best dense similarity among the hits Fineprint would rank
(what `fineprint.answering.answer.relevant` compares with MIN_RELEVANCE) and prints, per candidate
threshold, the share of answerable questions that would abstain (false abstention) and the
share of off-topic questions (bench/offtopic_questions.jsonl) that would.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from bench.ask_bench import BENCH, DEV_QUESTIONS, OWN_QUESTIONS, load_questions


def best_similarity(answerer: Any, question: dict[str, Any]) -> float:
    from fineprint.answering.question import parse_question

    as_of = date.fromisoformat(question["as_of"]) if question.get("as_of") else None
    parsed = parse_question(
        question["question"], answerer.sources, platform=question.get("platform"), as_of=as_of
    )
    hits = answerer.searcher.search(parsed, k=10)
    return max((hit.dense for hit in hits), default=0.0)


def main() -> None:
    from fineprint.retrieval.encoder_model import relevance_floor
    from fineprint.service import Fineprint
    from fineprint.settings import load_settings

    settings = load_settings()
    answerer = Fineprint(settings).answerer
    MIN_RELEVANCE = relevance_floor(settings.model)
    answerable = [
        best_similarity(answerer, q)
        for q in load_questions([DEV_QUESTIONS, OWN_QUESTIONS])
        if q["kind"] != "not-in-corpus"
    ]
    offtopic = [
        best_similarity(answerer, q) for q in load_questions([BENCH / "offtopic_questions.jsonl"])
    ]
    print(f"answerable: {len(answerable)}, off-topic: {len(offtopic)}; current {MIN_RELEVANCE}")
    print("| threshold | false abstention (answerable) | abstention (off-topic) |")
    print("|---:|---:|---:|")
    for step in range(15, 50, 3):
        threshold = step / 100
        missed = sum(value < threshold for value in answerable) / len(answerable)
        caught = sum(value < threshold for value in offtopic) / len(offtopic)
        print(f"| {threshold:.2f} | {missed:.3f} | {caught:.3f} |")
    print("answerable lowest:", sorted(round(v, 3) for v in answerable)[:6])
    print("off-topic highest:", sorted((round(v, 3) for v in offtopic), reverse=True)[:6])


if __name__ == "__main__":
    main()
