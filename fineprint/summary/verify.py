"""The verifier: a summary is shown only if every claim in it is tied to a quote it was given.

Rules (a summary failing any one is dropped and the extractive answer stands alone):

1. It is not empty and at most `max_chars` characters long.
2. Every sentence carries at least one citation mark `[n]` (also `[1][2]`, `[1, 2]`), and every
   `n` is between 1 and the number of citations given. A bracket holding a digit that is not a
   well-formed mark (`[1-3]`, `[#2]`) is rejected rather than guessed at.
3. Every quoted span — text inside "…", “…”, «…», or ‘…’ / '…' opened at a word start and
   closed at a word end — is a verbatim substring of the quote of at least one of the
   citations *its own sentence* cites. Citing [2] for a phrase found only in [1] fails: a quote
   must be attributed to the clause it comes from. The only normalisation is collapsing runs
   of whitespace (models reflow line breaks); case, punctuation, apostrophes and ellipses must
   match exactly. Unbalanced or nested quotation marks fail, as does an empty quotation.
4. The one exception to rule 2 is the exact reply `NOT_ADDRESSED`, which claims nothing about
   the terms.

Sentences end at ".", "!" or "?" (with any closing quotes and citation marks on that line) before
whitespace, and at line breaks. Quoted text is masked before splitting, so a quoted sentence
does not split its own; a quote ending in a full stop still ends the sentence around it, so an
uncited sentence cannot hide behind a cited quote. Splitting errs towards too many sentences:
a wrong split can only reject a summary, never let an uncited claim through.

This module is pure text: it never sees the model, so nothing in a clause's text (say,
"ignore previous instructions") can change what it accepts.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

NOT_ADDRESSED = "The quoted terms do not address this."

MARK = re.compile(r"\[\s*(\d+(?:\s*,\s*\d+)*)\s*\]")
BRACKETS = re.compile(r"\[[^\[\]]*\]")
BOUNDARY = re.compile(r"[.!?]+[\"”»'’)]*(?:[ \t]*\[[^\[\]]*\])*(?=\s|$)|\n+")
SINGLE_QUOTED = re.compile(r"(?<!\w)['‘](?=\S)(.+?)(?<=\S)['’](?!\w)", re.DOTALL)
DOUBLE_PAIRS = {'"': '"', "“": "”", "«": "»"}
CLOSERS = {"”", "»"}
# Words that end in "." without ending a sentence. Kept short on purpose: a missed
# abbreviation only splits a sentence (which can reject, never admit).
ABBREVIATIONS = {"e.g.", "i.e.", "vs.", "cf.", "u.s."}
MASK = "_"


@dataclass(frozen=True)
class Quoted:
    """A quoted span: offsets of its text (without the marks) in the summary."""

    start: int
    end: int


class Unverifiable(ValueError):
    """The summary's quotation marks cannot be read unambiguously."""


def collapse(text: str) -> str:
    """Whitespace runs become one space: the only normalisation the verifier allows."""
    return " ".join(text.split())


def find_quotes(text: str) -> list[Quoted]:
    """Every quoted span in `text`, double-quoted ones first found left to right, then
    single-quoted ones in what remains. Raises `Unverifiable` on unbalanced marks."""
    spans: list[Quoted] = []
    closer: str | None = None
    opened = 0
    for at, char in enumerate(text):
        if closer is None:
            if char in DOUBLE_PAIRS:
                closer, opened = DOUBLE_PAIRS[char], at + 1
            elif char in CLOSERS:
                raise Unverifiable(f"a closing quotation mark {char} without its opening one")
        elif char == closer:
            spans.append(Quoted(opened, at))
            closer = None
        elif char in DOUBLE_PAIRS and char != '"':
            raise Unverifiable("nested quotation marks")
    if closer is not None:
        raise Unverifiable("a quotation mark that is never closed")
    masked = mask(text, spans)
    spans.extend(Quoted(m.start(1), m.end(1)) for m in SINGLE_QUOTED.finditer(masked))
    return sorted(spans, key=lambda span: span.start)


def mask(text: str, spans: Sequence[Quoted]) -> str:
    """`text` with each quoted span's characters hidden, except a closing run of sentence
    punctuation (so that `“We own it.” [1] They sell it.` still splits after the quote)."""
    chars = list(text)
    for span in spans:
        end = span.end
        while end > span.start and text[end - 1] in ".!?":
            end -= 1
        chars[span.start : end] = MASK * (end - span.start)
    return "".join(chars)


def sentences(masked: str) -> list[tuple[int, int]]:
    """Offsets of the sentences of an already masked text; pieces holding no words (stray
    marks, blank lines) are left out."""
    spans = []
    start = 0
    for match in BOUNDARY.finditer(masked):
        if match.group().startswith(".") and "[" not in match.group():
            words = masked[start : match.start()].split()
            if words and (words[-1] + ".").lower() in ABBREVIATIONS:
                continue
        spans.append((start, match.end()))
        start = match.end()
    spans.append((start, len(masked)))
    return [
        (a, b)
        for a, b in spans
        if any(char.isalnum() for char in BRACKETS.sub("", masked[a:b]).replace(MASK, "x"))
    ]


def marks(masked_sentence: str) -> list[int]:
    """The citation numbers in a (masked) sentence. Raises `Unverifiable` on a bracket that
    holds a digit but is not a well-formed mark."""
    numbers: list[int] = []
    for bracket in BRACKETS.finditer(masked_sentence):
        match = MARK.fullmatch(bracket.group())
        if match:
            numbers.extend(int(n) for n in re.split(r"\s*,\s*", match.group(1)))
        elif any(char.isdigit() for char in bracket.group()):
            raise Unverifiable(f"a malformed citation mark {bracket.group()}")
    return numbers


def verify_summary(summary: str, quotes: Sequence[str], *, max_chars: int) -> str | None:
    """Why `summary` must not be shown, or None when it passes every rule above.

    `quotes[n - 1]` is the verbatim text of citation [n], exactly as the model was given it.
    """
    text = summary.strip()
    if not text:
        return "the summary is empty"
    if len(text) > max_chars:
        return f"the summary is {len(text)} characters, over the budget of {max_chars}"
    if collapse(text) == NOT_ADDRESSED:
        return None
    try:
        spans = find_quotes(text)
        masked = mask(text, spans)
        for start, end in sentences(masked):
            sentence = collapse(text[start:end])
            cited = marks(masked[start:end])
            if not cited:
                return f"a sentence has no citation mark: {sentence!r}"
            unknown = sorted({n for n in cited if not 1 <= n <= len(quotes)})
            if unknown:
                given = f"[1]..[{len(quotes)}]" if quotes else "none"
                return f"citation {unknown} refers to no clause given (given: {given})"
            for span in spans:
                if start <= span.start < end:
                    quoted = collapse(text[span.start : span.end])
                    if not quoted:
                        return f"an empty quotation in {sentence!r}"
                    if not any(quoted in collapse(quotes[n - 1]) for n in set(cited)):
                        sources = "".join(f"[{n}]" for n in sorted(set(cited)))
                        return f"quotation {quoted!r} is not verbatim in its cited {sources}"
    except Unverifiable as problem:
        return str(problem)
    return None
