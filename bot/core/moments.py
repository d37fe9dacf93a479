"""Times in replies: each instant reads in the channel's time zone and travels as a `Moment`, so
Slack and Discord can show it in every reader's own zone instead."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.core.replies import Moment

MomentToken = Callable[[Moment], str]
"""How a platform writes a moment, e.g. Slack's `<!date^…>` or Discord's `<t:…:f>`."""


def moment(at: datetime, zone: ZoneInfo) -> Moment:
    """`at` as the channel reads it: "Tue 2025-03-04 08:00 CET" (the zone's abbreviation or offset)."""
    local = at.astimezone(zone)
    return Moment(at, f"{local:%a %Y-%m-%d %H:%M} {local.tzname() or zone.key}")


def swap_moments(text: str, moments: tuple[Moment, ...], token: MomentToken) -> str:
    """`text` with each moment's channel-local wording replaced by a platform token."""
    for m in moments:
        text = text.replace(m.text, token(m))
    return text
