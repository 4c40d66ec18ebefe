"""What every command shares: settings and logging, one-line failures, exit codes, the service.

Heavy modules (Chroma, the model) are imported inside the helpers, so `fineprint --help` is
instant and each command pays only for what it uses.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import TYPE_CHECKING

import typer

from fineprint.safe_text import neutralise
from fineprint.settings import Settings, SettingsError, load_settings

if TYPE_CHECKING:
    from fineprint.service import Fineprint

EXIT_FAILED_FILES = 1
EXIT_USAGE = 2
EXIT_BUSY = 3


def fail(message: str, code: int = EXIT_USAGE) -> typer.Exit:
    typer.echo(f"fineprint: {neutralise(message)}", err=True)
    return typer.Exit(code)


def show(text: str) -> None:
    """Print text that holds user or document text: bidirectional and terminal controls
    shown escaped (`fineprint.safe_text`), so a quote cannot repaint the terminal. `--json`
    output is printed verbatim instead."""
    typer.echo(neutralise(text))


def setup() -> Settings:
    """Settings and logging, or one clear line naming the bad variable."""
    try:
        settings = load_settings()
    except SettingsError as error:
        raise fail(str(error)) from None
    logging.basicConfig(
        level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    from fineprint.packaging import PackageClashError, check_own_packages
    from fineprint.retrieval.embeddings import configure_offline_environment

    try:
        check_own_packages()
    except PackageClashError as error:
        raise fail(str(error)) from None
    configure_offline_environment()
    return settings


def parse_day(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise fail(f"{option} {value!r} is not a date (expected YYYY-MM-DD)") from None


def open_service(settings: Settings) -> Fineprint:
    """The core's one door (`fineprint.service.Fineprint`), its store and sources.toml opened
    now so that a problem (an empty store too) is one clear line."""
    from fineprint.catalog.sources import SourcesError
    from fineprint.service import Fineprint
    from fineprint.store import StoreError

    service = Fineprint(settings)
    try:
        empty = service.registry().is_empty
    except StoreError as error:
        raise fail(str(error)) from None
    if empty:
        raise fail("the store is empty: run `fineprint ingest` first")
    try:
        service.sources  # noqa: B018  (read now: a broken sources.toml fails here)
    except SourcesError as error:
        raise fail(str(error)) from None
    return service
