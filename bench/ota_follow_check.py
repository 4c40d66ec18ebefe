"""Does a follow decide what a read of the whole history decides? The follow plan of the last
N commits of a versions dataset, read from each document's window (`importer._follow_window`)
and read whole, compared version for version.

    .venv/bin/python -m bench.ota_follow_check --repo /tmp/pga-versions \
        --declarations /tmp/pga-declarations 100 400 1500

For each N: the whole import's plan at HEAD~N (on a scratch clone) stands in for the store —
its versions as this dataset's, the days it leaves to the bundled corpus as another source's
— then the follow plan of the last N commits is made both ways. Prints one line per N: the
versions each way, whether they are the same (dates and texts), the captures walked, the
plan's seconds.
"""

from __future__ import annotations

import argparse
import subprocess
import tempfile
import time
from pathlib import Path

from fineprint.catalog.clauses import content_hash
from fineprint.catalog.registry import Registry, VersionRecord
from fineprint.catalog.sources import load_sources
from fineprint.settings import load_settings
from ingest.ota import importer
from ingest.ota.history import commits_between, git
from ingest.ota.importer import OtaRequest, plan_import

REPO = Path(__file__).resolve().parents[1]


def stand_in_registry(plan: importer.ImportPlan) -> Registry:
    records = [
        VersionRecord(
            d.platform, d.document, d.version_date.isoformat(), d.platform_name,
            d.document_name, content_hash(d.body), "t", 1, dataset=d.dataset,
        )
        for d in plan.documents
    ]  # fmt: skip
    for vid in plan.held:  # the bundled corpus's days: versions the store got elsewhere
        platform, document, day = vid.split("/")
        records.append(VersionRecord(platform, document, day, "", "", "corpus", "t", 1))
    return Registry(generation=1, versions={r.version_id: r for r in records})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repo", type=Path, required=True)
    parser.add_argument("--declarations", type=Path)
    parser.add_argument("back", type=int, nargs="+", help="commits behind the head")
    args = parser.parse_args()
    settings = load_settings(corpus_dir=REPO / "corpus")
    sources = load_sources(settings.sources_path)
    head = git(args.repo, "rev-parse", "HEAD").strip()
    windowed = importer._follow_window
    with tempfile.TemporaryDirectory() as scratch:
        behind = Path(scratch) / "behind"
        subprocess.run(["git", "clone", "-q", str(args.repo), str(behind)], check=True)
        for n in args.back:
            subprocess.run(["git", "-C", str(behind), "reset", "-q", "--hard", f"{head}~{n}"])
            whole = OtaRequest(behind, args.declarations)
            base = plan_import(
                whole, sources=sources, corpus_dir=settings.corpus_dir, registry=None
            )
            registry = stand_in_registry(base)
            new = frozenset(commits_between(args.repo, f"{head}~{n}", head))
            request = OtaRequest(args.repo, args.declarations, only_commits=new)
            plans, seconds = [], []
            for window in (windowed, lambda *_: None):
                importer._follow_window = window  # type: ignore[assignment]
                started = time.perf_counter()
                plans.append(
                    plan_import(
                        request, sources=sources, corpus_dir=settings.corpus_dir, registry=registry
                    )
                )
                seconds.append(time.perf_counter() - started)
            importer._follow_window = windowed
            found = [
                [
                    (d.platform, d.document, d.version_date, content_hash(d.body))
                    for d in p.documents
                ]
                for p in plans
            ]
            print(
                f"HEAD~{n}: {len(new)} commits; versions windowed {len(found[0])}, whole "
                f"{len(found[1])}, same: {found[0] == found[1]}; captures walked "
                f"{plans[0].captures} vs {plans[1].captures}; plan {seconds[0]:.1f} s vs "
                f"{seconds[1]:.1f} s",
                flush=True,
            )


if __name__ == "__main__":
    main()
