"""`python -m bot` (what `fineprint bot` runs) as a real process: when Discord cannot be reached,
or takes the token at login and refuses it at the gateway, it prints one line and no
traceback — and never the voice warnings a text-only bot has no use for."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

from tests.bot.fake_discord import FakeDiscord
from tests.conftest import REPO, free_port

# `python -m bot` with discord.py's REST base and gateway pointed elsewhere
LAUNCH = (
    "import sys, discord.http, yarl\n"
    "from discord.gateway import DiscordWebSocket\n"
    "discord.http.Route.BASE = sys.argv[1]\n"
    "DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(sys.argv[2])\n"
    "from bot.__main__ import main\n"
    "sys.exit(main([]))\n"
)


def environment(tmp_path: Path, token: str) -> dict[str, str]:
    """The developer's environment minus any Fineprint or Discord setting, plus these."""
    env = {k: v for k, v in os.environ.items() if k != "DISCORD_TOKEN" and "FINEPRINT_" not in k}
    return env | {
        "PYTHONPATH": str(REPO),
        "DISCORD_TOKEN": token,
        "FINEPRINT_DATA_DIR": str(tmp_path / "data"),  # an empty store: the bot starts anyway
    }


def check_one_line(stderr: str, token: str) -> str:
    """The failure is one `fineprint bot:` line, the last; no traceback, no voice warning."""
    lines = stderr.strip().splitlines()
    assert "Traceback" not in stderr, stderr
    assert "voice will NOT be supported" not in stderr, stderr
    assert token not in stderr
    (failure,) = [line for line in lines if line.startswith("fineprint bot:")]
    assert lines[-1] == failure
    return failure


def test_unreachable_discord_is_one_line(tmp_path: Path) -> None:
    """Item 7: a 108-line traceback after the PyNaCl / davey warnings."""
    nobody = f"http://127.0.0.1:{free_port()}"  # a port nothing listens on
    token = "unreachable.token.value"
    done = subprocess.run(
        [sys.executable, "-c", LAUNCH, f"{nobody}/api/v10", f"ws://{nobody[7:]}/gateway"],
        cwd=tmp_path,
        env=environment(tmp_path, token),
        capture_output=True,
        text=True,
        timeout=120,
    )
    failure = check_one_line(done.stderr, token)
    assert done.returncode == 1
    assert failure.startswith("fineprint bot: cannot reach Discord")


async def test_a_token_refused_at_the_gateway_is_one_line(
    fake: FakeDiscord, tmp_path: Path
) -> None:
    """Login (REST) takes the token, the gateway closes with 4004: the token is wrong all the
    same, and the line says so."""
    fake.gateway_refuses_token = True
    child = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        LAUNCH,
        fake.api_base,
        fake.gateway_url,
        cwd=tmp_path,
        env=environment(tmp_path, fake.token),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    async with asyncio.timeout(120):
        _, err = await child.communicate()
    failure = check_one_line(err.decode(), fake.token)
    assert child.returncode == 2
    assert failure.startswith("fineprint bot: Discord rejected DISCORD_TOKEN")
    assert fake.identifies, "it got as far as the gateway"
