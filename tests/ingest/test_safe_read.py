"""Reading hostile files: pipes, devices, links, bombs, bad dates and names are refused with
the file named (or cleaned), quickly, and the other files still ingest."""

from __future__ import annotations

import os
import socket
import threading
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from ingest.documents import DocumentError, read_corpus_file, read_plain_file
from ingest.pipeline import IngestReport, read_documents
from ingest.request import PlainFileSpec
from tests.ingest.files import write

BODY = "## Licence\n\nYou grant Acme a licence to host the zephyr recordings you upload.\n"


def front(platform: str = '"Acme"', day: str = "2024-01-02", extra: str = "") -> str:
    return f"---\nplatform: {platform}\ndocument: Terms\nversion_date: {day}\n{extra}---\n"


def read_all(paths: list[Path], limits: Any = None) -> IngestReport:
    """read_documents in a thread, so a regression that hangs fails instead of stalling."""
    report = IngestReport()
    result: list[object] = []
    extra = () if limits is None else (limits,)
    worker = threading.Thread(
        target=lambda: result.append(read_documents(paths, None, report, *extra)), daemon=True
    )
    worker.start()
    worker.join(120)
    assert not worker.is_alive(), "reading hung"
    return report


def problems(report: IngestReport) -> dict[str, str]:
    return dict(report.skipped)


def test_a_fifo_is_skipped_with_a_reason_and_the_rest_are_read(tmp_path: Path) -> None:
    good = write(tmp_path / "in" / "good.md", front() + BODY)
    fifo = tmp_path / "in" / "pipe.md"
    os.mkfifo(fifo)
    report = read_all([tmp_path / "in", fifo])  # the folder walk and the file given by name
    assert "named pipe (FIFO)" in problems(report)[str(fifo)]
    assert str(good) not in problems(report)


def test_sockets_devices_and_broken_links_are_named(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(folder / "sock.md"))
    (folder / "zero.md").symlink_to("/dev/zero")
    (folder / "gone.md").symlink_to(folder / "nowhere.md")
    (folder / "a.md").symlink_to(folder / "b.md")
    (folder / "b.md").symlink_to(folder / "a.md")
    (folder / "looping").symlink_to(folder)  # a folder loop: not followed
    write(folder / "good.md", front() + BODY)
    try:
        report = read_all([folder])
    finally:
        server.close()
    found = problems(report)
    assert "a socket" in found[str(folder / "sock.md")]
    assert "a character device" in found[str(folder / "zero.md")]
    for name in ("gone.md", "a.md", "b.md"):
        assert "leads nowhere" in found[str(folder / name)]
    assert str(folder / "good.md") not in found


def test_size_cap(tmp_path: Path) -> None:
    from ingest.safe_read import ReadLimits

    big = write(tmp_path / "big.md", front() + BODY + "x " * 5000)
    sparse = tmp_path / "sparse.md"
    with open(sparse, "wb") as handle:
        handle.truncate(30_000_000_000)  # 30 GB, sparse: refused before reading a byte
    report = read_all([big, sparse], ReadLimits(max_bytes=4000))
    assert "too large" in problems(report)[str(big)]
    assert "too large" in problems(report)[str(sparse)]


def test_per_file_time_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A reader stuck for good (a parser loop) is cut off by the deadline; the next file reads."""
    stuck, good = (
        write(tmp_path / "stuck.md", front() + BODY),
        write(tmp_path / "good.md", front() + BODY),
    )
    from ingest import pipeline
    from ingest.safe_read import ReadLimits

    real = pipeline._read_one

    def read_one(path: Path, plain: object, limits: ReadLimits):  # type: ignore[no-untyped-def]
        if path == stuck:
            threading.Event().wait()  # never set: only the deadline ends this
        return real(path, plain, limits)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "_read_one", read_one)
    report = IngestReport()
    documents = read_documents([stuck, good], None, report, ReadLimits(max_seconds=0.2))
    assert [d.path for d in documents] == [good]
    assert "took longer than 0.2s" in problems(report)[str(stuck)]


BOMB = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{chr(98 + n)}: &{chr(98 + n)} [" + ",".join([f"*{chr(97 + n)}"] * 9) + "]\n" for n in range(8)
)


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (front(extra=BOMB) + BODY, "aliases"),
        ("---\nplatform: &p Acme\ndocument: *p\nversion_date: 2024-01-02\n---\n" + BODY, "aliases"),
        (front(extra="deep: " + "[" * 40 + "]" * 40 + "\n") + BODY, "nests deeper"),
        (front(extra="pad: " + "x" * 20_000 + "\n") + BODY, "too long"),
        (front(day="2024-02-30") + BODY, "'2024-02-30' is not a date"),
        (front(day="20240102") + BODY, "is not a date"),
        (front(day="2090-01-01") + BODY, "in the future"),
        (front(platform="[hx, fm, platform, list, other]") + BODY, "must be text, not a list"),
        (front(platform="{name: Acme}") + BODY, "must be text, not a mapping"),
        (front(platform="12345") + BODY, "must be text"),
        (front(platform='"!!! ???"') + BODY, "no letters or digits"),
        (front(extra='source_url: "javascript:alert(1)"\n') + BODY, "not an http(s) URL"),
        (front(extra="x: !!python/object/apply:os.system [id]\n") + BODY, "malformed"),
    ],
    ids=[
        "alias-bomb",
        "alias-reuse",
        "deep-nesting",
        "long-front-matter",
        "impossible-date",
        "date-number",
        "future-date",
        "platform-list",
        "platform-mapping",
        "platform-number",
        "platform-punctuation",
        "javascript-url",
        "python-tag",
    ],
)
def test_front_matter_attacks_are_refused_naming_the_file(
    tmp_path: Path, content: str, problem: str
) -> None:
    path = write(tmp_path / "hostile.md", content)
    with pytest.raises(DocumentError) as caught:
        read_corpus_file(path)
    assert problem in str(caught.value) and str(path) in str(caught.value)


def test_dates_up_to_tomorrow_are_accepted(tmp_path: Path) -> None:
    tomorrow = date.today() + timedelta(days=1)
    document = read_corpus_file(write(tmp_path / "t.md", front(day=tomorrow.isoformat()) + BODY))
    assert document.version_date == tomorrow
    later = tmp_path / "later.txt"
    write(later, BODY)
    with pytest.raises(DocumentError, match="in the future"):
        read_plain_file(
            later, platform="Acme", document="Terms", version_date=tomorrow + timedelta(days=1)
        )


def test_navigation_only_html_is_refused(tmp_path: Path) -> None:
    menu = "".join(f"<li><a href='/p{n}'>Products for creators {n}</a></li>" for n in range(60))
    page = write(tmp_path / "nav.html", f"<html><body><nav><ul>{menu}</ul></nav></body></html>")
    with pytest.raises(DocumentError, match="almost no main text") as caught:
        read_plain_file(page, platform="Acme", document="Terms", version_date=date(2024, 1, 2))
    assert str(page) in str(caught.value)


def test_names_are_cleaned_and_bodies_lose_control_characters(tmp_path: Path) -> None:
    from ingest.names import MAX_NAME_CHARS, clean_name

    hostile = '"@everyone \\u0007Acme\\u202e <@123456789012345678> @here\\nMusic"'
    path = write(tmp_path / "n.md", front(platform=hostile) + "\x1b[31m" + BODY + "\x07")
    document = read_corpus_file(path)
    assert document.platform_name == "everyone Acme here Music"
    assert document.platform == "everyone-acme-here-music"
    assert "\x1b" not in document.body and "\x07" not in document.body
    assert "zephyr recordings" in document.body
    assert len(clean_name("word " * 100)) <= MAX_NAME_CHARS
    assert clean_name("＠everyone") == "everyone"
    plain = read_plain_file(
        write(tmp_path / "p.txt", BODY),
        platform="@here Acme",
        document="Terms\u200b of\tService",
        version_date=date(2024, 1, 2),
    )
    assert (plain.platform_name, plain.document_name) == ("here Acme", "Terms of Service")


def test_plain_spec_errors_name_the_file(tmp_path: Path) -> None:
    path = write(tmp_path / "t.txt", BODY)
    report = IngestReport()
    spec = PlainFileSpec("@@@", "Terms", date(2024, 1, 2))
    assert read_documents([path], spec, report) == []
    assert "no letters or digits" in problems(report)[str(path)]
