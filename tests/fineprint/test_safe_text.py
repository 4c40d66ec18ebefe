"""What `neutralise` escapes, what it keeps, and that it holds for every character."""

from __future__ import annotations

import pytest

from fineprint.safe_text import BIDI_CONTROLS, TERMINAL_CONTROLS, is_neutral, neutralise


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("can they sell my music \u202e?sey", "can they sell my music \\u202e?sey"),
        ("\u2066isolated\u2069 \u200e\u200f\u061c", "\\u2066isolated\\u2069 \\u200e\\u200f\\u061c"),
        ("\x1b[31mRED\x1b[0m", "\\x1b[31mRED\\x1b[0m"),
        ("\x9b2J C1 CSI", "\\x9b2J C1 CSI"),
        ("bell\x07 back\x08 del\x7f nul\x00", "bell\\x07 back\\x08 del\\x7f nul\\x00"),
        ("over\rwrite", "over\\x0dwrite"),
        ("line\r\nnext\n\tindented", "line\nnext\n\tindented"),
    ],
)
def test_controls_are_shown_escaped(raw: str, shown: str) -> None:
    assert neutralise(raw) == shown
    assert is_neutral(shown) and not is_neutral(raw)


def test_ordinary_text_is_untouched() -> None:
    text = "Fineprint · “quote” … 👍 ✏️ العربية עברית zero\u200bwidth @\u200beveryone"
    assert neutralise(text) == text


def test_every_listed_control_and_nothing_else_is_escaped() -> None:
    escaped = {code for code in range(0x3000) if neutralise(chr(code)) != chr(code)}
    assert escaped == (BIDI_CONTROLS | TERMINAL_CONTROLS) and 0x0A not in escaped
    assert all(is_neutral(neutralise(chr(code))) for code in escaped)
