"""The Discord bot under a burst: N concurrent `/ask` through discord.py with a fake transport.

    .venv/bin/python -m bench.bot_bench                # 50 concurrent /ask, table on stdout
    .venv/bin/python -m bench.bot_bench -n 100 --rtt-ms 0
    .venv/bin/python -m bench.bot_bench --spread-ms 1000  # arrivals while others are answered

What runs is the production path minus the network: the `AutoShardedBot`'s `setup_hook`
(cogs, model, store, index), then N INTERACTION_CREATE payloads handed to discord.py's
connection state back to back, as a gateway burst would — so the command tree, the
namespace, the cog, the worker threads and the embed/view serialisation all run for real.
Only HTTP is replaced: discord.py's webhook adapter answers every request after a simulated
round trip (`--rtt-ms`), and records when each defer and each answer was *sent*.

Measured: time from an interaction's arrival to its defer being sent (Discord allows 3 s;
target p95 < 100 ms: the event loop never blocks), time to the answer, the event loop's
worst lag (a 5 ms ticker), and the process RSS after warm-up (target ≤ 700 MB).
The store is the one the settings point at (FINEPRINT_DATA_DIR …); an empty one is ingested.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
QUESTIONS = BENCH / "questions.jsonl"
OUT = BENCH / "out" / "bot_bench.json"
APPLICATION_ID = 1_000_000_000_000_000_001


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


def interaction_payload(n: int, question: dict[str, Any]) -> dict[str, Any]:
    """An INTERACTION_CREATE for `/ask`, as Discord sends it (from a DM, user n)."""
    options = [{"name": "question", "type": 3, "value": question["question"]}]
    if question.get("platform"):
        options.append({"name": "platform", "type": 3, "value": question["platform"]})
    if question.get("as_of"):
        options.append({"name": "as_of", "type": 3, "value": question["as_of"]})
    user_id = str(2_000_000_000_000_000_000 + n)
    return {
        "id": str(3_000_000_000_000_000_000 + n),
        "application_id": str(APPLICATION_ID),
        "type": 2,
        "token": f"interaction-token-{n}",
        "version": 1,
        "attachment_size_limit": 8_388_608,
        "context": 1,
        "locale": "en-US",
        "channel": {"id": str(4_000_000_000_000_000_000 + n), "type": 1},
        "channel_id": str(4_000_000_000_000_000_000 + n),
        "user": {"id": user_id, "username": f"user{n}", "discriminator": "0", "avatar": None},
        "data": {"id": "5000000000000000000", "name": "ask", "type": 1, "options": options},
    }


def message_payload(n: int, sent: dict[str, Any]) -> dict[str, Any]:
    """What Discord returns for a follow-up: the message as created."""
    return {
        "id": str(6_000_000_000_000_000_000 + n),
        "channel_id": "4000000000000000000",
        "type": 0,
        "content": sent.get("content") or "",
        "author": {
            "id": str(APPLICATION_ID),
            "username": "Fineprint",
            "discriminator": "0",
            "avatar": None,
            "bot": True,
        },
        "embeds": sent.get("embeds") or [],
        "components": sent.get("components") or [],
        "attachments": [],
        "mentions": [],
        "mention_roles": [],
        "mention_everyone": False,
        "pinned": False,
        "tts": False,
        "timestamp": "2026-01-01T00:00:00+00:00",
        "edited_timestamp": None,
        "flags": sent.get("flags") or 0,
    }


def fake_transport(rtt: float) -> Any:
    """discord.py's webhook adapter with the network replaced by a timed stub."""
    from discord.webhook.async_ import AsyncWebhookAdapter

    class Transport(AsyncWebhookAdapter):
        def __init__(self) -> None:
            super().__init__()
            self.deferred: dict[str, float] = {}
            self.answered: dict[str, float] = {}
            self.failures: list[str] = []
            self.done = asyncio.Event()
            self.expected = 0

        async def request(self, route: Any, session: Any, **kwargs: Any) -> Any:
            now = time.perf_counter()
            token = str(route.webhook_token)
            payload = kwargs.get("payload") or {}
            if route.path.endswith("/callback"):
                self.deferred[token] = now
                await asyncio.sleep(rtt)
                return {"interaction": {"id": str(route.webhook_id), "type": 2}}
            self.answered[token] = now
            text = str(payload.get("content") or "")
            if not payload.get("embeds") or "went wrong" in text:
                self.failures.append(text or "no embed")
            await asyncio.sleep(rtt)
            if len(self.answered) >= self.expected:
                self.done.set()
            return message_payload(len(self.answered), payload)

    return Transport()


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


async def burst(
    bot: Any, transport: Any, questions: list[dict[str, Any]], first: int, spread: float = 0.0
) -> dict[str, Any]:
    """Deliver one INTERACTION_CREATE per question — back to back, or evenly over `spread`
    seconds while earlier ones are being answered — and wait for every answer."""
    transport.deferred.clear()
    transport.answered.clear()
    transport.failures.clear()
    transport.done.clear()
    transport.expected = len(questions)
    arrived: dict[str, float] = {}
    monitor = LagMonitor()
    monitor.start()
    for n, question in enumerate(questions, start=first):
        if spread and n > first:
            await asyncio.sleep(spread / len(questions))
        payload = interaction_payload(n, question)
        arrived[payload["token"]] = time.perf_counter()
        bot._connection.parse_interaction_create(payload)
    await asyncio.wait_for(transport.done.wait(), timeout=600)
    await monitor.stop()
    defer_ms = [
        (transport.deferred[t] - arrived[t]) * 1000 for t in arrived if t in transport.deferred
    ]
    answer_ms = [
        (transport.answered[t] - arrived[t]) * 1000 for t in arrived if t in transport.answered
    ]
    return {
        "interactions": len(questions),
        "deferred": len(defer_ms),
        "answered": len(answer_ms),
        "failures": list(transport.failures),
        "defer_ms": defer_ms,
        "answer_ms": answer_ms,
        "loop_lag_max_ms": max(monitor.lags, default=0.0) * 1000,
        "loop_lag_p95_ms": percentile(monitor.lags, 0.95) * 1000 if monitor.lags else 0.0,
    }


async def run(count: int, rtt_ms: float, workers: int, spread_ms: float) -> dict[str, Any]:
    from discord.webhook.async_ import async_context

    from bot.client import FineprintBot
    from bot.runtime import Runtime
    from bot.settings import load_bot_settings
    from fineprint.embeddings import configure_offline_environment
    from fineprint.service import Fineprint
    from fineprint.settings import load_settings

    configure_offline_environment()
    settings = load_settings()
    ensure_ingested(settings)
    feedback = Path(tempfile.mkdtemp()) / "feedback.jsonl"
    bot_settings = load_bot_settings(
        _env_file=None, cooldown_rate=100, workers=workers, feedback_path=feedback
    )
    rss_before = rss_mb()
    runtime = Runtime(Fineprint(settings), bot_settings)
    bot = FineprintBot(runtime)
    transport = fake_transport(rtt_ms / 1000)
    async_context.set(transport)  # tasks created from here on use the fake transport
    await bot._async_setup_hook()  # what `bot.start()` does before login: the loop
    started = time.perf_counter()
    await bot.setup_hook()  # cogs, model, store, index, autocomplete catalog
    warm_seconds = time.perf_counter() - started
    rss_warm = rss_mb()

    single = await burst(bot, transport, load_questions(1), first=0)
    result = await burst(bot, transport, load_questions(count), 1, spread_ms / 1000)
    rss_after = rss_mb()
    peak = rss_mb("VmHWM")
    runtime.close()
    return {
        "concurrent": count,
        "rtt_ms": rtt_ms,
        "workers": workers,
        "spread_ms": spread_ms,
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

        print("empty store: ingesting the bundled corpus first (minutes)", file=sys.stderr)
        run_ingest(settings=settings, wait=True)


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
        ("warm-up (model, store, index)", f"{result['warm_up_s']:.1f} s"),
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
