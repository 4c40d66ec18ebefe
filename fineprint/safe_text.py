"""Text made safe to show: invisible controls that reorder or repaint what a reader sees are
written out as visible escapes.

Text a user typed or a document holds reaches Discord and terminals. Two kinds of invisible
character can make it lie about itself there: bidirectional controls (a right-to-left override
shows "?sey" for "yes?", in an answer's title or a quote) and terminal controls (an ESC
sequence recolours, moves the cursor or clears the screen; a carriage return overwrites the
line). Both front ends pass whatever they show through `neutralise`:

- embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069) and terminal controls
  (C0 but tab and newline, DEL, C1) are *shown* as their escape (`\u202e`, `\x1b`), not
  dropped: the reader sees that the text held one, and what follows an ESC (`[31m`) stays
  plain text;
- the direction marks (LRM U+200E, RLM U+200F, ALM U+061C) are dropped: zero-width, they
  reorder nothing in the text around them once the others are escaped, and real terms carry
  stray ones from their HTML (ArtStation's do), where an escape would only be noise;
- newlines and tabs stay; a CRLF becomes a newline.

JSON output is data, not shown text: it stays verbatim.
"""

from __future__ import annotations

DIRECTION_MARKS = frozenset([0x061C, 0x200E, 0x200F])  # dropped
# U+202A-U+202E embeddings and overrides, U+2066-U+2069 isolates: escaped.
BIDI_CONTROLS = frozenset([*range(0x202A, 0x202F), *range(0x2066, 0x206A)])
# C0 controls but tab and newline, DEL, and the C1 controls (U+009B is a one-character CSI).
TERMINAL_CONTROLS = frozenset(
    [*(c for c in range(0x20) if chr(c) not in "\t\n"), 0x7F, *range(0x80, 0xA0)]
)


def _escape(code: int) -> str:
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


_TABLE: dict[int, str | None] = {code: _escape(code) for code in BIDI_CONTROLS | TERMINAL_CONTROLS}
_TABLE.update(dict.fromkeys(DIRECTION_MARKS))


def neutralise(text: str) -> str:
    """`text` with bidirectional and terminal controls shown as escapes, direction marks
    dropped (see the module docstring).

    >>> neutralise("sell my music \\u202e?sey\\u200e")
    'sell my music \\\\u202e?sey'
    >>> neutralise("\\x1b[31mRED\\x1b[0m\\r\\n")
    '\\\\x1b[31mRED\\\\x1b[0m\\n'
    """
    return text.replace("\r\n", "\n").translate(_TABLE)


def is_neutral(text: str) -> bool:
    """True when `text` holds no character `neutralise` would escape or drop."""
    return not any(ord(char) in _TABLE for char in text)
