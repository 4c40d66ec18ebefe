"""The alert's **N more** button: its custom id names the diff (so any bot process answers a
press, after any restart), within Discord's 100 characters, and only when there is more."""

from __future__ import annotations

from datetime import date

import discord

from bot.exts.watch.more import TEMPLATE, alert_view, more_button
from fineprint.catalog.clauses import Clause
from fineprint.changes.diff import Change, DocumentDiff


def diff(changes: int, material: int) -> DocumentDiff:
    text = "We may use your content to train artificial intelligence models."
    after = Clause("sc", "terms", date(2021, 1, 1), ("7. Licence",), text, 0, len(text), 0)
    made = [
        Change("added", None, after, new_text=text, topics=("ai",), material=n < material)
        for n in range(changes)
    ]
    return DocumentDiff("sc", "terms", "2020-01-01", "2021-01-01", made)


def test_the_button_names_the_diff_and_counts_what_is_left() -> None:
    view = alert_view(diff(changes=10, material=5))
    assert view is not None and view.timeout is None
    (button,) = view.children
    assert isinstance(button, discord.ui.DynamicItem)
    assert button.custom_id == "fp:more:sc:terms:2020-01-01:2021-01-01"
    assert TEMPLATE.fullmatch(button.custom_id)
    assert button.item.label == "7 more"  # three shown


def test_no_button_when_the_alert_shows_everything() -> None:
    assert alert_view(diff(changes=3, material=3)) is None
    assert alert_view(diff(changes=2, material=2)) is None
    assert alert_view(diff(changes=3, material=1)) is not None  # two minor ones to page


def test_names_too_long_for_a_custom_id_go_without_a_button() -> None:
    long = "a-very-long-platform-name-that-someone-ingested-from-a-folder"
    assert more_button(long, long, "2020-01-01", "2021-01-01", "5 more") is None
    assert more_button("sc", "terms:x", "2020-01-01", "2021-01-01", "5 more") is None
