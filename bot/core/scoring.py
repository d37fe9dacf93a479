"""Scoring: points for an answer, streaks, and the periods a leaderboard covers.

The rule, as users see it: a correct answer scores 10 points, plus 1 bonus point for each correct
answer in a row before it in the same channel's quizzes (at most 5), so a 6-day streak scores 15 a
day. A wrong answer scores 0 and resets the streak. Points count only once the quiz is revealed.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Literal

BASE_POINTS = 10
MAX_STREAK_BONUS = 5
POINTS_RULE = (
    f"Scoring: {BASE_POINTS} points per correct answer, +1 per earlier correct answer in a row "
    f"(up to +{MAX_STREAK_BONUS}); scores count once the quiz is revealed."
)
Period = Literal["week", "month", "all"]
PERIODS: tuple[Period, ...] = ("week", "month", "all")
ALL_TIME_START = date(1970, 1, 1)


@dataclass(frozen=True)
class PlayerState:
    """A player's streaks, tied to the channel and quiz sequence number they last answered."""

    streak: int = 0
    best_streak: int = 0
    played: int = 0
    best_played: int = 0
    last_channel: int | None = None
    last_seq: int = 0


def points_for(correct: bool, streak: int) -> int:
    """Points for one answer; `streak` already counts this answer when it is correct."""
    return BASE_POINTS + min(max(streak - 1, 0), MAX_STREAK_BONUS) if correct else 0


def apply_answer(
    state: PlayerState, correct: bool, channel: int, seq: int
) -> tuple[PlayerState, int]:
    """The state after answering quiz number `seq` of `channel`, and the points it earned."""
    consecutive = state.last_channel == channel and state.last_seq == seq - 1
    played = state.played + 1 if consecutive else 1
    streak = (state.streak + 1 if consecutive else 1) if correct else 0
    new = replace(
        state,
        streak=streak,
        best_streak=max(state.best_streak, streak),
        played=played,
        best_played=max(state.best_played, played),
        last_channel=channel,
        last_seq=seq,
    )
    return new, points_for(correct, streak)


def current(streak: int, last_seq: int, channel_seq: int) -> int:
    """A stored streak still counts only if no quiz of that channel was revealed since without them."""
    return streak if last_seq >= channel_seq else 0


def period_start(period: Period, day: date) -> date:
    """The first day of the week (Monday), month, or all time containing `day`."""
    if period == "week":
        return day - timedelta(days=day.weekday())
    if period == "month":
        return day.replace(day=1)
    return ALL_TIME_START


def parse_period(word: str | None) -> Period | None:
    """`week`, `month` or `all` (also `alltime`, `all-time`); None for anything else."""
    folded = (word or "week").casefold().replace("-", "").replace("_", "")
    aliases: dict[str, Period] = {"week": "week", "month": "month", "all": "all", "alltime": "all"}
    return aliases.get(folded)
