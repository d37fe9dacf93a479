"""Leaderboards and personal stats as replies (and as plain rows for `--json`)."""

from __future__ import annotations

from datetime import date

from bot.core.identity import Player
from bot.core.ports import PlayerStats, QuizStore, StandingRow
from bot.core.replies import Reply, Standing
from bot.core.scoring import PERIODS, POINTS_RULE, Period, period_start

TOP = 10
PERIOD_NAMES = {"week": "this week", "month": "this month", "all": "all time"}


def ranked(rows: list[StandingRow]) -> list[Standing]:
    """Standard competition ranking: equal points share a rank (1, 2, 2, 4)."""
    out: list[Standing] = []
    for i, row in enumerate(rows):
        rank = out[-1].rank if out and out[-1].points == row.points else i + 1
        out.append(Standing(rank, row.name, row.points, row.correct, row.answered, row.streak))
    return out


def standings(
    store: QuizStore, platform: str, workspace: str, period: Period, today: date, limit: int = TOP
) -> list[Standing]:
    """The top `limit` of one workspace for the period containing `today`."""
    rows = store.leaderboard(platform, workspace, period, period_start(period, today), limit)
    return ranked(rows)


def leaderboard_reply(rows: list[Standing], period: Period) -> Reply:
    title = f"Leaderboard, {PERIOD_NAMES[period]}"
    if not rows:
        text = f"{title}: no revealed answers yet. {POINTS_RULE}"
        return Reply(text, "leaderboard", title=title, footer=POINTS_RULE)
    lines = [title]
    lines += [
        f"{s.rank:>3}. {s.user}: {s.points} pts ({s.correct}/{s.answered} right, streak {s.streak})"
        for s in rows
    ]
    return Reply(
        "\n".join(lines), "leaderboard", title=title, standings=tuple(rows), footer=POINTS_RULE
    )


def period_starts(today: date) -> dict[str, date]:
    return {p: period_start(p, today) for p in PERIODS}


def stats_reply(player: Player, stats: PlayerStats | None) -> Reply:
    """`stats`: points, rank, accuracy by topic, streaks; private to the person asking."""
    title = f"Stats for {player.display}"
    if stats is None or stats.answered == 0:
        text = f"{title}: no revealed answers yet. Answer a daily quiz to get on the board."
        return Reply(text, "stats", title=title, private=True)
    rank = f"#{stats.rank} of {stats.players}" if stats.rank else "unranked"
    accuracy = round(100 * stats.correct / stats.answered)
    body = [
        f"Points: {stats.points['week']} this week, {stats.points['month']} this month, "
        f"{stats.points['all']} all time (rank {rank})",
        f"Answered: {stats.answered}, right: {stats.correct} ({accuracy}%)",
        f"Streak: {stats.streak} correct in a row (best {stats.best_streak}); "
        f"played {stats.played} in a row (best {stats.best_played})",
    ]
    for topic, (correct, answered) in sorted(stats.by_topic.items()):
        body.append(f"  {topic}: {correct}/{answered} ({round(100 * correct / answered)}%)")
    return Reply("\n".join([title, *body]), "stats", title=title, body=tuple(body), private=True)


def stats_json(player: Player, stats: PlayerStats | None) -> dict[str, object]:
    """The `studybot stats --json` object."""
    if stats is None:
        return {
            "user": player.user_id,
            "points": {p: 0 for p in PERIODS},
            "answered": 0,
            "correct": 0,
            "rank": None,
            "streak": 0,
            "best_streak": 0,
            "by_topic": {},
        }
    return {
        "user": stats.name,
        "points": stats.points,
        "rank": stats.rank,
        "answered": stats.answered,
        "correct": stats.correct,
        "streak": stats.streak,
        "best_streak": stats.best_streak,
        "participation_streak": stats.played,
        "best_participation_streak": stats.best_played,
        "by_topic": {t: {"correct": c, "answered": n} for t, (c, n) in stats.by_topic.items()},
    }
