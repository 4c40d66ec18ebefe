"""`fineprint ask --json`'s answer object: the README's contract, field for field, in order."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from cli.render_json import answer_json
from cli.render_text import answer_text

FIELDS = [
    "id",
    "question",
    "platform",
    "as_of",
    "answer",
    "abstained",
    "citations",
    "time",
    "history",
    "summary",
    "summary_checked",
]


def test_json_contract_shape(answerer: Any) -> None:
    """Moved from tests/fineprint/answering/test_answer.py with the JSON rendering."""
    asked = answerer.ask("Can SoundCloud train AI on my voice?", k=2, id="q1")
    answer = answer_json(asked)
    assert list(answer) == FIELDS
    assert answer["answer"] == answer_text(asked)
    assert answer["summary"] is None and answer["summary_checked"] is False  # no LLM set
    assert answer["id"] == "q1" and answer["platform"] == "soundcloud" and answer["as_of"] is None
    assert answer["abstained"] is False
    assert 1 <= len(answer["citations"]) <= 2
    for citation in answer["citations"]:
        assert set(citation) == {
            "platform",
            "document",
            "section",
            "version_date",
            "url",
            "quote",
            "score",
            "similarity",
            "language",
            "effective_date",
            "variant",
            "attribution",
            "clause",
        }
        date.fromisoformat(citation["version_date"])
        # SoundCloud's terms print their "Last Amended" date; they name no regional operator
        assert citation["effective_date"] is None or date.fromisoformat(citation["effective_date"])
        assert citation["variant"] is None
        assert isinstance(citation["score"], float)
        assert citation["language"] == "en"
        assert citation["attribution"] is None  # the bundled corpus credits in corpus/README
        clause = citation["clause"]
        assert clause["text"]  # the whole clause the quote is cut from
        assert citation["quote"] in clause["text"]
        assert clause["end"] - clause["start"] == len(clause["text"])
    json.dumps(answer)


def test_an_abstention_has_no_citations_and_says_what_is_covered(answerer: Any) -> None:
    asked = answerer.ask("What's a good recipe for banana bread?", as_of=date(2024, 6, 1))
    answer = answer_json(asked)
    assert list(answer) == FIELDS
    assert answer["abstained"] is True and answer["citations"] == []
    assert answer["as_of"] == "2024-06-01"
    assert "Fineprint covers: " in answer["answer"]
