"""Reading dated terms documents from disk into `SourceDocument`s.

Two kinds of input: the corpus format (Markdown with YAML front matter naming the platform,
document and version date) and plain Markdown / HTML / text / PDF files whose platform,
document and date come from the command line. Every problem is a `DocumentError` that names
the file, so one bad file is reported and skipped while the rest ingest.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

FRONT_MATTER = re.compile(r"\A---\r?\n(.*?)\r?\n---\r?\n", re.DOTALL)
DATED_NAME = re.compile(r"^\d{4}-\d{2}-\d{2}$")
READABLE_SUFFIXES = {".md", ".markdown", ".txt", ".html", ".htm", ".pdf"}
MIN_BODY_CHARS = 20


class DocumentError(Exception):
    """A file that cannot be ingested; the message names the file and the problem."""

    def __init__(self, path: Path, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


@dataclass(frozen=True, slots=True)
class SourceDocument:
    """One dated version of one document, with its body exactly as it will be stored."""

    platform: str
    document: str
    version_date: date
    body: str
    path: Path
    platform_name: str
    document_name: str
    source_url: str = ""
    language: str = "en"


def slugify(name: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return slug or "unnamed"


def parse_date(value: object, path: Path, field: str = "version_date") -> date:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise DocumentError(path, f"{field} {value!r} is not a date (expected YYYY-MM-DD)")


def decode_text(raw: bytes, path: Path) -> str:
    """UTF-8 text, refusing binary files rather than ingesting garbage."""
    if b"\x00" in raw[:8192]:
        raise DocumentError(path, "looks like a binary file (NUL bytes), not text")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise DocumentError(
            path, f"is not UTF-8 text ({error.reason} at byte {error.start})"
        ) from None
    return text.removeprefix("\ufeff")


def _require_body(body: str, path: Path) -> str:
    if len(body.strip()) < MIN_BODY_CHARS:
        raise DocumentError(path, "has an empty body (no terms text after the front matter)")
    return body


def read_corpus_file(path: Path) -> SourceDocument:
    """A corpus file: YAML front matter (platform, document, version_date, …) then the body.

    Slugs come from the `<platform>/<document>/<YYYY-MM-DD>.md` folders when the file sits in
    that layout (they are the names users and the eval set use), else from the names.
    """
    text = decode_text(path.read_bytes(), path)
    if not text.strip():
        raise DocumentError(path, "is empty")
    match = FRONT_MATTER.match(text)
    if match is None:
        raise DocumentError(path, "has no YAML front matter (expected a '---' block first)")
    try:
        meta = yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError as error:
        raise DocumentError(path, f"has malformed front matter: {error}") from None
    if not isinstance(meta, dict):
        raise DocumentError(path, "front matter is not a mapping of fields")
    platform_name = str(meta.get("platform") or "").strip()
    if not platform_name:
        raise DocumentError(path, "front matter has no 'platform'")
    document_name = str(meta.get("document") or "").strip()
    if not document_name:
        raise DocumentError(path, "front matter has no 'document'")
    if "version_date" not in meta:
        raise DocumentError(path, "front matter has no 'version_date'")
    version_date = parse_date(meta["version_date"], path)
    body = _require_body(text[match.end() :], path)
    platform, document = slugify(platform_name), slugify(document_name)
    if DATED_NAME.match(path.stem) and path.parent.parent.name:
        platform, document = path.parent.parent.name, path.parent.name
    return SourceDocument(
        platform=platform,
        document=document,
        version_date=version_date,
        body=body,
        path=path,
        platform_name=platform_name,
        document_name=document_name,
        source_url=str(meta.get("source_url") or ""),
        language=str(meta.get("language") or "en"),
    )


def extract_plain_text(path: Path) -> str:
    """Body text of a plain file: HTML through trafilatura, PDF through pypdf."""
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        return _pdf_text(path)
    text = decode_text(path.read_bytes(), path)
    if suffix in {".html", ".htm"}:
        return html_to_text(text, path)
    return text


def html_to_text(html: str, path: Path) -> str:
    import trafilatura

    extracted = trafilatura.extract(
        html, output_format="markdown", include_links=True, include_tables=True, favor_recall=True
    )
    if not extracted:
        raise DocumentError(path, "HTML has no extractable main text")
    return extracted


def _pdf_text(path: Path) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, OSError) as error:
        raise DocumentError(path, f"is not a readable PDF ({error})") from None
    return "\n\n".join(page.strip() for page in pages if page.strip())


def read_plain_file(
    path: Path, *, platform: str, document: str, version_date: date, source_url: str = ""
) -> SourceDocument:
    """A file without front matter, described by the command line."""
    if path.suffix.lower() not in READABLE_SUFFIXES:
        raise DocumentError(path, f"unsupported file type {path.suffix!r}")
    body = _require_body(extract_plain_text(path), path)
    return SourceDocument(
        platform=slugify(platform),
        document=slugify(document),
        version_date=version_date,
        body=body,
        path=path,
        platform_name=platform,
        document_name=document,
        source_url=source_url,
    )


def discover_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Files to read: given files as they are, folders searched for Markdown (sorted)."""
    for path in paths:
        if path.is_dir():
            for found in sorted(path.rglob("*.md")):
                if found.name.lower() != "readme.md" and found.is_file():
                    yield found
        else:
            yield path
