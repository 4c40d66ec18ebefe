"""What alerts the corpus's history would have sent, and how long they are (issue 21, item 4).

Treats every consecutive version pair in the store as a new version arriving: an alert is
sent when the pair has at least one material change (`fineprint watch` and the bot's alerts
send none otherwise) and lists the `TOP` most material ones, then "…and N more". Prints the
counts, the distribution of changes an alert lists now and would have listed with every
material change shown (`fineprint watch` before issue 21), and the lines `fineprint changes`
prints for two cases the issue names, by default and with `--all`.

    FINEPRINT_DATA_DIR=DIR .venv/bin/python -m bench.alerts_bench
"""

from __future__ import annotations

import itertools
import statistics
import subprocess
import sys
import time

from cli.changes import TOP
from fineprint.changes.diff import diff_versions
from fineprint.settings import load_settings
from fineprint.store import ClauseStore

LISTINGS = (
    ("changes", "youtube"),
    ("changes", "soundcloud", "terms", "--from", "2023-01-01", "--to", "2024-06-01"),
)


def describe(values: list[int]) -> str:
    if not values:
        return "none"
    ordered = sorted(values)
    return (
        f"median {statistics.median(ordered):g}, p90 {ordered[int(0.9 * (len(ordered) - 1))]}, "
        f"max {ordered[-1]}"
    )


def lines_printed(arguments: tuple[str, ...]) -> int:
    """Lines `fineprint …` prints (this checkout's code, the store of FINEPRINT_DATA_DIR)."""
    run = subprocess.run(
        [sys.executable, "-m", "cli.main", *arguments],
        capture_output=True,
        text=True,
        check=True,
    )
    return len(run.stdout.splitlines())


def main() -> None:
    settings = load_settings()
    store = ClauseStore.open(settings)
    registry = store.load_registry()
    sent: list[int] = []  # material changes of each pair that alerts
    quiet = 0
    started = time.perf_counter()
    for platform, document in registry.documents():
        for before, after in itertools.pairwise(registry.history(platform, document)):
            material = len(diff_versions(store, before, after).material)
            if material:
                sent.append(material)
            else:
                quiet += 1
    pairs = len(sent) + quiet
    print(f"{pairs} consecutive version pairs ({time.perf_counter() - started:.0f}s)")
    print(f"alerts sent: {len(sent)}; not sent (no material change): {quiet}")
    print(f"changes an alert lists (top {TOP}): {describe([min(m, TOP) for m in sent])}")
    print(f"changes with every material change listed: {describe(sent)}")
    for arguments in LISTINGS:
        shown = " ".join(arguments)
        print(f"`fineprint {shown}`: {lines_printed(arguments)} lines", end="")
        print(f", {lines_printed((*arguments, '--all'))} with --all")


if __name__ == "__main__":
    main()
