"""Sentence-aligned windows of long clauses, each embedded on its own.

MiniLM was trained on inputs of at most 128 tokens, and the tuned model truncates there: the
vector of a 1,100-character paragraph says little about its last sentences (SoundCloud's 2024
"your Content may be used to inform, train, develop …" ends a paragraph about licences to
other users). So a clause longer than `WINDOW_CHARS` also gets vectors for windows of
consecutive sentences that start after its first sentence, each at most `WINDOW_CHARS` long and
overlapping the previous one by about half; a clause then scores by the best of its own vector
and its windows', and the quote is built around the window that scored.

Windows are a pure function of the clause, so ingest (which embeds them) and the search index
(which looks their vectors up by text hash) always agree.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from fineprint.catalog.clauses import Clause, short_hash
from fineprint.text import sentence_spans

WINDOW_CHARS = 480  # ~110-125 MiniLM tokens of English terms text, heading included


@dataclass(frozen=True, slots=True)
class Window:
    """`text[start:end]` of one clause, and what is embedded for it."""

    start: int
    end: int
    embedding_text: str

    @property
    def embedding_hash(self) -> str:
        return short_hash(self.embedding_text, size=32)


def window_spans(text: str, limit: int = WINDOW_CHARS) -> list[tuple[int, int]]:
    """Spans of windows after the opening one (the clause's own vector covers its start)."""
    if len(text) <= limit:
        return []
    sentences = sentence_spans(text)
    if len(sentences) < 2:
        return []
    spans: list[tuple[int, int]] = []
    first = 0
    while True:
        last = first
        while last + 1 < len(sentences) and sentences[last + 1][1] - sentences[first][0] <= limit:
            last += 1
        if first > 0:
            spans.append((sentences[first][0], sentences[last][1]))
        if last + 1 >= len(sentences):
            return spans
        middle = (sentences[first][0] + sentences[last][1]) // 2
        following = next(
            (n for n in range(first + 1, last + 1) if sentences[n][0] >= middle), last + 1
        )
        first = max(following, first + 1)


def clause_windows(clause: Clause) -> list[Window]:
    """The windows of one clause, embedded like the clause (heading, then plain text)."""
    return [
        Window(start, end, replace(clause, text=clause.text[start:end]).embedding_text)
        for start, end in window_spans(clause.text)
    ]
