"""`fineprint platforms` and `fineprint clause`: what is in the store, and one section verbatim.

Typer command functions, registered in `cli/main.py`.
"""

from __future__ import annotations

import json
from typing import Annotated

import typer

from cli.common import fail, load_registry, load_sources_or_none, open_store, parse_day, setup


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
