"""Warm `ask` latency while another process keeps a core busy, with the query encoder's BLAS
threads capped (fineprint/retrieval/blas_threads.py) and uncapped: the "after" and "before" of
issue 12.

    .venv/bin/python -m bench.blas_contention_bench                 # busy-loop neighbour
    .venv/bin/python -m bench.blas_contention_bench --load ingest   # an ingest as neighbour
    .venv/bin/python -m bench.blas_contention_bench --questions 40 --rounds 2

The store is a small one built in a temporary folder from a few corpus files (the encoder's
cost does not depend on the store's size); `--use-settings` asks the store the settings point
at instead. Prints p50/p95 in ms for each (neighbour, BLAS threads) pair.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bench.ask_bench import OWN_QUESTIONS, load_questions, percentile

REPO = Path(__file__).resolve().parent.parent
STORE_FILES = (
    "soundcloud/terms-of-use/2024-02-07.md",
    "soundcloud/terms-of-use/2026-08-17.md",
    "youtube/terms-of-service/2023-01-19.md",
    "distrokid/terms-of-service/2024-09-19.md",
)
NEIGHBOUR_FILES = ("x-twitter/terms-of-service", "spotify")


def build_answerer(data_dir: Path | None) -> Callable[[dict[str, Any]], object]:
    """An answerer over a fresh small store (or the settings' store when data_dir is None)."""
    from fineprint.answering import build
    from fineprint.catalog.sources import load_sources
    from fineprint.retrieval.embeddings import configure_offline_environment
    from fineprint.settings import load_settings
    from fineprint.store import ClauseStore

    configure_offline_environment()
    if data_dir is None:
        settings = load_settings()
    else:
        corpus = data_dir / "corpus"
        for name in STORE_FILES:
            (corpus / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(REPO / "corpus" / name, corpus / name)
        shutil.copyfile(REPO / "corpus" / "sources.toml", corpus / "sources.toml")
        settings = load_settings(data_dir=data_dir / "data", corpus_dir=corpus, chroma_url="")
        print("building a small store (in a child: like the bot, this process has no torch)")
        env = dict(
            os.environ,
            FINEPRINT_DATA_DIR=str(settings.data_dir),
            FINEPRINT_CORPUS_DIR=str(corpus),
            FINEPRINT_CHROMA_URL="",
        )
        subprocess.run([sys.executable, "-m", "ingest"], env=env, check=True, capture_output=True)
    store = ClauseStore.open(settings)
    sources = load_sources(settings.sources_path) if settings.sources_path.exists() else None
    answerer = build.build_answerer(settings, store, store.load_registry(), sources)

    def ask(question: dict[str, Any]) -> object:
        # The searcher remembers query vectors; a warm ask of a *new* question encodes it.
        memo = getattr(answerer.searcher, "_vectors", None)
        if memo is not None:
            memo.clear()
        return answerer.ask(question["question"], platform=question.get("platform"), k=10)

    return ask


@contextmanager
def neighbour(kind: str, scratch: Path) -> Iterator[None]:
    """Another CPU-bound process for the duration: a busy loop, or ingests back to back."""
    if kind == "none":
        yield
        return
    stop = threading.Event()
    processes: list[subprocess.Popen[bytes]] = []

    def run_ingests() -> None:
        round_ = 0
        while not stop.is_set():
            round_ += 1
            env = dict(os.environ, FINEPRINT_DATA_DIR=str(scratch / f"neighbour-{round_}"))
            paths = [str(REPO / "corpus" / name) for name in NEIGHBOUR_FILES]
            process = subprocess.Popen(
                [sys.executable, "-m", "ingest", *paths],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            processes.append(process)
            process.wait()

    if kind == "busy":
        command = [sys.executable, "-c", "while True: pass"]
        processes.append(subprocess.Popen(command))
        worker = None
    else:
        worker = threading.Thread(target=run_ingests, daemon=True)
        worker.start()
    try:
        yield
    finally:
        stop.set()
        for process in processes:
            if process.poll() is None:
                process.terminate()
                process.wait()
        if worker is not None:
            worker.join()


def measure(
    ask: Callable[[dict[str, Any]], object], questions: list[dict[str, Any]], rounds: int
) -> dict[bool, tuple[float, float]]:
    """p50/p95 ms per cap setting. The settings alternate question by question (and which
    goes first alternates too), so both see the same neighbour, noise and caches."""
    import time

    from fineprint.retrieval import blas_threads

    latencies: dict[bool, list[float]] = {False: [], True: []}
    for n in range(rounds):
        for m, question in enumerate(questions):
            first = (n + m) % 2 == 0
            for capped in (first, not first):
                blas_threads.ENABLED = capped
                started = time.perf_counter()
                ask(question)
                latencies[capped].append((time.perf_counter() - started) * 1000)
    blas_threads.ENABLED = True
    return {
        capped: (percentile(values, 0.5), percentile(values, 0.95))
        for capped, values in latencies.items()
    }


def measure_encoder(
    questions: list[dict[str, Any]], rounds: int
) -> dict[bool, tuple[float, float]]:
    """The same, for the query encoder alone (what the BLAS threads change)."""
    from fineprint.retrieval.query_encoder import get_query_encoder

    encoder = get_query_encoder()
    return measure(lambda q: encoder.encode(q["question"]), questions, rounds)


def warm(ask: Callable[[dict[str, Any]], object], questions: list[dict[str, Any]]) -> None:
    """Every question once, untimed: first-touch costs (history alignments, normalised texts)
    are not what this bench measures."""
    for question in questions:
        ask(question)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--load", choices=("busy", "ingest"), default="busy")
    parser.add_argument("--questions", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--use-settings", action="store_true")
    parser.add_argument(
        "--phases",
        default="none,load",
        help="neighbours in order, 'load' meaning --load",
    )
    args = parser.parse_args()

    # Every question is asked of a platform the small store holds, so each one runs the
    # encoder and the search (the text is real; which platform answers does not matter here).
    platforms = sorted({name.split("/")[0] for name in STORE_FILES})
    questions = [
        {"question": q["question"], "platform": platforms[n % len(platforms)]}
        for n, q in enumerate(load_questions([OWN_QUESTIONS])[: args.questions])
    ]
    with tempfile.TemporaryDirectory() as scratch:
        ask = build_answerer(None if args.use_settings else Path(scratch))
        warm(ask, questions)
        rows = []
        for phase in args.phases.split(","):
            load = args.load if phase == "load" else phase
            with neighbour(load, Path(scratch)):
                figures = measure(ask, questions, args.rounds)
                encoder = measure_encoder(questions, args.rounds)
            for capped in (False, True):
                threads = "1 (capped)" if capped else "default"
                rows.append((load, threads, *figures[capped], *encoder[capped]))
    print(f"warm ask, {len(questions)} questions x {args.rounds}, {os.cpu_count()} CPUs")
    print(f"{'':<24} {'warm ask':>17}  {'query encoder':>17}")
    header = f"{'neighbour':<10} {'BLAS threads':<13} {'p50 ms':>8} {'p95 ms':>8}"
    print(f"{header}  {'p50 ms':>8} {'p95 ms':>8}")
    for load, threads, p50, p95, e50, e95 in rows:
        print(f"{load:<10} {threads:<13} {p50:8.1f} {p95:8.1f}  {e50:8.1f} {e95:8.1f}")


if __name__ == "__main__":
    main()
