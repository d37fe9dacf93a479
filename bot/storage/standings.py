"""Standings in SQL: a workspace's leaderboard and a person's stats, read from the score tables."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Connection, func, select

from bot.core.identity import Player
from bot.core.ports import PlayerStats, StandingRow
from bot.core.scoring import PERIODS, Period, current
from bot.storage.store import SqlStore, unavailable_as_error
from bot.storage.tables import CH, PL, SC, TS, player_is


class StandingQueries(SqlStore):
    """`QuizStore` methods for the leaderboard and `stats`; revealed answers only."""

    @unavailable_as_error
    def leaderboard(
        self, platform: str, workspace: str, period: Period, start: date, limit: int
    ) -> list[StandingRow]:
        board = (
            select(SC.c.user_id, SC.c.points, SC.c.correct, SC.c.answered)
            .where(SC.c.platform == platform, SC.c.workspace == workspace)
            .where(SC.c.period == period, SC.c.start == start)
            .order_by(SC.c.points.desc(), SC.c.correct.desc(), SC.c.user_id)
            .limit(limit)
            .subquery()
        )
        query = (
            select(board, PL.c.name, PL.c.streak, PL.c.last_seq, CH.c.quiz_seq)
            .select_from(
                board.join(
                    PL,
                    (PL.c.platform == platform)
                    & (PL.c.workspace == workspace)
                    & (PL.c.user_id == board.c.user_id),
                )
            )
            .outerjoin(CH, CH.c.id == PL.c.last_channel)
            .order_by(board.c.points.desc(), board.c.correct.desc(), board.c.user_id)
        )
        with self._read() as conn:
            rows = conn.execute(query).all()
        return [
            StandingRow(
                r.user_id,
                r.name or r.user_id,
                r.points,
                r.correct,
                r.answered,
                current(r.streak, r.last_seq, r.quiz_seq or 0),
            )
            for r in rows
        ]

    @unavailable_as_error
    def player_stats(self, player: Player, starts: dict[str, date]) -> PlayerStats | None:
        workspace = (SC.c.platform == player.platform, SC.c.workspace == player.workspace)
        with self._read() as conn:
            row = conn.execute(
                select(PL, CH.c.quiz_seq)
                .outerjoin(CH, CH.c.id == PL.c.last_channel)
                .where(*player_is(PL, player))
            ).first()
            if row is None:
                return None
            totals = {p: self._totals(conn, player, p, starts[p]) for p in PERIODS}
            points_all = totals["all"][0]
            ahead = conn.execute(
                select(func.count())
                .select_from(SC)
                .where(*workspace, SC.c.period == "all", SC.c.points > points_all)
            ).scalar_one()
            players = conn.execute(
                select(func.count()).select_from(SC).where(*workspace, SC.c.period == "all")
            ).scalar_one()
            topics = conn.execute(
                select(TS.c.topic, TS.c.correct, TS.c.answered)
                .where(*player_is(TS, player))
                .order_by(TS.c.topic)
            ).all()
        ranked = totals["all"][2] > 0
        return PlayerStats(
            name=row.name or player.user_id,
            points={p: totals[p][0] for p in PERIODS},
            rank=ahead + 1 if ranked else None,
            players=players,
            answered=totals["all"][2],
            correct=totals["all"][1],
            by_topic={t.topic: (t.correct, t.answered) for t in topics},
            streak=current(row.streak, row.last_seq, row.quiz_seq or 0),
            best_streak=row.best_streak,
            played=current(row.played, row.last_seq, row.quiz_seq or 0),
            best_played=row.best_played,
        )

    def _totals(
        self, conn: Connection, player: Player, period: str, start: date
    ) -> tuple[int, int, int]:
        row = conn.execute(
            select(SC.c.points, SC.c.correct, SC.c.answered).where(
                *player_is(SC, player), SC.c.period == period, SC.c.start == start
            )
        ).first()
        return (row.points, row.correct, row.answered) if row else (0, 0, 0)
