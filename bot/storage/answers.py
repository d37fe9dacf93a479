"""Answers in SQL: recording a click in one statement, and how a quiz went."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, Integer, String, bindparam, select

from bot.core.identity import Player
from bot.core.ports import AnswerOutcome, QuizRecord, QuizResults
from bot.storage.models import UTCDateTime
from bot.storage.prepared import Prepared
from bot.storage.store import SqlStore, unavailable_as_error
from bot.storage.tables import AN, QZ, quiz_query, to_quiz

QUESTIONS_CACHED = 1024


class AnswerQueries(SqlStore):
    """`QuizStore` methods for answers: the one-statement click path and the results."""

    def __init__(self, engine: Engine) -> None:
        super().__init__(engine)
        self._record = Prepared(_record_statement(self._insert), engine)
        self._questions: dict[int, QuizRecord] = {}

    @unavailable_as_error
    def record_answer(
        self, quiz_id: int, player: Player, choice: int, now: datetime
    ) -> AnswerOutcome:
        quiz = self._question(quiz_id)
        if quiz is None:
            return AnswerOutcome("missing")
        params = {
            "quiz_id": quiz_id,
            "platform": player.platform,
            "workspace": player.workspace,
            "user_id": player.user_id,
            "name": player.display,
            "choice": choice,
            "now": now,
        }
        with self._write() as conn:
            if self._record.first(conn, params) is not None:
                return AnswerOutcome("recorded", choice, quiz)
            return self._refused(conn, quiz_id, player, now)

    def _question(self, quiz_id: int) -> QuizRecord | None:
        """The quiz as first read: its question, options and close never change after the claim."""
        quiz = self._questions.get(quiz_id)
        if quiz is None:
            with self._read() as conn:
                row = conn.execute(quiz_query().where(QZ.c.id == quiz_id)).first()
            if row is None:
                return None
            if len(self._questions) >= QUESTIONS_CACHED:
                self._questions.clear()
            quiz = self._questions[quiz_id] = to_quiz(row)
        return quiz

    def _refused(
        self, conn: Connection, quiz_id: int, player: Player, now: datetime
    ) -> AnswerOutcome:
        """Why the insert added nothing: another workspace's quiz, closed, or answered before."""
        row = conn.execute(quiz_query().where(QZ.c.id == quiz_id)).first()
        if row is None or (row.platform, row.workspace) != (player.platform, player.workspace):
            return AnswerOutcome("missing")
        quiz = to_quiz(row)
        choice = conn.execute(
            select(AN.c.choice).where(AN.c.quiz_id == quiz_id, AN.c.user_id == player.user_id)
        ).scalar()
        return AnswerOutcome("already" if quiz.is_open(now) else "closed", choice, quiz)

    @unavailable_as_error
    def results(self, quiz_id: int) -> QuizResults:
        query = (
            select(AN.c.correct, AN.c.name, AN.c.user_id)
            .where(AN.c.quiz_id == quiz_id)
            .order_by(AN.c.id)
        )
        with self._read() as conn:
            rows = conn.execute(query).all()
        winners = tuple(r.name or r.user_id for r in rows if r.correct)
        return QuizResults(len(rows), len(winners), winners)


def _record_statement(insert: Any) -> Any:
    """INSERT the answer only if the quiz is open and in the player's workspace: one statement, so
    the open-check and the insert cannot be split. FOR SHARE (PostgreSQL) makes a concurrent reveal's
    UPDATE of the quiz row wait for us, or us for it: the answer is counted or refused, never lost.
    SQLite ignores it; its writers are serialised by BEGIN IMMEDIATE."""
    choice = bindparam("choice", type_=Integer())
    now = bindparam("now", type_=UTCDateTime())
    source = (
        select(
            QZ.c.id,
            QZ.c.platform,
            QZ.c.workspace,
            bindparam("user_id", type_=String()),
            bindparam("name", type_=String()),
            choice,
            QZ.c.correct == choice,
            now,
        )
        .where(
            QZ.c.id == bindparam("quiz_id", type_=Integer()),
            QZ.c.platform == bindparam("platform", type_=String()),
            QZ.c.workspace == bindparam("workspace", type_=String()),
            QZ.c.revealed_at.is_(None),
            QZ.c.closes_at > now,
        )
        .with_for_update(read=True)
    )
    columns = ["quiz_id", "platform", "workspace", "user_id", "name", "choice", "correct"]
    stmt = insert(AN).from_select([*columns, "answered_at"], source)
    return stmt.on_conflict_do_nothing(index_elements=["quiz_id", "user_id"]).returning(AN.c.id)
