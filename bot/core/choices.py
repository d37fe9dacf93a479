"""What the settings pickers offer: the `config` setting names, common time zones and completion
over every IANA zone, so Slack's modal and Discord's autocomplete offer the same words as `config`."""

from __future__ import annotations

from functools import cache
from zoneinfo import available_timezones

SETTING_NAMES = ("time", "timezone", "days", "window", "topics", "recap", "reminder", "on", "off")
COMMON_ZONES = (
    "UTC",
    "Europe/London",
    "Europe/Dublin",
    "Europe/Lisbon",
    "Europe/Paris",
    "Europe/Berlin",
    "Europe/Madrid",
    "Europe/Rome",
    "Europe/Amsterdam",
    "Europe/Stockholm",
    "Europe/Warsaw",
    "Europe/Athens",
    "Europe/Helsinki",
    "Europe/Istanbul",
    "Africa/Lagos",
    "Africa/Johannesburg",
    "Africa/Nairobi",
    "Asia/Dubai",
    "Asia/Kolkata",
    "Asia/Singapore",
    "Asia/Shanghai",
    "Asia/Tokyo",
    "Asia/Seoul",
    "Australia/Perth",
    "Australia/Sydney",
    "Pacific/Auckland",
    "America/Sao_Paulo",
    "America/Argentina/Buenos_Aires",
    "America/Mexico_City",
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Los_Angeles",
    "America/Anchorage",
    "Pacific/Honolulu",
)
DAY_CHOICES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@cache
def _all_zones() -> tuple[str, ...]:
    return tuple(sorted(available_timezones()))


def complete_zone(typed: str, limit: int = 25) -> list[str]:
    """Zones for what was typed: common zones first when nothing is typed, else names that start
    with it, then names that contain it (case-insensitive)."""
    needle = typed.strip().casefold().replace(" ", "_")
    if not needle:
        return list(COMMON_ZONES[:limit])
    zones = _all_zones()
    starts = [z for z in zones if z.casefold().startswith(needle)]
    inside = [z for z in zones if needle in z.casefold() and z not in starts]
    return (starts + inside)[:limit]


def complete_topics(typed: str, topics: list[str], limit: int = 25) -> list[str]:
    """Comma-separated topic ids: completes the last one, keeping those already typed."""
    *done, last = [t.strip() for t in typed.split(",")] if typed else [""]
    head = ",".join(done + [""]) if done else ""
    wanted = [t for t in sorted(topics) if t.startswith(last.casefold()) and t not in done]
    return [head + t for t in wanted][:limit]


_SUGGESTED = {
    "time": ("08:00", "09:00", "09:30", "10:00", "13:00"),
    "days": ("mon-fri", "mon-sun", "mon,wed,fri", "tue,thu"),
    "window": ("default", "2h", "4h", "8h", "24h"),
    "recap": ("fri 16:00", "fri 12:00", "mon 09:00", "off"),
    "reminder": ("15m", "30m", "1h", "2h"),
}


def value_suggestions(setting: str, typed: str, topics: list[str], limit: int = 25) -> list[str]:
    """What to offer for a `config <setting>` value as the person types it."""
    if setting in ("timezone", "tz"):
        return complete_zone(typed, limit)
    if setting == "topics":
        if not typed:
            return ["all", *complete_topics(typed, topics, limit - 1)]
        return complete_topics(typed, topics, limit)
    offered = _SUGGESTED.get(setting, ())
    folded = typed.strip().casefold()
    # Nothing suggested matches: offer what was typed, so it can still be sent (the core checks it).
    return [v for v in offered if v.startswith(folded)][:limit] or ([typed] if typed else [])
