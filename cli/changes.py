"""`fineprint changes PLATFORM [DOCUMENT] [--from DATE] [--to DATE] [--top N | --all] [--json]`.

A typer command function, registered in `cli/main.py`, over `Fineprint.changes` (as the bot's
`/changes`). It reads clauses from the store only (no model, no search index), so it starts
fast. The listing shows the few most material changes (three by default), each with its word
diff (`fineprint.word_diff`) and its before and after quotes, then counts the rest;
`--all` lists every change, `--json` always holds every change, verbatim.
"""

from __future__ import annotations

import json
import os
import sys
import textwrap
from typing import TYPE_CHECKING, Annotated

import typer

from cli.common import fail, open_service, parse_day, setup
from fineprint import word_diff
from fineprint.quote_display import readable
from fineprint.safe_text import neutralise
from fineprint.text import sentence_spans

if TYPE_CHECKING:
    from fineprint.changes.diff import Change, DocumentDiff

QUOTE_WIDTH = 96
NO_CHANGES = "No changes beyond formatting."
QUOTE_CHARS = 400  # the readable listing shortens long clauses; --json is always verbatim
DIFF_CHARS = 600  # the word diff's changed words and their context, before wrapping
TOP = 3  # changes shown by default, most material first


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
    top: Annotated[
        int,
        typer.Option("--top", min=1, help="How many changes to show, most material first."),
    ] = TOP,
    show_all: Annotated[bool, typer.Option("--all", help="List every change.")] = False,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print JSON: every change, whatever --top says.")
    ] = False,
) -> None:
    """What changed between two versions of a document: the most material changes (AI,
    licence, ownership lead) with a word diff and quotes, then how many more;
    formatting-only edits are not changes."""
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
    show_changes(render_text(diff, None if show_all else top))


def colour_wanted() -> bool:
    """Colour the word diffs on a terminal that shows colour, unless NO_COLOR says not to."""
    return (
        sys.stdout.isatty()
        and not os.environ.get("NO_COLOR")
        and os.environ.get("TERM", "") != "dumb"
    )


def show_changes(text: str) -> None:
    """Print a listing (`fineprint.safe_text` first: quotes cannot repaint the terminal),
    its word diffs in colour where the terminal shows it."""
    safe = neutralise(text)
    typer.echo(word_diff.colour(safe) if colour_wanted() else safe)


def changed_part(text: str, changed: str) -> str:
    """The clause from its first sentence that changed (its start marked "…"), so a long
    clause's quote shows the new words rather than the unchanged opening."""
    for start, end in sentence_spans(text):
        sentence = text[start:end].strip()
        if sentence and start > 0 and sentence in changed:
            return "… " + text[start:]
        if sentence and sentence in changed:
            break
    return text


def _quote(label: str, text: str | None, changed: str) -> list[str]:
    if text is None:
        return []
    flat = " ".join(readable(changed_part(text, changed)).split())
    if len(flat) > QUOTE_CHARS:
        flat = flat[:QUOTE_CHARS].rsplit(" ", 1)[0] + " …"
    return textwrap.wrap(f"{label} “{flat}”", QUOTE_WIDTH, subsequent_indent="    ")


def describe_change(n: int, change: Change) -> list[str]:
    """Change `n` as lines: kind, materiality, topics, word diff, quotes (`fineprint watch`
    too)."""
    flag = "MATERIAL" if change.material else "minor"
    topics = f" [{', '.join(change.topics)}]" if change.topics else ""
    lines = [f"{n}. {change.kind} ({flag}){topics} — § {change.section or '(untitled)'}"]
    marked = word_diff.terminal(change.words, DIFF_CHARS) if change.kind == "modified" else ""
    if marked:
        lines += textwrap.wrap("  diff: " + marked, QUOTE_WIDTH, subsequent_indent="        ")
    lines += [f"  {line}" for line in _quote("before:", change.before_text, change.new_text)]
    lines += [f"  {line}" for line in _quote("after: ", change.after_text, change.new_text)]
    return lines


def more_line(shown: int, diff: DocumentDiff, hint: str) -> str:
    """ "…and N more (M material, K minor) — hint" for the changes a listing left out."""
    rest = len(diff.changes) - shown
    material = max(len(diff.material) - min(shown, len(diff.material)), 0)
    return f"…and {rest} more ({material} material, {rest - material} minor) — {hint}"


def render_text(diff: DocumentDiff, top: int | None = TOP) -> str:
    """Readable listing: a summary line, then the `top` changes (None: every change), most
    material first, and a line counting the rest."""
    head = (
        f"{diff.platform} {diff.document}: {diff.before} → {diff.after}: "
        f"{len(diff.changes)} changed clause(s), {len(diff.material)} material, "
        f"{diff.unchanged} unchanged"
    )
    lines = [head, *diff.version_lines()]
    if not diff.changes:
        return "\n".join(lines if not diff.comparison.comparable else [*lines, NO_CHANGES])
    shown = diff.changes if top is None else diff.changes[:top]
    for n, change in enumerate(shown, start=1):
        lines.append("")
        lines.extend(describe_change(n, change))
    if len(shown) < len(diff.changes):
        lines += ["", more_line(len(shown), diff, "--all to list them")]
    return "\n".join(lines)
