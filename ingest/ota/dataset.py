"""What a dataset is: its name, licence and attribution, and its documents' URLs.

Every imported version carries its dataset's licence and the attribution that licence asks
for (ODC-By: "you must attribute"), and answers show it beside each quote. The licence is
read from the repository's LICENSE; the attribution from a short table of the known Open
Terms Archive datasets, else "<dataset> (Open Terms Archive)". URLs come from the matching
`*-declarations` repository when one is given (`terms.<type>.fetch`, and `*.history.json`
for a URL that changed: the entry whose `validUntil` is after the version's date).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ingest.ota.history import OtaError, git

# Datasets whose curators name how to credit them (their READMEs).
ATTRIBUTIONS = {
    "pga-versions": "Platform Governance Archive (Katzenbach et al. 2023, Dataset PGA v2, "
    "https://doi.org/10.26092/elib/2373), recorded by Open Terms Archive",
    "contrib-versions": "Open Terms Archive contributors",
    "france-versions": "Open Terms Archive with contributions from UFC-Que Choisir and Office "
    "of the French Ambassador for Digital Affairs",
}
_LICENCES = (
    (re.compile(r"ODC[- ]?By|Open Data Commons Attribution", re.I), "ODC-By 1.0", True),
    (re.compile(r"ODbL|Open Database License", re.I), "ODbL 1.0", True),
    (re.compile(r"CC0|Public Domain Dedication", re.I), "CC0 1.0", False),
    (re.compile(r"CC[- ]BY|Creative Commons Attribution", re.I), "CC BY", True),
)


@dataclass(frozen=True, slots=True)
class Dataset:
    """A versions repository's identity and terms of reuse."""

    name: str  # e.g. "pga-versions"
    licence: str  # e.g. "ODC-By 1.0" ("" when the repository says none)
    attribution: str  # what a citation credits ("" when the licence asks for none)


def identify(repo: Path) -> Dataset:
    """The dataset in `repo`: named after its origin (`…/pga-versions(.git|.bundle)`), else
    its folder; licence from its LICENSE file."""
    name = _origin_name(repo) or repo.resolve().name
    licence, attribute = _licence(repo)
    credit = ATTRIBUTIONS.get(name, f"{name} (Open Terms Archive)")
    return Dataset(name=name, licence=licence, attribution=credit if attribute else "")


def _origin_name(repo: Path) -> str:
    try:
        url = git(repo, "remote", "get-url", "origin").strip()
    except OtaError:
        return ""
    base = url.rstrip("/").rsplit("/", 1)[-1]
    return re.sub(r"\.(git|bundle)$", "", base)


def _licence(repo: Path) -> tuple[str, bool]:
    """(licence name, whether it asks for attribution); unknown text asks for it."""
    for candidate in ("LICENSE", "LICENSE.md", "LICENCE", "LICENSE.txt"):
        path = repo / candidate
        if path.is_file():
            head = path.read_text(encoding="utf-8", errors="replace")[:2000]
            for pattern, name, attribute in _LICENCES:
                if pattern.search(head):
                    return name, attribute
            first = next((line.strip("# ").strip() for line in head.splitlines() if line), "")
            return first[:60], True
    return "", True


class Declarations:
    """Each document's URL from a `*-declarations` clone (`declarations/<Service>.json`)."""

    def __init__(self, root: Path | None) -> None:
        self.folder = None if root is None else root / "declarations"
        if self.folder is not None and not self.folder.is_dir():
            raise OtaError(f"{root}: no declarations/ folder (a *-declarations clone?)")
        self._cache: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {}

    def _load(self, service: str) -> tuple[dict[str, Any], dict[str, Any]]:
        if service not in self._cache:
            self._cache[service] = (
                _read_json(self.folder, f"{service}.json"),
                _read_json(self.folder, f"{service}.history.json"),
            )
        return self._cache[service]

    def service_name(self, service: str) -> str | None:
        name = self._load(service)[0].get("name") if self.folder else None
        return name if isinstance(name, str) and name.strip() else None

    def url(self, service: str, terms_type: str, day: date) -> str:
        """The URL the engine fetched for this document on `day` ("" when unknown)."""
        if self.folder is None:
            return ""
        current, history = self._load(service)
        for entry in history.get(terms_type, []) if isinstance(history, dict) else []:
            until = _until(entry)
            if until is not None and day < until:
                return _fetch_url(entry)
        terms = current.get("terms", {})
        return _fetch_url(terms.get(terms_type, {})) if isinstance(terms, dict) else ""


def _read_json(folder: Path | None, name: str) -> dict[str, Any]:
    if folder is None or not (folder / name).is_file():
        return {}
    try:
        data = json.loads((folder / name).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise OtaError(f"{folder / name}: not readable JSON ({error})") from None
    return data if isinstance(data, dict) else {}


def _until(entry: object) -> date | None:
    if not isinstance(entry, dict) or not isinstance(entry.get("validUntil"), str):
        return None
    try:
        return datetime.fromisoformat(entry["validUntil"].replace("Z", "+00:00")).date()
    except ValueError:
        return None


def _fetch_url(entry: object) -> str:
    """`fetch` of a declaration, or the first page of a combined (multi-page) one."""
    if not isinstance(entry, dict):
        return ""
    fetch = entry.get("fetch")
    if isinstance(fetch, str) and fetch.startswith(("https://", "http://")):
        return fetch
    combined = entry.get("combine")
    if isinstance(combined, list) and combined:
        return _fetch_url(combined[0])
    return ""
