"""Company-and-address clauses answer questions about the parties, and nothing else."""

from __future__ import annotations

from typing import Any

import pytest

from fineprint.answering.answer import Answerer
from fineprint.answering.parties import asks_about_parties, names_a_party
from tests.conftest import CORPUS, MemoEmbedder, answerer_for, ingested_store

GEMINI = "google-gemini/terms-of-service/2026-08-03.md"


def _lines_with(text: str, path: str = GEMINI) -> list[str]:
    body = (CORPUS / path).read_text(encoding="utf-8")
    return [line.strip("| ") for line in body.splitlines() if text in line]


def test_a_company_and_its_address_is_a_party_clause() -> None:
    japan = _lines_with("Google Cloud Japan G.K. (")[-1]
    assert names_a_party(japan)
    assert names_a_party(
        "These Terms are between you and Spotify USA Inc, 4 World Trade Center, 150 Greenwich "
        "Street, 62nd Floor, New York, NY, 10007."
    )


def test_a_clause_with_a_rule_beside_the_address_is_not() -> None:
    assert not names_a_party(
        "You and Twitch agree to arbitrate any dispute; any arbitration will occur in Santa "
        "Clara County, California, and Twitch Interactive, Inc. is located at 350 Bush Street."
    )
    assert not names_a_party("Your Content is yours. You grant us a license to host it.")


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("Which company is my contract with?", True),
        ("where do I send a DMCA notice to Midjourney?", True),
        ("who runs TikTok in the EU", True),
        ("what time is it in tokyo rn", False),
        ("Can SoundCloud train AI on my voice?", False),
    ],
)
def test_questions_about_the_parties(question: str, asks: bool) -> None:
    assert asks_about_parties(question) is asks


@pytest.fixture(scope="module")
def gemini(tmp_path_factory: pytest.TempPathFactory, embedder: MemoEmbedder) -> Any:
    return answerer_for(ingested_store(tmp_path_factory.mktemp("gemini"), (GEMINI,), embedder))


def test_a_question_about_a_city_is_not_answered_by_an_office_there(gemini: Answerer) -> None:
    answer = gemini.ask("what time is it in tokyo rn")
    assert all("Tokyo" not in citation.quote for citation in answer.citations)


def test_a_question_about_the_contracting_company_still_gets_it(gemini: Answerer) -> None:
    answer = gemini.ask("Which company is my Gemini contract with if I live in Japan?")
    assert any("Google Cloud Japan" in citation.clause_text for citation in answer.citations)
