"""Importing an Open Terms Archive versions dataset: what each version policy keeps, and what
the default costs.

    .venv/bin/python -m bench.ota_bench --repo /tmp/pga-versions \
        --declarations /tmp/pga-declarations \
        [--policies distinct,all] [--store DATA_DIR] [--ingest DATA_DIR [--services A,B]] \
        [--incremental 100]

1. For each policy (no store written): captures read, their outcomes, versions kept,
   clauses those versions split into, and the distinct texts they would embed (clause texts
   plus windows of long clauses; with `--store`, also how many that store's cache lacks).
2. With `--ingest DATA_DIR` (a copy of a store, e.g. the bundled corpus's): the default
   import as a user runs it, a `python -m cli.main ingest --ota … --json` process: wall
   time, peak RSS, texts embedded, store size before and after. With `--incremental N` that
   import runs on a clone reset N commits back, then `watch --ota … --once` pulls the last N
   commits from the full clone and imports them: its wall time against the whole import's.

Prints Markdown tables (paste them into bench/RESULTS.md).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from fineprint.catalog.sources import load_sources
from fineprint.retrieval.windows import clause_windows
from fineprint.settings import load_settings
from ingest.ota.grouping import Policy
from ingest.ota.importer import OtaRequest, plan_import
from ingest.pipeline import build_clauses

REPO = Path(__file__).resolve().parents[1]
LOG: Path | None = None  # --log: where the import's progress lines go


def policy_figures(args: argparse.Namespace, policy: Policy) -> dict[str, Any]:
    """What one policy keeps of the dataset, split but not embedded."""
    settings = load_settings(corpus_dir=REPO / "corpus")
    started = time.perf_counter()
    plan = plan_import(
        OtaRequest(args.repo, args.declarations, services=args.services, policy=policy),
        sources=load_sources(settings.sources_path),
        corpus_dir=settings.corpus_dir,
        registry=None,
    )
    planned = time.perf_counter() - started
    clauses, texts, windows = 0, set(), set()
    for document in plan.documents:
        for clause in build_clauses(document, is_current=False):
            clauses += 1
            texts.add(clause.embedding_hash)
            windows.update(window.embedding_hash for window in clause_windows(clause))
    figures = {
        "captures": plan.captures,
        "document-days with a capture": plan.capture_days,
        "outcomes": dict(plan.outcomes),
        "skipped": len(plan.skipped),
        "versions": len(plan.documents),
        "held by the bundled corpus": len(plan.held),
        "documents": len(plan.document_keys),
        "platforms": len(plan.platforms),
        "clauses": clauses,
        "distinct clause texts": len(texts),
        "distinct windows": len(windows),
        "plan s": round(planned, 1),
        "split s": round(time.perf_counter() - started - planned, 1),
        "languages": dict(plan.languages),
    }
    if args.store is not None:
        figures["not in the store's cache"] = _uncached(args.store, texts | windows)
    return figures


def _uncached(data_dir: Path, hashes: set[str]) -> int:
    from fineprint.retrieval.embeddings import get_embedder
    from fineprint.store import ClauseStore, embedding_key

    settings = load_settings(data_dir=data_dir, corpus_dir=REPO / "corpus")
    model = get_embedder("cpu", settings.model).fingerprint
    keys = [embedding_key(model, h) for h in hashes]
    return len(keys) - len(ClauseStore.open(settings).cached_embeddings(keys))


def run_cli(data_dir: Path, *args: str) -> tuple[dict[str, Any], float, float]:
    """(JSON report, wall s, peak RSS MB) of one `python -m cli.main …` process."""
    env = dict(os.environ, FINEPRINT_DATA_DIR=str(data_dir), FINEPRINT_CHROMA_URL="")
    env["FINEPRINT_CORPUS_DIR"] = str(REPO / "corpus")
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, "-m", "cli.main", *args], cwd=REPO, env=env, stdout=out, stderr=err
        )
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        text = out.read().decode()
        log = err.read().decode()
        if LOG is not None:  # the progress lines: each stage's rate
            with LOG.open("a", encoding="utf-8") as handle:
                handle.write(f"$ {' '.join(args)}\n{log}\n")
        if os.waitstatus_to_exitcode(status) not in (0, 1):
            raise SystemExit(f"{args[0]} failed: {log[-2000:]}")
    start = text.find("{")
    return (json.loads(text[start:]) if start >= 0 else {}), wall, usage.ru_maxrss / 1024


def size_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 2**20


def ingest_figures(args: argparse.Namespace) -> list[tuple[str, object]]:
    """The default import into `--ingest`, then (with --incremental) the follow."""
    data_dir: Path = args.ingest
    before = size_mb(data_dir)
    services = ["--services", ",".join(args.services)] if args.services else []
    with tempfile.TemporaryDirectory() as scratch:
        repo = args.repo
        if args.incremental:
            repo = Path(scratch) / "behind"
            subprocess.run(["git", "clone", "-q", str(args.repo), str(repo)], check=True)
            back = f"HEAD~{args.incremental}"
            subprocess.run(["git", "-C", str(repo), "reset", "-q", "--hard", back], check=True)
        declarations = ["--ota-declarations", str(args.declarations)] if args.declarations else []
        load_before = _load()
        full, wall, rss = run_cli(
            data_dir, "ingest", "--ota", str(repo), *declarations, *services, "--json"
        )
        rows: list[tuple[str, object]] = [
            ("versions ingested", full["ingest"]["versions_new"] if full["ingest"] else 0),
            ("clauses written", full["ingest"]["clauses_added"] if full["ingest"] else 0),
            ("texts embedded", full["ingest"]["texts_embedded"] if full["ingest"] else 0),
            ("windows embedded", full["ingest"]["windows_embedded"] if full["ingest"] else 0),
            ("import wall s", round(wall, 1)),
            ("import peak RSS MB", round(rss)),
            ("store MB before", round(before)),
            ("store MB after", round(size_mb(data_dir))),
            ("load (1 min) before / after the import", f"{load_before:.1f} / {_load():.1f}"),
        ]
        if args.incremental:
            started = time.perf_counter()
            env = dict(os.environ, FINEPRINT_DATA_DIR=str(data_dir), FINEPRINT_CHROMA_URL="")
            env["FINEPRINT_CORPUS_DIR"] = str(REPO / "corpus")
            done = subprocess.run(
                [sys.executable, "-m", "cli.main", "watch", "--ota", str(repo), "--once"],
                cwd=REPO,
                env=env,
                capture_output=True,
                text=True,
            )
            if LOG is not None:
                with LOG.open("a", encoding="utf-8") as handle:
                    handle.write(f"$ watch --ota {repo} --once\n{done.stdout}\n{done.stderr}\n")
            follow = time.perf_counter() - started
            rows += [
                ("load (1 min) after the follow", f"{_load():.1f}"),
                (f"follow of the last {args.incremental} commits wall s", round(follow, 1)),
                ("follow / whole import", f"{follow / wall:.1%}"),
                ("follow output (first lines)", " / ".join(done.stdout.splitlines()[:3])),
            ]
    return rows


def _load() -> float:
    """The machine's 1-minute load average: the figures are only comparable under like load."""
    return os.getloadavg()[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repo", type=Path, required=True)
    parser.add_argument("--declarations", type=Path)
    parser.add_argument("--policies", default="distinct,all")
    parser.add_argument("--services", default="")
    parser.add_argument("--store", type=Path, help="count texts this store's cache lacks")
    parser.add_argument("--ingest", type=Path, help="import the default policy into this store")
    parser.add_argument("--incremental", type=int, default=0)
    parser.add_argument("--log", type=Path, help="keep the import's progress lines here")
    args = parser.parse_args()
    global LOG
    LOG = args.log
    args.services = tuple(s.strip() for s in args.services.split(",") if s.strip())
    policies = [Policy(p.strip()) for p in args.policies.split(",") if p.strip()]
    figures = {policy.value: policy_figures(args, policy) for policy in policies}
    keys = list(dict.fromkeys(key for f in figures.values() for key in f))
    print("| figure | " + " | ".join(figures) + " |")
    print("|---|" + "---:|" * len(figures))
    for key in keys:
        print(f"| {key} | " + " | ".join(str(f.get(key, "")) for f in figures.values()) + " |")
    if args.ingest is not None:
        print("\n| default import | value |\n|---|---:|")
        for name, value in ingest_figures(args):
            print(f"| {name} | {value} |")


if __name__ == "__main__":
    main()
