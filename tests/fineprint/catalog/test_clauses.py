"""The clause model: normalised text, stable clause keys, version ids and what is embedded."""

from __future__ import annotations

import hashlib
from datetime import date

from fineprint.catalog.clauses import (
    Clause,
    clause_key,
    content_hash,
    date_number,
    normalise_text,
    plain_text,
    short_hash,
    version_id,
)


def clause(text: str, section: tuple[str, ...] = ("Licence",), **extra: object) -> Clause:
    values: dict[str, object] = {
        "platform": "demo",
        "document": "terms",
        "version_date": date(2024, 2, 7),
        "section": section,
        "text": text,
        "start": 0,
        "end": len(text),
        "ordinal": 0,
    }
    values.update(extra)
    return Clause(**values)  # type: ignore[arg-type]


def test_normalise_text_flattens_markup_links_quotes_spacing_and_case() -> None:
    styled = "**Your**  [Licence](https://example.com/licence) to \u201cuse\u201d\u00a0it\n`now`"
    assert normalise_text(styled) == 'your licence to "use" it now'
    assert normalise_text("Your licence to \u2018use\u2019 it") == "your licence to 'use' it"


def test_plain_text_keeps_case_and_drops_link_targets() -> None:
    assert plain_text("See the **[Help Centre](https://x.test/help)**  > FAQ") == (
        "See the Help Centre FAQ"
    )


def test_clause_key_ignores_formatting_but_not_section_or_document() -> None:
    key = clause_key("demo", "terms", ("7. Licence",), "You grant us a licence.")
    assert key == clause_key("demo", "terms", ("7. **Licence**",), "You *grant* us a  licence.")
    assert key != clause_key("demo", "terms", ("8. Licence",), "You grant us a licence.")
    assert key != clause_key("demo", "privacy", ("7. Licence",), "You grant us a licence.")
    assert key != clause_key("demo", "terms", ("7. Licence",), "You grant us no licence.")
    assert clause("You grant us a licence.", ("7. Licence",)).clause_key == key


def test_version_id_is_the_same_from_a_date_or_its_iso_string() -> None:
    assert version_id("soundcloud", "terms-of-use", date(2024, 2, 7)) == (
        "soundcloud/terms-of-use/2024-02-07"
    )
    assert version_id("soundcloud", "terms-of-use", "2024-02-07") == (
        version_id("soundcloud", "terms-of-use", date(2024, 2, 7))
    )
    assert clause("x").version_id == "demo/terms/2024-02-07"


def test_date_numbers_keep_the_order_of_dates() -> None:
    days = [date(2018, 5, 25), date(2018, 12, 1), date(2019, 1, 31), date(2024, 2, 7)]
    numbers = [date_number(day) for day in days]
    assert numbers[-1] == 20240207
    assert numbers == sorted(numbers) and len(set(numbers)) == len(numbers)


def test_hashes() -> None:
    assert content_hash("body") == hashlib.sha256(b"body").hexdigest()
    assert content_hash("body") != content_hash("body ")
    assert len(short_hash("a", "b")) == 16 and len(short_hash("a", size=32)) == 32
    assert short_hash("a", "b") != short_hash("ab")  # parts are kept apart


def test_section_label_joins_the_path() -> None:
    assert clause("x", ("Your Content", "Licence")).section_label == "Your Content › Licence"
    assert clause("x", ()).section_label == ""


def test_embedding_text_leads_with_the_heading_without_its_number() -> None:
    licence = clause("You grant us a **licence** now.", ("7. Your Content", "(b) Licence"))
    assert licence.embedding_text == "Licence\nYou grant us a licence now."
    assert clause("Plain [text](https://x.test) here.", ()).embedding_text == "Plain text here."


def test_formatting_and_renumbering_share_one_embedding() -> None:
    one = clause("You grant us a [licence](https://x.test) now.", ("7. Licence",), ordinal=3)
    other = clause("You grant us a licence now.", ("8. Licence",), version_date=date(2025, 1, 1))
    assert one.embedding_hash == other.embedding_hash
    assert one.embedding_hash != clause("You grant us a licence now.", ("Payouts",)).embedding_hash
