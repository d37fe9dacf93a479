"""A channel's quiz schedule: post time, time zone, weekdays, answer window, topics; local-time maths."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
WEEKDAYS = frozenset(range(5))
DEFAULT_CLOSE_BEFORE_NEXT = timedelta(hours=1)
WINDOW_MIN, WINDOW_MAX = timedelta(minutes=10), timedelta(hours=24)
SETTING_NAMES = "time, timezone, days, window, topics, off, on"
SETTINGS_HELP = """Channel quiz settings (admins change them with `config <setting> <value>`):
• time HH:MM: when the daily question is posted, e.g. `config time 09:30`
• timezone <IANA name>: e.g. `config timezone Europe/Berlin`
• days <days>: e.g. `config days mon-fri` or `config days mon,wed,fri`
• window <duration>: how long answers stay open, 10m to 24h, e.g. `config window 8h` or
  `config window 90m`; `default` closes 1 hour before the next post
• topics <ids>: e.g. `config topics lambda,batch`; `all` for every topic
• off / on: stop or resume the daily post
A channel gets the daily post once an admin configures it here or runs `quiz` in it; anyone's
`quiz` shows today's question without signing the channel up."""


class ConfigError(ValueError):
    """A `config` value that cannot be used; the message says what would work."""


@dataclass(frozen=True)
class ChannelConfig:
    """When and what a channel's daily quiz posts. `window` None: until 1 hour before the next post.
    `since`: when the daily post started (None: before this was recorded); catch-up never reaches
    a post time earlier than it. `owner`: who turned it on (told if it is turned off). `failures`
    and `paused_until`: the back-off after posts that failed for a reason that may pass."""

    post_time: time = time(9, 0)
    timezone: str = "UTC"
    days: frozenset[int] = WEEKDAYS
    window: timedelta | None = None
    topics: tuple[str, ...] = ()
    enabled: bool = True
    since: datetime | None = None
    owner: str | None = None
    failures: int = 0
    paused_until: datetime | None = None

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def describe(self) -> str:
        days = ",".join(DAY_NAMES[d] for d in sorted(self.days))
        window = duration_text(self.window) if self.window else "until 1h before next post"
        return "\n".join(
            [
                f"• posting: {'on' if self.enabled else 'off'}",
                f"• time: {self.post_time:%H:%M}",
                f"• timezone: {self.timezone}",
                f"• days: {days}",
                f"• window: {window}",
                f"• topics: {','.join(self.topics) or 'all'}",
            ]
        )


def duration_text(span: timedelta) -> str:
    """`8h`, `90m` or `1h30m`: whole minutes, the way people write them."""
    minutes = int(span.total_seconds() // 60)
    hours, rest = divmod(minutes, 60)
    if minutes < 120 and rest:
        return f"{minutes}m"
    return f"{hours}h{rest}m" if rest else f"{hours}h"


def never_scheduled(stored: ChannelConfig | None) -> bool:
    """True when no admin ever put the channel on the daily schedule (a quiz only created its row)."""
    return stored is None or (not stored.enabled and stored.owner is None and stored.since is None)


def apply_setting(
    cfg: ChannelConfig, name: str, value: str, known_topics: set[str]
) -> ChannelConfig:
    """The config with one setting changed, or ConfigError naming what is wrong."""
    name, value = name.casefold(), value.strip()
    if name in ("off", "on"):
        return replace(cfg, enabled=name == "on", failures=0, paused_until=None)
    if name == "time":
        return replace(cfg, post_time=_time(value))
    if name in ("timezone", "tz"):
        return replace(cfg, timezone=_zone(value))
    if name == "days":
        return replace(cfg, days=_days(value))
    if name == "window":
        return replace(cfg, window=_window(value))
    if name == "topics":
        return replace(cfg, topics=_topics(value, known_topics))
    raise ConfigError(f"unknown setting {name!r}; settings: {SETTING_NAMES}")


def scheduled(
    old: ChannelConfig | None, new: ChannelConfig, now: datetime, by: str | None = None
) -> ChannelConfig:
    """`new`, with the daily post starting `now` if it starts with this change (the channel had no
    settings, or posting was off): a newly scheduled channel's first post is its next post time,
    and `by` (the admin) is who is told if it has to stop."""
    if new.enabled and (old is None or not old.enabled):
        return replace(new, since=now, owner=by or new.owner, failures=0, paused_until=None)
    return new


def _time(value: str) -> time:
    m = re.fullmatch(r"([01]?\d|2[0-3]):([0-5]\d)", value)
    if not m:
        raise ConfigError(f"time {value!r}: use HH:MM, e.g. 09:30")
    return time(int(m.group(1)), int(m.group(2)))


def _zone(value: str) -> str:
    name = _zone_names().get(value.casefold(), value)
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(f"timezone {value!r}: use an IANA name, e.g. Europe/Berlin") from None
    return name


@cache
def _zone_names() -> dict[str, str]:
    """IANA names by their case-folded form: `europe/berlin` means Europe/Berlin."""
    return {name.casefold(): name for name in available_timezones()}


def _days(value: str) -> frozenset[int]:
    days: set[int] = set()
    for part in re.split(r"[,\s]+", value.casefold()):
        ends = part.split("-")
        if not part or len(ends) > 2 or any(e[:3] not in DAY_NAMES for e in ends):
            raise ConfigError(f"days {value!r}: use e.g. mon-fri or mon,wed,fri")
        first, last = DAY_NAMES.index(ends[0][:3]), DAY_NAMES.index(ends[-1][:3])
        days.update(d % 7 for d in range(first, last + (7 if last < first else 0) + 1))
    return frozenset(days)


def _window(value: str) -> timedelta | None:
    if value.casefold() == "default":
        return None
    m = re.fullmatch(r"(\d{1,4}(?:\.\d+)?)\s*(h|m)?", value.casefold())
    hint = "use 10m to 24h, e.g. 8h or 90m, or default"
    if not m:
        raise ConfigError(f"window {value!r}: {hint}")
    amount = float(m.group(1))
    span = timedelta(minutes=amount) if m.group(2) == "m" else timedelta(hours=amount)
    if not WINDOW_MIN <= span <= WINDOW_MAX:
        raise ConfigError(f"window {value!r}: {hint}")
    return timedelta(minutes=round(span.total_seconds() / 60))


def _topics(value: str, known: set[str]) -> tuple[str, ...]:
    if value.casefold() in ("all", "*", ""):
        return ()
    wanted = tuple(t.strip().casefold() for t in re.split(r"[,\s]+", value) if t.strip())
    unknown = [t for t in wanted if t not in known]
    if unknown:
        raise ConfigError(
            f"unknown topic(s) {', '.join(unknown)}; topics: {', '.join(sorted(known))}"
        )
    return wanted


def local_datetime(day: date, at: time, zone: ZoneInfo) -> datetime:
    """The aware UTC instant of wall time `at` on `day` in `zone`; a time skipped by DST moves forward."""
    naive = datetime.combine(day, at)
    instant = naive.replace(tzinfo=zone).astimezone(UTC)
    # Round-tripping through UTC normalises a wall time that does not exist (spring forward gap).
    return instant


def local_date(now: datetime, cfg: ChannelConfig) -> date:
    """The channel's calendar date at `now`."""
    return now.astimezone(cfg.zone).date()


def post_at(cfg: ChannelConfig, day: date) -> datetime:
    """When the post for `day` is due (UTC)."""
    return local_datetime(day, cfg.post_time, cfg.zone)


def next_post_after(cfg: ChannelConfig, day: date) -> datetime:
    """The first scheduled post after `day` (a week ahead at most; a day later when no days are set)."""
    for ahead in range(1, 8):
        candidate = day + timedelta(days=ahead)
        if candidate.weekday() in cfg.days:
            return post_at(cfg, candidate)
    return post_at(cfg, day + timedelta(days=1))


def closes_at(cfg: ChannelConfig, day: date, opened: datetime) -> datetime:
    """When answers to the quiz of `day` close: after `window`, else 1 hour before the next post."""
    if cfg.window is not None:
        return opened + cfg.window
    close = next_post_after(cfg, day) - DEFAULT_CLOSE_BEFORE_NEXT
    return max(close, opened + timedelta(hours=1))


def due_days(cfg: ChannelConfig, now: datetime) -> list[date]:
    """Local dates whose post is due at `now` and whose answer window is still open: a post missed
    while the bot was down is caught up, but never one from before the channel was scheduled."""
    if not cfg.enabled or (cfg.paused_until is not None and now < cfg.paused_until):
        return []
    today = local_date(now, cfg)
    due = []
    for day in (today - timedelta(days=1), today):
        opened = post_at(cfg, day)
        if cfg.since is not None and opened < cfg.since:
            continue
        if day.weekday() in cfg.days and opened <= now < closes_at(cfg, day, opened):
            due.append(day)
    return due
