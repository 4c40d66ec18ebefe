"""The per-user rate limit."""

from __future__ import annotations

from bot.cooldown import Cooldown, cooldown_message


def test_rate_per_window_per_user() -> None:
    now = [0.0]
    limit = Cooldown(rate=2, per=10, clock=lambda: now[0])
    assert limit.retry_after(1) is None and limit.retry_after(1) is None
    assert limit.retry_after(1) == 10.0
    assert limit.retry_after(2) is None  # others are unaffected
    now[0] = 4.0
    assert limit.retry_after(1) == 6.0
    now[0] = 10.0
    assert limit.retry_after(1) is None  # the first use has left the window


def test_many_users_are_pruned() -> None:
    now = [0.0]
    limit = Cooldown(rate=1, per=1, clock=lambda: now[0])
    for user in range(Cooldown.PRUNE_AT + 5):
        limit.retry_after(user)
    now[0] = 5.0
    limit.retry_after(-1)
    assert len(limit._uses) == 1


def test_message() -> None:
    assert cooldown_message(0.2).endswith("try again in 1 second.")
    assert cooldown_message(12.4).endswith("try again in 12 seconds.")


def test_an_over_limit_user_is_told_once_per_wait() -> None:
    now = [0.0]
    limit = Cooldown(rate=1, per=10, clock=lambda: now[0])
    assert limit.retry_after(7) is None
    wait = limit.retry_after(7)
    assert wait == 10.0 and limit.first_notice(7, wait)
    now[0] = 5.0
    assert not limit.first_notice(7, limit.retry_after(7) or 0)  # still the same wait
    assert limit.first_notice(8, 3.0)  # someone else is told
    now[0] = 10.5
    assert limit.retry_after(7) is None  # the window passed
    now[0] = 11.0
    assert limit.first_notice(7, limit.retry_after(7) or 0)  # over again: told again
