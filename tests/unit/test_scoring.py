"""Scoring rules: points, streaks, periods and ranking."""

from __future__ import annotations

from datetime import date

import pytest

from bot.core.ports import StandingRow
from bot.core.scoring import (
    PlayerState,
    apply_answer,
    current,
    parse_period,
    period_start,
    points_for,
)
from bot.core.standings import ranked


@pytest.mark.parametrize(
    ("correct", "streak", "points"),
    [(False, 0, 0), (True, 1, 10), (True, 2, 11), (True, 6, 15), (True, 30, 15)],
)
def test_points_for(correct: bool, streak: int, points: int) -> None:
    assert points_for(correct, streak) == points


@pytest.mark.parametrize(
    ("answers", "streak", "best", "played", "points"),
    [
        ([(True, 1), (True, 2), (True, 3)], 3, 3, 3, [10, 11, 12]),
        ([(True, 1), (False, 2), (True, 3)], 1, 1, 3, [10, 0, 10]),
        ([(True, 1), (True, 3)], 1, 1, 1, [10, 10]),  # missed quiz 2: both streaks restart
        ([(False, 1), (False, 2)], 0, 0, 2, [0, 0]),
    ],
)
def test_streaks_over_consecutive_quizzes(answers, streak, best, played, points) -> None:
    state, got = PlayerState(), []
    for correct, seq in answers:
        state, earned = apply_answer(state, correct, channel=7, seq=seq)
        got.append(earned)
    assert (state.streak, state.best_streak, state.played, got) == (streak, best, played, points)


def test_a_streak_in_another_channel_does_not_continue() -> None:
    state, _ = apply_answer(PlayerState(), True, channel=1, seq=1)
    state, _ = apply_answer(state, True, channel=2, seq=2)
    assert state.streak == 1


@pytest.mark.parametrize(("last_seq", "channel_seq", "shown"), [(5, 5, 3), (4, 5, 0)])
def test_current_streak_breaks_when_a_quiz_was_missed(
    last_seq: int, channel_seq: int, shown: int
) -> None:
    assert current(3, last_seq, channel_seq) == shown


@pytest.mark.parametrize(
    ("period", "day", "start"),
    [
        ("week", date(2024, 3, 7), date(2024, 3, 4)),
        ("month", date(2024, 3, 7), date(2024, 3, 1)),
        ("all", date(2024, 3, 7), date(1970, 1, 1)),
    ],
)
def test_period_start(period, day, start) -> None:
    assert period_start(period, day) == start


@pytest.mark.parametrize(
    ("word", "period"), [(None, "week"), ("MONTH", "month"), ("all-time", "all"), ("year", None)]
)
def test_parse_period(word, period) -> None:
    assert parse_period(word) == period


def test_ties_share_a_rank() -> None:
    rows = [StandingRow(u, u, p, 0, 0, 0) for u, p in (("a", 30), ("b", 20), ("c", 20), ("d", 5))]
    assert [s.rank for s in ranked(rows)] == [1, 2, 2, 4]
