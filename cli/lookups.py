"""`fineprint platforms` and `fineprint clause`: what is in the store, and one section verbatim.

Typer command functions, registered in `cli/main.py`; both go through the service
(`Fineprint.platforms`, `Fineprint.section`), as the bot's `/platforms` and `/clause` do.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated

import typer

from cli.common import fail, open_service, parse_day, setup, show

if TYPE_CHECKING:
    from rich.table import Table

    from fineprint.catalog.lookups import PlatformCoverage


def platforms(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    versions: Annotated[
        bool,
        typer.Option("--versions", help="List every version date (long: a line or more each)."),
    ] = False,
) -> None:
    """List ingested platforms and documents: versions held, their dates, clause counts."""
    settings = setup()
    overview = open_service(settings).platforms()
    if as_json:
        shown = [platform.to_json() for platform in overview]
        typer.echo(json.dumps(shown, indent=2, ensure_ascii=False))
        return
    from rich.console import Console

    console = Console()
    console.print(version_table(overview, console.width) if versions else compact_table(overview))


# Slugs are what `clause` and `--platform` take: each has a line of its own in a column at least
# as wide as the longest, so 80 columns (a pipe's width too) never cut one.
BORDERS = 13  # a four-column table's borders and padding


def compact_table(overview: list[PlatformCoverage]) -> Table:
    """A line per document (its slug, how many versions, the first and last date, the current
    version's clauses) under its platform's name and slug: 252 lines for 45 platforms and 156
    documents, where the dates of every version took 1,304."""
    from rich.table import Table

    table = Table("Platform / document", "Versions", "First – last", "Clauses")
    table.columns[0].width = max(
        (len(s) for p in overview for s in (p.platform, *(f"  {d.document}" for d in p.documents))),
        default=8,
    )
    table.columns[1].width, table.columns[3].width = len("Versions"), len("Clauses")
    table.columns[2].width = len("2020-01-01 – 2020-01-01")
    for platform in overview:
        table.add_row(f"{platform.name}\n{platform.platform}")
        for item in platform.documents:
            first, last = item.versions[0], item.versions[-1]
            table.add_row(
                f"  {item.document}",
                str(len(item.versions)),
                first if first == last else f"{first} – {last}",
                str(item.clauses),
            )
    return table


def version_table(overview: list[PlatformCoverage], width: int) -> Table:
    """Every version's date (`--versions`): the dates get what is left of the line."""
    from rich.table import Table

    widths = [
        max((len(p.platform) for p in overview), default=8),
        max((len(d.document) for p in overview for d in p.documents), default=8),
    ]
    table = Table("Platform", "Document", "Versions", "Clauses")
    table.columns[0].width, table.columns[1].width = widths
    table.columns[3].width = len("Clauses")
    table.columns[2].width = max(len("2020-01-01,"), width - sum(widths) - 7 - BORDERS)
    for platform in overview:
        for n, item in enumerate(platform.documents):
            table.add_row(
                f"{platform.name}\n{platform.platform}" if n == 0 else "",
                f"{item.name}\n{item.document}",
                ", ".join(item.versions),
                str(item.clauses),
            )
    return table


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
