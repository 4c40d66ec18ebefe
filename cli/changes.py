"""`fineprint changes PLATFORM [DOCUMENT] [--from DATE] [--to DATE] [--json]`.

A typer command function, registered in `cli/main.py`.
It reads clauses from the store only (no model, no search index), so it starts fast.
"""

from __future__ import annotations

import json
import textwrap
from typing import TYPE_CHECKING, Annotated

import typer

from cli.common import fail, load_registry, load_sources_or_none, open_store, parse_day, setup

if TYPE_CHECKING:
    from fineprint.diff import Change, DocumentDiff
    from fineprint.registry import Registry

QUOTE_WIDTH = 96
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
    from fineprint.diff import diff_versions, pick_pair
    from fineprint.lookups import NotFoundError, resolve_document, resolve_platform

    settings = setup()
    since, until = parse_day(from_, "--from"), parse_day(to, "--to")
    store = open_store(settings)
    registry = load_registry(store)
    sources = load_sources_or_none(settings)
    try:
        slug = resolve_platform(platform, registry, sources)
        doc = (
            _default_document(slug, registry)
            if document is None
            else resolve_document(slug, document, registry, sources)
        )
        before, after = pick_pair(
            registry,
            slug,
            doc,
            since.isoformat() if since else None,
            until.isoformat() if until else None,
        )
    except (NotFoundError, ValueError) as error:
        raise fail(str(error)) from None
    diff = diff_versions(store, before, after)
    if as_json:
        typer.echo(json.dumps(diff.to_json(), indent=2, ensure_ascii=False))
        return
    typer.echo(render_text(diff))


def _default_document(platform: str, registry: Registry) -> str:
    """The document when none is named: the only one, else the terms (not the privacy policy)."""
    from fineprint.lookups import NotFoundError

    documents = [document for _, document in registry.documents(platform)]
    if len(documents) == 1:
        return documents[0]
    terms = [d for d in documents if d.startswith("terms")]
    if len(terms) == 1:
        return terms[0]
    raise NotFoundError(f"{platform} has several documents; name one of: {', '.join(documents)}")


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
    if not diff.changes:
        return head + "\nNo changes beyond formatting."
    lines = [head]
    for n, change in enumerate(diff.changes, start=1):
        lines.append("")
        lines.extend(describe_change(n, change))
    return "\n".join(lines)
