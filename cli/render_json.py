"""An `Answer` as `fineprint ask --json` prints it (and each `--jsonl` line): the documented
contract (README, "JSON shapes"), keys in this order. Its `answer` is the terminal text."""

from __future__ import annotations

from typing import Any

from cli.render_text import answer_text
from fineprint.answering.answer import Answer


def answer_json(answer: Answer) -> dict[str, Any]:
    return {
        "id": answer.id,
        "question": answer.question,
        "platform": answer.platform,
        "as_of": answer.as_of,
        "answer": answer_text(answer),
        "abstained": answer.abstained,
        "citations": [citation.to_json() for citation in answer.citations],
        "time": answer.time.to_json() if answer.time is not None else None,
        "history": [entry.to_json() for entry in answer.history],
        "summary": answer.summary,
        "summary_checked": answer.summary_checked,
    }
