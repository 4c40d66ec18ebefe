"""Small training-pair files written in the test, in the layout `training.pairs.load_pairs`
reads: held-out and training services of both sources (which ones the hash split holds out
is asked of the split itself)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from itertools import count
from pathlib import Path

import pytest

from tests.conftest import MemoEmbedder
from training.pairs import is_held_out


def service_names(source: str, held_out: bool, how_many: int) -> list[str]:
    """Service names (without the `source:` prefix) the split holds out, or trains on."""
    found: list[str] = []
    for n in count():
        if is_held_out(f"{source}:svc{n}") == held_out:
            found.append(f"svc{n}")
            if len(found) == how_many:
                return found
    raise AssertionError("unreachable")


def write_pairs(folder: Path, tosdr: list[dict[str, str]], policyqa: list[dict[str, str]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in (("tosdr_pairs.jsonl", tosdr), ("policyqa_pairs.jsonl", policyqa)):
        text = "".join(json.dumps(row) + "\n" for row in rows)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@dataclass(frozen=True)
class SharedData:
    repo: Path  # a checkout whose ../shared/training holds the pair files
    held_out: list[tuple[str, list[str]]]  # (source, its queries) per held-out service
    gold: dict[str, str]  # held-out query -> its passage


@pytest.fixture
def memo_model(embedder: MemoEmbedder, monkeypatch: pytest.MonkeyPatch) -> MemoEmbedder:
    """The training scripts get the session's real model, which remembers what it embedded."""
    monkeypatch.setattr(
        "fineprint.retrieval.embeddings.get_embedder", lambda *args, **kwargs: embedder
    )
    return embedder


@pytest.fixture
def shared_data(tmp_path: Path) -> SharedData:
    """Two held-out services per source (one with a single passage), one training service."""
    tosdr_held, tosdr_single = service_names("tosdr", True, 2)
    (tosdr_train,) = service_names("tosdr", False, 1)
    (site,) = service_names("policyqa", True, 1)
    tosdr = [
        {
            "service": tosdr_held,
            "title": "You can delete your account",
            "quote": "You may delete your account at any time from your settings.",
        },
        {
            "service": tosdr_held,
            "title": "The service can use your content to train AI",
            "quote": "We may use your uploads to train artificial intelligence models.",
        },
        {
            "service": tosdr_held,
            "title": "Payouts are monthly",
            "quote": "Payouts are made monthly once your earnings reach ten dollars.",
        },
        {
            "service": tosdr_single,
            "title": "Only one passage here",
            "quote": "This service has a single quoted clause about cookies.",
        },
        {
            "service": tosdr_train,
            "title": "Training services are not measured",
            "quote": "A clause of a service the encoder trains on.",
        },
    ]
    policyqa = [
        {
            "site": site,
            "question": "Do you share my data with advertisers?",
            "paragraph": "We share your personal information with advertising partners to "
            "show you relevant ads.",
        },
        {
            "site": site,
            "question": "How long do you keep my data?",
            "paragraph": "We retain your personal data for as long as your account is active "
            "and for two years after it is closed.",
        },
    ]
    write_pairs(tmp_path / "shared" / "training", tosdr, policyqa)
    gold = {row["title"]: row["quote"] for row in tosdr[:4]}
    gold.update({row["question"]: row["paragraph"] for row in policyqa})
    return SharedData(
        repo=tmp_path / "repo",
        held_out=[
            ("tosdr", [row["title"] for row in tosdr[:3]]),
            ("tosdr", [tosdr[3]["title"]]),
            ("policyqa", [row["question"] for row in policyqa]),
        ],
        gold=gold,
    )
