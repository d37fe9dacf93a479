"""Commands used wrongly get their usage; channel settings in sensible bounds, shown as people
write them; who signs a channel up; the back-off after failed posts."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from bot.core import Caller, ChannelRef, Player, StudyBot
from bot.core.schedule import (
    ChannelConfig,
    ConfigError,
    apply_setting,
    due_days,
    duration_text,
    never_scheduled,
    scheduled,
)

NOW = datetime(2025, 3, 4, 9, 30, tzinfo=UTC)
CALLER = Caller(Player("terminal", "local", "you", "you"), ChannelRef("terminal", "local", "g"))


@pytest.mark.parametrize(
    ("text", "usage"),
    [
        ("answer", "`answer B`"),
        ("leaderboard century", "`leaderboard week`"),
        ("scores forever", "`leaderboard week`"),
        ("quiz foo", "`quiz practice`"),
        ("stats for everyone", "`stats`"),
    ],
)
def test_a_command_with_a_wrong_argument_gets_its_usage(
    bot: StudyBot, text: str, usage: str
) -> None:
    reply = bot.handle(CALLER, text, NOW)
    assert reply.text.startswith("Usage:") and usage in reply.text
    assert reply.private and "don't know" not in reply.text


@pytest.mark.parametrize("text", ["help me", "help", "commands please"])
def test_help_with_words_after_it_is_still_help(bot: StudyBot, text: str) -> None:
    assert bot.handle(CALLER, text, NOW).kind == "help"


def test_questions_are_still_questions(bot: StudyBot) -> None:
    assert "Lambda" in bot.handle(CALLER, "what is lambda", NOW).text


@pytest.mark.parametrize("value", ["0.001m", "9m", "999h", "24.5h", "0h", "1441m"])
def test_a_window_outside_10_minutes_to_24_hours_is_refused(value: str) -> None:
    with pytest.raises(ConfigError, match="10m to 24h"):
        apply_setting(ChannelConfig(), "window", value, set())


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("10m", "10m"),
        ("90m", "90m"),
        ("8h", "8h"),
        ("24h", "24h"),
        ("1.5h", "90m"),
        ("150m", "2h30m"),
    ],
)
def test_windows_are_shown_as_people_write_them(value: str, shown: str) -> None:
    cfg = apply_setting(ChannelConfig(), "window", value, set())
    assert cfg.window is not None and duration_text(cfg.window) == shown
    assert f"• window: {shown}" in cfg.describe()


@pytest.mark.parametrize("value", ["europe/berlin", "EUROPE/BERLIN", "Europe/Berlin"])
def test_time_zones_match_whatever_their_case(value: str) -> None:
    assert apply_setting(ChannelConfig(), "timezone", value, set()).timezone == "Europe/Berlin"


def test_the_unknown_setting_message_lists_on() -> None:
    with pytest.raises(ConfigError, match="off, on"):
        apply_setting(ChannelConfig(), "colour", "blue", set())


@pytest.mark.parametrize(
    ("stored", "never"),
    [
        (None, True),
        (ChannelConfig(enabled=False), True),  # the row a non-admin's quiz created
        (ChannelConfig(enabled=False, owner="alice", since=NOW), False),  # an admin turned it off
        (ChannelConfig(), False),
    ],
)
def test_never_scheduled(stored: ChannelConfig | None, never: bool) -> None:
    assert never_scheduled(stored) is never


def test_turning_on_records_who_and_clears_any_back_off() -> None:
    old = ChannelConfig(enabled=False, failures=3, paused_until=NOW)
    new = scheduled(old, apply_setting(old, "on", "", set()), NOW, by="alice")
    assert (new.enabled, new.owner, new.since, new.failures, new.paused_until) == (
        True,
        "alice",
        NOW,
        0,
        None,
    )


def test_a_paused_channel_has_no_post_due_until_the_pause_ends() -> None:
    cfg = ChannelConfig(since=NOW - timedelta(days=7))
    assert due_days(cfg, NOW)
    paused = replace(cfg, paused_until=NOW + timedelta(minutes=5))
    assert due_days(paused, NOW) == []
    assert due_days(paused, NOW + timedelta(minutes=5))
