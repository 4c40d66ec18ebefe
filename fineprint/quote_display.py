"""How a verbatim quote is shown in text: the words unchanged, the page markup made readable.

Quotes stay exact slices of the terms (JSON, checks and summaries use them as they are); only
the terminal and chat renderings pass through here:
- a Markdown table row `| Data | Purpose <br><br> more |` reads `Data · Purpose more` (also
  the part of a row a quote starts or stops in), and the `|---|` separator rows go;
- `<br>` tags become spaces;
- a Markdown link `[Privacy Policy](https://…)` reads `Privacy Policy`, bold and italic
  markers go, and a list item `*   User Data` reads `• User Data` on its own line (in a table
  cell, where lists follow `<br>`, it reads `• User Data` in the cell's run);
- a quote that stops mid-sentence (the corpus has paragraph breaks inside sentences, and long
  clauses are cut to their best sentences) ends with "…", and one that starts mid-sentence
  begins with "…", so nobody reads a fragment as the whole rule.
"""

from __future__ import annotations

import re

ELLIPSIS = "…"
_BREAK = re.compile(r"[ \t]*<br\s*/?>[ \t]*(?:<br\s*/?>[ \t]*)*", re.IGNORECASE)
_LINK = re.compile(r"!?\[([^\]\n]*)\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+\"[^\"]*\")?\)")
_EMPHASIS = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_BULLET = re.compile(r"^(\s*)[*+-]\s+(?=\S)")
# a list item after an HTML line break (pages put whole lists in one table cell)
_BREAK_BULLET = re.compile(r"[ \t]*(?:<br\s*/?>[ \t]*)+[*+-][ \t]+(?=\S)", re.IGNORECASE)
_SEPARATOR_ROW = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
# a lower-case word first ("and to train…"), but not a list marker such as "(xvii)" or "a)"
_STARTS_MID_SENTENCE = re.compile(r"[\"“‘'*_]*[a-z][a-z]*\b(?![.)])")
_ENDS_SENTENCE = re.compile(r"[.!?:;…][\"”’')\]*_]*$")


def _table_row(line: str) -> str:
    cells = [_BULLET.sub(r"\1• ", cell.strip()) for cell in line.strip().strip("|").split("|")]
    cells = [_BREAK.sub(" ", _BREAK_BULLET.sub(" • ", cell)).strip() for cell in cells]
    return " · ".join(cell for cell in cells if cell)


def _is_table_row(line: str) -> bool:
    """A row of a Markdown table, or the part of one a quote starts or stops in."""
    stripped = line.strip()
    return stripped.startswith("|") or (stripped.endswith("|") and " | " in stripped)


def _plain(line: str) -> str:
    """Link targets and emphasis markers out, a list marker as a bullet."""
    line = _EMPHASIS.sub(r"\2", _LINK.sub(r"\1", line))
    return _BULLET.sub(r"\1• ", line)


def readable(quote: str) -> str:
    """The quote with table pipes, HTML line breaks, Markdown links, emphasis and list markers
    turned into plain reading."""
    lines = []
    for line in quote.splitlines():
        if _SEPARATOR_ROW.match(line) and "-" in line:
            continue
        line = _plain(line)
        if _is_table_row(line):
            lines.append(_table_row(line))
        else:
            lines.append(_BREAK_BULLET.sub("\n• ", line))
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


LANGUAGE_NAMES = {
    "de": "German",
    "en": "English",
    "es": "Spanish",
    "fr": "French",
    "it": "Italian",
    "nl": "Dutch",
    "pt": "Portuguese",
}


def language_note(code: str) -> str | None:
    """ "in French" for a quote not in English (None for English): a reader should not take
    a French capture for the terms they agreed to in English."""
    if code.lower() in ("", "en"):
        return None
    return f"in {LANGUAGE_NAMES.get(code.lower(), code)}"
