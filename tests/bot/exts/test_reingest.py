"""`/reingest`: managers only, one at a time, a real ingest of a one-file corpus."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.client import LocalFineprintBot
from bot.exts.reingest import BUSY
from bot.limits import embed_problems
from bot.runtime import Runtime
from fineprint.service import Fineprint
from ingest.lock import ingest_lock
from tests.bot.conftest import make_bot, make_bot_settings
from tests.bot.helpers import command, followups, invoke, make_interaction, private_texts
from tests.conftest import CORPUS, MemoEmbedder, copy_corpus_files, make_settings

TINY = "distrokid/terms-of-service/2021-08-03.md"
MANAGER = 333_333_333_333_333_333


@pytest.fixture
def tiny_runtime(tmp_path: Path, embedder: MemoEmbedder) -> Iterator[Runtime]:
    """A fresh, empty store whose corpus is one real file."""
    corpus = copy_corpus_files(tmp_path / "corpus", TINY)
    shutil.copyfile(CORPUS / "sources.toml", corpus / "sources.toml")
    settings = make_settings(tmp_path / "data", corpus_dir=corpus)
    runtime = Runtime(Fineprint(settings), make_bot_settings(tmp_path), ingest_embedder=embedder)
    yield runtime
    runtime.close()


@pytest.fixture
async def admin_bot(tiny_runtime: Runtime) -> LocalFineprintBot:
    return await make_bot(tiny_runtime)


async def reingest(bot: LocalFineprintBot, *, manager: bool = True, **arguments: Any) -> Any:
    interaction = make_interaction(bot, user_id=MANAGER, manage_guild=manager)
    await invoke(bot, "reingest", interaction, **arguments)
    return interaction


def edits(interaction: Any) -> list[str]:
    return [c.kwargs.get("content", "") for c in interaction.edit_original_response.await_args_list]


async def test_manager_reingests_and_answers_use_it(admin_bot: LocalFineprintBot) -> None:
    runtime = admin_bot.runtime  # type: ignore[attr-defined]
    assert runtime.service.registry().is_empty
    interaction = await reingest(admin_bot)
    interaction.response.defer.assert_awaited_once_with(ephemeral=False, thinking=True)
    assert edits(interaction)[0].startswith("⏳ Re-ingesting the whole corpus")
    assert edits(interaction)[-1] == "✅ Re-ingest of the whole corpus finished."
    (summary,) = [f["embed"] for f in followups(interaction)]
    assert embed_problems(summary) == []
    values = {f.name: f.value for f in summary.fields}
    assert values["Versions"] == "1 new, 0 unchanged"
    assert summary.footer.text == "Answers now use the new versions."
    assert runtime.catalog.platform("DistroKid") is not None  # autocomplete knows it now
    answer = runtime.service.ask("can distrokid change its prices")
    assert answer.citations and answer.citations[0].version_date == "2021-08-03"

    again = await reingest(admin_bot, platform="DistroKid")
    (summary,) = [f["embed"] for f in followups(again)]
    assert "Re-ingest of distrokid" in (summary.title or "")
    assert {f.name: f.value for f in summary.fields}["Versions"] == "0 new, 1 unchanged"
    assert summary.footer.text == "No change to answers."


async def test_non_manager_cannot_reingest(admin_bot: LocalFineprintBot) -> None:
    interaction = await reingest(admin_bot, manager=False)
    interaction.response.defer.assert_not_awaited()
    (text,) = private_texts(interaction)
    assert "Only server managers" in text
    assert admin_bot.runtime.service.registry().is_empty  # type: ignore[attr-defined]


def test_reingest_is_hidden_from_non_managers_and_dms(admin_bot: LocalFineprintBot) -> None:
    cmd = command(admin_bot, "reingest")
    assert cmd.default_permissions is not None and cmd.default_permissions.manage_guild
    assert cmd.guild_only


async def test_allow_list(tiny_runtime: Runtime, tmp_path: Path) -> None:
    tiny_runtime.settings = make_bot_settings(tmp_path, reingest_users="1, 2")
    bot = await make_bot(tiny_runtime)
    interaction = await reingest(bot)  # a manager, but not on the list
    (text,) = private_texts(interaction)
    assert "limited to the users" in text
    cog = bot.get_cog("Reingest")
    allowed = make_interaction(bot, user_id=2, manage_guild=True)
    assert cog.permission_problem(allowed) is None  # type: ignore[union-attr]
    dm = make_interaction(bot, user_id=2, manage_guild=True, guild_id=None)
    assert cog.permission_problem(dm) is not None  # type: ignore[union-attr]


async def test_a_second_request_is_told_one_is_running(admin_bot: LocalFineprintBot) -> None:
    cog = admin_bot.get_cog("Reingest")
    cog.running = True  # type: ignore[union-attr]
    interaction = await reingest(admin_bot)
    (text,) = private_texts(interaction)
    assert "already running" in text


async def test_an_ingest_elsewhere_is_reported(admin_bot: LocalFineprintBot) -> None:
    settings = admin_bot.runtime.service.settings  # type: ignore[attr-defined]
    with ingest_lock(settings.data_dir):  # e.g. `fineprint ingest` in a terminal
        interaction = await reingest(admin_bot)
    assert edits(interaction)[-1] == BUSY
    assert not followups(interaction)
    assert admin_bot.get_cog("Reingest").running is False  # type: ignore[union-attr]


@pytest.mark.parametrize("platform", ["../../etc", "myspace", "distrokid/terms-of-service"])
async def test_only_corpus_folders_can_be_named(
    admin_bot: LocalFineprintBot, platform: str
) -> None:
    interaction = await reingest(admin_bot, platform=platform)
    (text,) = private_texts(interaction)
    assert "no folder" in text


async def test_an_empty_store_starts_and_says_so(admin_bot: LocalFineprintBot) -> None:
    runtime = admin_bot.runtime  # type: ignore[attr-defined]
    await runtime.warm_up()  # no crash on an empty store
    assert runtime.ready and not runtime.catalog.platforms
    interaction = make_interaction(admin_bot)
    await invoke(admin_bot, "ask", interaction, question="can they sell my music")
    (text,) = private_texts(interaction)
    assert "no terms loaded yet" in text
