"""Captures extracted from a PDF: page numbers and hard line breaks mended.

Some declarations fetch a PDF (Parler's terms in 2022-23): its text comes with a blank line
after every printed line, so sentences break mid-way ("…use of and access\\n\\nto all
services…") and page numbers stand alone between paragraphs. Such a capture is told by its
breaks (at least PDF_BREAKS of its paragraph breaks fall before a lower-case word, after no
closing punctuation) and mended before it is stored: a mid-sentence break becomes a space and
a line holding only a page number goes. Only whitespace and page numbers change, so every
quote is still the capture's words.
"""

from __future__ import annotations

import re

PDF_BREAKS = 0.3
MIN_BREAKS = 20
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_MID_SENTENCE = re.compile(r"(?<=[^\s.:;!?)\]])[ \t]*\n(?:[ \t]*\n)+[ \t]*(?=[a-z(])")
_PAGE_NUMBER = re.compile(r"(?:\A|(?<=\n))[ \t]*\d{1,3}[ \t]*\n(?=[ \t]*\n)")


def looks_like_pdf(text: str) -> bool:
    breaks = len(_PARAGRAPH_BREAK.findall(text))
    return breaks >= MIN_BREAKS and len(_MID_SENTENCE.findall(text)) >= PDF_BREAKS * breaks


def mend(text: str) -> str:
    """The text with page-number lines dropped and mid-sentence breaks joined (a PDF
    extraction only; any other text is returned as it is)."""
    if not looks_like_pdf(text):
        return text
    return _MID_SENTENCE.sub(" ", _PAGE_NUMBER.sub("", text))
