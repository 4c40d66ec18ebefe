"""One BLAS thread for the NumPy query encoder.

Why: a query is a handful of small matrix products. With OpenBLAS's default (one thread per
core), each product wakes every thread; when another process keeps a core busy (an ingest
next to the bot), the threads wait on each other and a ~10 ms query took 375-430 ms median.
One thread is as fast when the machine is idle and stays fast when it is not.

The limit is set only around the call and restored afterwards (threadpoolctl), so other
NumPy or torch work in the process keeps its threads; calls are serialised because the BLAS
thread count is process-wide. `ENABLED = False` turns it off (the bench's "before").
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])

ENABLED = True
_lock = threading.Lock()
_controller: Any = None


def _blas() -> Any:
    """threadpoolctl's view of the loaded libraries, taken once NumPy's BLAS is loaded."""
    global _controller
    if _controller is None:
        from threadpoolctl import ThreadpoolController

        _controller = ThreadpoolController()
    return _controller


def single_blas_thread(func: F) -> F:
    """Run `func` with every BLAS library limited to one thread."""

    @functools.wraps(func)
    def limited(*args: Any, **kwargs: Any) -> Any:
        if not ENABLED:
            return func(*args, **kwargs)
        with _lock, _blas().limit(limits=1, user_api="blas"):
            return func(*args, **kwargs)

    return limited  # type: ignore[return-value]
