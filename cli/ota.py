"""`fineprint ingest --ota PATH` and `fineprint watch --ota PATH`: a versions dataset in.

Shared by the two commands: running an import or a follow with progress, and printing what
happened to the dataset's captures (versions kept, re-captures, flip-flops, trivial edits
grouped, captures skipped and why) before the ingest's own summary.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from cli.common import EXIT_BUSY, fail
from fineprint.safe_text import neutralise

if TYPE_CHECKING:
    from fineprint.settings import Settings
    from ingest.ota import OtaReport

OUTCOME_WORDS = {
    "version": "versions",
    "new-terms-upgrade": "technical upgrades that changed the terms",
    "recapture": "re-captures (technical upgrades)",
    "flip-flop": "flip-flops between page variants",
    "trivial": "trivial edits grouped",
    "same": "unchanged re-captures",
    "skipped": "skipped (not terms)",
}


def parse_policy(value: str) -> str:
    if value not in ("distinct", "all"):
        raise fail(f"--versions must be 'distinct' or 'all', not {value!r}")
    return value


def run_ota(
    settings: Settings,
    repo: Path,
    *,
    declarations: Path | None,
    services: list[str],
    policy: str | None,
    follow: bool,
    wait: bool = False,
) -> OtaReport:
    """Import (or, with `follow`, pull and import the new commits of) the dataset in `repo`,
    with progress on stderr; usage errors and a busy lock end the command."""
    from cli.ingest_progress import progress_callbacks
    from ingest.lock import IngestBusyError
    from ingest.ota import OtaError, OtaRequest, Policy, follow_dataset, import_dataset
    from ingest.ota import Run as OtaRun

    try:
        with progress_callbacks() as (progress, on_wait):
            run = OtaRun(progress=progress, wait=wait, on_wait=on_wait)
            if follow:
                chosen = Policy(policy) if policy else None
                return follow_dataset(
                    settings, repo, declarations=declarations, policy=chosen, run=run
                )
            request = OtaRequest(
                repo,
                declarations,
                services=tuple(services),
                policy=Policy(policy or "distinct"),
            )
            return import_dataset(settings, request, run)
    except OtaError as error:
        raise fail(str(error)) from None
    except IngestBusyError as error:
        raise fail(str(error), EXIT_BUSY) from None


def print_ota_report(report: OtaReport, *, as_json: bool) -> None:
    """The dataset's summary, the captures skipped, then the ingest's summary."""
    from cli.ingest_progress import print_ingest_report

    if as_json:
        typer.echo(json.dumps(report.as_dict(), indent=2))
        return
    plan = report.plan
    dataset = plan.dataset
    licence = f" ({dataset.licence})" if dataset.licence else ""
    typer.echo(f"Dataset {dataset.name}{licence} at {plan.head[:12]}")
    if dataset.attribution:
        typer.echo(f"Credit: {dataset.attribution}")
    if report.new_commits == 0:
        typer.echo("No new commits since the last import.")
        return
    counts = ", ".join(
        f"{plan.outcomes[key]} {words}"
        for key, words in OUTCOME_WORDS.items()
        if plan.outcomes[key]
    )
    typer.echo(
        f"{len(plan.document_keys)} documents of {len(plan.platforms)} platforms, "
        f"{plan.captures} captures: {counts or 'none'}."
    )
    typer.echo(f"{len(plan.documents)} versions to ingest" + _held(plan.held) + ".")
    for skip in plan.skipped:
        typer.echo(neutralise(f"skipped {skip.label} of {skip.day}: {skip.reason}"), err=True)
    for path in plan.not_tracked:
        typer.echo(neutralise(f"not imported: {path} is no longer tracked by the dataset"))
    if report.ingest is not None:
        print_ingest_report(report.ingest)


def _held(held: list[str]) -> str:
    if not held:
        return ""
    return f" ({len(held)} more left to the bundled corpus or the store, which hold those days)"
