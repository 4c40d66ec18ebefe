"""The watch store: one channel per (server, platform), written atomically under a lock that
bot processes sharing a data directory respect, and versions marked as handled for good."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.exts.watch import watches
from bot.exts.watch.watches import Watch, WatchStore


def test_store_writes_atomically_and_keeps_a_corrupt_file(tmp_path: Path) -> None:
    path = tmp_path / "watches.json"
    store = WatchStore(path)
    assert store.watch(1, "soundcloud", 10) is None
    assert store.watch(1, "soundcloud", 11) == 10  # moved, one channel per platform
    store.watch(2, "soundcloud", 11)
    assert WatchStore(path).channels("soundcloud") == [11]
    assert not list(tmp_path.glob(".watches-*"))  # no temporary file left behind
    path.write_text("{not json", encoding="utf-8")
    fresh = WatchStore(path)
    assert fresh.watches() == [] and fresh.handled is None
    assert len(list(tmp_path.glob("watches.json.corrupt-*"))) == 1


def test_watches_filter_by_platform_and_server(tmp_path: Path) -> None:
    store = WatchStore(tmp_path / "watches.json")
    store.watch(1, "soundcloud", 10)
    store.watch(1, "youtube", 10)
    store.watch(2, "soundcloud", 20)
    assert store.watches(platform="soundcloud") == [
        Watch(1, "soundcloud", 10),
        Watch(2, "soundcloud", 20),
    ]
    assert store.watches(guild_id=1) == [Watch(1, "soundcloud", 10), Watch(1, "youtube", 10)]
    assert store.channels("soundcloud") == [10, 20] and store.channels("x") == []


def test_unwatch_says_whether_there_was_a_watch(tmp_path: Path) -> None:
    path = tmp_path / "watches.json"
    store = WatchStore(path)
    assert store.unwatch(1, "soundcloud") is False
    assert not path.exists()  # nothing to forget: nothing written
    store.watch(1, "soundcloud", 10)
    assert store.unwatch(1, "soundcloud") is True
    assert WatchStore(path).watches() == []


def test_drop_forgets_a_channel_or_a_server(tmp_path: Path) -> None:
    path = tmp_path / "watches.json"
    store = WatchStore(path)
    store.watch(1, "soundcloud", 10)
    store.watch(1, "youtube", 11)
    store.watch(2, "soundcloud", 20)
    assert store.drop(channel_id=10) == [Watch(1, "soundcloud", 10)]
    assert store.drop(guild_id=1) == [Watch(1, "youtube", 11)]
    assert store.drop(channel_id=99) == []
    assert WatchStore(path).watches() == [Watch(2, "soundcloud", 20)]


def test_handled_versions_start_unknown_then_accumulate(tmp_path: Path) -> None:
    path = tmp_path / "watches.json"
    store = WatchStore(path)
    assert store.handled is None  # no baseline yet: everything ingested so far is one
    store.mark_handled(["a/b/2020-01-01"])
    store.mark_handled(["a/b/2021-01-01"])
    assert WatchStore(path).handled == {"a/b/2020-01-01", "a/b/2021-01-01"}
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["format"] == watches.FORMAT and data["handled_versions"] == sorted(store.handled)
    assert "user" not in path.read_text(encoding="utf-8")  # ids of servers and channels only


def test_two_processes_never_overwrite_each_other(tmp_path: Path) -> None:
    """Each change re-reads the file under the lock, so a store opened earlier keeps what
    another wrote since; `reload` shows it."""
    path = tmp_path / "watches.json"
    first, second = WatchStore(path), WatchStore(path)
    first.watch(1, "soundcloud", 10)
    second.watch(2, "youtube", 20)
    first.mark_handled(["a/b/2020-01-01"])
    assert second.watches() == [Watch(1, "soundcloud", 10), Watch(2, "youtube", 20)]
    first.reload()
    assert first.watches() == second.watches()
    assert second.handled is None
    second.reload()
    assert second.handled == {"a/b/2020-01-01"}


def test_a_failed_write_leaves_the_previous_file_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "watches.json"
    store = WatchStore(path)
    store.watch(1, "soundcloud", 10)
    before = path.read_bytes()

    def full_disk(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(watches.os, "fsync", full_disk)
    with pytest.raises(OSError, match="No space"):
        store.watch(2, "youtube", 20)
    assert path.read_bytes() == before
    assert not list(tmp_path.glob(".watches-*"))
