"""Retrieval quality and speed of `fineprint ask`, next to two baselines, in one run.

    .venv/bin/python -m bench.ask_bench                 # table on stdout + bench/RESULTS.md
    .venv/bin/python -m bench.ask_bench --no-baselines  # Fineprint only (quick iterations)

Questions: ../shared/eval/dev_questions.jsonl (when present), bench/questions.jsonl and
bench/questions_wave2.jsonl,
scored as ../shared/eval/README.md describes (bench/scoring.py). The store is the one the
settings point at (FINEPRINT_DATA_DIR …); an empty store is ingested first.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bench.scoring import format_table, score

if TYPE_CHECKING:
    from fineprint.answering.build import SearchOptions

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
DEV_QUESTIONS = REPO.parent / "shared" / "eval" / "dev_questions.jsonl"
OWN_QUESTIONS = BENCH / "questions.jsonl"
WAVE2_QUESTIONS = BENCH / "questions_wave2.jsonl"  # 67 more, frozen before any answer was seen
# Written blind for the rerank work and frozen before it was tuned (bench/FROZEN.md): reported
# apart, and last.
WAVE3_QUESTIONS = BENCH / "questions_wave3.jsonl"
NONSENSE_QUESTIONS = BENCH / "nonsense_questions.jsonl"
OFFTOPIC_QUESTIONS = BENCH / "offtopic_questions.jsonl"
QUESTION_SETS = {
    "main": [DEV_QUESTIONS, OWN_QUESTIONS, WAVE2_QUESTIONS],
    "wave3": [WAVE3_QUESTIONS],
    "nonsense": [NONSENSE_QUESTIONS, OFFTOPIC_QUESTIONS],
}


def load_questions(paths: list[Path]) -> list[dict[str, Any]]:
    questions = []
    for path in paths:
        if path.exists():
            questions += [json.loads(line) for line in path.read_text().splitlines() if line]
    return questions


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def build_fineprint(
    settings_overrides: dict[str, Any] | None = None, options: SearchOptions | None = None
) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """Fineprint's answerer as a question → JSON answer function (model loaded once), built as
    the service builds it (`fineprint.answering.build`), on the store the settings (plus
    `settings_overrides`, e.g. data_dir, model, rerank) point at."""
    from cli.render_json import answer_json
    from fineprint.answering.build import build_answerer
    from fineprint.catalog.sources import load_sources
    from fineprint.retrieval.embeddings import configure_offline_environment
    from fineprint.settings import load_settings
    from fineprint.store import ClauseStore
    from ingest.pipeline import run_ingest
    from ingest.request import IngestRequest

    configure_offline_environment()
    settings = load_settings(**(settings_overrides or {}))
    store = ClauseStore.open(settings)
    if store.load_registry().is_empty:
        print("empty store: ingesting the bundled corpus first", file=sys.stderr)
        run_ingest(IngestRequest(settings, store=store))
    answerer = build_answerer(
        settings, store, store.load_registry(), load_sources(settings.sources_path), options
    )

    def answer(question: dict[str, Any]) -> dict[str, Any]:
        as_of = date.fromisoformat(question["as_of"]) if question.get("as_of") else None
        return answer_json(
            answerer.ask(question["question"], platform=question.get("platform"), as_of=as_of, k=10)
        )

    return answer


def run_system(
    answer: Callable[[dict[str, Any]], dict[str, Any]], questions: list[dict[str, Any]]
) -> tuple[list[tuple[dict[str, Any], dict[str, Any]]], list[float]]:
    answer(questions[0])  # warm-up: first-call costs are the cold figure's business
    results, latencies = [], []
    for question in questions:
        started = time.perf_counter()
        result = answer(question)
        latencies.append((time.perf_counter() - started) * 1000)
        results.append((question, result))
    return results, latencies


def cold_ask_seconds(runs: int = 3) -> float:
    """Median wall time of a fresh `fineprint ask` process on the ingested store (after one
    untimed run, which builds the search-index cache the first ask after an ingest makes)."""
    fineprint = str(Path(sys.executable).parent / "fineprint")
    subprocess.run([fineprint, "ask", "warm up the cache"], check=True, capture_output=True)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(
            [fineprint, "ask", "Can SoundCloud train AI on my voice?", "--json"],
            check=True,
            capture_output=True,
        )
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def ask_process_rss_mb(questions: list[dict[str, Any]]) -> float:
    """Peak RSS of one `fineprint ask --jsonl` process answering every question (wait4 gives
    that child's own peak, not the largest of all children so far)."""
    fineprint = str(Path(sys.executable).parent / "fineprint")
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as handle:
        for question in questions:
            fields = ("id", "question", "platform", "as_of")
            handle.write(json.dumps({key: question.get(key) for key in fields}) + "\n")
    with tempfile.TemporaryFile() as sink:
        process = subprocess.Popen(
            [fineprint, "ask", "--jsonl", handle.name], stdout=sink, stderr=sink
        )
        _, _, usage = os.wait4(process.pid, 0)
    os.unlink(handle.name)
    return usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--no-baselines", action="store_true")
    parser.add_argument("--no-write", action="store_true", help="do not update RESULTS.md")
    parser.add_argument("--fusion", default="zscore")
    parser.add_argument("--no-expansion", action="store_true")
    parser.add_argument("--show-misses", action="store_true")
    parser.add_argument("--quick", action="store_true", help="skip cold-start and RSS runs")
    parser.add_argument("--strip-platforms", choices=["yes", "no"], default=None)
    parser.add_argument("--set", choices=sorted(QUESTION_SETS), default="main")
    parser.add_argument("--rerank", choices=["on", "off"], default=None)
    args = parser.parse_args()

    if args.strip_platforms is not None:
        import fineprint.answering.question

        fineprint.answering.question.STRIP_PLATFORM_NAMES = args.strip_platforms == "yes"
    questions = load_questions(QUESTION_SETS[args.set])
    # Child processes first, while this process is small: a child's peak RSS counts the
    # parent's pages it was forked with, until it execs.
    process_figures: dict[str, Any] = {}
    if not args.quick:
        fineprint = str(Path(sys.executable).parent / "fineprint")
        subprocess.run([fineprint, "ingest"], check=True)  # an empty store is filled first
        process_figures["cold ask s (median of 3)"] = round(cold_ask_seconds(), 2)
        process_figures["ask process peak RSS MB"] = round(ask_process_rss_mb(questions), 0)
    systems: dict[str, list[tuple[dict[str, Any], dict[str, Any]]]] = {}
    from fineprint.answering.build import SearchOptions

    answer = build_fineprint(
        {"rerank": args.rerank} if args.rerank else None,
        SearchOptions(fusion=args.fusion, expansion=not args.no_expansion),
    )
    systems["fineprint"], latencies = run_system(answer, questions)
    if args.show_misses:
        show_misses(systems["fineprint"])
    if not args.no_baselines:
        from bench.baselines import (
            Bm25ChunkBaseline,
            LangchainDenseBaseline,
            versions_needed_for,
        )

        corpus = REPO / "corpus"
        bm25 = Bm25ChunkBaseline(corpus)
        systems["bm25-800-chunks"], _ = run_system(bm25.answer, questions)
        dense = LangchainDenseBaseline(
            corpus, BENCH / "out" / "langchain-chroma", versions_needed_for(questions, corpus)
        )
        systems["langchain-dense"], _ = run_system(dense.answer, questions)

    scores = {name: score(results) for name, results in systems.items()}
    table = format_table(scores, list(systems))
    speed: dict[str, Any] = {
        "questions": len(questions),
        "warm p50 ms": round(statistics.median(latencies), 1),
        "warm p95 ms": round(percentile(latencies, 0.95), 1),
    }
    speed.update(process_figures)
    speed_lines = "\n".join(f"| {key} | {value} |" for key, value in speed.items())
    report = f"{table}\n\n| speed and memory | fineprint |\n|---|---|\n{speed_lines}\n"
    print(report)
    if not args.no_write and not args.no_baselines:
        write_results(report)


def show_misses(results: list[tuple[dict[str, Any], dict[str, Any]]]) -> None:
    from bench.scoring import ABSTAIN_KINDS, first_hit_rank

    for question, answer in results:
        if question["kind"] in ABSTAIN_KINDS:
            if not answer["abstained"]:
                print(f"NOT ABSTAINED {question['id']}: {question['question']}", file=sys.stderr)
            continue
        rank = first_hit_rank(answer["citations"], question["gold"])
        if rank is None or rank > 1:
            top = answer["citations"][0] if answer["citations"] else {}
            print(
                f"rank={rank} {question['id']} [{question['kind']}] {question['question']}\n"
                f"   gold: {question['gold'][0]['document']} {question['gold'][0]['version_dates']}"
                f" {question['gold'][0]['text'][:100]!r}\n"
                f"   got:  {top.get('document')} {top.get('version_date')} "
                f"{top.get('section', '')[:60]!r} {top.get('quote', '')[:100]!r}",
                file=sys.stderr,
            )


def write_results(report: str) -> None:
    command = ".venv/bin/python -m bench.ask_bench"
    stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    (BENCH / "RESULTS.md").write_text(
        f"# Ask benchmark\n\nProduced by `{command}` on {stamp} (2-core machine, one run).\n\n"
        f"{report}"
    )


if __name__ == "__main__":
    main()
