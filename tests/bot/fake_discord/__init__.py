"""A Discord that says no, on loopback: see `server.FakeDiscord`."""

from tests.bot.fake_discord.server import FakeClock, FakeDiscord, FakeInteraction, Request

__all__ = ["FakeClock", "FakeDiscord", "FakeInteraction", "Request"]
