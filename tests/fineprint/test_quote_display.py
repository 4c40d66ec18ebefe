"""Quotes shown in text: tables read as text, fragments marked with "…"."""

from __future__ import annotations

from fineprint.quote_display import display_quote, readable


def test_a_markdown_table_row_reads_as_cells() -> None:
    quote = "| Data | Purpose |\n|---|---|\n| Email <br><br> address | Sign-in <br/> only |"
    assert readable(quote) == "Data · Purpose\nEmail address · Sign-in only"


def test_a_quote_inside_a_table_row_reads_as_cells_and_bullets() -> None:
    # Spotify's privacy table: a quote from the middle of a row, lists behind <br> in cells
    quote = (
        "For example:<br><br>*   to build AI features<br>*   to enforce our "
        "[User Guidelines](https://example.com/g). | *   User Data<br>*   Voice Data |"
    )
    assert readable(quote) == (
        "For example: • to build AI features • to enforce our User Guidelines. · "
        "• User Data • Voice Data"
    )
    assert readable("We collect:<br>*   User Data<br>*   Usage Data") == (
        "We collect:\n• User Data\n• Usage Data"
    )
    assert readable("Fees | taxes are separate.") == "Fees | taxes are separate."


def test_a_quote_cut_mid_sentence_ends_with_an_ellipsis() -> None:
    assert display_quote("You keep ownership of your content") == (
        "You keep ownership of your content…"
    )
    assert display_quote("You keep ownership of your content.") == (
        "You keep ownership of your content."
    )
    assert display_quote("“You keep it.”") == "“You keep it.”"


def test_a_quote_that_starts_mid_sentence_begins_with_an_ellipsis() -> None:
    assert display_quote("and to train models on it.") == "…and to train models on it."


def test_plain_prose_is_unchanged() -> None:
    text = "We will not use your content to train generative AI models (see 4.2)."
    assert display_quote(text) == text


def test_a_list_item_is_not_taken_for_a_fragment() -> None:
    text = "(xvii) You must not impersonate a person."
    assert display_quote(text) == text
    assert display_quote("a) You keep your rights.") == "a) You keep your rights."


def test_links_emphasis_and_list_markers_read_as_plain_text() -> None:
    quote = "Read our [Privacy Policy](https://example.com/p_(1)) and the **Licence.**"
    assert display_quote(quote) == "Read our Privacy Policy and the Licence."
    assert display_quote("We collect:\n*   User Data\n-   Usage Data.") == (
        "We collect:\n• User Data\n• Usage Data."
    )


def test_a_lone_asterisk_in_text_is_not_taken_for_markup() -> None:
    assert display_quote("Fees are 2 * 3 per item.") == "Fees are 2 * 3 per item."
