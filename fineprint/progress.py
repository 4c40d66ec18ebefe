"""Plain progress lines for an ingest whose output is not a terminal (a file, a CI log).

A progress bar draws nothing there, and a 5-25 minute ingest that prints nothing looks hung.
Every `every` seconds (and when a stage ends) one line says where it is:
`ingest: embedding 1,200/11,243 texts (43.1/s)`.
"""

from __future__ import annotations

import time
from collections.abc import Callable

STAGE_WORDS = {
    "read": ("reading and splitting", "documents"),
    "embed": ("embedding", "texts"),
    "write": ("writing", "clauses"),
}


class PlainProgress:
    """A `progress(stage, done, total)` callback that prints a line now and then."""

    def __init__(
        self,
        emit: Callable[[str], None],
        *,
        every: float = 5.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.emit = emit
        self.every = every
        self.clock = clock
        self._last_line = -float("inf")
        self._stage_started: dict[str, tuple[float, int]] = {}

    def __call__(self, stage: str, done: int, total: int) -> None:
        if total <= 0:
            return  # a stage with nothing to do says nothing
        now = self.clock()
        started, first = self._stage_started.setdefault(stage, (now, done))
        finished = done >= total
        if not finished and now - self._last_line < self.every:
            return
        self._last_line = now
        verb, unit = STAGE_WORDS.get(stage, (stage, "items"))
        elapsed = now - started
        rate = f" ({(done - first) / elapsed:.1f}/s)" if elapsed > 0 and done > first else ""
        self.emit(f"ingest: {verb} {done:,}/{total:,} {unit}{rate}")
