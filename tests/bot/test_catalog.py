"""Platform choices: a filter (what a server watches) applies before Discord's cut to 25."""

from __future__ import annotations

from bot.catalog import Catalog, Platform


def test_only_filters_before_the_cut_to_25() -> None:
    platforms = {f"p{n:02d}": Platform(f"p{n:02d}", f"Platform {n:02d}", (), {}) for n in range(40)}
    catalog = Catalog(1, platforms)
    assert len(catalog.platform_choices("")) == 25
    watched = {"p39", "p03"}  # p39 sorts past the first 25
    chosen = catalog.platform_choices("", only=watched)
    assert sorted(c.value for c in chosen) == ["p03", "p39"]
    assert catalog.platform_choices("", only=set()) == []
