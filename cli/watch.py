"""`fineprint watch --every 12h [PLATFORM…] [--once]`: fetch, ingest and report on a schedule.

With `--ota PATH` each run pulls a versions dataset's clone instead and imports its new
commits (`ingest.ota.follow_dataset`): no page is fetched; the new versions' material changes
are printed the same way.

A typer command function, registered in `cli/main.py`. Each
run fetches the live pages and ingests what changed, then warms the search index
(`ingest.job.fetch_and_index`) so the bot's next refresh is a quick read (and fires its
alerts), and prints
the material changes of each new version. Runs never overlap: the ingest lock serialises
ingests across processes, and a lock here skips a run while this process's last is going.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cli.changes import TOP, describe_change, more_line, show_changes
from cli.common import EXIT_BUSY, EXIT_FAILED_FILES, fail, setup, show
from cli.ingest import print_checks
from fineprint.durations import parse_duration

if TYPE_CHECKING:
    from fineprint.changes.diff import DocumentDiff
    from fineprint.settings import Settings
    from ingest.fetch import FetchReport

Fetcher = Callable[["Settings", Sequence[str] | None], "FetchReport"]

_running = threading.Lock()


def new_version_diffs(settings: Settings, report: FetchReport) -> list[DocumentDiff]:
    """Each version the fetch added, compared with the version before it (a document's first
    version has nothing to compare with)."""
    from fineprint.catalog.clauses import version_id

    return diffs_of(
        settings,
        [
            version_id(check.platform, check.document, check.version_date or "")
            for check in report.new_versions
        ],
    )


def diffs_of(settings: Settings, version_ids: Sequence[str]) -> list[DocumentDiff]:
    """Each of these versions that is its document's newest, compared with the version
    before it (an older one ingested late is no news; a first version has no predecessor)."""
    from fineprint.service import Fineprint

    service = Fineprint(settings)
    registry = service.registry()
    newest = registry.current_ids()
    diffs = []
    for vid in version_ids:
        record = registry.versions.get(vid)
        if record is None or vid not in newest:
            continue
        diff = service.change_from_previous(record, registry)
        if diff is not None:
            diffs.append(diff)
    return diffs


def describe(diff: DocumentDiff, top: int = TOP) -> str:
    """The alert for one new version: its `top` most material changes with word diffs and
    quotes, then how many more; a version with no material change sends no alert, only one
    line saying so."""
    head = (
        f"{diff.platform} {diff.document}: {diff.before} → {diff.after}: "
        f"{len(diff.material)} material change(s) of {len(diff.changes)}"
    )
    if not diff.material:
        return head + " — no material change, no alert"
    lines = [head]
    shown = diff.material[:top]
    for n, change in enumerate(shown, start=1):
        lines.extend(describe_change(n, change))
    if len(shown) < len(diff.changes):
        command = (
            f"fineprint changes {diff.platform} {diff.document} "
            f"--from {diff.before} --to {diff.after} --all"
        )
        lines.append(more_line(len(shown), diff, command))
    return "\n".join(lines)


def run_once(
    settings: Settings, platforms: Sequence[str] | None, fetcher: Fetcher | None = None
) -> FetchReport | None:
    """One fetch + ingest + index + report; None when a run is already going (here or, via
    the ingest lock, in another process)."""
    from ingest.job import fetch_and_index
    from ingest.lock import IngestBusyError

    if not _running.acquire(blocking=False):
        typer.echo("skipped: the previous run is still going")
        return None
    try:
        try:  # the index is warmed: the bot's next refresh only reads the cache
            report = (fetcher or fetch_and_index)(settings, platforms or None)
        except IngestBusyError as error:
            typer.echo(f"skipped: {error}")
            return None
        print_checks(report)
        for diff in new_version_diffs(settings, report):
            show_changes(describe(diff))
        return report
    finally:
        _running.release()


def run_ota_once(settings: Settings, repo: Path, declarations: Path | None) -> bool:
    """One pull + import of the new commits + report; False when it failed or was skipped."""
    from cli.ota import print_ota_report, run_ota

    if not _running.acquire(blocking=False):
        typer.echo("skipped: the previous run is still going")
        return False
    try:
        try:
            report = run_ota(
                settings, repo, declarations=declarations, services=[], policy=None, follow=True
            )
        except typer.Exit as stop:
            if stop.exit_code == EXIT_BUSY:
                typer.echo("skipped: another ingest is running")
                return False
            raise
        print_ota_report(report, as_json=False)
        new = report.ingest.new_version_ids if report.ingest else []
        for diff in diffs_of(settings, new):
            show(describe(diff))
        return report.ok
    finally:
        _running.release()


def watch(
    platforms: Annotated[
        list[str] | None, typer.Argument(help="Only these platforms (default: all).")
    ] = None,
    every: Annotated[
        str, typer.Option("--every", help="Time between runs: 30m, 12h, 1d, 1h30m…")
    ] = "12h",
    once: Annotated[bool, typer.Option("--once", help="Run once and exit.")] = False,
    ota: Annotated[
        Path | None,
        typer.Option(
            "--ota",
            metavar="PATH",
            help="Follow a versions dataset's clone instead of fetching pages: pull it, "
            "import its new commits.",
        ),
    ] = None,
    ota_declarations: Annotated[
        Path | None,
        typer.Option("--ota-declarations", metavar="PATH", help="Its *-declarations clone."),
    ] = None,
) -> None:
    """Fetch the live terms (or follow a dataset) on a schedule, ingest new versions and
    print what materially changed (the bot alerts watching channels when it picks them up)."""
    try:
        interval = parse_duration(every)
    except ValueError as error:
        raise fail(f"--every: {error}") from None
    if ota is not None and platforms:
        raise fail("--ota follows a whole dataset; give no platform names with it")
    settings = setup()
    while True:
        started = time.monotonic()
        if ota is not None:
            ok = run_ota_once(settings, ota, ota_declarations)
        else:
            report = run_once(settings, platforms)
            ok = report is None or report.ok
        if once:
            if not ok:
                raise typer.Exit(EXIT_FAILED_FILES)
            return
        rest = interval.total_seconds() - (time.monotonic() - started)
        typer.echo(f"next run in {timedelta(seconds=round(max(rest, 0)))}")
        try:
            time.sleep(max(rest, 0))
        except KeyboardInterrupt:
            return
