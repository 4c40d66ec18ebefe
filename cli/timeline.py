"""`fineprint timeline PLATFORM [DOCUMENT] [--png FILE] [--json]`: a document's versions and
the material changes each brought, by topic.

A typer command function, registered in `cli/main.py`, over `Fineprint.timeline` (as the
bot's `/timeline`). The terminal gets one line per version; `--png` also draws the picture
(`fineprint.changes.timeline_picture`: 1200 x 675, readable on a phone) into FILE.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cli.common import fail, open_service, setup, show

if TYPE_CHECKING:
    from fineprint.changes.timeline import Timeline, VersionStep


def timeline(
    platform: Annotated[str, typer.Argument(help="Platform name, slug or alias.")],
    document: Annotated[
        str | None,
        typer.Argument(help="Document slug or name (default: the platform's only or terms one)."),
    ] = None,
    png: Annotated[
        Path | None,
        typer.Option("--png", help="Also draw the timeline into this PNG file (1200x675)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Every version of a document on a time line, with the material changes each brought,
    counted by topic (AI, licence, money, …); --png draws it as a picture."""
    from fineprint.catalog.lookups import NotFoundError

    settings = setup()
    service = open_service(settings)
    try:
        found = service.timeline(platform, document)
    except (NotFoundError, ValueError) as error:
        raise fail(str(error)) from None
    written = None if png is None else draw(found, png)
    if as_json:
        typer.echo(json.dumps(found.to_json(), indent=2, ensure_ascii=False))
        return
    show(render_text(found) + ("" if written is None else "\n\n" + written))


def draw(found: Timeline, path: Path) -> str:
    """Write the picture to `path`; the line saying so (a clear failure if it cannot)."""
    from fineprint.changes.timeline_picture import render

    picture = render(found)
    try:
        path.write_bytes(picture.png)
    except OSError as error:
        raise fail(f"cannot write {path}: {error.strerror or error}") from None
    return f"wrote {path} ({picture.width}x{picture.height} PNG)"


def step_line(step: VersionStep) -> str:
    """One version: its date, then what it changed ("first version held" for the first)."""
    from fineprint.changes.timeline import topic_label

    if step.previous is None:
        return f"{step.version_date}  first version held"
    if step.set_aside:
        return f"{step.version_date}  {step.set_aside}"
    if not step.material:
        return f"{step.version_date}  no material change ({step.changes} minor)"
    topics = ", ".join(f"{topic_label(topic)} {count}" for topic, count in step.topics)
    return f"{step.version_date}  {step.material} material change(s) of {step.changes}: {topics}"


def render_text(found: Timeline) -> str:
    """A summary line, then one line per version, oldest first."""
    steps = found.steps
    head = (
        f"{found.platform_name} · {found.document_name}: {len(steps)} version(s), "
        f"{steps[0].version_date} → {steps[-1].version_date}, "
        f"{len(found.material_steps)} with material changes"
    )
    return "\n".join([head, *(step_line(step) for step in steps)])
