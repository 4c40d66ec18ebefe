"""An ingest's stages as people read them, and plain progress lines for logs.

`STAGES` names each stage the ingest reports (`progress(stage, done, total)`) once, for every
surface: the command line's bars, the bot's re-ingest message and the plain lines below.

A progress bar draws nothing where output is not a terminal (a file, a CI log), and a 5-25
minute ingest that prints nothing looks hung. Every `every` seconds (and when a stage ends)
one line says where it is: `ingest: embedding 1,200/11,243 texts (43.1/s)`.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Stage:
    label: str  # a bar's or a message's title: "Embedding new texts"
    verb: str  # a log line's: "ingest: embedding 1,200/11,243 texts"
    unit: str  # what is counted ("" = nothing worth naming)


STAGES = {
    "read": Stage("Reading and splitting", "reading and splitting", "documents"),
    "embed": Stage("Embedding new texts", "embedding", "texts"),
    "write": Stage("Writing", "writing", "clauses"),
    "index": Stage("Building the search index", "building the search index", ""),
}


def stage_label(stage: str) -> str:
    """The title of a stage, also of one this table does not know yet."""
    known = STAGES.get(stage)
    return known.label if known else stage.capitalize()


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
        known = STAGES.get(stage, Stage(stage, stage, "items"))
        unit = f" {known.unit}" if known.unit else ""
        elapsed = now - started
        counted = known.unit and elapsed > 0 and done > first  # a rate of what is counted
        rate = f" ({(done - first) / elapsed:.1f}/s)" if counted else ""
        self.emit(f"ingest: {known.verb} {done:,}/{total:,}{unit}{rate}")
