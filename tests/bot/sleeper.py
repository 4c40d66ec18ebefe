"""A child-process target that imports nothing heavy: mark a file, then sleep."""

from __future__ import annotations

import time
from pathlib import Path


def mark_then_sleep(marker: str, seconds: float) -> None:
    Path(marker).touch()
    time.sleep(seconds)
