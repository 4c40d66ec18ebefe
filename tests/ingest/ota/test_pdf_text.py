"""ingest.ota.pdf_text: a PDF extraction's page numbers and broken lines, mended."""

from ingest.ota.pdf_text import looks_like_pdf, mend
from tests.ingest.ota.dataset_repo import terms

LINES = [
    "1. This Agreement governs your relationship with Parler and your use of and access",
    "to all services and products provided by Parler (collectively, the Services). You agree",
    "that by accessing or using any part of the Services you are bound by these terms.",
]


def pdf_page(number: int) -> str:
    return "\n\n".join(LINES) + f"\n\n\n\n{number}\n\n\n\n"


def test_a_pdf_extraction_loses_its_page_numbers_and_broken_lines_only() -> None:
    text = "".join(pdf_page(n) for n in range(1, 12))
    assert looks_like_pdf(text)
    mended = mend(text)
    assert " ".join(LINES) in mended
    assert "\n\n2\n\n" not in mended
    assert mended.split() == [w for w in text.split() if not w.isdigit()]  # words unchanged


def test_other_text_is_left_as_it_is() -> None:
    assert not looks_like_pdf(terms())
    assert mend(terms()) == terms()
