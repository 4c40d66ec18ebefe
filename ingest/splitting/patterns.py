"""Characters, patterns and thresholds: every tuned number and regular expression the
splitting passes share, kept together so a rule's limits are read (and changed) side by side.

A change here changes every clause id on the next ingest (the source hash covers this package),
so the store is re-split; unchanged texts are not re-embedded.
"""

from __future__ import annotations

import re

WORD = re.compile(r"[^\W_]")
INVISIBLE = "\ufeff\u200b\u200c\u200d\u2060\u00ad"
DROP_INVISIBLE = {ord(c): None for c in INVISIBLE}
ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")  # a Markdown backslash escape
SHELTER = 0xE000  # escaped characters wait in the private use area while emphasis goes
UNSHELTER = {SHELTER + code: code for code in range(33, 127)}
LABEL_MAX = 80  # heading labels are cut at a word boundary past this length
CAPS_MAX = 120  # an ALL-CAPS heading line may run longer than other headings
HEADING_LINE_MAX = 400  # raw characters (links included) a heading line may take
TITLE_WORDS = 12  # words after the number in a numbered heading line
DOTTED_TITLE_WORDS = 6  # "f. Limitation de responsabilité." ends with a dot yet is a title
PLAIN_WORDS = 10  # a plain one-line heading has at most this many words…
PLAIN_CHARS = 70  # …and characters
BOLD_OPENERS = ("**", "__", "[**", "[__", "[](")
WEAK_RANKS = {"bold": 70.0, "caps": 70.0, "plain": 70.5}  # ATX/setext levels rank 10-60
NUMBERED_RANKS = 65  # "A." is 65, "1." 71, "1.2" 72, "(a)" 76, "i." 77
LETTER_RANK = 76
LEAF_RANK = 90  # below any numbering
BOX_REPEATS = 5  # a weak heading seen this often labels boxes, not sections
ROMAN_RANK = 77
SHORT_SENTENCE = 40  # characters: a shorter "sentence" is a lead-in title, not a break
WIDGET_TEXT = 150  # characters: longer text under a furniture heading is kept
NAV_LABEL = 60  # characters: longer lines are never taken for menu labels
TOC_RUN = 3  # headings (or list entries) in a row before they may be a table of contents
TOC_SHARE = 0.6  # share of list entries naming a heading for the list to be a TOC
TOC_SUMMARY = 600  # characters of summary a table-of-contents heading may carry

ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
RULE = re.compile(r"^ {0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$")
BULLET = re.compile(r"^[ \t\u00a0]*(?:[*+•·]|-|\\-|–)[ \t\u00a0]+\S")
ORDERED = re.compile(r"^[ \t\u00a0]*\d{1,3}[.)][ \t\u00a0]+\S")  # markdown ordered list item
MARKER = re.compile(r"^[ \t\u00a0]*(?:[*+•·–-]|\\-|\d{1,3}[.)])[ \t\u00a0]+")
TABLE_ROW = re.compile(r"^\s*\|")
EMPTY_ANCHORS = re.compile(r"^(?:\s*\[\]\([^)]*\))+")
EMPHASIS = re.compile(r"\*\*|__|(?<![\w*])[*_](?=\S)|(?<=\S)[*_](?![\w*])")
DATELINE = re.compile(
    r"^(?:last\s+)?(?:updated|modified|revised|amended|effective|published|dated|version"
    r"|as\s+of|released|derni[eè]re\s+mise\s+[aà]\s+jour|en\s+vigueur)",
    re.IGNORECASE,
)

# "Snap Group Limited Terms of Service", "Privacy Policy": a brand, then the document's name
DOCUMENT_TITLE = re.compile(
    r"^(?:[A-Z][\w.&'’-]*\s+){0,4}(?:[Tt]erms\s+of\s+(?:[Ss]ervice|[Uu]se)"
    r"|[Pp]rivacy\s+(?:[Pp]olicy|[Nn]otice)|[Tt]erms\s+and\s+[Cc]onditions"
    r"|[Cc]ommunity\s+[Gg]uidelines|[Uu]ser\s+[Aa]greement|[Cc]onditions\s+g[ée]n[ée]rales.*"
    r"|[Pp]olitique\s+de\s+confidentialit[ée])(?:\s*\([^)]*\))?$"
)
MONTH_YEAR = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(?:\d{1,2},?\s+)?\d{4}",
    re.IGNORECASE,
)

# Clause numbering at the start of a paragraph or heading, after optional bold markers.
NUMBER = re.compile(
    r"""^(?P<open>\*\*\s*)?(?P<label>
        (?P<dec>\d{1,2}(?:\\?\.\d{1,3}){0,3})(?P<dot>\\?\.)?(?=[\s*\u00a0])
      | \((?P<paren>[a-zA-Z]{1,5}|\d{1,2})\)
      | (?P<item>[a-zA-Z]{1,5}|\d{1,2})(?P<sep>\\?\.|\))(?=[\s*\u00a0])
    )""",
    re.VERBOSE,
)
ROMAN = re.compile(r"^(?=[ivxlc])m{0,3}(?:c[md]|d?c{0,3})(?:x[cl]|l?x{0,3})(?:i[xv]|v?i{0,3})$")
# A short title right after an unbolded number: "c. Termination. The licence …"
LEAD_TITLE = re.compile(r"^([A-Z][^.:;,!?()\n]{0,58}?)[.:][ \t\u00a0]+(?=[\"“'‘(A-Z])")
CUTTERS = (
    # a new list item, numbered item or table row starts on the next line
    re.compile(
        r"\n(?=[ \t\u00a0>]*(?:(?:[*+•·–-]|\\-|\d{1,3}(?:\\?\.|\))|\((?:[a-zA-Z]{1,5}|\d{1,2})\)"
        r"|[a-z]{1,4}[.)])[ \t\u00a0]|\|))"
    ),
    re.compile(r"\n"),  # any other line break
    re.compile(r"(?:<br\s*/?>\s*)+", re.IGNORECASE),  # HTML line breaks inside a cell or item
    re.compile(r"(?<=\S)[ \t]+\|[ \t]+(?=\S)"),  # table cells
)
SENTENCE_END = re.compile(r"[.!?…](?:[\"”’'»)\]*_]*)(?=\s+\S)|[.!?…](?:[\"”’'»)\]*_]*)$")
ABBREVIATIONS = frozenset(
    "e.g i.e etc inc ltd co corp llc no nos vs v mr mrs ms dr st art sec para cf al approx "
    "fig jan feb mar apr jun jul aug sep sept oct nov dec u.s u.k e.u p.o s.a s.a.s gmbh kg "
    "resp incl min max dept est ca pp op seq cit id".split()
)
