"""Per-user rate limits: a few questions per window, so one user cannot hog the workers.

In memory only; a user id is held just long enough to count requests and is never paired
with what was asked.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable


class Cooldown:
    """At most `rate` uses per `per` seconds for each user (sliding window).

    >>> limit = Cooldown(rate=1, per=10, clock=lambda: 0.0)
    >>> limit.retry_after(42), limit.retry_after(42)
    (None, 10.0)
    """

    PRUNE_AT = 10_000  # users remembered before stale entries are dropped

    def __init__(self, rate: int, per: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.rate = rate
        self.per = per
        self.clock = clock
        self._uses: dict[int, deque[float]] = {}
        self._noticed: dict[int, float] = {}  # user → when their current wait ends

    def retry_after(self, user_id: int) -> float | None:
        """None (and the use is counted) when allowed, else seconds until it will be."""
        now = self.clock()
        uses = self._uses.setdefault(user_id, deque())
        while uses and now - uses[0] >= self.per:
            uses.popleft()
        if len(uses) >= self.rate:
            return self.per - (now - uses[0])
        uses.append(now)
        if len(self._uses) > self.PRUNE_AT:
            self._prune(now)
        return None

    def reset(self, user_id: int) -> None:
        self._uses.pop(user_id, None)
        self._noticed.pop(user_id, None)

    def first_notice(self, user_id: int, wait: float) -> bool:
        """True once per wait: whether to tell an over-limit user, or stay quiet."""
        now = self.clock()
        if now < self._noticed.get(user_id, float("-inf")):
            return False
        self._noticed[user_id] = now + wait
        if len(self._noticed) > self.PRUNE_AT:
            self._noticed = {u: end for u, end in self._noticed.items() if end > now}
        return True

    def _prune(self, now: float) -> None:
        stale = [
            user for user, uses in self._uses.items() if not uses or now - uses[-1] >= self.per
        ]
        for user in stale:
            del self._uses[user]


def cooldown_message(seconds: float) -> str:
    wait = max(1, round(seconds))
    unit = "second" if wait == 1 else "seconds"
    return f"You're asking faster than Fineprint can keep up — try again in {wait} {unit}."
