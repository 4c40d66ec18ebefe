"""What a user typed into a command, checked: a platform against what is ingested, a date.

Shared by the commands that take them (`/ask`, `/changes`, `/clause`, `/timeline`, `/watch`):
each gets the value, or the one message that says what is wrong with it.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from bot.render import user_text

if TYPE_CHECKING:
    import discord

    from bot.catalog import Catalog, Document, Platform


def platform_slug(catalog: Catalog, text: str | None) -> tuple[str | None, str | None]:
    """(slug, problem): a platform the user named, checked against what is ingested."""
    if not text or not text.strip():
        return None, None
    found = catalog.platform(text)
    if found is None:
        shown = user_text(text)[:100]
        return None, f"Fineprint holds no terms for “{shown}”. It covers: {catalog.names()}."
    return found.slug, None


def document_target(
    catalog: Catalog, platform: str, document: str | None
) -> tuple[Platform | None, Document | None, str | None]:
    """(platform, document, problem) as typed; no document means the core's default."""
    found = catalog.platform(platform)
    if found is None:
        return None, None, platform_slug(catalog, platform)[1]
    doc = catalog.document(found, document) if document else catalog.default_document(found)
    if doc is not None:
        return found, doc, None
    names = ", ".join(f"{d.name} (`{d.slug}`)" for d in found.documents.values())
    what = f"no document “{user_text(document)[:100]}”" if document else "several documents"
    return found, None, f"{found.name} has {what}. Its documents: {names}."


def parse_day(text: str | None) -> tuple[date | None, str | None]:
    """(day, problem): a YYYY-MM-DD date, or none when nothing was typed."""
    if not text or not text.strip():
        return None, None
    try:
        return date.fromisoformat(text.strip()), None
    except ValueError:
        shown = user_text(text)[:40]
        return None, f"“{shown}” is not a date: use YYYY-MM-DD, e.g. 2024-06-01."


def option(interaction: discord.Interaction[Any], name: str) -> str | None:
    """What the user has typed so far into another option of the command (autocomplete)."""
    value = getattr(interaction.namespace, name, None)
    return value if isinstance(value, str) else None
