"""Text made safe to show: invisible controls that reorder or repaint what a reader sees are
written out as visible escapes.

Text a user typed or a document holds reaches Discord and terminals. Two kinds of invisible
character can make it lie about itself there: bidirectional controls (a right-to-left override
shows "?sey" for "yes?", in an answer's title or a quote) and terminal controls (an ESC
sequence recolours, moves the cursor or clears the screen; a carriage return overwrites the
line). Both front ends pass whatever they show through `neutralise`, which *shows* each such
character as its escape (`\\u202e`, `\\x1b`) rather than dropping it: nothing the text held is
hidden from the reader, and what follows an ESC (`[31m`) stays plain text. Newlines and tabs
stay; a CRLF becomes a newline. JSON output is not shown text and stays verbatim.
"""

from __future__ import annotations

# U+061C ARABIC LETTER MARK, U+200E/F LRM/RLM, U+202A-U+202E embeddings and overrides,
# U+2066-U+2069 isolates.
BIDI_CONTROLS = frozenset(
    [0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
)
# C0 controls but tab and newline, DEL, and the C1 controls (U+009B is a one-character CSI).
TERMINAL_CONTROLS = frozenset(
    [*(c for c in range(0x20) if chr(c) not in "\t\n"), 0x7F, *range(0x80, 0xA0)]
)


def _escape(code: int) -> str:
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


_TABLE = {code: _escape(code) for code in BIDI_CONTROLS | TERMINAL_CONTROLS}


def neutralise(text: str) -> str:
    """`text` with every bidirectional and terminal control shown as its escape.

    >>> neutralise("sell my music \\u202e?sey")
    'sell my music \\\\u202e?sey'
    >>> neutralise("\\x1b[31mRED\\x1b[0m\\r\\n")
    '\\\\x1b[31mRED\\\\x1b[0m\\n'
    """
    return text.replace("\r\n", "\n").translate(_TABLE)


def is_neutral(text: str) -> bool:
    """True when `text` holds no character `neutralise` would escape."""
    return not any(ord(char) in _TABLE for char in text)
