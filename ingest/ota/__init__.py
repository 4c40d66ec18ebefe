"""Importing and following Open Terms Archive versions datasets (`*-versions` git clones).

The public entry points, for the command line and the bot:

    report = import_dataset(settings, OtaRequest(Path("/tmp/pga-versions")))
    report = follow_dataset(settings, Path("/tmp/pga-versions"))  # pull, then new commits only

The steps, one module each: `history` (git log and blobs), `captures` (what is not terms),
`grouping` (what is a version), `slugs` (names), `dataset` (licence, credit,
URLs), `importer` (the plan), `follow` (pull and the last imported commit).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ingest.ota.dataset import identify
from ingest.ota.follow import Followed, is_ancestor, load_state, pull, save_state
from ingest.ota.grouping import Policy
from ingest.ota.history import OtaError, commits_between, head_commit
from ingest.ota.importer import ImportPlan, OtaRequest, plan_import

if TYPE_CHECKING:
    from fineprint.retrieval.embeddings import Embedder
    from fineprint.service import Fineprint
    from fineprint.settings import Settings
    from fineprint.store import ClauseStore
    from ingest.pipeline import IngestReport
    from ingest.request import ProgressCallback

__all__ = [
    "OtaError",
    "OtaReport",
    "OtaRequest",
    "Policy",
    "follow_dataset",
    "import_dataset",
]


@dataclass
class OtaReport:
    """An import: the plan (every capture's fate) and the ingest of its versions (None when
    there was nothing new to ingest). `new_commits` is set by a follow run."""

    plan: ImportPlan
    ingest: IngestReport | None = None
    new_commits: int | None = None

    @property
    def ok(self) -> bool:
        return self.ingest is None or self.ingest.ok

    def as_dict(self) -> dict[str, object]:
        return {
            **self.plan.as_dict(),
            "new_commits": self.new_commits,
            "ingest": self.ingest.as_dict() if self.ingest else None,
        }


@dataclass(frozen=True, slots=True)
class Run:
    """What the caller holds and wants told: reused as given, else opened here."""

    progress: ProgressCallback | None = None
    wait: bool = False
    on_wait: Callable[[str], None] | None = None
    store: ClauseStore | None = None
    embedder: Embedder | None = None
    service: Fineprint | None = None  # warmed after the ingest (the caller answers next)


def import_dataset(settings: Settings, request: OtaRequest, run: Run | None = None) -> OtaReport:
    """Plan the import (`importer.plan_import`), ingest its versions and warm the index;
    records the imported head (`follow`). Raises OtaError for a path that is not a dataset
    and IngestBusyError when another ingest runs (unless `run.wait`)."""
    from fineprint.catalog.sources import load_sources
    from fineprint.store import ClauseStore
    from ingest.job import ingest_and_index
    from ingest.request import IngestRequest

    run = run or Run()
    store = run.store or ClauseStore.open(settings)
    sources = load_sources(settings.sources_path) if settings.sources_path.exists() else None
    if run.progress:
        run.progress("history", 0, 1)
    plan = plan_import(
        request, sources=sources, corpus_dir=settings.corpus_dir, registry=store.load_registry()
    )
    if run.progress:
        run.progress("history", 1, 1)
    report = OtaReport(plan)
    if plan.documents:
        ingest_request = IngestRequest(
            settings,
            documents=tuple(plan.documents),
            wait=run.wait,
            on_wait=run.on_wait,
            progress=run.progress,
            store=store,
            embedder=run.embedder,
        )
        report.ingest = ingest_and_index(ingest_request, service=run.service)
    if report.ok:
        save_state(settings.data_dir, _followed(request, plan))
    return report


def _followed(request: OtaRequest, plan: ImportPlan) -> Followed:
    return Followed(
        name=plan.dataset.name,
        repo=str(request.repo.resolve()),
        head=plan.head,
        policy=request.policy.value,
        declarations=str(request.declarations.resolve()) if request.declarations else "",
        services=request.services,
    )


def follow_dataset(
    settings: Settings,
    repo: Path,
    *,
    declarations: Path | None = None,
    policy: Policy | None = None,
    run: Run | None = None,
) -> OtaReport:
    """Pull `repo` from its origin, then import the versions its new commits recorded (all
    of them the first time). Declarations, policy and services are the last import's unless
    given (services always: a follow keeps to what was imported)."""
    pull(repo)
    dataset = identify(repo)
    last = load_state(settings.data_dir).get(dataset.name)
    head = head_commit(repo)
    if declarations is None and last is not None and last.declarations:
        declarations = Path(last.declarations)
    chosen = policy or (Policy(last.policy) if last is not None else Policy.DISTINCT)
    if last is not None and last.head == head:
        return OtaReport(ImportPlan(dataset=dataset, head=head), new_commits=0)
    only = None
    if last is not None and is_ancestor(repo, last.head, head):
        only = frozenset(commits_between(repo, last.head, head))
    services = last.services if last is not None else ()
    request = OtaRequest(repo, declarations, services, chosen, only_commits=only)
    report = import_dataset(settings, request, run)
    report.new_commits = len(only) if only is not None else len(report.plan.documents)
    return report
