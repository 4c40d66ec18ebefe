"""Reading documents: the corpus format, plain files, and the per-file errors."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from ingest.documents import DocumentError, read_corpus_file, read_plain_file
from tests.conftest import CORPUS
from tests.ingest.files import write, write_pdf

FRONT = '---\nplatform: "Acme"\ndocument: "Terms of Service"\nversion_date: "{day}"\n---\n'


def test_corpus_file_takes_slugs_from_its_folders_and_keeps_the_body_verbatim() -> None:
    path = CORPUS / "x-twitter/terms-of-service/2023-04-18.md"
    document = read_corpus_file(path)
    raw = path.read_text(encoding="utf-8")
    assert (document.platform, document.document) == ("x-twitter", "terms-of-service")
    assert document.platform_name == "X (Twitter)"
    assert document.version_date == date(2023, 4, 18)
    assert raw.endswith(document.body) and not document.body.startswith("---")
    assert document.source_url == "https://twitter.com/tos"


def test_file_outside_the_layout_gets_slugs_from_its_names(tmp_path: Path) -> None:
    path = write(tmp_path / "acme.md", FRONT.format(day="2024-01-02") + "You keep your rights.\n")
    document = read_corpus_file(path)
    assert (document.platform, document.document) == ("acme", "terms-of-service")


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("no front matter here, just terms text that is long enough", "no YAML front matter"),
        (
            '---\ndocument: "Terms"\nversion_date: "2024-01-02"\n---\nSome terms text.\n',
            "no 'platform'",
        ),
        (FRONT.format(day="2024-13-45") + "Some terms text here.\n", "is not a date"),
        (FRONT.format(day="soon") + "Some terms text here.\n", "is not a date"),
        (FRONT.format(day="2024-01-02") + "\n  \n", "empty body"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (b"---\nplatform: \xff\xfe\n---\n", "not UTF-8"),
        ("---\nplatform: [unclosed\n---\nSome terms text here.\n", "malformed front matter"),
    ],
)
def test_bad_files_raise_an_error_naming_the_file(
    tmp_path: Path, content: str | bytes, problem: str
) -> None:
    path = write(tmp_path / "bad.md", content)
    with pytest.raises(DocumentError) as caught:
        read_corpus_file(path)
    assert problem in str(caught.value)
    assert str(path) in str(caught.value)


def test_plain_html_is_reduced_to_its_main_text(tmp_path: Path) -> None:
    html = (
        "<html><head><title>Terms</title></head><body><nav><a href='/'>Home</a></nav>"
        "<main><h1>Terms of Service</h1><h2>Your Content</h2>"
        "<p>You retain ownership of all the content you upload to Acme. By uploading, you grant "
        "Acme a worldwide licence to host and display it.</p>"
        "<p>We will not use your content to train machine learning models.</p></main>"
        "<footer>Cookie settings</footer></body></html>"
    )
    path = write(tmp_path / "terms.html", html)
    document = read_plain_file(
        path, platform="Acme Music", document="Terms of Service", version_date=date(2025, 1, 1)
    )
    assert document.platform == "acme-music"
    assert "You retain ownership" in document.body
    assert "train machine learning models" in document.body
    assert "<p>" not in document.body


def test_plain_text_and_unsupported_types(tmp_path: Path) -> None:
    text = write(tmp_path / "terms.txt", "1. Licence\nYou grant us a licence to your uploads.\n")
    document = read_plain_file(
        text, platform="Acme", document="Terms", version_date=date(2025, 1, 1)
    )
    assert document.body.startswith("1. Licence")
    odd = write(tmp_path / "terms.docx", "whatever")
    with pytest.raises(DocumentError, match="unsupported file type"):
        read_plain_file(odd, platform="Acme", document="Terms", version_date=date(2025, 1, 1))


def test_pdf_text_is_extracted(tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "terms.pdf", ["You keep ownership of your content."])
    document = read_plain_file(
        path, platform="Acme", document="Terms", version_date=date(2025, 1, 1)
    )
    assert "You keep ownership of your content." in document.body
    broken = write(tmp_path / "broken.pdf", b"%PDF-1.4 not really a pdf at all, just text")
    with pytest.raises(DocumentError):
        read_plain_file(broken, platform="Acme", document="Terms", version_date=date(2025, 1, 1))
