"""Dropping Slack's noise before it reaches a listener: redeliveries, duplicate events, echoes."""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.response import BoltResponse

from bot.adapters.inflight import InFlight


class Seen:
    """A bounded, expiring set of keys: `first(key)` is True once per key within `ttl` seconds."""

    def __init__(
        self, ttl: float = 600.0, maxsize: int = 10_000, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.ttl, self.maxsize, self.clock = ttl, maxsize, clock
        self._keys: OrderedDict[str, float] = OrderedDict()

    def first(self, key: str) -> bool:
        now = self.clock()
        while self._keys and (
            next(iter(self._keys.values())) <= now or len(self._keys) >= self.maxsize
        ):
            self._keys.popitem(last=False)
        if key in self._keys:
            return False
        self._keys[key] = now + self.ttl
        return True


def retry_number(headers: dict[str, Any]) -> int:
    """Slack's redelivery count. Socket Mode first deliveries carry `retry_attempt: 0`, which bolt
    mirrors as the header "0", so the number matters, not the header's presence."""
    value = headers.get("x-slack-retry-num") or ["0"]
    raw = value[0] if isinstance(value, list | tuple) else value
    try:
        return int(raw or 0)
    except ValueError:
        return 0


FirstDelivery = Callable[[str], Awaitable[bool]]


def drop_redeliveries(first: FirstDelivery) -> Callable[..., Awaitable[BoltResponse | None]]:
    """Bolt middleware that acks and ignores an event id already delivered. Slack redelivers an
    event it thinks was not acked in 3 s; answering it again would post twice. Whatever the
    X-Slack-Retry-Reason, a redelivery whose first delivery never arrived (`http_error`) is
    processed: `first` (shared through the database by every replica) has not seen its id."""

    async def middleware(req: Any, body: dict[str, Any], next: Callable[[], Awaitable[Any]]) -> Any:
        event_id = body.get("event_id")
        if isinstance(event_id, str) and event_id:
            if not await first(event_id):
                return BoltResponse(status=200, body="")
        elif retry_number(req.headers) > 0:
            return BoltResponse(status=200, body="")
        return await next()

    return middleware


def refuse_while_closing(inflight: InFlight) -> Callable[..., Awaitable[Any]]:
    """Bolt middleware answering 503 once the process is stopping, so the load balancer (and
    Slack's retry) sends the event to a replica that is not: nothing new starts during a drain.
    A request let in counts as in flight until its listener (counted itself) has acked."""

    async def middleware(next: Callable[[], Awaitable[Any]]) -> Any:
        if inflight.closing:
            return BoltResponse(status=503, body="stopping")
        return await inflight.track(next)()

    return middleware
