"""An embed as plain text, for channels without Embed Links: everything shown, within 2,000."""

from __future__ import annotations

import discord

from bot.channels import embed_text


def test_embed_text_keeps_every_part_in_order() -> None:
    embed = discord.Embed(title="Can they train AI?", description="The terms say:")
    embed.add_field(name="[1] SoundCloud · Terms", value="“…may not use Your Content…”")
    embed.set_footer(text="Not legal advice.")
    text = embed_text(embed, "Give Fineprint Embed Links.")
    assert text.index("**Can they train AI?**") < text.index("The terms say:")
    assert text.index("[1] SoundCloud") < text.index("-# Not legal advice.")
    assert text.endswith("-# Give Fineprint Embed Links.")


def test_embed_text_is_clipped_but_keeps_its_footer() -> None:
    embed = discord.Embed(description="word " * 1200)
    embed.set_footer(text="Not legal advice.")
    text = embed_text(embed)
    assert len(text) <= 2000 and text.endswith("-# Not legal advice.")
