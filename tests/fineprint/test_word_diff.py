"""The word diff as people read it: the changed words with a little context, within the room
given, in wdiff's marks for the terminal and in Discord Markdown, the document's own
Markdown escaped."""

from __future__ import annotations

from fineprint import word_diff
from fineprint.catalog.word_ops import word_diff as diff_words

OPENING = "These Terms of Use govern the relationship between you and the company in full. "
RULE = "We may use your content to improve the service. "
CLOSING = "Nothing in these terms limits any rights you have under the law of your country."


def test_a_change_reads_with_its_context_and_the_far_text_elided() -> None:
    ops = diff_words(OPENING + RULE + CLOSING, OPENING + RULE.replace("may", "will") + CLOSING)
    shown = word_diff.terminal(ops)
    assert shown.startswith("… ") and shown.endswith(" …")
    assert "We [-may-] {+will+} use your content" in shown
    kept = shown.replace("[-may-] {+will+} ", "").strip("… ").split()
    assert len(kept) == 2 * word_diff.CONTEXT  # six words either side, the rest elided


def test_two_far_apart_changes_are_two_hunks_and_room_drops_the_second() -> None:
    before = OPENING + RULE + CLOSING
    after = before.replace("relationship", "contract").replace("your country", "Ireland")
    ops = diff_words(before, after)
    both = word_diff.terminal(ops)
    assert "[-relationship-] {+contract+}" in both and "{+Ireland.+}" in both
    assert " … " in both.strip("… ")  # the kept middle is elided
    first = word_diff.terminal(ops, room=len(both) - 10)
    assert "{+contract+}" in first and "Ireland" not in first and first.endswith("…")
    assert len(first) <= len(both) - 10


def test_a_change_too_long_for_the_room_keeps_less_context_first() -> None:
    ops = diff_words(OPENING + RULE + CLOSING, OPENING + RULE.replace("may", "will") + CLOSING)
    tight = word_diff.terminal(ops, room=30)
    assert "[-may-] {+will+}" in tight and len(tight) <= 30


def test_markdown_marks_changes_and_escapes_the_documents_own_markdown() -> None:
    ops = diff_words(
        "You keep *all* rights_to your ~content~ and `code`.",
        "You grant us all rights_to your ~content~ and `code`.",
    )
    shown = word_diff.markdown(ops)
    assert "~~keep all~~" in shown or "~~keep~~" in shown
    assert "**grant us" in shown
    assert r"rights\_to" in shown and r"\~content\~" in shown and r"\`code\`" in shown


def test_links_and_emphasis_read_as_plain_words() -> None:
    ops = diff_words(
        "Read the [Privacy Policy](https://example.com/privacy) now.",
        "Read the **Cookie Policy** now.",
    )
    shown = word_diff.terminal(ops)
    assert "https://" not in shown and "**" not in shown
    assert "Cookie" in shown and "Privacy" in shown


def test_no_change_shows_nothing() -> None:
    assert word_diff.terminal(diff_words(RULE, RULE)) == ""
    assert word_diff.markdown(diff_words(RULE, RULE), room=100) == ""


def test_colour_turns_marks_into_terminal_colours_line_by_line() -> None:
    text = "We [-may-] {+will\n        not+} use it."
    coloured = word_diff.colour(text)
    assert "\x1b[31;9mmay\x1b[0m" in coloured
    assert "\x1b[32;1mwill\x1b[0m\n        \x1b[32;1mnot\x1b[0m" in coloured
    assert "[-" not in coloured and "{+" not in coloured


def test_a_long_addition_after_the_first_change_shows_its_first_words() -> None:
    # DistroKid 2022 → 2024: two words added at the start, a long minors clause at the end
    before = "By accessing the Services, you represent that you are over eighteen. " + CLOSING
    after = (
        "By accessing and using the Services, you represent that you are over eighteen. "
        + CLOSING
        + " If you are under 18 but at least thirteen (13) years old, you use the Services with"
        " the consent of your parent or legal guardian, who agrees to these terms for you."
    )
    shown = word_diff.terminal(diff_words(before, after), 200)
    assert len(shown) <= 200
    assert "{+and using+}" in shown
    assert "{+If you are under 18 but" in shown and shown.endswith("…+}")
