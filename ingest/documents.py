"""Reading dated terms documents from disk into `SourceDocument`s.

Two kinds of input: the corpus format (Markdown with YAML front matter naming the platform,
document and version date) and plain Markdown / HTML / text / PDF files whose platform,
document and date come from the command line. Every problem is a `DocumentError` that names
the file, so one bad file is reported and skipped while the rest ingest.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from ingest.names import clean_body, clean_name
from ingest.safe_read import ReadLimits, UnsafeFileError, load_front_matter, read_regular_file

FRONT_MATTER = re.compile(r"\A---\r?\n(.*?)\r?\n---\r?\n", re.DOTALL)
DATED_NAME = re.compile(r"^\d{4}-\d{2}-\d{2}$")
READABLE_SUFFIXES = {".md", ".markdown", ".txt", ".html", ".htm", ".pdf"}
MIN_BODY_CHARS = 20
FUTURE_GRACE = timedelta(days=1)  # a version dated tomorrow (time zones) is fine; later is not
TEXT_KEYS = ("platform", "document", "source_url", "language")
DEFAULT_LIMITS = ReadLimits()
# HTML whose main text has fewer sentence words than this is navigation, not terms.
MIN_HTML_SENTENCE_WORDS = 20
_SENTENCE = re.compile(r"[^.!?;:]+[.!?;:](?=\s|$)")


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
    dataset: str = ""  # a versions dataset's name, its licence and credit (`ingest.ota`)
    licence: str = ""
    attribution: str = ""
    aliases: tuple[str, ...] = ()


def slugify(name: str) -> str:
    """Lower-case words joined by hyphens; accents dropped, other scripts kept ("音楽")."""
    decomposed = unicodedata.normalize("NFKD", name.lower())
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    slug = re.sub(r"[\W_]+", "-", bare).strip("-")
    return slug or "unnamed"


def parse_date(value: object, path: Path, field: str = "version_date") -> date:
    day: date | None = value if isinstance(value, date) else None
    if isinstance(value, str):
        try:
            day = date.fromisoformat(value.strip())
        except ValueError:
            day = None
    if day is None:
        raise DocumentError(path, f"{field} {value!r} is not a date (expected YYYY-MM-DD)")
    return check_not_future(day, path, field)


def check_not_future(day: date, path: Path, field: str = "version_date") -> date:
    """A version dated in the future would be the "current" terms until that day comes."""
    latest = date.today() + FUTURE_GRACE
    if day > latest:
        raise DocumentError(
            path, f"{field} {day.isoformat()} is in the future (latest accepted: {latest})"
        )
    return day


def display_name(value: object, path: Path, field: str) -> str:
    """A platform/document name from a file or the command line, cleaned for display."""
    if not isinstance(value, str):
        raise DocumentError(path, f"{field} must be text, not {_kind(value)}")
    name = clean_name(value)
    if not name or not re.sub(r"[\W_]+", "", name):
        raise DocumentError(path, f"{field} {value[:80]!r} has no letters or digits to name it by")
    return name


def _kind(value: object) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if value is None:
        return "empty"
    return f"a {type(value).__name__} ({str(value)[:40]!r})"


def check_url(value: str, path: Path) -> str:
    """Source URLs become links in answers: http(s) only."""
    url = value.strip()
    if url and not re.match(r"https?://[^\s]+$", url, re.IGNORECASE):
        raise DocumentError(path, f"source_url {url[:80]!r} is not an http(s) URL")
    return url


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
    body = clean_body(body)
    if len(body.strip()) < MIN_BODY_CHARS:
        raise DocumentError(path, "has an empty body (no terms text after the front matter)")
    return body


def read_bytes(path: Path, limits: ReadLimits = DEFAULT_LIMITS) -> bytes:
    """A regular file's bytes within the size cap (DocumentError naming the file otherwise)."""
    try:
        return read_regular_file(path, limits.max_bytes)
    except UnsafeFileError as error:
        raise DocumentError(path, error.problem) from None


def _check_front_matter(meta: object, path: Path) -> None:
    """Fields of the right kinds, and the three every version needs."""
    if not isinstance(meta, dict):
        raise DocumentError(path, "front matter is not a mapping of fields")
    for key in TEXT_KEYS:
        if meta.get(key) is not None and not isinstance(meta[key], str):
            raise DocumentError(path, f"front matter '{key}' must be text, not {_kind(meta[key])}")
    if not str(meta.get("platform") or "").strip():
        raise DocumentError(path, "front matter has no 'platform'")
    if not str(meta.get("document") or "").strip():
        raise DocumentError(path, "front matter has no 'document'")
    if "version_date" not in meta:
        raise DocumentError(path, "front matter has no 'version_date'")


def read_corpus_file(path: Path, limits: ReadLimits = DEFAULT_LIMITS) -> SourceDocument:
    """A corpus file: YAML front matter (platform, document, version_date, …) then the body.

    Slugs come from the `<platform>/<document>/<YYYY-MM-DD>.md` folders when the file sits in
    that layout (they are the names users and the eval set use), else from the names.
    """
    text = decode_text(read_bytes(path, limits), path)
    if not text.strip():
        raise DocumentError(path, "is empty")
    match = FRONT_MATTER.match(text)
    if match is None:
        raise DocumentError(path, "has no YAML front matter (expected a '---' block first)")
    try:
        meta = load_front_matter(match.group(1), limits) or {}
    except UnsafeFileError as error:
        raise DocumentError(path, error.problem) from None
    _check_front_matter(meta, path)
    platform_name = display_name(meta["platform"], path, "platform")
    document_name = display_name(meta["document"], path, "document")
    version_date = parse_date(meta["version_date"], path)
    body = _require_body(text[match.end() :], path)
    platform, document = slugify(platform_name), slugify(document_name)
    if DATED_NAME.match(path.stem) and path.parent.parent.name:
        platform, document = slugify(path.parent.parent.name), slugify(path.parent.name)
    return SourceDocument(
        platform=platform,
        document=document,
        version_date=version_date,
        body=body,
        path=path,
        platform_name=platform_name,
        document_name=document_name,
        source_url=check_url(meta.get("source_url") or "", path),
        language=clean_name(meta.get("language") or "en")[:16] or "en",
    )


def extract_plain_text(path: Path, limits: ReadLimits = DEFAULT_LIMITS) -> str:
    """Body text of a plain file: HTML through trafilatura, PDF through pypdf."""
    suffix = path.suffix.lower()
    raw = read_bytes(path, limits)
    if suffix == ".pdf":
        return _pdf_text(raw, path)
    text = decode_text(raw, path)
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
    words = sentence_words(extracted)
    if words < MIN_HTML_SENTENCE_WORDS:
        raise DocumentError(
            path,
            f"HTML yields almost no main text ({words} words in sentences; menus and "
            "navigation are not terms)",
        )
    return extracted


def sentence_words(text: str) -> int:
    """Words in sentences of at least four words: what navigation and menus lack."""
    plain = re.sub(r"\]\([^)]*\)", "]", text)
    sentences = (match.group(0).split() for match in _SENTENCE.finditer(plain))
    return sum(len(words) for words in sentences if len(words) >= 4)


def _pdf_text(raw: bytes, path: Path) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError, PyPdfError

    try:
        reader = PdfReader(io.BytesIO(raw))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, PyPdfError, ValueError, OSError, KeyError, TypeError) as error:
        raise DocumentError(path, f"is not a readable PDF ({error})") from None
    return "\n\n".join(page.strip() for page in pages if page.strip())


def read_plain_file(
    path: Path,
    *,
    platform: str,
    document: str,
    version_date: date,
    source_url: str = "",
    limits: ReadLimits = DEFAULT_LIMITS,
) -> SourceDocument:
    """A file without front matter, described by the command line."""
    if path.suffix.lower() not in READABLE_SUFFIXES:
        raise DocumentError(path, f"unsupported file type {path.suffix!r}")
    platform_name = display_name(platform, path, "platform")
    document_name = display_name(document, path, "document")
    check_not_future(version_date, path)
    body = _require_body(extract_plain_text(path, limits), path)
    return SourceDocument(
        platform=slugify(platform_name),
        document=slugify(document_name),
        version_date=version_date,
        body=body,
        path=path,
        platform_name=platform_name,
        document_name=document_name,
        source_url=check_url(source_url, path),
    )


def discover_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Files to read: given files as they are, folders searched for Markdown (sorted).

    Everything named *.md is yielded, pipes and devices too, so that reading can say why it
    skips them (symlinked folders are not followed: no loops)."""
    for path in paths:
        if path.is_dir():
            for found in sorted(path.rglob("*.md")):
                if found.name.lower() != "readme.md" and not found.is_dir():
                    yield found
        else:
            yield path
