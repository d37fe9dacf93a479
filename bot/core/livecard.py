"""The live quiz card: how many answered, refreshed at most once per burst of answers.

A burst of clicks must not become a burst of message edits (Slack and Discord rate-limit edits per
channel). The rule: the first answer after a quiet spell edits the card at once; answers arriving
within `interval` seconds of that edit are folded into one more edit at the end of the interval.
So 20 clicks in one second make at most 2 edits. Time is a parameter (seconds on any clock)."""

from __future__ import annotations

from dataclasses import dataclass, field

CARD_INTERVAL = 3.0
"""Seconds between two edits of one card."""


@dataclass
class EditCoalescer:
    """Decides when a card (by key) is edited. `touch` on every change; `fire` when a delayed
    edit comes due. Sync and clock-free: the caller passes `now` and runs the timers."""

    interval: float = CARD_INTERVAL
    _last: dict[str, float] = field(default_factory=dict)
    _pending: set[str] = field(default_factory=set)

    def touch(self, key: str, now: float) -> float | None:
        """A change to `key`: 0.0 means edit now; a positive number, schedule one edit that many
        seconds from now; None, an edit is already scheduled and will include this change."""
        if key in self._pending:
            return None
        last = self._last.get(key)
        if last is None or now - last >= self.interval:
            self._last[key] = now
            return 0.0
        self._pending.add(key)
        return last + self.interval - now

    def fire(self, key: str, now: float) -> None:
        """The scheduled edit of `key` runs now: later changes start a new interval from here."""
        self._pending.discard(key)
        self._last[key] = now
        if len(self._last) > 10_000:  # old cards: forget them rather than grow without bound
            self._last = {k: v for k, v in self._last.items() if now - v < self.interval}
