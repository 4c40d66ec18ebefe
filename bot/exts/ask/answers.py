"""Recent answers, so an answer's buttons can act on its question and citations.

The buttons carry only the answer's key in their `custom_id` (Discord keeps that on the
message); the answer itself stays here, bounded. After a restart or eviction a button says
the answer is too old instead of failing. Voters are remembered as salted hashes only, to
count one vote per person per answer without keeping who voted.
"""

from __future__ import annotations

import hashlib
import secrets
from collections import OrderedDict
from dataclasses import dataclass, field

from fineprint.answering.answer import Answer

KEY_HEX = 16


def new_key() -> str:
    return secrets.token_hex(KEY_HEX // 2)


@dataclass
class CachedAnswer:
    answer: Answer
    voters: set[str] = field(default_factory=set)


class AnswerCache:
    """A bounded LRU of answers by key."""

    def __init__(self, size: int = 2000) -> None:
        self.size = size
        self._items: OrderedDict[str, CachedAnswer] = OrderedDict()
        self._salt = secrets.token_bytes(16)

    def __len__(self) -> int:
        return len(self._items)

    def put(self, key: str, answer: Answer) -> None:
        self._items[key] = CachedAnswer(answer)
        self._items.move_to_end(key)
        while len(self._items) > self.size:
            self._items.popitem(last=False)

    def get(self, key: str) -> CachedAnswer | None:
        found = self._items.get(key)
        if found is not None:
            self._items.move_to_end(key)
        return found

    def first_vote(self, key: str, user_id: int) -> bool:
        """True the first time this user votes on this answer."""
        entry = self._items.get(key)
        if entry is None:
            return False
        voter = hashlib.blake2b(
            f"{key}:{user_id}".encode(), key=self._salt, digest_size=12
        ).hexdigest()
        if voter in entry.voters:
            return False
        entry.voters.add(voter)
        return True
