"""Full ingest of the bundled corpus into a fresh store, then a re-ingest of the same corpus.

    .venv/bin/python -m bench.ingest_bench [--keep DIR] [--shipped-vectors on|off]

Each run is a separate `fineprint ingest --json` process (what a user runs), so wall time
includes imports and model load, and peak RSS is that process's own. Prints a Markdown table.
With `--shipped-vectors on` (what a fresh clone does) the vectors in `corpus/vectors/` stand in
for the model; `off` embeds every text.
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


def run_ingest_process(data_dir: Path, shipped: str = "on") -> tuple[dict[str, Any], float, float]:
    """(report, wall seconds, peak RSS MB) of one `fineprint ingest` process."""
    fineprint = str(Path(sys.executable).parent / "fineprint")
    env = dict(
        os.environ,
        FINEPRINT_DATA_DIR=str(data_dir),
        FINEPRINT_CHROMA_URL="",
        FINEPRINT_SHIPPED_VECTORS=shipped,
    )
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen([fineprint, "ingest", "--json"], env=env, stdout=out, stderr=err)
        # wait4 gives this child's own peak RSS (RUSAGE_CHILDREN keeps the maximum so far)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"ingest failed: {err.read().decode()[-2000:]}")
        return json.loads(out.read()), wall, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--keep", type=Path, help="ingest into this folder and keep it")
    parser.add_argument("--no-write", action="store_true", help="do not update RESULTS-ingest.md")
    parser.add_argument("--shipped-vectors", choices=["on", "off"], default="on")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        data_dir = args.keep or Path(scratch) / "data"
        full, full_wall, full_rss = run_ingest_process(data_dir, args.shipped_vectors)
        again, again_wall, again_rss = run_ingest_process(data_dir, args.shipped_vectors)
    embedded = full["texts_embedded"] + full["windows_embedded"]
    rows = [
        ("documents", full["documents"]),
        ("versions", full["versions_new"]),
        ("clauses", full["clauses_added"]),
        ("distinct texts embedded (clauses + windows)", embedded),
        ("vectors read from corpus/vectors/", full.get("vectors_shipped", 0)),
        ("clauses reusing an embedding", full["clauses_reused"]),
        ("full ingest wall s", round(full_wall, 1)),
        ("embeddings/s (over the whole run)", round(embedded / full_wall, 1) if embedded else "-"),
        ("full ingest peak RSS MB", round(full_rss)),
        ("re-ingest wall s", round(again_wall, 2)),
        ("re-ingest texts embedded", again["texts_embedded"]),
        ("re-ingest / full", f"{again_wall / full_wall:.1%}"),
        ("re-ingest peak RSS MB", round(again_rss)),
    ]
    table = "| ingest of the bundled corpus | value |\n|---|---:|\n" + "\n".join(
        f"| {name} | {value} |" for name, value in rows
    )
    print(table)
    if not args.no_write:
        stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
        (Path(__file__).parent / "RESULTS-ingest.md").write_text(
            f"# Ingest benchmark\n\nProduced by `.venv/bin/python -m bench.ingest_bench` on "
            f"{stamp} (2-core machine, one run; targets: full ingest <= 300 s, re-ingest <= 5 %)."
            f"\n\n{table}\n"
        )


if __name__ == "__main__":
    main()
