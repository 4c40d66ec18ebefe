"""Where fetched versions and check times live: the data directory, never the bundled corpus.

A snapshot is a corpus-format file (YAML front matter + Markdown body) under
`<data_dir>/snapshots/<platform>/<document>/<YYYY-MM-DD>.md`, so `run_ingest` reads it like any
corpus file and the folder names give its slugs. Check times go to one small JSON file.
"""

from __future__ import annotations

import json
import os
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

CHECKS_FILE = "fetch-checks.json"


def snapshot_path(data_dir: Path, platform: str, document: str, day: date) -> Path:
    return data_dir / "snapshots" / platform / document / f"{day.isoformat()}.md"


def write_snapshot(
    path: Path,
    *,
    platform_name: str,
    document_name: str,
    day: date,
    url: str,
    fetched_at: datetime,
    body: str,
) -> None:
    """Write atomically (temp file + rename), so a half-written snapshot is never ingested."""
    meta = {
        "platform": platform_name,
        "document": document_name,
        "version_date": day.isoformat(),
        "source_url": url,
        "fetched_at": fetched_at.isoformat(timespec="seconds"),
        "language": "en",
        "retrieval_note": "fetched live by `fineprint ingest --fetch`; main text by trafilatura",
    }
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False).strip()
    _atomic_write(path, f"---\n{front}\n---\n\n{body.strip()}\n")


def _atomic_write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def load_checks(data_dir: Path) -> dict[str, dict[str, Any]]:
    """`"platform/document" -> {checked_at, url, status, detail}`; empty when unreadable."""
    try:
        data = json.loads((data_dir / CHECKS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def record_checks(data_dir: Path, entries: dict[str, dict[str, Any]]) -> None:
    """Merge these entries into the check file (one write for the whole run)."""
    checks = load_checks(data_dir)
    checks.update(entries)
    _atomic_write(data_dir / CHECKS_FILE, json.dumps(checks, indent=2, sort_keys=True) + "\n")
