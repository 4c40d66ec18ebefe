"""Reading untrusted files without letting one of them hang, exhaust or crash an ingest.

Why each guard exists:
- A FIFO, socket or device among the inputs blocks `read()` forever (or never ends):
  only regular files are opened, and they are opened non-blocking, then checked again
  on the open descriptor, so swapping the path for a pipe after the check does not help.
- A huge file exhausts memory and embedding time: a byte cap, checked before and while reading.
- YAML aliases ("billion laughs") expand exponentially: front matter is parsed with a loader
  that refuses aliases, caps nesting depth and size, and leaves dates as text so that an
  impossible date is an error naming the file rather than a traceback.
- A pathological PDF or HTML page can take minutes: a per-file deadline (SIGALRM, on the
  main thread; elsewhere the byte cap bounds the work).
"""

from __future__ import annotations

import os
import signal
import stat
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

_KINDS = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISDIR, "a directory"),
)


@dataclass(frozen=True, slots=True)
class ReadLimits:
    """How much one input file may cost before it is refused."""

    max_bytes: int = 20_000_000
    max_seconds: float = 60.0
    front_matter_chars: int = 16_384
    front_matter_depth: int = 8


class UnsafeFileError(Exception):
    """The file is refused; `problem` says why in words a user can act on."""

    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem


class ReadTimeUp(BaseException):
    """The per-file deadline passed (raised from the SIGALRM handler)."""


def file_kind(mode: int) -> str | None:
    """What a non-regular file is, in words; None for a regular file."""
    for test, name in _KINDS:
        if test(mode):
            return name
    return None if stat.S_ISREG(mode) else "not a regular file"


def read_regular_file(path: Path, max_bytes: int) -> bytes:
    """The bytes of a regular file of at most `max_bytes`, or UnsafeFileError.

    Raises OSError for files that cannot be opened (missing, permissions, loops).
    """
    kind = file_kind(os.stat(path).st_mode)
    if kind is not None:
        raise UnsafeFileError(f"is {kind}, not a regular file; skipped")
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    with os.fdopen(descriptor, "rb") as handle:
        info = os.fstat(handle.fileno())
        kind = file_kind(info.st_mode)
        if kind is not None:  # swapped between the check and the open
            raise UnsafeFileError(f"is {kind}, not a regular file; skipped")
        if info.st_size > max_bytes:
            raise UnsafeFileError(f"is too large ({info.st_size} bytes; at most {max_bytes})")
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise UnsafeFileError(f"is too large (over {max_bytes} bytes)")
    return data


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Raise ReadTimeUp in this block after `seconds` (main thread only; else no limit)."""
    usable = (
        seconds > 0
        and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
        and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)  # never steal a caller's timer
    )
    if not usable:
        yield
        return

    def expire(signum: int, frame: Any) -> None:
        raise ReadTimeUp

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _plain_resolvers() -> dict[Any, Any]:
    """SafeLoader's implicit resolvers without timestamps: dates stay text, checked by us."""
    return {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }


class _FrontMatterLoader(yaml.SafeLoader):
    """SafeLoader that refuses aliases and deep nesting."""

    yaml_implicit_resolvers = _plain_resolvers()
    max_depth = 8

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            raise UnsafeFileError("front matter uses YAML aliases (*name), which are refused")
        self._depth += 1
        try:
            if self._depth > self.max_depth:
                raise UnsafeFileError(f"front matter nests deeper than {self.max_depth} levels")
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def load_front_matter(text: str, limits: ReadLimits) -> Any:
    """Parse front matter YAML safely; UnsafeFileError for refused or malformed input."""
    if len(text) > limits.front_matter_chars:
        raise UnsafeFileError(
            f"front matter is too long ({len(text)} characters; at most "
            f"{limits.front_matter_chars})"
        )
    loader = _FrontMatterLoader(text)
    loader.max_depth = limits.front_matter_depth
    try:
        return loader.get_single_data()
    except yaml.YAMLError as error:
        raise UnsafeFileError(f"has malformed front matter: {error}") from None
    except RecursionError:
        raise UnsafeFileError("front matter nests too deeply") from None
    finally:
        loader.dispose()
