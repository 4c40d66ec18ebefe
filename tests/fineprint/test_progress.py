"""Plain progress lines: one every few seconds (by a fake clock), and one when a stage ends."""

from __future__ import annotations

from fineprint.progress import PlainProgress, time_left


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_lines_come_every_few_seconds_with_counts_and_rate() -> None:
    lines: list[str] = []
    clock = Clock()
    progress = PlainProgress(lines.append, every=5.0, clock=clock)
    progress("embed", 0, 1000)
    assert lines == ["ingest: embedding 0/1,000 texts"]
    clock.now += 1
    progress("embed", 100, 1000)  # too soon: nothing
    assert len(lines) == 1
    clock.now += 4
    progress("embed", 500, 1000)
    assert lines[-1] == "ingest: embedding 500/1,000 texts (100.0/s, about 5 s left)"
    clock.now += 1
    progress("embed", 1000, 1000)  # the stage's end always prints
    assert lines[-1] == "ingest: embedding 1,000/1,000 texts (166.7/s)"


def test_a_stage_with_nothing_to_do_says_nothing() -> None:
    lines: list[str] = []
    progress = PlainProgress(lines.append, clock=Clock())
    progress("embed", 0, 0)
    assert lines == []


def test_every_surface_names_a_stage_alike() -> None:
    from fineprint.progress import STAGES, stage_label

    assert stage_label("embed") == STAGES["embed"].label == "Embedding new texts"
    assert stage_label("tidy") == "Tidy"  # a stage the table does not know yet
    lines: list[str] = []
    progress = PlainProgress(lines.append, clock=Clock())
    progress("index", 0, 1)
    progress("index", 1, 1)
    assert lines == [
        "ingest: building the search index 0/1",
        "ingest: building the search index 1/1",
    ]


def test_time_left_reads_as_a_person_says_it() -> None:
    assert [time_left(s) for s in (0.2, 40, 59.5, 61, 240, 3600, 3900)] == [
        "1 s",
        "40 s",
        "60 s",
        "2 min",
        "4 min",
        "1 h",
        "1 h 5 min",
    ]
