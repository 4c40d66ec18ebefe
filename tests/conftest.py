"""Shared fixtures: real Chroma (embedded and a `chroma run` server), the real model, and
small copies of real corpus files."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import uuid
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import httpx
import numpy as np
import pytest

from fineprint.retrieval.embeddings import Embedder, configure_offline_environment, get_embedder
from fineprint.settings import Settings, load_settings
from fineprint.store import ClauseStore

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "corpus"

configure_offline_environment()
# The tests embed what they ingest, as they did before vectors shipped with the corpus (their
# float16 rows would blur the tests that compare stored vectors with the model's); the tests
# of the shipped vectors turn them on, with vectors they build (ingest/test_shipped_vectors.py).
os.environ.setdefault("FINEPRINT_SHIPPED_VECTORS", "off")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def chroma_server_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real `chroma run` server on loopback (or the one CI points us at)."""
    given = os.environ.get("FINEPRINT_TEST_CHROMA_URL")
    if given:
        yield given.rstrip("/")
        return
    chroma = shutil.which("chroma") or str(Path(os.sys.executable).parent / "chroma")
    port = free_port()
    path = tmp_path_factory.mktemp("chroma-server")
    process = subprocess.Popen(
        [chroma, "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{url}/api/v2/heartbeat", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("chroma server did not start")
            time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


class MemoEmbedder(Embedder):
    """The real model, remembering vectors across tests so each text is embedded once per run.

    Stores still count what *they* had to embed, so idempotence tests stay meaningful.
    """

    def __init__(self, inner: Embedder) -> None:
        super().__init__("cpu", inner.spec.name)  # same model, so the same fingerprint
        self.inner = inner
        self.memo: dict[str, np.ndarray] = {}
        self.calls = 0

    def encode(self, texts: Sequence[str], **kwargs: Any) -> np.ndarray:
        self.calls += 1
        todo = [text for text in dict.fromkeys(texts) if text not in self.memo]
        if todo:
            self.memo.update(zip(todo, self.inner.encode(todo), strict=True))
        if not texts:
            return self.inner.encode([])
        return np.stack([self.memo[text] for text in texts])


@pytest.fixture(scope="session")
def embedder() -> MemoEmbedder:
    """The real MiniLM model, loaded once for the whole run."""
    return MemoEmbedder(get_embedder("cpu"))


def make_settings(data_dir: Path, chroma_url: str = "", **extra: object) -> Settings:
    collection = "t" + uuid.uuid4().hex[:12]
    extra.setdefault("corpus_dir", CORPUS)
    return load_settings(data_dir=data_dir, chroma_url=chroma_url, collection=collection, **extra)


@pytest.fixture(params=["embedded", "server"])
def settings(request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    """Settings for a fresh, empty store: embedded Chroma and the Chroma server in turn."""
    url = request.getfixturevalue("chroma_server_url") if request.param == "server" else ""
    return make_settings(tmp_path / "data", url)


@pytest.fixture
def embedded_settings(tmp_path: Path) -> Settings:
    return make_settings(tmp_path / "data")


@pytest.fixture
def store(settings: Settings) -> ClauseStore:
    return ClauseStore.open(settings)


def copy_corpus_files(target: Path, *relative: str) -> Path:
    """Copy real corpus files into `target`, keeping the platform/document/date layout."""
    for name in relative:
        destination = target / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(CORPUS / name, destination)
    return target


SMALL_CORPUS = (
    "soundcloud/terms-of-use/2018-05-25.md",
    "soundcloud/terms-of-use/2024-02-07.md",
    "soundcloud/terms-of-use/2026-08-17.md",
    "distrokid/terms-of-service/2024-09-19.md",
)


@pytest.fixture
def small_corpus(tmp_path: Path) -> Path:
    """Four real versions of two platforms: enough to see reuse across versions."""
    return copy_corpus_files(tmp_path / "corpus", *SMALL_CORPUS)


# Platforms and versions the ask tests search: all SoundCloud Terms of Use versions (the AI
# clause's history), YouTube and X terms across years, and DistroKid.
ASK_CORPUS = tuple(
    str(path.relative_to(CORPUS))
    for folder in (
        "soundcloud/terms-of-use",
        "youtube/terms-of-service",
        "x-twitter/terms-of-service",
        "distrokid/terms-of-service",
    )
    for path in sorted((CORPUS / folder).glob("*.md"))
)


@pytest.fixture(scope="session")
def ask_settings(tmp_path_factory: pytest.TempPathFactory, embedder: MemoEmbedder) -> Settings:
    """An embedded store holding ASK_CORPUS, ingested once per test session."""

    return ingested_store(tmp_path_factory.mktemp("ask"), ASK_CORPUS, embedder)


def ingested_store(root: Path, files: tuple[str, ...], embedder: MemoEmbedder) -> Settings:
    """An embedded store under `root` holding these corpus files (with sources.toml)."""
    from ingest.pipeline import run_ingest
    from ingest.request import IngestRequest

    corpus = copy_corpus_files(root / "corpus", *files)
    shutil.copyfile(CORPUS / "sources.toml", corpus / "sources.toml")
    settings = make_settings(root / "data", corpus_dir=corpus)
    report = run_ingest(IngestRequest(settings, embedder=embedder))
    assert report.ok, report.skipped
    return settings


def answerer_for(settings: Settings) -> Any:
    """The answering pipeline on a test store, built as the service builds it."""
    from fineprint.answering.build import build_answerer
    from fineprint.catalog.sources import load_sources

    store = ClauseStore.open(settings)
    sources = load_sources(settings.sources_path)
    return build_answerer(settings, store, store.load_registry(), sources)


def document_answerer(
    tmp_path_factory: pytest.TempPathFactory, embedder: MemoEmbedder, *folders: str
) -> Any:
    """An answerer on a store holding every version of these corpus documents ("twitch/terms-
    of-service"): questions of time about those documents alone."""
    files = tuple(
        str(path.relative_to(CORPUS))
        for folder in folders
        for path in sorted((CORPUS / folder).glob("*.md"))
    )
    root = tmp_path_factory.mktemp(folders[0].replace("/", "-"))
    return answerer_for(ingested_store(root, files, embedder))


@pytest.fixture(scope="session")
def answerer(ask_settings: Settings) -> Any:
    return answerer_for(ask_settings)


def point_cli_at(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the command line (which reads the environment) use this test store."""
    from fineprint import settings as settings_module

    monkeypatch.setenv("FINEPRINT_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("FINEPRINT_COLLECTION", settings.collection)
    monkeypatch.setenv("FINEPRINT_CORPUS_DIR", str(settings.corpus_dir))
    monkeypatch.setenv("FINEPRINT_CHROMA_URL", "")
    settings_module.get_settings.cache_clear()


def json_strings(data: object) -> Iterator[str]:
    """Every string in parsed JSON (a request body, a `--json` output)."""
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for value in data.values():
            yield from json_strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from json_strings(value)
