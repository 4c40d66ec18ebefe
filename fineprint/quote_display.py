"""How a verbatim quote is shown in text: the words unchanged, the page markup made readable.

Quotes stay exact slices of the terms (JSON, checks and summaries use them as they are); only
the terminal and chat renderings pass through here:
- a Markdown table row `| Data | Purpose <br><br> more |` reads `Data · Purpose more`, and
  the `|---|` separator rows go;
- `<br>` tags become spaces;
- a quote that stops mid-sentence (the corpus has paragraph breaks inside sentences, and long
  clauses are cut to their best sentences) ends with "…", and one that starts mid-sentence
  begins with "…", so nobody reads a fragment as the whole rule.
"""

from __future__ import annotations

import re

ELLIPSIS = "…"
_BREAK = re.compile(r"[ \t]*<br\s*/?>[ \t]*(?:<br\s*/?>[ \t]*)*", re.IGNORECASE)
_SEPARATOR_ROW = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
# a lower-case word first ("and to train…"), but not a list marker such as "(xvii)" or "a)"
_STARTS_MID_SENTENCE = re.compile(r"[\"“‘'*_]*[a-z][a-z]*\b(?![.)])")
_ENDS_SENTENCE = re.compile(r"[.!?:;…][\"”’')\]*_]*$")


def _table_row(line: str) -> str:
    cells = [_BREAK.sub(" ", cell).strip() for cell in line.strip().strip("|").split("|")]
    return " · ".join(cell for cell in cells if cell)


def readable(quote: str) -> str:
    """The quote with table pipes and HTML line breaks turned into plain reading."""
    lines = []
    for line in quote.splitlines():
        if _SEPARATOR_ROW.match(line) and "-" in line:
            continue
        lines.append(_table_row(line) if line.lstrip().startswith("|") else line)
    return _BREAK.sub(" ", "\n".join(lines)).strip()


def display_quote(quote: str) -> str:
    """`readable(quote)`, marked with "…" where it starts or stops inside a sentence."""
    text = readable(quote)
    if not text:
        return text
    if not _ENDS_SENTENCE.search(text):
        text += ELLIPSIS
    if _STARTS_MID_SENTENCE.match(text):
        text = ELLIPSIS + text
    return text
