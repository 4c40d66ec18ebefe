"""The bench sets written blind are frozen: their hashes are recorded in bench/FROZEN.md, so a
question edited after answers were seen shows up as a failing test, not as a better figure."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"
ROW = re.compile(
    r"^\| `(?P<name>[^`]+\.jsonl)` \| (?P<count>\d+) \|"
    r"(?: [^|]+ \|)? `(?P<digest>[0-9a-f]{64})` \|$"
)
NOTES = ("FROZEN.md", "MATERIALITY_LABELS.md")  # where each frozen set's hash is written


def frozen_rows() -> list[tuple[str, int, str]]:
    rows = []
    for note in NOTES:
        for line in (BENCH / note).read_text(encoding="utf-8").splitlines():
            match = ROW.match(line)
            if match:
                rows.append((match["name"], int(match["count"]), match["digest"]))
    return rows


def test_the_notes_list_every_frozen_set() -> None:
    assert {name for name, _, _ in frozen_rows()} == {
        "questions_wave3.jsonl",
        "history_questions_wave3.jsonl",
        "history_questions_wave4.jsonl",
        "nonsense_questions.jsonl",
        "materiality_sample.jsonl",
        "materiality_labels.jsonl",
        "materiality_train_sample.jsonl",
        "materiality_train_labels.jsonl",
    }


@pytest.mark.parametrize(("name", "count", "digest"), frozen_rows())
def test_a_frozen_set_is_unchanged(name: str, count: int, digest: str) -> None:
    data = (BENCH / name).read_bytes()
    assert hashlib.sha256(data).hexdigest() == digest
    assert len([line for line in data.decode("utf-8").splitlines() if line.strip()]) == count
