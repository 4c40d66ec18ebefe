"""`fineprint ingest [PATHS…] [--fetch] …`: dated terms documents into clauses in the store.

A typer command function, registered in `cli/main.py`. The helpers that run an ingest with a
progress bar and pre-build the search index afterwards are shared with `ask` (an empty store
is filled first).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from cli.common import EXIT_BUSY, EXIT_FAILED_FILES, fail, parse_day, setup
from fineprint.settings import Settings

if TYPE_CHECKING:
    from ingest.pipeline import IngestReport


def print_ingest_report(report: IngestReport) -> None:
    typer.echo(
        f"Ingested {report.documents} documents in {report.seconds:.1f}s: "
        f"versions {report.versions_new} new, {report.versions_unchanged} unchanged, "
        f"{report.versions_replaced} re-split; clauses {report.clauses_added} added, "
        f"{report.clauses_reused} reused, {report.clauses_removed} removed; "
        f"{report.texts_embedded} texts embedded"
        + (
            f" (+ {report.windows_embedded} windows of long clauses)."
            if report.windows_embedded
            else "."
        )
    )
    for path, problem in report.skipped:
        typer.echo(f"skipped {path}: {problem}", err=True)
    if report.skipped:
        typer.echo(f"{len(report.skipped)} file(s) skipped; the rest were ingested.", err=True)


def ingest_with_progress(settings: Settings, **kwargs: Any) -> IngestReport:
    """Run the ingest job with a progress bar on stderr."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    from ingest.lock import IngestBusyError
    from ingest.pipeline import run_ingest

    labels = {"read": "Reading and splitting", "embed": "Embedding new texts", "write": "Writing"}
    console = Console(stderr=True)
    if not console.is_terminal:  # a log or a file: plain lines every few seconds, no bar
        from fineprint.progress import PlainProgress

        try:
            return run_ingest(
                settings=settings,
                progress=PlainProgress(lambda line: typer.echo(line, err=True)),
                on_wait=lambda message: typer.echo(message, err=True),
                **kwargs,
            )
        except IngestBusyError as error:
            raise fail(str(error), EXIT_BUSY) from None
    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=console,
    ) as bar:
        tasks: dict[str, Any] = {}

        def progress(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(labels.get(stage, stage), total=total)
            bar.update(tasks[stage], completed=done, total=total)

        try:
            return run_ingest(
                settings=settings,
                progress=progress,
                on_wait=lambda message: console.print(message),
                **kwargs,
            )
        except IngestBusyError as error:
            raise fail(str(error), EXIT_BUSY) from None


def fetch_and_ingest(settings: Settings, platforms: list[str], as_json: bool) -> None:
    """`ingest --fetch`: check the live pages, ingest what changed, report each document."""
    from ingest.fetch import fetch_updates
    from ingest.lock import IngestBusyError

    try:
        report = fetch_updates(settings, platforms or None)
    except IngestBusyError as error:
        raise fail(str(error), EXIT_BUSY) from None
    if as_json:
        typer.echo(json.dumps(report.as_dict(), indent=2))
    else:
        for check in report.checks:
            detail = f": {check.detail}" if check.detail else ""
            typer.echo(f"{check.platform}/{check.document} {check.status}{detail}")
        if report.ingest is not None:
            print_ingest_report(report.ingest)
    if report.ingest is not None and report.ingest.changed:
        prebuild_index(settings)
    if not report.ok:
        raise typer.Exit(EXIT_FAILED_FILES)


def prebuild_index(settings: Settings) -> None:
    """Build the search-index cache now, so the first `ask` or bot start after an ingest
    does not pay for it."""
    from fineprint.service import Fineprint

    Fineprint(settings).refresh()


def ingest(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Files or folders to ingest (default: the bundled corpus)."),
    ] = None,
    platform: Annotated[
        str | None,
        typer.Option(metavar="NAME", help="Platform of plain files without front matter."),
    ] = None,
    document: Annotated[
        str | None, typer.Option(metavar="NAME", help="Document name for plain files.")
    ] = None,
    version_date: Annotated[
        str | None, typer.Option(metavar="DATE", help="Version date (YYYY-MM-DD) for plain files.")
    ] = None,
    url: Annotated[str, typer.Option(metavar="URL", help="Source URL for plain files.")] = "",
    wait: Annotated[
        bool, typer.Option("--wait", help="Wait for a running ingest instead of refusing.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
    fetch: Annotated[
        bool,
        typer.Option(
            "--fetch",
            help="Fetch each document's live URL (sources.toml); the arguments are then "
            "platform names (default: all). A changed text is saved as a new dated snapshot "
            "in the data dir and ingested.",
        ),
    ] = False,
) -> None:
    """Turn dated terms documents into clauses in the store (idempotent, atomic)."""
    settings = setup()
    if fetch:
        fetch_and_ingest(settings, [str(path) for path in paths or []], as_json)
        return
    from ingest.pipeline import PlainFileSpec

    plain = None
    given = [value is not None for value in (platform, document, version_date)]
    if any(given):
        if not all(given):
            raise fail("plain files need all of --platform, --document and --version-date")
        day = parse_day(version_date, "--version-date")
        assert platform and document and day
        plain = PlainFileSpec(platform, document, day, url)
        if not paths:
            raise fail("give the file(s) to ingest with --platform/--document/--version-date")
    report = ingest_with_progress(settings, paths=paths or None, plain=plain, wait=wait)
    if report.changed:
        prebuild_index(settings)
    if as_json:
        typer.echo(json.dumps(report.as_dict(), indent=2))
        for path, problem in report.skipped:
            typer.echo(f"skipped {path}: {problem}", err=True)
    else:
        print_ingest_report(report)
    if not report.ok:
        raise typer.Exit(EXIT_FAILED_FILES)
