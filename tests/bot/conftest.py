"""Fixtures for the bot: the real Fineprint service on the small real store (`ask_settings`),
a fresh single-shard bot with every cog per test, and mocked interactions (see helpers).

The store's embeddings come from the real model; `embedder` here remembers them on disk
(pytest's cache dir) across runs, so the session store is rebuilt in seconds, not minutes.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import discord
import discord.ext.test as dpytest
import pytest

from bot.catalog import Catalog
from bot.client import EXTENSIONS, LocalFineprintBot
from bot.client import intents as bot_intents
from bot.runtime import Runtime
from bot.settings import BotSettings, load_bot_settings
from fineprint.catalog.clauses import Clause
from fineprint.retrieval.embeddings import get_embedder
from fineprint.service import Fineprint
from fineprint.settings import Settings
from tests.conftest import CORPUS, MemoEmbedder


def _model_tag() -> str:
    """The remembered vectors belong to one model: its fingerprint names the file."""
    fingerprint = get_embedder("cpu").fingerprint
    return hashlib.sha1(fingerprint.encode()).hexdigest()[:10]


class DiskMemoEmbedder(MemoEmbedder):
    """`MemoEmbedder` whose memory of real-model vectors survives between test runs."""

    def __init__(self, path: Path) -> None:
        super().__init__(get_embedder("cpu"))
        self.path = path
        if path.exists():
            try:
                self.memo.update(pickle.loads(path.read_bytes()))
            except Exception:  # a corrupt or old cache is only a slower run
                self.memo.clear()
        self.loaded = len(self.memo)

    def save(self) -> None:
        if len(self.memo) != self.loaded:
            self.path.write_bytes(pickle.dumps(self.memo))


@pytest.fixture(scope="session")
def embedder(request: pytest.FixtureRequest) -> Iterator[MemoEmbedder]:
    """Overrides the root `embedder` for the bot tests (same model, disk-remembered)."""
    cache = getattr(request.config, "cache", None)  # absent with `-p no:cacheprovider`
    if cache is None:
        yield MemoEmbedder(get_embedder("cpu"))
        return
    memo = DiskMemoEmbedder(cache.mkdir("fineprint-embeddings") / f"minilm-{_model_tag()}.pickle")
    yield memo
    memo.save()


@pytest.fixture(scope="session")
def service(ask_settings: Settings) -> Fineprint:
    """The real service on the session store, warmed up once."""
    fineprint = Fineprint(ask_settings)
    fineprint.warm_up()
    return fineprint


LONG_URL = "https://example.com/" + "terms/" * 60


@pytest.fixture(scope="session")
def corpus_clauses() -> list[Clause]:
    """Every clause of every version in the bundled corpus, split as the ingest splits it
    (no embedding: about 2 s)."""
    from ingest.pipeline import IngestReport, build_clauses, read_documents

    report = IngestReport()
    documents = read_documents([CORPUS], None, report)
    return [clause for document in documents for clause in build_clauses(document, False)]


@pytest.fixture(scope="session")
def longest(corpus_clauses: list[Clause], service: Fineprint) -> list[Clause]:
    """The longest clauses of the corpus and of the test store, and the longest headings."""
    by_text = sorted(corpus_clauses, key=lambda c: len(c.text), reverse=True)[:6]
    by_heading = sorted(corpus_clauses, key=lambda c: len(c.section_label), reverse=True)[:3]
    stored = sorted(service.index.clauses, key=lambda c: len(c.text), reverse=True)[:3]
    return by_text + by_heading + stored


@pytest.fixture(scope="session")
def catalog(service: Fineprint) -> Catalog:
    return Catalog.build(service.index, service.sources)


def make_bot_settings(tmp_path: Path, **overrides: Any) -> BotSettings:
    """Bot settings from these values only (never the developer's environment or .env)."""
    values: dict[str, Any] = {
        "discord_token": None,
        "feedback_path": tmp_path / "feedback.jsonl",
        "cooldown_rate": 100,
        "cooldown_seconds": 60,
        "_env_file": None,
    }
    values.update(overrides)
    return load_bot_settings(**values)


@pytest.fixture
def bot_settings(tmp_path: Path) -> BotSettings:
    return make_bot_settings(tmp_path)


@pytest.fixture
def runtime(service: Fineprint, catalog: Catalog, bot_settings: BotSettings) -> Iterator[Runtime]:
    runtime = Runtime(service, bot_settings)
    runtime.catalog = catalog
    runtime.ready = True
    yield runtime
    runtime.close()


async def make_bot(runtime: Runtime, **options: Any) -> LocalFineprintBot:
    """A bot with every cog loaded, as `setup_hook` would, minus login, warm-up and sync."""
    bot = LocalFineprintBot(runtime, **options)
    for extension in EXTENSIONS:
        await bot.load_extension(extension)
    return bot


def dpytest_intents() -> discord.Intents:
    """The bot's intents plus `members`: dpytest's fake guilds live in the member cache."""
    intents = bot_intents()
    intents.members = True
    return intents


@pytest.fixture
async def bot(runtime: Runtime) -> AsyncIterator[LocalFineprintBot]:
    bot = await make_bot(runtime)
    yield bot
    for extension in EXTENSIONS:
        await bot.unload_extension(extension)


async def chat_bot(runtime: Runtime) -> LocalFineprintBot:
    """The bot in a dpytest world: one guild, one channel, two members."""
    bot = await make_bot(runtime, intents=dpytest_intents())
    await bot._async_setup_hook()  # gives the client its loop, as dpytest's docs do
    dpytest.configure(bot, members=2)
    return bot
