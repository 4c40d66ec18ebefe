"""Nothing the bot shows can be turned around or repaint anything: bidirectional and terminal
controls in what users type and in what documents hold reach Discord as visible escapes —
in public answers, private errors, plain-text fallbacks and clause pages."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.runtime import Runtime
from fineprint.safe_text import is_neutral
from fineprint.service import Fineprint
from ingest.pipeline import run_ingest
from ingest.request import IngestRequest
from tests.bot.conftest import make_bot_settings
from tests.bot.e2e.conftest import Server, StartBot
from tests.bot.e2e.test_ask import QUESTION, answer_to
from tests.bot.fake_discord import FakeDiscord, Request
from tests.bot.fake_discord import payloads as p
from tests.conftest import MemoEmbedder, copy_corpus_files, json_strings, make_settings

TINY = "distrokid/terms-of-service/2021-08-03.md"
TURNED = "can they sell my music \u202e?sey"  # shows as "…music yes?" when echoed raw
REPAINT = "\x1b[2J\x1b[31m"  # clear the screen, then red
SHOWN_BACKSLASH = "\\\\"  # user text has its Markdown escaped: Discord shows one backslash


def neutral(request: Request) -> bool:
    return all(is_neutral(text) for text in json_strings(request.data))


def shown(request: Request) -> str:
    return " ".join(json_strings(request.data))


async def test_a_public_answer_shows_an_override_escaped(
    fake: FakeDiscord, server: Server, runtime: Runtime, start_bot: StartBot
) -> None:
    """Item 3: the title read "❓ can they sell my music \u202e?sey", shown reversed."""
    await start_bot(runtime)
    asked = await fake.slash("ask", server.channel, server.member, question=f"{TURNED} soundcloud")
    (answer,) = await fake.wait_for(lambda r: r.interaction is asked and r.kind == "followup")
    title = answer.data["embeds"][0]["title"]
    assert f"music {SHOWN_BACKSLASH}u202e?sey" in title and neutral(answer)


async def test_a_private_error_shows_controls_escaped(
    fake: FakeDiscord, server: Server, runtime: Runtime, start_bot: StartBot
) -> None:
    await start_bot(runtime)
    asked = await fake.slash(
        "ask", server.channel, server.member, question=QUESTION, platform=f"my\u202espace{REPAINT}"
    )
    (reply,) = await fake.wait_for(lambda r: r.interaction is asked)
    assert reply.ephemeral and "no terms for" in reply.data["content"]
    assert f"my{SHOWN_BACKSLASH}u202espace{SHOWN_BACKSLASH}x1b[2J" in reply.data["content"]
    assert neutral(reply)


async def test_a_plain_text_answer_shows_controls_escaped(
    fake: FakeDiscord, runtime: Runtime, start_bot: StartBot
) -> None:
    guild = fake.add_guild()
    channel = fake.add_channel(guild, "no-embeds", deny=p.EMBED_LINKS)
    await start_bot(runtime)
    await fake.mention(channel, fake.new_user(), f"{TURNED}{REPAINT} on soundcloud")
    (answer,) = await fake.wait_for(answer_to(fake, channel))
    content = answer.data["content"]
    assert not answer.data.get("embeds") and f"{SHOWN_BACKSLASH}u202e?sey" in content
    assert neutral(answer)


@pytest.fixture
def turned_runtime(tmp_path: Path, embedder: MemoEmbedder) -> Iterator[Runtime]:
    """A store holding a real document with overrides and isolates in its text and headings
    (ingest keeps them: quotes are verbatim)."""
    corpus = copy_corpus_files(tmp_path / "corpus", TINY)
    path = corpus / TINY
    text = path.read_text(encoding="utf-8")
    text = text.replace("**Privacy**", "**Pri\u202evacy**").replace(
        "please refer to the Site's privacy policy", "please refer to the \u2067Site's\u2069 policy"
    )
    path.write_text(text, encoding="utf-8")
    settings = make_settings(tmp_path / "data", corpus_dir=corpus)
    assert run_ingest(IngestRequest(settings, embedder=embedder)).ok
    runtime = Runtime(Fineprint(settings), make_bot_settings(tmp_path))
    yield runtime
    runtime.close()


async def test_a_clause_shows_a_documents_controls_escaped(
    fake: FakeDiscord, server: Server, turned_runtime: Runtime, start_bot: StartBot
) -> None:
    await start_bot(turned_runtime)
    asked = await fake.slash(
        "clause",
        server.channel,
        server.member,
        platform="distrokid",
        document="terms-of-service",
        section="Pri\u202evacy",  # as autocomplete offers it
    )
    (page,) = await fake.wait_for(lambda r: r.interaction is asked and r.kind == "followup")
    text = shown(page)
    assert "Pri\\u202evacy" in text and "\\u2067Site's\\u2069 policy" in text
    assert neutral(page)
