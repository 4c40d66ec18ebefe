"""👍 / 👎 on answers, kept as JSON lines for improving answers later.

A record holds the question, the citations and the vote — never who voted: no user id,
name or guild is written, so the file cannot pair a person with what they asked.
"""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from fineprint.answering.answer import Answer

Vote = Literal["up", "down"]


class FeedbackStore:
    """Appends one line per vote; safe to call from several worker threads."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()

    @staticmethod
    def record_for(answer: Answer, vote: Vote) -> dict[str, Any]:
        return {
            "time": datetime.now(UTC).isoformat(timespec="seconds"),
            "vote": vote,
            "answer_id": answer.id,
            "question": answer.question,
            "platform": answer.platform,
            "as_of": answer.as_of,
            "abstained": answer.abstained,
            "citations": [citation.to_json() for citation in answer.citations],
        }

    def add(self, answer: Answer, vote: Vote) -> None:
        """Blocking file append: call it off the event loop."""
        line = json.dumps(self.record_for(answer, vote), ensure_ascii=False)
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as handle:
                handle.write(line + "\n")

    def read(self) -> list[dict[str, Any]]:
        if not self.path.exists():
            return []
        lines = self.path.read_text(encoding="utf-8").splitlines()
        return [json.loads(line) for line in lines if line.strip()]
