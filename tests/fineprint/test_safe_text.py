"""What `neutralise` escapes, what it drops, what it keeps, for every character."""

from __future__ import annotations

import pytest

from fineprint.safe_text import (
    BIDI_CONTROLS,
    DIRECTION_MARKS,
    TERMINAL_CONTROLS,
    is_neutral,
    neutralise,
)


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("can they sell my music \u202e?sey", "can they sell my music \\u202e?sey"),
        (
            "\u2066isolated\u2069 \u202aembedded\u202c",
            "\\u2066isolated\\u2069 \\u202aembedded\\u202c",
        ),
        ("or \u200etechnological \u200f\u061cmeasures", "or technological measures"),
        ("\x1b[31mRED\x1b[0m", "\\x1b[31mRED\\x1b[0m"),
        ("\x9b2J C1 CSI", "\\x9b2J C1 CSI"),
        ("bell\x07 back\x08 del\x7f nul\x00", "bell\\x07 back\\x08 del\\x7f nul\\x00"),
        ("over\rwrite", "over\\x0dwrite"),
        ("line\r\nnext\n\tindented", "line\nnext\n\tindented"),
    ],
)
def test_controls_are_shown_escaped_and_marks_dropped(raw: str, shown: str) -> None:
    assert neutralise(raw) == shown
    assert is_neutral(shown) and not is_neutral(raw)


def test_ordinary_text_is_untouched() -> None:
    text = "Fineprint · “quote” … 👍 ✏️ العربية עברית zero\u200bwidth @\u200beveryone"
    assert neutralise(text) == text and is_neutral(text)


def test_every_listed_character_and_nothing_else() -> None:
    changed = {code for code in range(0x3000) if neutralise(chr(code)) != chr(code)}
    assert changed == BIDI_CONTROLS | TERMINAL_CONTROLS | DIRECTION_MARKS
    assert all(neutralise(chr(code)) == "" for code in DIRECTION_MARKS)
    assert all(is_neutral(neutralise(chr(code))) for code in changed)
