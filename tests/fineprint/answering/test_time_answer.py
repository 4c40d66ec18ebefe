"""An answer about time as data: what the JSON contract carries."""

from __future__ import annotations

import re
from pathlib import Path

from fineprint.answering.time_answer import TimeAnswer, readable_diff
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


def test_the_json_keys_of_a_time_answer_are_the_readmes() -> None:
    readme = (Path(__file__).resolve().parents[3] / "README.md").read_text(encoding="utf-8")
    contract = readme[readme.index("- `time` (null unless") :]
    contract = contract[: contract.index("see\n  [Questions about time]")]
    keys = re.findall(r'"([a-z_]+)"', contract)
    data = TimeAnswer("what-changed", 5, changed_in=("2024-08-07",)).to_json()
    assert [k for k in keys if k in data] == list(data)
    assert data["changed_in"] == ["2024-08-07"]


def test_a_word_diff_is_shown_for_a_rewrite_not_for_two_different_sentences() -> None:
    rewrite = readable_diff(
        "the revised Terms of Use will become effective six (6) weeks after such notification",
        "the revised Terms of Use will become effective two (2) weeks after such notification",
    )
    assert [op.text for op in rewrite if op.op == "-"] == ["six (6)"]
    assert [op.text for op in rewrite if op.op == "+"] == ["two (2)"]
    # Discord 2022's termination clause against its 2025 appeals clause: nothing to diff
    assert not readable_diff(
        "Subject to applicable law, we reserve the right to suspend or terminate your account",
        "We value transparency and work hard to give you context for the decisions we make.",
    )
