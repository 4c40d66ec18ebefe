"""What a user types into a command: a platform checked against the catalog, a date."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

from bot.arguments import option, parse_day, platform_slug
from bot.catalog import Catalog


def test_a_platform_by_name_or_alias_else_what_is_covered(catalog: Catalog) -> None:
    assert platform_slug(catalog, "SoundCloud") == ("soundcloud", None)
    assert platform_slug(catalog, "twitter") == ("x-twitter", None)
    assert platform_slug(catalog, "  ") == (None, None)
    slug, problem = platform_slug(catalog, "**Patreon** @everyone")
    assert slug is None and problem is not None
    assert problem.startswith("Fineprint holds no terms for “\\*\\*Patreon\\*\\* @\u200beveryone”")
    assert problem.endswith(f"It covers: {catalog.names()}.")


def test_a_day_or_how_to_write_one() -> None:
    assert parse_day(" 2024-06-01 ") == (date(2024, 6, 1), None)
    assert parse_day(None) == (None, None)
    assert parse_day("June 1st") == (
        None,
        "“June 1st” is not a date: use YYYY-MM-DD, e.g. 2024-06-01.",
    )


def test_an_option_typed_so_far() -> None:
    interaction = SimpleNamespace(namespace=SimpleNamespace(platform="sound", version=3))
    assert option(interaction, "platform") == "sound"  # type: ignore[arg-type]
    assert option(interaction, "version") is None  # type: ignore[arg-type]
    assert option(interaction, "document") is None  # type: ignore[arg-type]
