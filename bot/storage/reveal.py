"""The reveal in SQL: closing a quiz and adding its answers to players, scores and topic scores,
all in one transaction, so a quiz is scored entirely or not at all."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, Table, literal, select, update

from bot.core.ports import Scorer
from bot.core.scoring import PERIODS, period_start
from bot.storage.store import SqlStore, unavailable_as_error
from bot.storage.tables import (
    AN,
    CH,
    FRESH_PLAYER,
    PL,
    PLAYER_KEYS,
    QZ,
    SC,
    TS,
    state_values,
    to_state,
)


class RevealQueries(SqlStore):
    """`QuizStore.reveal`: scores count only once a quiz is revealed, and only once."""

    @unavailable_as_error
    def reveal(self, quiz_id: int, now: datetime, scorer: Scorer) -> bool:
        """Close the quiz and add its scores, once: True only for the caller that revealed it."""
        with self._write() as conn:
            claimed = conn.execute(
                update(QZ)
                .where(QZ.c.id == quiz_id, QZ.c.revealed_at.is_(None))
                .values(revealed_at=now)
            )
            if claimed.rowcount != 1:
                return False
            quiz = conn.execute(select(QZ).where(QZ.c.id == quiz_id)).one()
            seq = conn.execute(
                update(CH)
                .where(CH.c.id == quiz.channel_pk)
                .values(quiz_seq=CH.c.quiz_seq + 1)
                .returning(CH.c.quiz_seq)
            ).scalar_one()
            conn.execute(update(QZ).where(QZ.c.id == quiz_id).values(seq=seq))
            conn.execute(self._players_of(quiz_id))
            answers = conn.execute(
                select(AN).where(AN.c.quiz_id == quiz_id).order_by(AN.c.id)
            ).all()
            for answer in answers:
                self._score(conn, quiz, answer, seq, scorer)
        return True

    def _players_of(self, quiz_id: int) -> Any:
        """Add the quiz's answerers to `players` (or refresh their names) before scoring them."""
        keys = [AN.c.platform, AN.c.workspace, AN.c.user_id, AN.c.name]
        fresh = [literal(v).label(k) for k, v in FRESH_PLAYER.items()]
        source = select(*keys, *fresh).where(AN.c.quiz_id == quiz_id).order_by(AN.c.id)
        stmt = self._insert(PL).from_select([*(c.name for c in keys), *FRESH_PLAYER], source)
        return stmt.on_conflict_do_update(
            index_elements=PLAYER_KEYS, set_={"name": stmt.excluded.name}
        )

    def _score(
        self, conn: Connection, quiz: Row[Any], answer: Row[Any], seq: int, scorer: Scorer
    ) -> None:
        keys = {k: getattr(answer, k) for k in PLAYER_KEYS}
        row = conn.execute(select(PL).where(*(PL.c[k] == v for k, v in keys.items()))).one()
        state, points = scorer(to_state(row), bool(answer.correct), quiz.channel_pk, seq)
        conn.execute(update(PL).where(PL.c.id == row.id).values(**state_values(state)))
        hit = int(bool(answer.correct))
        for period in PERIODS:
            start = period_start(period, quiz.quiz_date)
            values = {**keys, "period": period, "start": start, "points": points, "correct": hit}
            self._add(conn, SC, {**values, "answered": 1}, ["points", "correct", "answered"])
        self._add(
            conn,
            TS,
            {**keys, "topic": quiz.topic, "correct": hit, "answered": 1},
            ["correct", "answered"],
        )

    def _add(
        self, conn: Connection, table: Table, values: dict[str, Any], counters: list[str]
    ) -> None:
        stmt = self._insert(table).values(**values)
        keys = [c.name for c in table.primary_key.columns]
        increments = {c: table.c[c] + stmt.excluded[c] for c in counters}
        conn.execute(stmt.on_conflict_do_update(index_elements=keys, set_=increments))
