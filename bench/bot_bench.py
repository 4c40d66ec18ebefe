"""The Discord bot under a burst: N concurrent `/ask` through the loopback fake Discord.

    .venv/bin/python -m bench.bot_bench                # 50 concurrent /ask, table on stdout
    .venv/bin/python -m bench.bot_bench -n 100 --rtt-ms 0
    .venv/bin/python -m bench.bot_bench --spread-ms 1000  # arrivals while others are answered

What runs is the production bot unchanged: `FineprintBot` logs in, runs its `setup_hook`
(cogs, model, store, index) and connects its shard to the fake Discord of the tests
(`tests/bot/fake_discord`: real REST and gateway on 127.0.0.1, in a thread of its own so its
work never counts as the bot's), which then sends N INTERACTION_CREATEs over the gateway —
back to back, or spread out — and records every request the bot makes, each answered after
a simulated round trip (`--rtt-ms`). The fake enforces Discord's rules (3 s to acknowledge,
no double acknowledgement, message limits): a refusal counts as a failure.

Measured on the fake's clock: from an interaction's dispatch to its defer arriving (Discord
allows 3 s; target p95 < 100 ms: the event loop never blocks) and to the answer arriving;
the bot's event-loop worst lag (a 5 ms ticker), and its RSS after warm-up (target ≤ 700 MB).
The store is the one the settings point at (FINEPRINT_DATA_DIR …); an empty one is ingested.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import sys
import tempfile
import threading
import time
from collections.abc import Coroutine
from pathlib import Path
from typing import Any, TypeVar

BENCH = Path(__file__).resolve().parent
QUESTIONS = BENCH / "questions.jsonl"
OUT = BENCH / "out" / "bot_bench.json"
T = TypeVar("T")


def rss_mb(field: str = "VmRSS") -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def load_questions(count: int) -> list[dict[str, Any]]:
    rows = [json.loads(line) for line in QUESTIONS.read_text().splitlines() if line.strip()]
    return [rows[n % len(rows)] for n in range(count)]


class LagMonitor:
    """How late a 5 ms ticker wakes: the event loop's blocking, seen from inside."""

    def __init__(self, tick: float = 0.005) -> None:
        self.tick = tick
        self.lags: list[float] = []
        self._task: asyncio.Task[None] | None = None

    async def _run(self) -> None:
        while True:
            started = time.perf_counter()
            await asyncio.sleep(self.tick)
            self.lags.append(time.perf_counter() - started - self.tick)

    def start(self) -> None:
        self._task = asyncio.create_task(self._run())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task


class FakeDiscordThread:
    """The fake Discord on its own event loop in a daemon thread."""

    def __init__(self, rtt: float) -> None:
        from tests.bot.fake_discord import FakeDiscord

        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.fake: FakeDiscord = self.call(self._start(rtt))

    async def _start(self, rtt: float) -> Any:
        from tests.bot.fake_discord import FakeDiscord

        fake = FakeDiscord(latency=rtt)
        await fake.start()
        return fake

    def call(self, coroutine: Coroutine[Any, Any, T]) -> T:
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result()

    async def wait(self, coroutine: Coroutine[Any, Any, T]) -> T:
        future = asyncio.run_coroutine_threadsafe(coroutine, self.loop)
        return await asyncio.wrap_future(future)

    def stop(self) -> None:
        self.call(self.fake.stop())
        self.loop.call_soon_threadsafe(self.loop.stop)


async def burst(
    world: FakeDiscordThread, questions: list[dict[str, Any]], spread: float = 0.0
) -> dict[str, Any]:
    """Dispatch one `/ask` per question — back to back, or evenly over `spread` seconds while
    earlier ones are being answered — and wait for every answer."""
    fake = world.fake
    guild = next(iter(fake.guilds.values()))
    channel = fake.general(guild)
    monitor = LagMonitor()
    monitor.start()
    asked = []
    for n, question in enumerate(questions):
        if spread and n:
            await asyncio.sleep(spread / len(questions))
        options = {k: question[k] for k in ("platform", "as_of") if question.get(k)}
        user = fake.new_user(f"user{n}")
        asked.append(
            await world.wait(
                fake.slash("ask", channel, user, question=question["question"], **options)
            )
        )
    ids = {id(i) for i in asked}

    def final(request: Any) -> bool:
        """The answer (a follow-up after the defer), or a reply instead of one (a refusal)."""
        if id(request.interaction) not in ids:
            return False
        return request.kind == "followup" or (
            request.kind == "callback" and (request.body or {}).get("type") == 4
        )

    answered = await world.wait(fake.wait_for(final, count=len(asked), timeout=600))
    await monitor.stop()
    requests = [r for r in fake.requests if id(r.interaction) in ids]
    deferred = {id(r.interaction): r.at for r in requests if r.kind == "callback" and r.ok}
    done = {id(r.interaction): r.at for r in answered}
    failures = [
        f"{r.method} {r.kind} {r.status} {r.code or ''}".strip()
        for r in requests
        if not r.ok or "went wrong" in str(r.data.get("content") or "")
    ]
    failures += [
        f"no answer: {str(r.data.get('content'))[:80]}"
        for r in answered
        if not r.data.get("embeds")
    ]
    return {
        "interactions": len(asked),
        "deferred": len(deferred),
        "answered": len(done),
        "failures": failures,
        "defer_ms": [(deferred[id(i)] - i.created) * 1000 for i in asked if id(i) in deferred],
        "answer_ms": [(done[id(i)] - i.created) * 1000 for i in asked if id(i) in done],
        "loop_lag_max_ms": max(monitor.lags, default=0.0) * 1000,
        "loop_lag_p95_ms": percentile(monitor.lags, 0.95) * 1000 if monitor.lags else 0.0,
    }


async def run(count: int, rtt_ms: float, workers: int, spread_ms: float) -> dict[str, Any]:
    import discord
    import yarl
    from discord.gateway import DiscordWebSocket

    from bot.client import FineprintBot
    from bot.runtime import Runtime
    from bot.settings import load_bot_settings
    from fineprint.retrieval.embeddings import configure_offline_environment
    from fineprint.service import Fineprint
    from fineprint.settings import load_settings

    configure_offline_environment()
    settings = load_settings()
    ensure_ingested(settings)
    scratch = Path(tempfile.mkdtemp())
    bot_settings = load_bot_settings(
        _env_file=None,
        cooldown_rate=100,
        workers=workers,
        feedback_path=scratch / "feedback.jsonl",
        watches_path=scratch / "watches.json",
        refresh_minutes=0,
    )
    world = FakeDiscordThread(rtt_ms / 1000)
    fake = world.fake
    fake.add_guild("Bench")
    discord.http.Route.BASE = fake.api_base  # the production client, pointed at loopback
    DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(fake.gateway_url)

    rss_before = rss_mb()
    runtime = Runtime(Fineprint(settings), bot_settings)
    bot = FineprintBot(runtime)
    started = time.perf_counter()
    task = asyncio.create_task(bot.start(fake.token))
    await world.wait(fake.wait_for_sessions(1, timeout=600))
    warm_seconds = time.perf_counter() - started  # login, cogs, model, store, index, gateway
    rss_warm = rss_mb()
    try:
        single = await burst(world, load_questions(1))
        result = await burst(world, load_questions(count), spread_ms / 1000)
        await asyncio.sleep(2 * rtt_ms / 1000 + 0.2)  # the last answers' round trips end
    finally:
        await bot.close()
        with contextlib.suppress(Exception):
            await task
        runtime.close()
        world.stop()
    rss_after = rss_mb()
    peak = rss_mb("VmHWM")
    return {
        "concurrent": count,
        "rtt_ms": rtt_ms,
        "workers": workers,
        "spread_ms": spread_ms,
        "transport": "fake Discord on loopback (REST + gateway)",
        "warm_up_s": warm_seconds,
        "rss_before_mb": rss_before,
        "rss_after_warm_up_mb": rss_warm,
        "rss_after_burst_mb": rss_after,
        "rss_peak_mb": peak,
        "single_answer_ms": single["answer_ms"][0] if single["answer_ms"] else None,
        **result,
    }


def ensure_ingested(settings: Any) -> None:
    from fineprint.store import ClauseStore

    if ClauseStore.open(settings).load_registry().is_empty:
        from ingest.pipeline import run_ingest
        from ingest.request import IngestRequest

        print("empty store: ingesting the bundled corpus first (minutes)", file=sys.stderr)
        run_ingest(IngestRequest(settings, wait=True))


def table(result: dict[str, Any]) -> str:
    defer, answer = result["defer_ms"], result["answer_ms"]

    def spread(values: list[float], digits: int) -> str:
        parts = (percentile(values, 0.5), percentile(values, 0.95), max(values))
        return " / ".join(f"{value:.{digits}f}" for value in parts) + " ms"

    rss = " / ".join(
        f"{result[key]:.0f}"
        for key in ("rss_after_warm_up_mb", "rss_after_burst_mb", "rss_peak_mb")
    )
    setup = f"arriving over {result['spread_ms']:.0f} ms, rtt {result['rtt_ms']:.0f} ms"
    setup += f", {result['workers']} workers"
    rows = [
        ("concurrent /ask", f"{result['concurrent']} ({setup})"),
        (
            "deferred / answered",
            f"{result['deferred']} / {result['answered']}, failures {len(result['failures'])}",
        ),
        ("defer latency p50 / p95 / max", spread(defer, 1) + "  (target p95 < 100)"),
        ("answer latency p50 / p95 / max", spread(answer, 0)),
        ("one /ask alone, answer", f"{result['single_answer_ms']:.0f} ms"),
        (
            "event-loop lag max / p95",
            f"{result['loop_lag_max_ms']:.1f} / {result['loop_lag_p95_ms']:.1f} ms",
        ),
        ("start to connected (login, model, index)", f"{result['warm_up_s']:.1f} s"),
        ("RSS after warm-up / burst / peak", f"{rss} MB  (target ≤ 700)"),
    ]
    width = max(len(name) for name, _ in rows)
    return "\n".join(f"{name:<{width}}  {value}" for name, value in rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--concurrent", type=int, default=50)
    parser.add_argument("--rtt-ms", type=float, default=50.0, help="simulated Discord round trip")
    parser.add_argument("--workers", type=int, default=2, help="FINEPRINT_BOT_WORKERS")
    parser.add_argument(
        "--spread-ms", type=float, default=0.0, help="arrivals spread over this long (0: at once)"
    )
    args = parser.parse_args()
    result = asyncio.run(run(args.concurrent, args.rtt_ms, args.workers, args.spread_ms))
    print(table(result))
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(result, indent=2) + "\n")
    ok = result["deferred"] == result["answered"] == result["concurrent"] and not result["failures"]
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
