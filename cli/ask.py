"""`fineprint ask [QUESTION] [--json | --jsonl FILE] [--summary] …`: cited, verbatim answers.

A typer command function, registered in `cli/main.py`: one question, a JSON-lines batch, or
an interactive prompt.
"""

from __future__ import annotations

import contextlib
import json
import logging
import sys
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any

import typer

from cli.common import fail, parse_day, setup, show
from cli.ingest import ingest_with_progress
from cli.ingest_progress import print_ingest_report
from fineprint.settings import Settings

if TYPE_CHECKING:
    from fineprint.answering.answer import Answer
    from fineprint.service import Fineprint


def open_answering(settings: Settings) -> Fineprint:
    """The service with its answerer loaded, the bundled corpus ingested first if the store
    is empty."""
    from fineprint.retrieval.encoder_model import ModelError
    from fineprint.service import Fineprint
    from fineprint.store import StoreError

    service = Fineprint(settings)
    try:
        empty = service.registry().is_empty
    except Exception as error:  # an unreachable server, a broken store: one clear line
        raise fail(f"cannot open the store: {error}") from None
    try:
        if empty:
            typer.echo("The store is empty: ingesting the bundled corpus first.", err=True)
            print_ingest_report(ingest_with_progress(settings, service=service))
            if service.registry().is_empty:
                raise fail("nothing could be ingested; see the errors above")
        service.answerer  # noqa: B018  (loaded now: a wrong model or store is one line)
    except (StoreError, ModelError) as error:
        raise fail(str(error)) from None
    return service


def _summarised(answer: Answer, summary: bool) -> Answer:
    """The answer with a checked summary of the quotes the text shows, when asked for."""
    if summary:
        from fineprint.answering.wording import SHOWN_QUOTES
        from fineprint.summary import with_summary

        with_summary(answer, max_citations=SHOWN_QUOTES)
    return answer


def _answer_text(answer: Answer, summary: bool, full: bool = False) -> str:
    from cli.render_text import answer_text

    return answer_text(_summarised(answer, summary), full=full)


def _answer_json(answer: Answer, summary: bool) -> dict[str, Any]:
    from cli.render_json import answer_json

    return answer_json(_summarised(answer, summary))


def _answer_line(service: Fineprint, item: Any, k: int, summary: bool = False) -> dict[str, Any]:
    """One `--jsonl` line in, one JSON answer out: whatever is wrong with a line (a bad
    field, a lone surrogate, a failure while answering) becomes that line's `error`."""
    from fineprint.jsonl_input import LineError, checked_line

    try:
        line = checked_line(item)
    except LineError as error:
        return {"id": error.id, "error": str(error)}
    try:
        answer = service.ask(line.question, platform=line.platform, as_of=line.as_of, k=k)
        result: dict[str, Any] = {**_answer_json(answer, summary), "id": line.id}  # as given
        json.dumps(result, ensure_ascii=False).encode("utf-8")  # printable, or an error now
    except Exception as error:  # one line's failure never loses the other lines
        logging.getLogger(__name__).debug("answering a --jsonl line failed", exc_info=True)
        return {"id": line.id, "error": f"could not answer ({type(error).__name__})"}
    return result


def _run_jsonl(service: Fineprint, source: str, k: int, summary: bool = False) -> None:
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
                result = _answer_line(service, item, k, summary)
            typer.echo(json.dumps(result, ensure_ascii=False))
    finally:
        if handle is not sys.stdin:
            handle.close()


def _interactive(
    service: Fineprint, platform: str | None, when: date | None, k: int, summary: bool = False
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
            answer = service.ask(question, platform=platform, as_of=when, k=k)
            show(_answer_text(answer, summary) + "\n")


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
    full: Annotated[
        bool,
        typer.Option("--full", help="Show the whole clause of each quote, not only its sentence."),
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
    service = open_answering(settings)
    if jsonl is not None:
        _run_jsonl(service, jsonl, k, summary)
        return
    if question is None:
        _interactive(service, platform, when, k, summary)
        return
    answer = service.ask(question, platform=platform, as_of=when, k=k)
    if as_json:
        typer.echo(json.dumps(_answer_json(answer, summary), indent=2, ensure_ascii=False))
    else:
        show(_answer_text(answer, summary, full))
