"""An answer about time as data: what the JSON contract carries."""

from __future__ import annotations

from fineprint.answering.time_answer import TimeAnswer
from fineprint.catalog.word_ops import word_diff


def test_a_time_answer_in_json_names_its_versions_and_words_its_diff() -> None:
    gone = TimeAnswer(
        "still-true",
        4,
        still=False,
        newest_version="2026-08-13",
        last_version="2023-05-30",
        said_instead=True,
        diff=tuple(word_diff("go to arbitration", "go to court")),
    )
    data = gone.to_json()
    assert data["still"] is False and data["said_instead"] is True
    assert (data["newest_version"], data["last_version"]) == ("2026-08-13", "2023-05-30")
    assert {"op": "removed", "text": "arbitration"} in data["diff"]
    assert {"op": "added", "text": "court"} in data["diff"]
