"""The `fineprint` command line.

Heavy modules (Chroma, the model, the ingest job) are imported inside the commands, so
`fineprint --help` is instant and each command pays only for what it uses.
"""

from __future__ import annotations

import contextlib
import json
import logging
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from fineprint.changes_cli import changes
from fineprint.settings import Settings, SettingsError, load_settings
from fineprint.watch_cli import watch

if TYPE_CHECKING:
    from fineprint.registry import Registry
    from fineprint.sources import Sources
    from fineprint.store import ClauseStore
    from ingest.pipeline import IngestReport

app = typer.Typer(
    help="Fineprint: what platforms may do with your work, quoted from their terms.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

EXIT_FAILED_FILES = 1
EXIT_USAGE = 2
EXIT_BUSY = 3


def fail(message: str, code: int = EXIT_USAGE) -> typer.Exit:
    typer.echo(f"fineprint: {message}", err=True)
    return typer.Exit(code)


def setup() -> Settings:
    """Settings and logging, or one clear line naming the bad variable."""
    try:
        settings = load_settings()
    except SettingsError as error:
        raise fail(str(error)) from None
    logging.basicConfig(
        level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    from fineprint.embeddings import configure_offline_environment
    from fineprint.packaging import PackageClashError, check_own_packages

    try:
        check_own_packages()
    except PackageClashError as error:
        raise fail(str(error)) from None
    configure_offline_environment()
    return settings


def parse_day(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise fail(f"{option} {value!r} is not a date (expected YYYY-MM-DD)") from None


def open_store(settings: Settings) -> ClauseStore:
    from fineprint.store import ClauseStore, StoreError

    try:
        return ClauseStore.open(settings)
    except StoreError as error:
        raise fail(str(error)) from None


def load_sources_or_none(settings: Settings) -> Sources | None:
    from fineprint.sources import SourcesError, load_sources

    if not settings.sources_path.exists():
        return None
    try:
        return load_sources(settings.sources_path)
    except SourcesError as error:
        raise fail(str(error)) from None


# --- ingest ------------------------------------------------------------------------------


def print_ingest_report(report: IngestReport) -> None:
    typer.echo(
        f"Ingested {report.documents} documents in {report.seconds:.1f}s: "
        f"versions {report.versions_new} new, {report.versions_unchanged} unchanged, "
        f"{report.versions_replaced} re-split; clauses {report.clauses_added} added, "
        f"{report.clauses_reused} reused, {report.clauses_removed} removed; "
        f"{report.texts_embedded} texts embedded."
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


@app.command()
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


# --- lookups -----------------------------------------------------------------------------


def load_registry(store: ClauseStore) -> Registry:
    registry = store.load_registry()
    if registry.is_empty:
        raise fail("the store is empty: run `fineprint ingest` first")
    return registry


@app.command()
def platforms(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List ingested platforms, documents, version dates and clause counts."""
    settings = setup()
    from fineprint.lookups import platform_overview

    store = open_store(settings)
    overview = platform_overview(load_registry(store), load_sources_or_none(settings))
    if as_json:
        typer.echo(json.dumps(overview, indent=2, ensure_ascii=False))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table("Platform", "Document", "Versions", "Clauses (current)")
    for platform in overview:
        for n, item in enumerate(platform["documents"]):
            table.add_row(
                f"{platform['name']} ({platform['platform']})" if n == 0 else "",
                f"{item['name']} ({item['document']})",
                ", ".join(item["versions"]),
                str(item["clauses"]),
            )
    Console().print(table)


@app.command()
def clause(
    platform: Annotated[str, typer.Argument(help="Platform name, slug or alias.")],
    document: Annotated[str, typer.Argument(help="Document slug or name, e.g. terms-of-use.")],
    section: Annotated[str, typer.Argument(help="Section number (7, 2.2) or heading words.")],
    version: Annotated[
        str | None,
        typer.Option(metavar="DATE", help="Version in force on this date (default: current)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Print the clause(s) under a section, verbatim, with their citation."""
    settings = setup()
    from fineprint.lookups import (
        NotFoundError,
        document_name,
        document_url,
        find_section,
        platform_name,
        resolve_document,
        resolve_platform,
    )

    when = parse_day(version, "--version")
    store = open_store(settings)
    registry = load_registry(store)
    sources = load_sources_or_none(settings)
    try:
        slug = resolve_platform(platform, registry, sources)
        doc = resolve_document(slug, document, registry, sources)
        found = find_section(store, registry, slug, doc, section, when)
    except NotFoundError as error:
        raise fail(str(error)) from None
    url = document_url(found.version, sources)
    items = [
        {
            "platform": slug,
            "document": doc,
            "section": item.section_label,
            "version_date": found.version.version_date,
            "url": url,
            "text": item.text,
            "start": item.start,
            "end": item.end,
        }
        for item in found.clauses
    ]
    if as_json:
        typer.echo(json.dumps(items, indent=2, ensure_ascii=False))
        return
    title = (
        f"{platform_name(slug, registry, sources)} — "
        f"{document_name(slug, doc, registry, sources)} (version of {found.version.version_date})"
    )
    typer.echo(title)
    typer.echo(url)
    for item in items:
        typer.echo(f"\n§ {item['section'] or '(untitled)'}\n{item['text']}")


# --- ask ---------------------------------------------------------------------------------


def build_answerer(settings: Settings) -> Any:
    """The answerer over the store, ingesting the bundled corpus first if the store is empty."""
    from fineprint.service import Fineprint

    service = Fineprint(settings)
    try:
        empty = service.registry().is_empty
    except Exception as error:  # an unreachable server, a broken store: one clear line
        raise fail(f"cannot open the store: {error}") from None
    if empty:
        typer.echo("The store is empty: ingesting the bundled corpus first.", err=True)
        print_ingest_report(ingest_with_progress(settings))
        if service.registry().is_empty:
            raise fail("nothing could be ingested; see the errors above")
    from fineprint.encoder_model import ModelError
    from fineprint.store import StoreError

    try:
        return service.answerer
    except (StoreError, ModelError) as error:
        raise fail(str(error)) from None


def _answer_line(answerer: Any, item: Any, k: int, summary: bool = False) -> dict[str, Any]:
    """One `--jsonl` line in, one JSON answer out: whatever is wrong with a line (a bad
    field, a lone surrogate, a failure while answering) becomes that line's `error`."""
    from fineprint.jsonl_input import LineError, checked_line

    try:
        line = checked_line(item)
    except LineError as error:
        return {"id": error.id, "error": str(error)}
    try:
        answer = answerer.ask(
            line.question, platform=line.platform, as_of=line.as_of, k=k, id=line.id
        )
        if summary:
            answer.with_summary()
        result: dict[str, Any] = answer.to_json()
        json.dumps(result, ensure_ascii=False).encode("utf-8")  # printable, or an error now
    except Exception as error:  # one line's failure never loses the other lines
        logging.getLogger(__name__).debug("answering a --jsonl line failed", exc_info=True)
        return {"id": line.id, "error": f"could not answer ({type(error).__name__})"}
    return result


def _run_jsonl(answerer: Any, source: str, k: int, summary: bool = False) -> None:
    handle = (
        sys.stdin if source == "-" else open(source, encoding="utf-8", errors="replace")  # noqa: SIM115
    )
    try:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
            except json.JSONDecodeError as error:
                result: dict[str, Any] = {"id": None, "error": f"line {number}: {error.msg}"}
            else:
                result = _answer_line(answerer, item, k, summary)
            typer.echo(json.dumps(result, ensure_ascii=False))
    finally:
        if handle is not sys.stdin:
            handle.close()


def _interactive(
    answerer: Any, platform: str | None, when: date | None, k: int, summary: bool = False
) -> None:
    with contextlib.suppress(ImportError):
        import readline  # noqa: F401  (line editing and history for input())
    typer.echo("Ask about a platform's terms (Ctrl-D to quit).")
    while True:
        try:
            question = input("? ").strip()
        except EOFError:
            typer.echo("")
            return
        if question:
            answer = answerer.ask(question, platform=platform, as_of=when, k=k)
            if summary:
                answer.with_summary()
            typer.echo(answer.answer + "\n")


@app.command()
def ask(
    question: Annotated[
        str | None,
        typer.Argument(metavar="QUESTION", help="Your question, in plain words (none: a prompt)."),
    ] = None,
    platform: Annotated[
        str | None,
        typer.Option(metavar="NAME", help="Only this platform (name, slug or alias)."),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", metavar="DATE", help="Terms in force on this date (YYYY-MM-DD)."),
    ] = None,
    k: Annotated[
        int,
        typer.Option(
            "--k",
            min=1,
            max=20,
            metavar="N",
            help="Citations at most in --json/--jsonl; the text answer shows the first three.",
        ),
    ] = 5,
    as_json: Annotated[bool, typer.Option("--json", help="Print the JSON answer.")] = False,
    jsonl: Annotated[
        str | None,
        typer.Option(
            "--jsonl",
            metavar="FILE",
            help="Answer one JSON question per line of FILE ('-' = stdin).",
        ),
    ] = None,
    summary: Annotated[
        bool,
        typer.Option(
            "--summary", help="Add a checked AI summary above the quotes (needs FINEPRINT_LLM)."
        ),
    ] = False,
) -> None:
    """Answer a question with verbatim, cited quotes from the terms (and their history)."""
    settings = setup()
    when = parse_day(as_of, "--as-of")
    if question is not None and not question.strip():
        raise fail(
            'the question is empty: ask in plain words, e.g. fineprint ask "Can '
            'SoundCloud train AI on my voice?" (or run `fineprint ask` for a prompt)'
        )
    answerer = build_answerer(settings)
    if jsonl is not None:
        _run_jsonl(answerer, jsonl, k, summary)
        return
    if question is None:
        _interactive(answerer, platform, when, k, summary)
        return
    answer = answerer.ask(question, platform=platform, as_of=when, k=k)
    if summary:
        answer.with_summary()
    if as_json:
        typer.echo(json.dumps(answer.to_json(), indent=2, ensure_ascii=False))
    else:
        typer.echo(answer.answer)


# --- terms history -----------------------------------------------------------------------

app.command()(changes)
app.command()(watch)


# --- bot ---------------------------------------------------------------------------------


@app.command()
def bot(
    sync: Annotated[
        bool,
        typer.Option(
            "--sync",
            help="Push the slash commands to Discord (global, or --guild) at start, then go on "
            "running the bot as usual (Ctrl-C stops it).",
        ),
    ] = False,
    guild: Annotated[
        int | None,
        typer.Option(metavar="ID", help="Sync to this server only (instant; implies --sync)."),
    ] = None,
) -> None:
    """Run the Discord bot (token from DISCORD_TOKEN; see docs/discord-bot.md)."""
    from bot.run import run_bot

    raise typer.Exit(run_bot(sync=sync, guild=guild))


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("interrupted; the store keeps its last complete state", err=True)
        sys.exit(130)


if __name__ == "__main__":
    main()
