"""Start the bot: settings, logging, the service, then Discord — or one clear line on stderr.

`run_bot()` is what `python -m bot` and `fineprint bot` call. A missing or rejected token
(at login, or later at the gateway: close code 4004), or a bad setting, is one line naming
the problem and exit code 2; a Discord that cannot be reached is one line and exit code 1 —
never a traceback. The token itself never reaches a log line or a message.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import sys

from bot.errors import RedactFilter
from bot.settings import TOKEN_VARIABLE, BotSettings, load_bot_settings
from fineprint.settings import Settings, SettingsError, load_settings
from fineprint.summary.config import load_llm_settings

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_CONFIG = 2
PROGRAM = "fineprint bot"


def fail(message: str, code: int = EXIT_CONFIG) -> int:
    print(f"{PROGRAM}: {message}", file=sys.stderr)
    return code


def configure_logging(level: str, token: str) -> None:
    """Log at the configured level (the bot's own start-up lines at least at INFO, discord.py
    at most at INFO), with the token blanked out of everything any handler writes."""
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    root = logging.getLogger()
    for handler in root.handlers:
        if not any(isinstance(f, RedactFilter) for f in handler.filters):
            handler.addFilter(RedactFilter(token))
    level_number = logging.getLevelNamesMapping()[level]
    logging.getLogger("bot").setLevel(min(logging.INFO, level_number))
    # discord.py's DEBUG lines carry raw gateway and HTTP payloads: user ids next to what
    # they wrote. Never log them, whatever FINEPRINT_LOG_LEVEL says.
    logging.getLogger("discord").setLevel(max(logging.INFO, level_number))


def run_bot(sync: bool = False, guild: int | None = None) -> int:
    """Run the Discord bot until it is stopped; returns the process exit code.

    sync: push the slash commands to Discord once at start — to `guild` (or
    FINEPRINT_BOT_DEV_GUILD) if given, else globally. A `guild` implies `sync`.
    """
    try:
        settings = load_settings()
        bot_settings = load_bot_settings()
        load_llm_settings()  # FINEPRINT_LLM…: optional summaries, checked now rather than later
    except SettingsError as error:
        return fail(str(error))
    if bot_settings.discord_token is None:
        return fail(
            f"{TOKEN_VARIABLE} is not set: put the bot's token in the environment or in .env "
            "(see docs/discord-bot.md)"
        )
    token = bot_settings.discord_token.get_secret_value()
    configure_logging(settings.log_level, token)

    from fineprint.retrieval.embeddings import configure_offline_environment

    configure_offline_environment()
    from bot.client import SyncRequest

    request = None
    if sync or guild is not None:
        request = SyncRequest(guild if guild is not None else bot_settings.dev_guild)
    return asyncio.run(serve(settings, bot_settings, token, request))


async def serve(
    settings: Settings, bot_settings: BotSettings, token: str, request: object | None
) -> int:
    import aiohttp
    import discord

    from bot.client import FineprintBot, SyncRequest
    from bot.runtime import Runtime
    from fineprint.service import Fineprint
    from fineprint.store import StoreError

    runtime = Runtime(Fineprint(settings), bot_settings)
    bot = FineprintBot(runtime, request if isinstance(request, SyncRequest) else None)
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        # not possible off the main thread or on Windows: Ctrl-C still stops the bot there
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(signum, lambda: asyncio.ensure_future(bot.close()))
    try:
        async with bot:
            await bot.start(token)
    except StoreError as error:
        return fail(str(error), EXIT_FAILED)
    except (discord.DiscordException, aiohttp.ClientError, TimeoutError) as error:
        logging.getLogger("bot").debug("the bot stopped at start", exc_info=error)
        return start_failure(error, token)
    finally:
        runtime.close()
    return EXIT_OK


REJECTED = (
    f"Discord rejected {TOKEN_VARIABLE}: reset the token in the Developer Portal "
    "(your application › Bot) and update it in .env"
)


def start_failure(error: Exception, token: str) -> int:
    """The one line (and exit code) for what stopped the bot while it started: a token or
    intents Discord refused (2); Discord unreachable, or refusing a request (1). The trace
    is logged at DEBUG."""
    import discord

    if isinstance(error, discord.LoginFailure):
        return fail(REJECTED)
    if isinstance(error, discord.ConnectionClosed) and error.code == 4004:  # at the gateway
        return fail(REJECTED)
    if isinstance(error, discord.PrivilegedIntentsRequired):
        return fail("Discord refused the gateway intents this bot asks for")
    reason = _reason(error, token)
    if isinstance(error, discord.HTTPException) and error.status < 500:
        return fail(f"Discord refused a request at start: {reason}", EXIT_FAILED)
    return fail(f"cannot reach Discord: {reason}", EXIT_FAILED)


def _reason(error: BaseException, token: str) -> str:
    """The error in words, on one line, never carrying the token."""
    text = " ".join(str(error).split()) or type(error).__name__
    return text.replace(token, "[redacted]") if token else text
