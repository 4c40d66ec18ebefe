"""Shared by the watch and scheduled-fetch tests: a small real store whose SoundCloud terms
can gain versions, and the bot runtimes built over it."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.runtime import Runtime
from fineprint.service import Fineprint
from fineprint.settings import Settings
from ingest.pipeline import run_ingest
from ingest.request import IngestRequest
from tests.bot.conftest import make_bot_settings
from tests.conftest import CORPUS, MemoEmbedder, copy_corpus_files, make_settings

TERMS = "soundcloud/terms-of-use"


@dataclass
class World:
    tmp_path: Path
    settings: Settings
    embedder: MemoEmbedder

    @property
    def corpus(self) -> Path:
        return self.settings.corpus_dir

    def add_version(self, date: str) -> None:
        copy_corpus_files(self.corpus, f"{TERMS}/{date}.md")

    def add_reformatted(self, source: str, date: str) -> None:
        """`source` again under a new date, only its formatting changed."""
        text = (CORPUS / TERMS / f"{source}.md").read_text(encoding="utf-8")
        text = text.replace(f'version_date: "{source}"', f'version_date: "{date}"')
        head, body = text.split("\n---\n", 1)
        body = body.replace("'", "’").replace(". ", ".  ")
        (self.corpus / TERMS / f"{date}.md").write_text(f"{head}\n---\n{body}", encoding="utf-8")

    def ingest_elsewhere(self) -> None:
        """An ingest run by another process (a scheduled job): the bot only sees the store."""
        paths = (self.corpus / "soundcloud",)
        report = run_ingest(IngestRequest(self.settings, paths=paths, embedder=self.embedder))
        assert report.ok, report.skipped

    def runtime(self, **settings: object) -> Runtime:
        return Runtime(
            Fineprint(self.settings),
            make_bot_settings(self.tmp_path, **settings),
            ingest_embedder=self.embedder,
        )


@pytest.fixture
def world(tmp_path: Path, embedder: MemoEmbedder) -> World:
    corpus = copy_corpus_files(tmp_path / "corpus", f"{TERMS}/2018-05-25.md")
    shutil.copyfile(CORPUS / "sources.toml", corpus / "sources.toml")
    return World(tmp_path, make_settings(tmp_path / "data", corpus_dir=corpus), embedder)


@pytest.fixture
def runtimes() -> Iterator[list[Runtime]]:
    made: list[Runtime] = []
    yield made
    for runtime in made:
        runtime.close()
