"""Live re-ingest: fetch each document's URL, and ingest it when its text really changed.

For every document of `corpus/sources.toml` that has a URL (or the `urls` given), a check runs
three stages, one module each (as the Open Terms Archive engine keeps them): `fetcher` gets the
page (public addresses only, limits, retries, checked redirects), `extract` takes its main text
(trafilatura), and `recorder` compares that text with the newest stored version after
normalisation and records either a check time or a dated snapshot in the data directory. The
snapshots of real changes are then ingested with `run_ingest`. Every failure is reported per
document and leaves the store as it was. A document whose versions come from a versions
dataset Fineprint follows (`ingest --ota`, `watch --ota`: `ingest.ota.follow`) is never
fetched: the dataset is its source.

    report = fetch_updates(settings, ["soundcloud"])
    for check in report.checks:
        print(check.platform, check.document, check.status, check.detail)
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

import httpx

from ingest.extract import extract_text
from ingest.fetcher import FetchError, FetchLimits, fetch_html, open_client
from ingest.recorder import DocumentCheck, Target, record, settle_new_versions
from ingest.snapshots import record_checks

if TYPE_CHECKING:
    from fineprint.catalog.sources import Sources
    from fineprint.retrieval.embeddings import Embedder
    from fineprint.settings import Settings
    from fineprint.store import ClauseStore
    from ingest.pipeline import IngestReport

__all__ = ["DocumentCheck", "FetchReport", "fetch_updates"]

log = logging.getLogger(__name__)


@dataclass
class FetchReport:
    """Every document checked, and the ingest of the changed ones (None when none changed)."""

    checks: list[DocumentCheck] = field(default_factory=list)
    ingest: IngestReport | None = None

    @property
    def new_versions(self) -> list[DocumentCheck]:
        return [check for check in self.checks if check.status == "new-version"]

    @property
    def failures(self) -> list[DocumentCheck]:
        return [check for check in self.checks if check.status == "failed"]

    @property
    def ok(self) -> bool:
        return not self.failures

    def as_dict(self) -> dict[str, object]:
        return {
            "checks": [check.as_dict() for check in self.checks],
            "ingest": self.ingest.as_dict() if self.ingest else None,
        }


def _targets(
    settings: Settings,
    platforms: Sequence[str] | None,
    urls: dict[tuple[str, str], str] | None,
    sources: Sources | None,
) -> list[Target]:
    """The documents to check: `urls`, else every document of sources.toml with a URL; only
    those of `platforms` (typed names resolved through the aliases) when given."""
    if sources is None and settings.sources_path.exists():
        from fineprint.catalog.sources import load_sources

        sources = load_sources(settings.sources_path)
    wanted = {p.lower() for p in platforms} if platforms else None
    if wanted and sources is not None:
        wanted = {sources.resolve_platform(p) or p for p in wanted}
    pairs: dict[tuple[str, str], str] = {}
    if urls is not None:
        pairs = dict(urls)
    elif sources is not None:
        for slug, entry in sources.platforms.items():
            for doc, source in entry.documents.items():
                if source.url:
                    pairs[(slug, doc)] = source.url
    targets = []
    for (platform, document), url in sorted(pairs.items()):
        if wanted is not None and platform not in wanted:
            continue
        known = sources.platforms.get(platform) if sources else None
        doc_source = known.documents.get(document) if known else None
        targets.append(
            Target(
                platform,
                document,
                url,
                known.name if known else platform,
                doc_source.name if doc_source else document.replace("-", " ").title(),
            )
        )
    return targets


def _unfollowed(settings: Settings, store: ClauseStore, targets: list[Target]) -> list[Target]:
    """The targets whose newest stored version does not come from a followed dataset."""
    from ingest.ota.follow import load_state

    followed = set(load_state(settings.data_dir))
    if not followed:
        return targets
    registry = store.load_registry()
    kept = []
    for target in targets:
        current = registry.current(target.platform, target.document)
        if current is not None and current.dataset in followed:
            log.info(
                "%s/%s followed through %s: not fetched",
                target.platform,
                target.document,
                current.dataset,
            )
            continue
        kept.append(target)
    return kept


def _check_one(
    settings: Settings,
    store: ClauseStore,
    client: httpx.Client,
    target: Target,
    check: DocumentCheck,
    limits: FetchLimits,
    day: date,
) -> dict[str, object] | None:
    """One document through the three stages; the check-file entry when the page was
    unchanged (a new version's entry waits until its ingest succeeds)."""
    final_url, html = fetch_html(client, target.url, limits)
    return record(settings, store, target, check, final_url, extract_text(html), day)


def fetch_updates(
    settings: Settings,
    platforms: Sequence[str] | None = None,
    client: httpx.Client | None = None,
    *,
    urls: dict[tuple[str, str], str] | None = None,
    sources: Sources | None = None,
    limits: FetchLimits | None = None,
    today: date | None = None,
    store: ClauseStore | None = None,
    embedder: Embedder | None = None,
) -> FetchReport:
    """Fetch every known document (or those of `platforms`; `urls` overrides sources.toml),
    snapshot and ingest the ones whose text changed; see the module docstring."""
    from fineprint.store import ClauseStore
    from ingest.pipeline import run_ingest
    from ingest.request import IngestRequest

    limits = limits or FetchLimits()
    day = today or date.today()
    store = store or ClauseStore.open(settings)
    report = FetchReport()
    checked: dict[str, dict[str, object]] = {}
    own_client = client is None
    client = client or open_client(limits)
    try:
        for target in _unfollowed(settings, store, _targets(settings, platforms, urls, sources)):
            check = DocumentCheck(target.platform, target.document, target.url, "failed")
            report.checks.append(check)
            try:
                stamp = _check_one(settings, store, client, target, check, limits, day)
            except FetchError as error:
                check.status, check.detail = "failed", str(error)
                continue
            except Exception as error:  # one document's surprise never ends the whole run
                log.debug("fetch %s failed", target.url, exc_info=True)
                check.status = "failed"
                check.detail = f"unexpected error ({type(error).__name__}: {error})"
                continue
            if stamp is not None:
                checked[f"{target.platform}/{target.document}"] = stamp
    finally:
        if own_client:
            client.close()

    new = report.new_versions
    if new:
        snapshots = tuple(check.snapshot for check in new if check.snapshot)
        request = IngestRequest(settings, paths=snapshots, store=store, embedder=embedder)
        report.ingest = run_ingest(request)
        checked.update(settle_new_versions(new, report.ingest))
    if checked:
        record_checks(settings.data_dir, checked)
    for check in report.failures:
        log.warning("fetch %s/%s failed: %s", check.platform, check.document, check.detail)
    return report
