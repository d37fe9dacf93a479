"""The topic each person last asked about in each channel, kept a few minutes for follow-ups."""

from __future__ import annotations

import threading
from collections import OrderedDict
from datetime import datetime, timedelta

from bot.core.identity import Caller

FOLLOW_UP_WINDOW = timedelta(minutes=5)
MAX_REMEMBERED = 10_000
"""At most this many (person, channel) pairs are remembered; the oldest go first."""

Key = tuple[str, str, str, str]


def _key(caller: Caller) -> Key:
    p = caller.player
    return (p.platform, p.workspace, p.user_id, caller.channel.channel_id)


class RecentTopics:
    """In memory only: a follow-up is worth a few minutes, not a database row. Safe to use from
    the threads the adapters call the core on."""

    def __init__(self, window: timedelta = FOLLOW_UP_WINDOW, limit: int = MAX_REMEMBERED) -> None:
        self._window, self._limit = window, limit
        self._last: OrderedDict[Key, tuple[str, datetime]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, caller: Caller, now: datetime) -> str | None:
        """The topic `caller` asked about in this channel within the window, if any."""
        with self._lock:
            found = self._last.get(_key(caller))
        if found is None or now - found[1] > self._window:
            return None
        return found[0]

    def remember(self, caller: Caller, topic_id: str, now: datetime) -> None:
        with self._lock:
            key = _key(caller)
            self._last.pop(key, None)
            self._last[key] = (topic_id, now)
            while len(self._last) > self._limit:
                self._last.popitem(last=False)
