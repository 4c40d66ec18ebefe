"""`fineprint changes PLATFORM [DOCUMENT] [--from DATE] [--to DATE] [--json]`.

A typer command function, registered in `cli/main.py`, over `Fineprint.changes` (as the bot's
`/changes`). It reads clauses from the store only (no model, no search index), so it starts
fast.
"""

from __future__ import annotations

import json
import textwrap
from typing import TYPE_CHECKING, Annotated

import typer

from cli.common import fail, open_service, parse_day, setup, show

if TYPE_CHECKING:
    from fineprint.changes.diff import Change, DocumentDiff

QUOTE_WIDTH = 96
NO_CHANGES = "No changes beyond formatting."
QUOTE_CHARS = 700  # the readable listing shortens long clauses; --json is always verbatim


def changes(
    platform: Annotated[str, typer.Argument(help="Platform name, slug or alias.")],
    document: Annotated[
        str | None,
        typer.Argument(help="Document slug or name (default: the platform's only or terms one)."),
    ] = None,
    from_: Annotated[
        str | None,
        typer.Option("--from", help="Compare from the version in force on this date (YYYY-MM-DD)."),
    ] = None,
    to: Annotated[
        str | None,
        typer.Option(
            "--to", help="Compare to the version in force on this date (default: newest)."
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """What changed between two versions of a document, most material first (AI, licence,
    ownership lead); formatting-only edits are not changes."""
    from fineprint.catalog.lookups import NotFoundError

    settings = setup()
    since, until = parse_day(from_, "--from"), parse_day(to, "--to")
    service = open_service(settings)
    try:
        diff = service.changes(platform, document, since, until)
    except (NotFoundError, ValueError) as error:
        raise fail(str(error)) from None
    if as_json:
        typer.echo(json.dumps(diff.to_json(), indent=2, ensure_ascii=False))
        return
    show(render_text(diff))


def _quote(label: str, text: str | None) -> list[str]:
    if text is None:
        return []
    flat = " ".join(text.split())
    if len(flat) > QUOTE_CHARS:
        flat = flat[:QUOTE_CHARS].rsplit(" ", 1)[0] + " …"
    return textwrap.wrap(f"{label} “{flat}”", QUOTE_WIDTH, subsequent_indent="    ")


def describe_change(n: int, change: Change) -> list[str]:
    """Change `n` as lines: kind, materiality, topics, diff, quotes (`fineprint watch` too)."""
    flag = "MATERIAL" if change.material else "minor"
    topics = f" [{', '.join(change.topics)}]" if change.topics else ""
    lines = [f"{n}. {change.kind} ({flag}){topics} — § {change.section or '(untitled)'}"]
    if change.kind == "modified":
        lines += textwrap.wrap(
            "  diff: " + change.marked(), QUOTE_WIDTH, subsequent_indent="        "
        )
    lines += [f"  {line}" for line in _quote("before:", change.before_text)]
    lines += [f"  {line}" for line in _quote("after: ", change.after_text)]
    return lines


def render_text(diff: DocumentDiff) -> str:
    """Readable listing: a summary line, then every change, material ones first."""
    head = (
        f"{diff.platform} {diff.document}: {diff.before} → {diff.after}: "
        f"{len(diff.changes)} changed clause(s), {len(diff.material)} material, "
        f"{diff.unchanged} unchanged"
    )
    lines = [head, *diff.version_lines()]
    if not diff.changes:
        return "\n".join(lines if not diff.comparison.comparable else [*lines, NO_CHANGES])
    for n, change in enumerate(diff.changes, start=1):
        lines.append("")
        lines.extend(describe_change(n, change))
    return "\n".join(lines)
