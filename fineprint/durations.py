"""Intervals typed by people ("30m", "12h", "1d", "1h30m"), for both front ends.

Here, in the core, so that the command line (`fineprint watch --every`) and the bot's settings
(`FINEPRINT_WATCH_EVERY`) read a duration the same way without importing each other.
"""

from __future__ import annotations

import re
from datetime import timedelta

_DURATION = re.compile(r"(\d+)\s*([smhd])")
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}


def parse_duration(text: str) -> timedelta:
    """ "30m", "12h", "1d", "1h30m" → a timedelta; ValueError for anything else or zero."""
    flat = text.strip().lower().replace(" ", "")
    parts = _DURATION.findall(flat)
    if not flat or "".join(n + u for n, u in parts) != flat:
        raise ValueError(f"{text!r} is not a duration like 30m, 12h or 1d")
    every = sum((timedelta(**{_UNITS[u]: int(n)}) for n, u in parts), timedelta())
    if every <= timedelta(0):
        raise ValueError("the interval must be longer than zero")
    return every
