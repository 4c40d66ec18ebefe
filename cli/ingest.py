"""`fineprint ingest [PATHS…] [--fetch] …`: dated terms documents into clauses in the store.

A typer command function, registered in `cli/main.py`. The helper that runs an ingest (and
warms the search index after it, `ingest.job`) with a progress bar is shared with `ask` (an
empty store is filled first).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cli.common import EXIT_BUSY, EXIT_FAILED_FILES, fail, parse_day, setup
from cli.ingest_progress import print_ingest_report, print_problems, progress_callbacks
from fineprint.settings import Settings

if TYPE_CHECKING:
    from fineprint.service import Fineprint
    from ingest.fetch import FetchReport
    from ingest.pipeline import IngestReport
    from ingest.request import PlainFileSpec


def ingest_with_progress(
    settings: Settings,
    *,
    paths: list[Path] | None = None,
    plain: PlainFileSpec | None = None,
    wait: bool = False,
    service: Fineprint | None = None,
) -> IngestReport:
    """Ingest, then warm the search index (`ingest.job.ingest_and_index`; in `service` when
    the caller answers next), with progress on stderr."""
    from ingest.job import ingest_and_index
    from ingest.lock import IngestBusyError
    from ingest.request import IngestRequest

    try:
        with progress_callbacks() as (progress, on_wait):
            request = IngestRequest(
                settings,
                paths=tuple(paths or ()),
                plain=plain,
                wait=wait,
                progress=progress,
                on_wait=on_wait,
            )
            return ingest_and_index(request, service=service)
    except IngestBusyError as error:
        raise fail(str(error), EXIT_BUSY) from None


def print_checks(report: FetchReport) -> None:
    """One line per document a fetch checked: `platform/document status[: detail]`."""
    for check in report.checks:
        detail = f": {check.detail}" if check.detail else ""
        typer.echo(f"{check.platform}/{check.document} {check.status}{detail}")


def fetch_and_ingest(settings: Settings, platforms: list[str], as_json: bool) -> None:
    """`ingest --fetch`: check the live pages, ingest what changed (then warm the index),
    report each document."""
    from ingest.job import fetch_and_index
    from ingest.lock import IngestBusyError

    try:
        report = fetch_and_index(settings, platforms or None)
    except IngestBusyError as error:
        raise fail(str(error), EXIT_BUSY) from None
    if as_json:
        typer.echo(json.dumps(report.as_dict(), indent=2))
    else:
        print_checks(report)
        if report.ingest is not None:
            print_ingest_report(report.ingest)
    if not report.ok:
        raise typer.Exit(EXIT_FAILED_FILES)


def _ingest_ota(
    settings: Settings,
    repo: Path,
    declarations: Path | None,
    services: str,
    versions: str,
    wait: bool,
    as_json: bool,
    paths: list[Path] | None,
) -> None:
    """`ingest --ota PATH`: the dataset's versions in (see cli/ota.py)."""
    from cli.ota import parse_policy, print_ota_report, run_ota

    if paths:
        raise fail("--ota imports a dataset; give no other files or folders with it")
    names = [name.strip() for name in services.split(",") if name.strip()]
    report = run_ota(
        settings,
        repo,
        declarations=declarations,
        services=names,
        policy=parse_policy(versions),
        follow=False,
        wait=wait,
    )
    print_ota_report(report, as_json=as_json)
    if not report.ok:
        raise typer.Exit(EXIT_FAILED_FILES)


def _plain_spec(
    platform: str | None, document: str | None, version_date: str | None, url: str, paths: bool
) -> PlainFileSpec | None:
    """What --platform/--document/--version-date say about plain files: all or none."""
    given = [value is not None for value in (platform, document, version_date)]
    if not any(given):
        return None
    if not all(given):
        raise fail("plain files need all of --platform, --document and --version-date")
    day = parse_day(version_date, "--version-date")
    assert platform and document and day
    if not paths:
        raise fail("give the file(s) to ingest with --platform/--document/--version-date")
    from ingest.request import PlainFileSpec

    return PlainFileSpec(platform, document, day, url)


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
    ota: Annotated[
        Path | None,
        typer.Option(
            "--ota",
            metavar="PATH",
            help="A clone of an Open Terms Archive *-versions dataset: import every "
            "document's versions from its git history.",
        ),
    ] = None,
    ota_declarations: Annotated[
        Path | None,
        typer.Option(
            "--ota-declarations",
            metavar="PATH",
            help="The matching *-declarations clone, for each document's URL.",
        ),
    ] = None,
    services: Annotated[
        str,
        typer.Option(
            "--services",
            metavar="NAMES",
            help="With --ota: only these services (comma-separated folder names or platforms).",
        ),
    ] = "",
    versions: Annotated[
        str,
        typer.Option(
            "--versions",
            metavar="distinct|all",
            help="With --ota: 'distinct' (default) groups runs of trivial edits; 'all' keeps "
            "every recorded change (one per day).",
        ),
    ] = "distinct",
) -> None:
    """Turn dated terms documents into clauses in the store (idempotent, atomic)."""
    settings = setup()
    if ota is not None:
        _ingest_ota(settings, ota, ota_declarations, services, versions, wait, as_json, paths)
        return
    if ota_declarations is not None or services:
        raise fail("--ota-declarations and --services go with --ota PATH")
    if fetch:
        fetch_and_ingest(settings, [str(path) for path in paths or []], as_json)
        return
    plain = _plain_spec(platform, document, version_date, url, bool(paths))
    report = ingest_with_progress(settings, paths=paths or None, plain=plain, wait=wait)
    if as_json:
        typer.echo(json.dumps(report.as_dict(), indent=2))
        print_problems(report)
    else:
        print_ingest_report(report)
    if not report.ok:
        raise typer.Exit(EXIT_FAILED_FILES)
