"""`/platforms`: coverage with version dates, within Discord's limits."""

from __future__ import annotations

from bot.client import LocalFineprintBot
from bot.limits import embed_problems
from fineprint.service import Fineprint
from tests.bot.helpers import followups, invoke, make_interaction


async def test_platforms_lists_documents_and_dates(
    bot: LocalFineprintBot, service: Fineprint
) -> None:
    interaction = make_interaction(bot)
    await invoke(bot, "platforms", interaction)
    interaction.response.defer.assert_awaited_once_with(ephemeral=False, thinking=True)
    sent = followups(interaction)[-1]
    pages = sent["view"].pages if sent.get("view") is not None else [sent["embed"]]
    assert all(embed_problems(page) == [] for page in pages)
    fields = {f.name: f.value or "" for page in pages for f in page.fields}
    slugs = {name.rsplit("`", 2)[1] for name in fields}
    assert slugs == {"soundcloud", "youtube", "x-twitter", "distrokid"}
    soundcloud = next(value for name, value in fields.items() if name.startswith("SoundCloud"))
    for record in service.versions("soundcloud", "terms-of-use"):
        assert record.version_date in soundcloud


async def test_platforms_privately(bot: LocalFineprintBot) -> None:
    interaction = make_interaction(bot)
    await invoke(bot, "platforms", interaction, private=True)
    interaction.response.defer.assert_awaited_once_with(ephemeral=True, thinking=True)
    assert followups(interaction)[-1]["ephemeral"] is True
