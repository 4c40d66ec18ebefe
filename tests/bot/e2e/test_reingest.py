"""`/reingest` through the fake Discord: managers only, one at a time, a real ingest of a
one-file corpus, progress and summary in a channel message that outlives the token."""

from __future__ import annotations

import asyncio
import shutil
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from bot.exts.reingest._cog import BUSY
from bot.runtime import Runtime
from fineprint.service import Fineprint
from ingest.lock import ingest_lock
from tests.bot.conftest import make_bot_settings
from tests.bot.e2e.conftest import LogWaiter, Server, StartBot, no_pings
from tests.bot.fake_discord import FakeDiscord, FakeInteraction, Request
from tests.bot.fake_discord import payloads as p
from tests.bot.fake_discord.server import TOKEN_SECONDS
from tests.conftest import CORPUS, MemoEmbedder, copy_corpus_files, make_settings

TINY = "distrokid/terms-of-service/2021-08-03.md"
MANAGER = p.MEMBER_DEFAULT | p.MANAGE_GUILD


@pytest.fixture
def tiny_runtime(tmp_path: Path, embedder: MemoEmbedder) -> Iterator[Runtime]:
    """A fresh, empty store whose corpus is one real file."""
    corpus = copy_corpus_files(tmp_path / "corpus", TINY)
    shutil.copyfile(CORPUS / "sources.toml", corpus / "sources.toml")
    settings = make_settings(tmp_path / "data", corpus_dir=corpus)
    runtime = Runtime(Fineprint(settings), make_bot_settings(tmp_path), ingest_embedder=embedder)
    yield runtime
    runtime.close()


def private_reply(fake: FakeDiscord, interaction: FakeInteraction) -> str:
    said = [
        r.data.get("content", "")
        for r in fake.about(interaction)
        if r.ok and r.ephemeral and r.kind in ("callback", "followup")
    ]
    return " ".join(said)


def in_channel(channel: p.Channel) -> object:
    return lambda r: r.channel_id == channel.id and r.kind.startswith("channel.") and r.ok


async def test_progress_and_summary_outlive_the_interaction_token(
    fake: FakeDiscord, server: Server, tiny_runtime: Runtime, start_bot: StartBot
) -> None:
    """Defect 6: the progress and the summary went through the token, dead after 15 min."""
    await start_bot(tiny_runtime)
    asked: list[FakeInteraction] = []

    def ingest_outlives_token(request: Request) -> None:
        if asked and request.interaction is asked[0] and request.kind == "followup":
            fake.clock.advance(TOKEN_SECONDS + 60)  # as if the ingest took 16 minutes

    fake.hooks.append(ingest_outlives_token)
    asked.append(await fake.slash("reingest", server.channel, server.manager, permissions=MANAGER))
    (summary,) = await fake.wait_for(
        lambda r: r.kind == "channel.message" and r.ok and bool(r.data.get("embeds"))
    )
    embed = summary.data["embeds"][0]
    fields = {f["name"]: f["value"] for f in embed["fields"]}
    assert fields["Versions"] == "1 new, 0 unchanged"
    assert summary.data["message_reference"], "the summary replies to the progress message"
    (started,) = [
        r for r in fake.requests if r.kind == "channel.message" and not r.data.get("embeds")
    ]
    assert started.data["content"].startswith("⏳ Re-ingesting the whole corpus")
    edits = [r for r in fake.requests if r.kind == "channel.edit"]
    assert edits and edits[-1].data["content"] == "✅ Re-ingest of the whole corpus finished."
    assert not [r for r in fake.requests if r.kind.startswith("original")], "no token edits"
    assert all(no_pings(r) for r in fake.requests)
    assert tiny_runtime.catalog.platform("DistroKid") is not None


class FailingEmbedder(MemoEmbedder):
    """The model failing mid-ingest, as a full disk or a lost GPU would make it."""

    def encode(self, texts: Sequence[str], **kwargs: Any) -> np.ndarray:
        raise OSError(28, "No space left on device")


@pytest.fixture
def failing_runtime(tmp_path: Path, embedder: MemoEmbedder) -> Iterator[Runtime]:
    """`tiny_runtime`, but its ingest fails while embedding."""
    corpus = copy_corpus_files(tmp_path / "corpus", TINY)
    shutil.copyfile(CORPUS / "sources.toml", corpus / "sources.toml")
    settings = make_settings(tmp_path / "data", corpus_dir=corpus)
    broken = FailingEmbedder(embedder.inner)
    runtime = Runtime(Fineprint(settings), make_bot_settings(tmp_path), ingest_embedder=broken)
    yield runtime
    runtime.close()


async def test_a_failure_after_the_token_died_is_reported_in_the_channel(
    fake: FakeDiscord,
    server: Server,
    failing_runtime: Runtime,
    start_bot: StartBot,
    logs: LogWaiter,
) -> None:
    """Item 2: the failure notice went through the expired token (401) and the channel kept
    showing "⏳ Re-ingesting … Embedding 1/6…" forever."""
    await start_bot(failing_runtime)
    asked: list[FakeInteraction] = []

    def ingest_outlives_token(request: Request) -> None:
        if asked and request.interaction is asked[0] and request.kind == "followup":
            fake.clock.advance(TOKEN_SECONDS + 60)  # as if it failed 16 minutes in

    fake.hooks.append(ingest_outlives_token)
    asked.append(await fake.slash("reingest", server.channel, server.manager, permissions=MANAGER))
    (failed,) = await fake.wait_for(
        lambda r: r.kind == "channel.edit" and "failed" in r.data.get("content", "")
    )
    assert failed.ok and failed.data["content"].startswith("❌ Re-ingest of the whole corpus")
    ref = failed.data["content"].split("(ref ")[1][:6]
    assert "re-ingest of the whole corpus failed" in await logs.wait_for(f"ref {ref}")
    assert not [r for r in fake.requests if r.kind.startswith("original")]
    assert not [r for r in fake.requests if r.status == 401], "nothing through the dead token"
    shown = fake.messages[int(failed.response["id"])]["content"]
    assert shown == failed.data["content"], "the channel shows the failure, not the progress"
    assert failing_runtime.service.registry().is_empty, "the store is as it was"


async def test_non_managers_are_told_privately(
    fake: FakeDiscord, server: Server, tiny_runtime: Runtime, start_bot: StartBot
) -> None:
    await start_bot(tiny_runtime)
    asked = await fake.slash("reingest", server.channel, server.member)
    (reply,) = await fake.wait_for(lambda r: r.interaction is asked)
    assert reply.body["type"] == 4 and reply.ephemeral
    assert "Only server managers" in reply.data["content"]
    assert tiny_runtime.service.registry().is_empty


async def test_the_allow_list_narrows_managers(
    fake: FakeDiscord, server: Server, tiny_runtime: Runtime, start_bot: StartBot, tmp_path: Path
) -> None:
    tiny_runtime.settings = make_bot_settings(tmp_path, reingest_users="1, 2")
    await start_bot(tiny_runtime)
    asked = await fake.slash("reingest", server.channel, server.manager, permissions=MANAGER)
    (reply,) = await fake.wait_for(lambda r: r.interaction is asked)
    assert "limited to the users" in reply.data["content"] and reply.ephemeral


async def test_an_ingest_elsewhere_is_reported(
    fake: FakeDiscord, server: Server, tiny_runtime: Runtime, start_bot: StartBot
) -> None:
    await start_bot(tiny_runtime)
    with ingest_lock(tiny_runtime.service.settings.data_dir):  # `fineprint ingest` elsewhere
        await fake.slash("reingest", server.channel, server.manager, permissions=MANAGER)
        (busy,) = await fake.wait_for(lambda r: r.kind == "channel.edit" and r.ok)
    assert busy.data["content"] == BUSY


@pytest.mark.parametrize("platform", ["../../etc", "myspace", "distrokid/terms-of-service"])
async def test_only_corpus_folders_can_be_named(
    fake: FakeDiscord, server: Server, tiny_runtime: Runtime, start_bot: StartBot, platform: str
) -> None:
    await start_bot(tiny_runtime)
    asked = await fake.slash(
        "reingest", server.channel, server.manager, permissions=MANAGER, platform=platform
    )
    await fake.wait_for(lambda r: r.interaction is asked and r.kind == "followup")
    assert "no folder" in private_reply(fake, asked)
    assert not fake.sent()


async def test_refused_where_the_bot_cannot_post_progress(
    fake: FakeDiscord, server: Server, tiny_runtime: Runtime, start_bot: StartBot
) -> None:
    quiet = fake.add_channel(server.guild, "quiet", deny=p.SEND_MESSAGES)
    await start_bot(tiny_runtime)
    asked = await fake.slash("reingest", quiet, server.manager, permissions=MANAGER)
    (reply,) = await fake.wait_for(lambda r: r.interaction is asked)
    assert reply.ephemeral and "Send Messages" in reply.data["content"]


async def test_an_empty_store_starts_and_says_so(
    fake: FakeDiscord, server: Server, tiny_runtime: Runtime, start_bot: StartBot
) -> None:
    await start_bot(tiny_runtime)
    assert tiny_runtime.ready and not tiny_runtime.catalog.platforms
    asked = await fake.slash("ask", server.channel, server.member, question="can they sell it")
    (reply,) = await fake.wait_for(lambda r: r.interaction is asked)
    assert reply.ephemeral and "no terms loaded yet" in reply.data["content"]


async def test_acknowledged_while_an_index_rebuild_holds_the_service(
    fake: FakeDiscord, server: Server, tiny_runtime: Runtime, start_bot: StartBot
) -> None:
    """Item 7: naming a platform read `service.sources` on the event loop, which waits while
    a rebuild holds the service's lock — the whole bot froze, the ack came too late."""
    await start_bot(tiny_runtime)
    held, release = threading.Event(), threading.Event()

    def rebuild() -> None:
        with tiny_runtime.service._lock:  # what refresh() holds while it rebuilds the index
            held.set()
            release.wait(30)

    rebuilding = threading.Thread(target=rebuild)
    rebuilding.start()
    try:
        await asyncio.to_thread(held.wait, 10)
        asked = await fake.slash(
            "reingest", server.channel, server.manager, permissions=MANAGER, platform="bandcamp"
        )
        (ack,) = await fake.wait_for(lambda r: r.interaction is asked, timeout=10)
        assert ack.ok and ack.body["type"] == 5 and ack.ephemeral
    finally:
        release.set()
        rebuilding.join()
    await fake.wait_for(lambda r: r.interaction is asked and r.kind == "followup")
    assert "no folder" in private_reply(fake, asked)
