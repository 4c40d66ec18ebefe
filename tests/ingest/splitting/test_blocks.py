"""The units and span helpers the passes share (`ingest/splitting/blocks.py`): line and span
edges that never hold a CR, whitespace or an invisible character."""

from __future__ import annotations

from ingest.splitting.blocks import is_blank, line_spans, trim


def test_line_spans_leave_out_the_newline_and_a_cr_before_it() -> None:
    assert line_spans("a\r\nbc\n\nd") == [(0, 1), (3, 5), (6, 6), (7, 8)]
    assert line_spans("x\n") == [(0, 1), (2, 2)]
    assert line_spans("") == [(0, 0)]


def test_trim_moves_past_whitespace_and_invisible_characters() -> None:
    body = "\ufeff  text \u200b\n"
    start, end = trim(body, 0, len(body))
    assert body[start:end] == "text"
    assert trim("   ", 0, 3) == (3, 3)  # empty, never crossed


def test_invisible_characters_alone_are_blank() -> None:
    assert is_blank(" \u200d\t")
    assert is_blank("\u00ad")  # a soft hyphen
    assert not is_blank(" a ")
