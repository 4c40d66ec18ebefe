"""Tests for bench.baselines: the baselines must see exactly the versions Fineprint sees, quote
the corpus verbatim, and (for the dense one) not pay for embedding twice."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.baselines import (
    MANIFEST_NAME,
    Bm25ChunkBaseline,
    LangchainDenseBaseline,
    candidate_versions,
    fixed_chunks,
    load_versions,
    versions_needed_for,
)
from tests.conftest import CORPUS, copy_corpus_files

SOUNDCLOUD_OLD = "soundcloud/terms-of-use/2018-05-25.md"
SOUNDCLOUD_NEW = "soundcloud/terms-of-use/2026-08-17.md"
DISTROKID_OLD = "distrokid/terms-of-service/2021-08-03.md"
DISTROKID_NEW = "distrokid/terms-of-service/2024-09-19.md"


copy_corpus = copy_corpus_files


def ask(question: str, platform: str | None = None, as_of: str | None = None) -> dict:
    return {"question": question, "platform": platform, "as_of": as_of}


@pytest.fixture(scope="module")
def tiny_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("corpus")
    return copy_corpus(root, SOUNDCLOUD_OLD, SOUNDCLOUD_NEW, DISTROKID_NEW)


@pytest.fixture(scope="module")
def bodies(tiny_corpus: Path) -> dict[tuple[str, str, str], str]:
    """Version body by (platform, document, date): what every quote must be a substring of."""
    return {
        (d.platform, d.document, d.version_date.isoformat()): d.body
        for d in load_versions(tiny_corpus)
    }


@pytest.fixture(scope="module")
def bm25(tiny_corpus: Path) -> Bm25ChunkBaseline:
    return Bm25ChunkBaseline(tiny_corpus)


def assert_verbatim(answer: dict, bodies: dict[tuple[str, str, str], str]) -> None:
    for c in answer["citations"]:
        assert c["quote"].strip()
        assert c["quote"] in bodies[(c["platform"], c["document"], c["version_date"])]


# --- version selection ---------------------------------------------------------------------


def test_candidate_versions_pick_the_version_in_force(tiny_corpus: Path) -> None:
    versions = load_versions(tiny_corpus)
    dates = {
        (d.platform, d.version_date.isoformat())
        for d in candidate_versions(versions, "soundcloud", "2020-01-01")
    }
    assert dates == {("soundcloud", "2018-05-25")}
    newest = {
        (d.platform, d.version_date.isoformat()) for d in candidate_versions(versions, None, None)
    }
    assert newest == {("soundcloud", "2026-08-17"), ("distrokid", "2024-09-19")}
    # On the day a version is dated it is in force; DistroKid's 2024 text did not exist in 2020.
    on_day = candidate_versions(versions, None, "2026-08-17")
    assert {d.version_date.isoformat() for d in on_day} == {"2026-08-17", "2024-09-19"}
    in_2020 = candidate_versions(versions, None, "2020-01-01")
    assert [d.platform for d in in_2020] == ["soundcloud"]
    assert candidate_versions(versions, "soundcloud", "2001-01-01") == []


def test_versions_needed_covers_current_and_as_of_versions(tiny_corpus: Path) -> None:
    questions = [ask("q", "soundcloud", "2019-06-30"), ask("q", None, None)]
    assert versions_needed_for(questions, tiny_corpus) == {
        "soundcloud/terms-of-use/2018-05-25",
        "soundcloud/terms-of-use/2026-08-17",
        "distrokid/terms-of-service/2024-09-19",
    }


# --- BM25 ----------------------------------------------------------------------------------


def test_fixed_chunks_are_verbatim_and_cover_the_body() -> None:
    body = (CORPUS / SOUNDCLOUD_NEW).read_text(encoding="utf-8")
    chunks = fixed_chunks(body, 800)
    assert all(chunk in body for chunk in chunks)
    assert all(len(chunk) <= 1200 for chunk in chunks)
    assert sum(len(chunk) for chunk in chunks[:-1]) / (len(chunks) - 1) > 600
    # No overlap and nothing lost: the chunks are the body minus whitespace at the cuts.
    assert "".join(chunks).replace(" ", "").replace("\n", "") == "".join(body.split())


def test_fixed_chunks_cut_hard_without_whitespace() -> None:
    assert fixed_chunks("x" * 2000, 800) == ["x" * 800, "x" * 800, "x" * 400]


def test_bm25_as_of_picks_the_version_in_force(
    bm25: Bm25ChunkBaseline, bodies: dict[tuple[str, str, str], str]
) -> None:
    old = bm25.answer(ask("license to use your content", "soundcloud", "2019-01-01"), k=5)
    new = bm25.answer(ask("license to use your content", "soundcloud"), k=5)
    assert old["abstained"] is False and len(old["citations"]) == 5
    assert {c["version_date"] for c in old["citations"]} == {"2018-05-25"}
    assert {c["version_date"] for c in new["citations"]} == {"2026-08-17"}
    for answer in (old, new):
        assert_verbatim(answer, bodies)
        scores = [c["score"] for c in answer["citations"]]
        assert scores == sorted(scores, reverse=True)


def test_bm25_finds_the_clause(bm25: Bm25ChunkBaseline) -> None:
    answer = bm25.answer(ask("train generative AI models replicate my voice", "soundcloud"))
    assert any("train generative AI models" in c["quote"] for c in answer["citations"][:3])


def test_bm25_platform_filter(
    bm25: Bm25ChunkBaseline, bodies: dict[tuple[str, str, str], str]
) -> None:
    anywhere = bm25.answer(ask("royalties distribution license content"), k=10)
    assert {c["platform"] for c in anywhere["citations"]} == {"soundcloud", "distrokid"}
    only = bm25.answer(ask("royalties distribution license content", "DistroKid"), k=10)
    assert only["citations"] and {c["platform"] for c in only["citations"]} == {"distrokid"}
    assert_verbatim(anywhere, bodies)


def test_bm25_unknown_platform_or_date_gives_no_citations(bm25: Bm25ChunkBaseline) -> None:
    for question in (ask("license", "tiktok"), ask("license", "soundcloud", "2001-01-01")):
        assert bm25.answer(question) == {"abstained": False, "citations": []}
    assert bm25.answer(ask("the and of", "soundcloud"))["citations"] == []  # only stopwords


# --- LangChain dense -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def dense_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two small DistroKid versions keep the real model's embedding time to seconds."""
    return copy_corpus(tmp_path_factory.mktemp("dense-corpus"), DISTROKID_OLD, DISTROKID_NEW)


def test_dense_ranks_reuses_index_and_fills_gaps(dense_corpus: Path, tmp_path: Path) -> None:
    persist = tmp_path / "chroma"
    bodies = {
        (d.platform, d.document, d.version_date.isoformat()): d.body
        for d in load_versions(dense_corpus)
    }
    current = "distrokid/terms-of-service/2024-09-19"
    first = LangchainDenseBaseline(dense_corpus, persist, versions_needed={current})
    assert first.embedded_chunks > 0
    manifest = json.loads((persist / MANIFEST_NAME).read_text(encoding="utf-8"))
    assert manifest["version_ids"] == [current]

    answer = first.answer(ask("Can I cancel and get a refund?", "distrokid"), k=4)
    assert answer["abstained"] is False and len(answer["citations"]) == 4
    assert {c["version_date"] for c in answer["citations"]} == {"2024-09-19"}
    scores = [c["score"] for c in answer["citations"]]
    assert scores == sorted(scores, reverse=True) and -1 <= scores[-1] <= scores[0] <= 1
    assert_verbatim(answer, bodies)
    assert first.answer(ask("refund", "spotify")) == {"abstained": False, "citations": []}

    # Reopened with the same needs: nothing is embedded again.
    second = LangchainDenseBaseline(dense_corpus, persist, versions_needed={current})
    assert second.embedded_chunks == 0
    assert second.answer(ask("Can I cancel and get a refund?", "distrokid"), k=4) == answer

    # A question about 2022 needs the 2021 version: it is indexed then, and only it.
    old = second.answer(ask("Can I cancel and get a refund?", None, "2022-01-01"), k=3)
    assert 0 < second.embedded_chunks < first.embedded_chunks * 2
    assert {c["version_date"] for c in old["citations"]} == {"2021-08-03"}
    assert_verbatim(old, bodies)
    manifest = json.loads((persist / MANIFEST_NAME).read_text(encoding="utf-8"))
    assert set(manifest["version_ids"]) == {current, "distrokid/terms-of-service/2021-08-03"}
