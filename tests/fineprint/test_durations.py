"""Durations typed by people, read the same way by `fineprint watch` and the bot's settings."""

from __future__ import annotations

from datetime import timedelta

import pytest

from fineprint.durations import parse_duration


def test_durations() -> None:
    assert parse_duration("30m") == timedelta(minutes=30)
    assert parse_duration("12h") == timedelta(hours=12)
    assert parse_duration("1d") == timedelta(days=1)
    assert parse_duration("1h30m") == timedelta(minutes=90)
    for bad in ("", "12", "h", "0m", "1w", "-1h", "12h junk"):
        with pytest.raises(ValueError):
            parse_duration(bad)
