"""The text every embed is built from: quotes cut only at sentence boundaries, user text
escaped."""

from __future__ import annotations

import pytest

from bot import render


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("One. Two. Three.", 100, "One. Two. Three."),
        ("One sentence. Another one here. And a third.", 35, "One sentence. Another one here. …"),
        ("A single sentence far too long to fit anywhere", 20, "A single sentence…"),
    ],
)
def test_trim_at_sentence(text: str, limit: int, expected: str) -> None:
    assert render.trim_at_sentence(text, limit) == expected
    assert len(render.trim_at_sentence(text, limit)) <= limit


def test_user_text_is_escaped() -> None:
    shown = render.user_text("**bold** @everyone [link](https://evil.example)\n\nnext")
    assert "**" not in shown.replace("\\*", "") and "@\u200beveryone" in shown
    assert "\n" not in shown
