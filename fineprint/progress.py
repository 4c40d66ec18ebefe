"""An ingest's stages as people read them, and plain progress lines for logs.

`STAGES` names each stage the ingest reports (`progress(stage, done, total)`) once, for every
surface: the command line's bars, the bot's re-ingest message and the plain lines below.

A progress bar draws nothing where output is not a terminal (a file, a CI log), and a 5-25
minute ingest that prints nothing looks hung. Every `every` seconds (and when a stage ends)
one line says where it is and, from the stage's rate so far, how long it has left:
`ingest: embedding 1,200/11,243 texts (43.1/s, about 4 min left)`.
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
    "history": Stage("Reading the dataset's history", "reading the dataset's history", "platforms"),
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
        rate = ""
        if counted:
            per_second = (done - first) / elapsed
            left = "" if finished else f", about {time_left((total - done) / per_second)} left"
            rate = f" ({per_second:.1f}/s{left})"
        self.emit(f"ingest: {known.verb} {done:,}/{total:,}{unit}{rate}")


def time_left(seconds: float) -> str:
    """ "40 s", "4 min", "1 h 5 min": rounded up, as a person estimates."""
    if seconds < 60:
        return f"{max(1, int(-(-seconds // 1)))} s"
    minutes = int(-(-seconds // 60))
    if minutes < 60:
        return f"{minutes} min"
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest} min" if rest else f"{hours} h"
