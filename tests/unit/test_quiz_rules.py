"""Quiz rules without a database: reading answers, choosing questions, shuffling, generating, schedules."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

import pytest

from bot.core import ChannelRef
from bot.core.questionbank import QuizQuestion
from bot.core.quiz import Shown, choose_question, daily_rng, option_order, read_answer
from bot.core.schedule import (
    ChannelConfig,
    ConfigError,
    apply_setting,
    closes_at,
    due_days,
    post_at,
    scheduled,
)

OPTIONS = ("15 minutes", "5 minutes", "1 hour", "No limit at all")


@pytest.mark.parametrize(
    ("text", "index"),
    [
        ("A", 0),
        ("b", 1),
        ("c)", 2),
        ("4", 3),
        (" 2 ", 1),
        ("15 minutes", 0),
        ("1 hour", 2),
        ("no limit", 3),
        ("fiveteen minutes", None),
        ("5", None),
        ("pizza", None),
        ("", None),
    ],
)
def test_read_answer(text: str, index: int | None) -> None:
    reading = read_answer(text, OPTIONS)
    assert reading.index == index
    assert (reading.hint is None) == (index is not None)


def test_a_typed_answer_close_to_one_option_gets_did_you_mean() -> None:
    assert "Did you mean A) 15 minutes" in (read_answer("15 minuts maybe", OPTIONS).hint or "")


def q(qid: str, topic: str) -> QuizQuestion:
    return QuizQuestion(qid, topic, f"{qid}?", ("w", "x", "y", "z"), 0, "because", "https://x")


BANK = [q(f"{t}-{i}", t) for t in ("lambda", "batch", "ecs") for i in range(4)]
CHANNEL = ChannelRef("slack", "T1", "C1")


def test_no_repeat_until_the_bank_is_used_up() -> None:
    asked: list[str] = []
    for day in range(len(BANK) * 2):
        asked.append(
            choose_question(
                BANK, asked, {}, daily_rng(CHANNEL, date(2024, 1, 1) + timedelta(day))
            ).id
        )
    assert sorted(asked[: len(BANK)]) == sorted(x.id for x in BANK)
    assert sorted(asked[len(BANK) :]) == sorted(x.id for x in BANK)


def test_choice_is_deterministic_per_channel_and_date() -> None:
    def pick(channel: ChannelRef, day: date) -> str:
        return choose_question(BANK, [], {}, daily_rng(channel, day)).id

    day = date(2024, 5, 6)
    assert pick(CHANNEL, day) == pick(CHANNEL, day)
    others = {pick(ChannelRef("slack", "T1", f"C{i}"), day) for i in range(30)}
    assert len(others) > 3


def test_weaker_topics_come_up_more_often() -> None:
    accuracy = {"lambda": (0, 20), "batch": (20, 20), "ecs": (20, 20)}
    topics = Counter(
        choose_question(BANK, [], accuracy, random.Random(seed)).topic for seed in range(3000)
    )
    assert topics["lambda"] > 2 * topics["batch"] and topics["lambda"] > 2 * topics["ecs"]


def test_option_order_is_a_stable_permutation_and_keeps_the_answer() -> None:
    question = QuizQuestion("x", "lambda", "?", ("a", "b", "c", "d"), 2, "", "https://x")
    orders = {option_order(question, "slack", day) for day in range(40)}
    assert all(sorted(o) == [0, 1, 2, 3] for o in orders) and len(orders) > 5
    assert option_order(question, "slack", 1) == option_order(question, "slack", 1)
    for order in orders:
        shown = Shown.of(question, order)
        assert shown.options[shown.correct] == "c"


@pytest.mark.parametrize(
    ("setting", "value", "field", "expected"),
    [
        ("time", "07:05", "post_time", time(7, 5)),
        ("timezone", "Europe/Berlin", "timezone", "Europe/Berlin"),
        ("days", "mon-fri", "days", frozenset(range(5))),
        ("days", "mon,wed,fri", "days", frozenset({0, 2, 4})),
        ("days", "fri-mon", "days", frozenset({4, 5, 6, 0})),
        ("window", "8h", "window", timedelta(hours=8)),
        ("window", "90m", "window", timedelta(minutes=90)),
        ("window", "default", "window", None),
        ("topics", "lambda,batch", "topics", ("lambda", "batch")),
        ("topics", "all", "topics", ()),
        ("off", "", "enabled", False),
    ],
)
def test_apply_setting(setting: str, value: str, field: str, expected: object) -> None:
    cfg = apply_setting(ChannelConfig(), setting, value, {"lambda", "batch"})
    assert getattr(cfg, field) == expected


@pytest.mark.parametrize(
    ("setting", "value"),
    [
        ("time", "9"),
        ("time", "24:00"),
        ("timezone", "Mars/Base"),
        ("days", "funday"),
        ("window", "-1h"),
        ("topics", "kubernetes"),
        ("colour", "blue"),
    ],
)
def test_bad_settings_say_what_works(setting: str, value: str) -> None:
    with pytest.raises(ConfigError):
        apply_setting(ChannelConfig(), setting, value, {"lambda"})


def test_post_times_follow_dst_and_the_default_window_ends_an_hour_before_the_next_post() -> None:
    cfg = ChannelConfig(time(9, 0), "Europe/Berlin", frozenset(range(7)))
    assert post_at(cfg, date(2024, 3, 30)) == datetime(2024, 3, 30, 8, 0, tzinfo=UTC)
    assert post_at(cfg, date(2024, 3, 31)) == datetime(2024, 3, 31, 7, 0, tzinfo=UTC)
    friday = ChannelConfig(time(9, 0), "UTC")
    opened = post_at(friday, date(2024, 3, 8))
    assert closes_at(friday, date(2024, 3, 8), opened) == datetime(2024, 3, 11, 8, 0, tzinfo=UTC)


def test_a_wall_time_skipped_by_dst_still_posts() -> None:
    cfg = ChannelConfig(time(2, 30), "Europe/Berlin", frozenset(range(7)), timedelta(hours=2))
    at = post_at(cfg, date(2024, 3, 31))
    assert at.date() == date(2024, 3, 31) and due_days(cfg, at + timedelta(minutes=1)) == [
        date(2024, 3, 31)
    ]


@pytest.mark.parametrize(
    ("now", "due"),
    [
        (datetime(2024, 3, 4, 8, 59, tzinfo=UTC), []),
        (datetime(2024, 3, 4, 9, 0, tzinfo=UTC), [date(2024, 3, 4)]),
        (datetime(2024, 3, 4, 16, 59, tzinfo=UTC), [date(2024, 3, 4)]),
        (datetime(2024, 3, 4, 17, 0, tzinfo=UTC), []),
        (datetime(2024, 3, 9, 10, 0, tzinfo=UTC), []),  # Saturday
    ],
)
def test_due_days_within_the_window_only(now: datetime, due: list[date]) -> None:
    assert due_days(ChannelConfig(window=timedelta(hours=8)), now) == due


@pytest.mark.parametrize(
    ("since", "due"),
    [
        (None, [date(2024, 3, 6)]),  # recorded before `since` existed: caught up as before
        (datetime(2024, 3, 6, 9, 0, tzinfo=UTC), [date(2024, 3, 6)]),  # scheduled at the slot
        (datetime(2024, 3, 7, 0, 0, tzinfo=UTC), []),  # scheduled after it: never caught up
    ],
)
def test_catch_up_never_reaches_before_the_channel_was_scheduled(
    since: datetime | None, due: list[date]
) -> None:
    cfg = replace(ChannelConfig(), since=since)
    assert due_days(cfg, datetime(2024, 3, 7, 0, 30, tzinfo=UTC)) == due


@pytest.mark.parametrize(
    ("old", "new", "restarts"),
    [
        (None, ChannelConfig(), True),
        (ChannelConfig(enabled=False), ChannelConfig(), True),
        (ChannelConfig(), ChannelConfig(post_time=time(10, 0)), False),
        (ChannelConfig(enabled=False), ChannelConfig(enabled=False), False),
    ],
)
def test_the_daily_post_starts_when_first_configured_or_turned_on(
    old: ChannelConfig | None, new: ChannelConfig, restarts: bool
) -> None:
    now = datetime(2024, 3, 7, tzinfo=UTC)
    assert (scheduled(old, new, now).since == now) is restarts
