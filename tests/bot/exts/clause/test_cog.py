"""`/clause` and its autocomplete, on the real store."""

from __future__ import annotations

from typing import Any

import pytest

from bot.client import LocalFineprintBot
from bot.limits import CHOICE_NAME, CHOICE_VALUE, CHOICES, embed_problems
from fineprint.catalog.lookups import NotFoundError
from fineprint.quote_display import readable
from fineprint.service import Fineprint
from tests.bot.helpers import followups, invoke, make_interaction, private_texts

SOUNDCLOUD_TERMS = {"platform": "soundcloud", "document": "terms-of-use"}


async def complete(bot: LocalFineprintBot, argument: str, current: str, **namespace: str) -> Any:
    cog = bot.get_cog("ClauseLookup")
    interaction = make_interaction(bot, namespace=namespace)
    # in memory (the catalog), never the store: a timed assert here would fail under load
    choices = await getattr(cog, f"_{argument}s")(interaction, current)
    assert len(choices) <= CHOICES
    for choice in choices:
        assert 1 <= len(choice.name) <= CHOICE_NAME and 1 <= len(choice.value) <= CHOICE_VALUE
    return choices


async def test_platform_choices_match_names_and_aliases(bot: LocalFineprintBot) -> None:
    everything = await complete(bot, "platform", "")
    assert {c.value for c in everything} == {"soundcloud", "youtube", "x-twitter", "distrokid"}
    assert [c.value for c in await complete(bot, "platform", "sou")] == ["soundcloud"]
    twitter = await complete(bot, "platform", "twitter")
    assert twitter[0].value == "x-twitter" and "Twitter" in twitter[0].name
    assert await complete(bot, "platform", "myspace") == []


async def test_document_choices_follow_the_platform(bot: LocalFineprintBot) -> None:
    documents = await complete(bot, "document", "", platform="soundcloud")
    assert [c.value for c in documents] == ["terms-of-use"]
    assert documents[0].name == "Terms of Use"
    youtube = await complete(bot, "document", "terms", platform="YouTube")
    assert [c.value for c in youtube] == ["terms-of-service"]


async def test_section_choices_are_relevant_and_resolve(
    bot: LocalFineprintBot, service: Fineprint
) -> None:
    outline = await complete(bot, "section", "", **SOUNDCLOUD_TERMS)
    assert len(outline) == CHOICES  # SoundCloud's terms have more headings than that
    typed = await complete(bot, "section", "licen", **SOUNDCLOUD_TERMS)
    assert typed and all("licen" in c.name.lower() for c in typed)
    for choice in outline + typed:  # every choice is something /clause can find
        lookup = service.section("soundcloud", "terms-of-use", choice.value)
        assert lookup.clauses


async def test_section_choices_follow_the_version(bot: LocalFineprintBot) -> None:
    old = await complete(bot, "section", "", version="2013-06-02", **SOUNDCLOUD_TERMS)
    new = await complete(bot, "section", "", **SOUNDCLOUD_TERMS)
    assert {c.name for c in old} != {c.name for c in new}


async def test_version_choices_newest_first(bot: LocalFineprintBot, service: Fineprint) -> None:
    versions = await complete(bot, "version", "", **SOUNDCLOUD_TERMS)
    dates = [r.version_date for r in service.versions("soundcloud", "terms-of-use")]
    assert [c.value for c in versions] == list(reversed(dates))
    assert versions[0].name.endswith("(current)")
    assert [c.value for c in await complete(bot, "version", "2016", **SOUNDCLOUD_TERMS)] == [
        "2016-04-20",
        "2016-02-25",
    ]


async def test_nothing_to_offer_without_a_document(bot: LocalFineprintBot) -> None:
    assert await complete(bot, "section", "1") == []
    assert await complete(bot, "version", "", platform="soundcloud") == []


async def lookup(bot: LocalFineprintBot, **arguments: Any) -> Any:
    interaction = make_interaction(bot)
    await invoke(bot, "clause", interaction, **arguments)
    return interaction


async def test_clause_quotes_the_section_verbatim(
    bot: LocalFineprintBot, service: Fineprint
) -> None:
    (choice, *_) = await complete(bot, "section", "grant of", **SOUNDCLOUD_TERMS)
    interaction = await lookup(
        bot, platform="SoundCloud", document="Terms of Use", section=choice.value
    )
    interaction.response.defer.assert_awaited_once_with(ephemeral=False, thinking=True)
    sent = followups(interaction)[-1]
    pages = sent["view"].pages if sent.get("view") is not None else [sent["embed"]]
    assert all(embed_problems(page) == [] for page in pages)
    body = service.store.body(service.versions("soundcloud", "terms-of-use")[-1].version_id)
    assert body is not None
    found = service.section("soundcloud", "terms-of-use", choice.value)
    shown = " ".join(" ".join(p.description or "" for p in pages).replace("\u200b", "").split())
    for clause in found.clauses:
        assert " ".join(readable(clause.text).split()) in shown  # as the terms read
        assert clause.text in body
    assert found.version.version_date in (pages[0].footer.text or "")


async def test_clause_of_an_older_version(bot: LocalFineprintBot) -> None:
    (choice, *_) = await complete(bot, "section", "", version="2014-01-01", **SOUNDCLOUD_TERMS)
    interaction = await lookup(bot, section=choice.value, version="2014-01-01", **SOUNDCLOUD_TERMS)
    sent = followups(interaction)[-1]
    first = sent["view"].pages[0] if sent.get("view") is not None else sent["embed"]
    assert "Version of 2013-06-02" in (first.footer.text or "")


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        ({"platform": "MySpace", "document": "terms", "section": "1"}, "holds no terms"),
        ({"platform": "soundcloud", "document": "privacy", "section": "1"}, "has no document"),
        (
            {"platform": "soundcloud", "document": "terms", "section": "1", "version": "soon"},
            "not a date",
        ),
    ],
)
async def test_wrong_arguments_are_answered_privately(
    bot: LocalFineprintBot, arguments: dict[str, str], expected: str
) -> None:
    interaction = await lookup(bot, **arguments)
    interaction.response.defer.assert_not_awaited()
    (text,) = private_texts(interaction)
    assert expected in text


async def test_unknown_section_lists_headings_privately(bot: LocalFineprintBot) -> None:
    interaction = await lookup(
        bot, platform="soundcloud", document="terms-of-use", section="zebra crossings"
    )
    interaction.delete_original_response.assert_awaited_once()
    (text,) = private_texts(interaction)
    assert "no section 'zebra crossings'" in text and "headings" in text
    with pytest.raises(NotFoundError):
        bot.runtime.service.section("soundcloud", "terms-of-use", "zebra crossings")  # type: ignore[attr-defined]
