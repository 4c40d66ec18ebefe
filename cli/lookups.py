"""`fineprint platforms` and `fineprint clause`: what is in the store, and one section verbatim.

Typer command functions, registered in `cli/main.py`; both go through the service
(`Fineprint.platforms`, `Fineprint.section`), as the bot's `/platforms` and `/clause` do.
"""

from __future__ import annotations

import json
from typing import Annotated

import typer

from cli.common import fail, open_service, parse_day, setup, show


def platforms(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List ingested platforms, documents, version dates and clause counts."""
    settings = setup()
    overview = open_service(settings).platforms()
    if as_json:
        shown = [platform.to_json() for platform in overview]
        typer.echo(json.dumps(shown, indent=2, ensure_ascii=False))
        return
    from rich.console import Console
    from rich.table import Table

    # Slugs are what `clause` and `--platform` take: each has a line of its own in a column at
    # least as wide as the longest, and the dates get what is left of the line, so 80 columns
    # (a pipe's width too) never cut one.
    console = Console()
    widths = [
        max((len(p.platform) for p in overview), default=8),
        max((len(d.document) for p in overview for d in p.documents), default=8),
    ]
    table = Table("Platform", "Document", "Versions", "Clauses")
    table.columns[0].width, table.columns[1].width = widths
    table.columns[3].width = len("Clauses")
    # borders and padding take 13 characters of the line
    table.columns[2].width = max(len("2020-01-01,"), console.width - sum(widths) - 7 - 13)
    for platform in overview:
        for n, item in enumerate(platform.documents):
            table.add_row(
                f"{platform.name}\n{platform.platform}" if n == 0 else "",
                f"{item.name}\n{item.document}",
                ", ".join(item.versions),
                str(item.clauses),
            )
    console.print(table)


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
    from fineprint.catalog.lookups import NotFoundError

    when = parse_day(version, "--version")
    service = open_service(settings)
    try:
        found = service.section(platform, document, section, when)
    except NotFoundError as error:
        raise fail(str(error)) from None
    record = found.version
    items = [
        {
            "platform": record.platform,
            "document": record.document,
            "section": item.section_label,
            "version_date": record.version_date,
            "url": found.url,
            "text": item.text,
            "start": item.start,
            "end": item.end,
        }
        for item in found.clauses
    ]
    if as_json:
        typer.echo(json.dumps(items, indent=2, ensure_ascii=False))
        return
    show(f"{found.platform_name} — {found.document_name} (version of {record.version_date})")
    show(found.url)
    for item in items:
        show(f"\n§ {item['section'] or '(untitled)'}\n{item['text']}")
