"""How long the bot's event loop stalls while the search index reloads.

    FINEPRINT_DATA_DIR=/tmp/stall-data .venv/bin/python -m bench.reload_stall_bench [-n 7]

The reload runs the way the bot runs it: `bot.runtime.Runtime.refresh()` — the service's
`refresh()` (a new answerer over the index loaded from its disk cache) and the autocomplete
catalog — on the runtime's own worker thread pool, awaited from the loop. Meanwhile a ticker
task sleeps 5 ms at a time and records how late it wakes: the loop's stall, seen from inside
(the other thread's work stalls the loop only while it holds the GIL: a JSON parse does, a
file read into a NumPy array does not). A new registry generation is simulated by dropping
the service's answerer before each refresh, so every refresh rebuilds it, as after an ingest
(whose process already wrote the cache for the new generation).

Printed: the median and max of each reload's longest stall, the ticker's longest stall
while idle (what the machine itself costs), the reload's wall time, the cache load on its
own (no loop) and the cache's files. The store is the one the settings point at: copy the
ingested one aside first (`cp -r data /tmp/stall-data`), as the first run writes its cache.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import os
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

TICK = 0.005


class GcPauses:
    """The garbage collector's passes (they hold the GIL, whichever thread runs them)."""

    def __init__(self) -> None:
        self.pauses: list[tuple[int, float]] = []  # (generation, seconds)
        self._started = 0.0

    def __call__(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._started = time.perf_counter()
        else:
            self.pauses.append((info["generation"], time.perf_counter() - self._started))


class Ticker:
    """A task that sleeps `TICK` at a time and keeps the longest extra delay in a window."""

    def __init__(self) -> None:
        self.worst = 0.0
        self._task: asyncio.Task[None] | None = None

    async def _run(self) -> None:
        while True:
            started = time.perf_counter()
            await asyncio.sleep(TICK)
            self.worst = max(self.worst, time.perf_counter() - started - TICK)

    def start(self) -> None:
        self._task = asyncio.create_task(self._run())

    def reset(self) -> None:
        self.worst = 0.0

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task


def rss_mb() -> float:
    """This process's resident memory (Linux), MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cache_files(settings: Any) -> dict[str, int]:
    """The current cache generation's files and their sizes (bytes), by relative path."""
    root = settings.data_dir / "index-cache"
    folders = [p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")]
    if not folders:
        return {}
    newest = max(folders, key=lambda p: p.stat().st_mtime)
    return {
        str(path.relative_to(newest)): path.stat().st_size
        for path in sorted(newest.rglob("*"))
        if path.is_file()
    }


def time_cache_load(settings: Any, registry: Any, repeats: int) -> list[float]:
    """`index_cache.load` alone, on this thread, no loop running (seconds per load)."""
    from fineprint.retrieval import index as index_module
    from fineprint.retrieval import index_cache

    path, registry_json = index_module._cache_path(settings), registry.to_json()
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        loaded = index_cache.load(path, registry_json, index_module.CACHE_FORMAT)
        times.append(time.perf_counter() - started)
        if loaded is None:
            raise SystemExit("the cache did not load: is the store ingested?")
    return times


async def measure(reloads: int) -> dict[str, Any]:
    from bot.runtime import Runtime
    from bot.settings import load_bot_settings
    from fineprint.retrieval.embeddings import configure_offline_environment
    from fineprint.service import Fineprint
    from fineprint.settings import load_settings

    configure_offline_environment()
    settings = load_settings()
    scratch = Path(tempfile.mkdtemp())
    bot_settings = load_bot_settings(
        _env_file=None,
        feedback_path=scratch / "feedback.jsonl",
        watches_path=scratch / "watches.json",
        refresh_minutes=0,
    )
    service = Fineprint(settings)
    runtime = Runtime(service, bot_settings)
    if service.registry().is_empty:
        raise SystemExit(f"the store at {settings.data_dir} is empty: ingest it first")
    await runtime.warm_up()  # model, index (its cache written if missing), catalog
    ticker = Ticker()
    ticker.start()
    await asyncio.sleep(1.0)  # the idle loop: what the machine costs without a reload
    idle = ticker.worst
    rss_before = rss_mb()
    stalls, walls = [], []
    collections = GcPauses()
    gc.callbacks.append(collections)
    try:
        for _ in range(reloads):
            service._answerer = None  # as if an ingest committed a new generation
            await asyncio.sleep(0.2)
            ticker.reset()
            started = time.perf_counter()
            changed = await runtime.refresh()
            walls.append(time.perf_counter() - started)
            await asyncio.sleep(2 * TICK)  # the tick in flight at the end
            stalls.append(ticker.worst)
            assert changed, "the refresh did not reload"
    finally:
        await ticker.stop()
        gc.callbacks.remove(collections)
        runtime.close()
    rss_after = rss_mb()
    registry = service.registry()
    return {
        "rss": (rss_before, rss_after),
        "clauses": len(service.index.clauses),
        "stalls": stalls,
        "walls": walls,
        "idle": idle,
        "gc": collections.pauses,
        "cache_load": time_cache_load(settings, registry, 3),
        "files": cache_files(settings),
    }


def report(result: dict[str, Any]) -> None:
    ms = [s * 1000 for s in result["stalls"]]
    print(
        f"store: {os.environ.get('FINEPRINT_DATA_DIR', '(default)')}, {result['clauses']} clauses"
    )
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())} ({os.cpu_count()} CPUs)")
    print(f"loop stall while idle (1 s): {result['idle'] * 1000:.1f} ms")
    print(
        f"loop stall during a reload, {len(ms)} reloads: median {statistics.median(ms):.1f} ms, "
        f"max {max(ms):.1f} ms  (each: {', '.join(f'{x:.0f}' for x in ms)})"
    )
    full = [t * 1000 for generation, t in result["gc"] if generation == 2]
    longest = max((t for _, t in result["gc"]), default=0.0) * 1000
    print(
        f"garbage collections during the reloads: {len(result['gc'])}, of which {len(full)} "
        f"full (longest {max(full, default=0.0):.0f} ms); longest of any {longest:.0f} ms"
    )
    print(f"RSS before and after the reloads: {result['rss'][0]:.0f} → {result['rss'][1]:.0f} MB")
    print(f"reload wall time: median {statistics.median(result['walls']) * 1000:.0f} ms")
    loads = [t * 1000 for t in result["cache_load"]]
    print(f"cache load alone: median {statistics.median(loads):.0f} ms (min {min(loads):.0f})")
    total = sum(result["files"].values())
    print(f"cache files: {total / 1e6:.1f} MB in {len(result['files'])} files")
    small = {name: size for name, size in result["files"].items() if size < 1e6}
    for name, size in result["files"].items():
        if name == "index.json" or name not in small:
            print(f"  {name:<40} {size / 1e6:8.2f} MB")
    rest = sum(size for name, size in small.items() if name != "index.json")
    print(f"  {len(small) - ('index.json' in small)} files under 1 MB{'':<22} {rest / 1e6:8.2f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--reloads", type=int, default=7)
    args = parser.parse_args()
    report(asyncio.run(measure(args.reloads)))


if __name__ == "__main__":
    main()
