"""An ingest on the terminal: a progress bar per stage (plain lines in a log), and the report
after it. Shared by `fineprint ingest`, `ingest --ota` (cli/ota.py) and `ask` on an empty
store."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

import typer

from fineprint.safe_text import neutralise

if TYPE_CHECKING:
    from ingest.pipeline import IngestReport
    from ingest.request import ProgressCallback


def print_ingest_report(report: IngestReport) -> None:
    typer.echo(
        f"Ingested {report.documents} documents in {report.seconds:.1f}s: "
        f"versions {report.versions_new} new, {report.versions_unchanged} unchanged, "
        f"{report.versions_replaced} re-split; clauses {report.clauses_added} added, "
        f"{report.clauses_reused} reused, {report.clauses_removed} removed; "
        f"{report.texts_embedded} texts embedded"
        + (
            f" (+ {report.windows_embedded} windows of long clauses)"
            if report.windows_embedded
            else ""
        )
        + (
            f", {report.vectors_shipped} vectors read from the ones shipped with the corpus."
            if report.vectors_shipped
            else "."
        )
    )
    print_problems(report)


def print_problems(report: IngestReport) -> None:
    """On stderr: the notes of a run (shipped vectors not used, and why), then each skipped
    file."""
    for note in report.notes:
        typer.echo(neutralise(f"note: {note}"), err=True)
    for path, problem in report.skipped:
        typer.echo(neutralise(f"skipped {path}: {problem}"), err=True)
    if report.skipped:
        typer.echo(f"{len(report.skipped)} file(s) skipped; the rest were ingested.", err=True)


@contextlib.contextmanager
def progress_callbacks() -> Iterator[tuple[ProgressCallback, Callable[[str], None]]]:
    """A progress bar per stage on a terminal; in a log or a file, plain lines every few
    seconds. Yields the progress callback and where a wait for the lock is announced."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TimeRemainingColumn

    from fineprint.progress import PlainProgress, stage_label

    console = Console(stderr=True)
    if not console.is_terminal:
        yield (
            PlainProgress(lambda line: typer.echo(line, err=True)),
            lambda message: typer.echo(message, err=True),
        )
        return
    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=console,
    ) as bar:
        tasks: dict[str, TaskID] = {}

        def progress(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage_label(stage), total=total)
            bar.update(tasks[stage], completed=done, total=total)

        yield progress, lambda message: console.print(message)
