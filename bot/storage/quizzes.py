"""Quizzes in SQL: claiming a channel's quiz for a date, confirming its post, finding it again."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime

from sqlalchemy import Integer, func, select, update

from bot.core.identity import ChannelRef, Scope
from bot.core.ports import NewQuiz, QuizRecord
from bot.storage.channels import channel_pk, in_scopes
from bot.storage.store import SqlStore, unavailable_as_error
from bot.storage.tables import AN, CH, QZ, channel_is, quiz_query, quiz_values, to_quiz


class QuizQueries(SqlStore):
    """`QuizStore` methods for the quiz rows: the posting claim and the reveal's publication."""

    @unavailable_as_error
    def quiz(self, quiz_id: int) -> QuizRecord | None:
        with self._read() as conn:
            row = conn.execute(quiz_query().where(QZ.c.id == quiz_id)).first()
        return to_quiz(row) if row else None

    @unavailable_as_error
    def quiz_for(self, channel: ChannelRef, day: date) -> QuizRecord | None:
        query = quiz_query().where(*channel_is(channel), QZ.c.quiz_date == day)
        with self._read() as conn:
            row = conn.execute(query).first()
        return to_quiz(row) if row else None

    @unavailable_as_error
    def latest_quiz(self, channel: ChannelRef) -> QuizRecord | None:
        query = quiz_query().where(*channel_is(channel)).order_by(QZ.c.quiz_date.desc()).limit(1)
        with self._read() as conn:
            row = conn.execute(query).first()
        return to_quiz(row) if row else None

    @unavailable_as_error
    def asked_questions(self, channel: ChannelRef) -> list[str]:
        query = select(QZ.c.question_id).join(CH).where(*channel_is(channel)).order_by(QZ.c.id)
        with self._read() as conn:
            return list(conn.execute(query).scalars())

    @unavailable_as_error
    def topic_accuracy(self, channel: ChannelRef) -> dict[str, tuple[int, int]]:
        correct = func.sum(func.cast(AN.c.correct, Integer()))
        query = (
            select(QZ.c.topic, correct, func.count(AN.c.id))
            .select_from(AN.join(QZ).join(CH))
            .where(*channel_is(channel), QZ.c.revealed_at.is_not(None))
            .group_by(QZ.c.topic)
        )
        with self._read() as conn:
            return {t: (int(c or 0), int(n)) for t, c, n in conn.execute(query)}

    @unavailable_as_error
    def claim_quiz(self, new: NewQuiz, now: datetime) -> QuizRecord | None:
        """Insert the claim row; None when (channel, date) was already claimed by anyone."""
        with self._write() as conn:
            values = quiz_values(new, channel_pk(conn, self._insert, new.channel, now), now)
            stmt = (
                self._insert(QZ)
                .values(**values)
                .on_conflict_do_nothing(index_elements=["channel_pk", "quiz_date"])
            )
            # RETURNING, not rowcount: psycopg reports -1 for an INSERT .. ON CONFLICT.
            if conn.execute(stmt.returning(QZ.c.id)).first() is None:
                return None
            row = conn.execute(
                quiz_query().where(
                    QZ.c.channel_pk == values["channel_pk"], QZ.c.quiz_date == new.day
                )
            ).one()
        return to_quiz(row)

    @unavailable_as_error
    def take_over_claim(self, quiz_id: int, now: datetime, stale_before: datetime) -> bool:
        """Re-claim a claim whose poster never confirmed the post (it crashed); True for one caller."""
        stmt = (
            update(QZ)
            .where(QZ.c.id == quiz_id, QZ.c.posted_at.is_(None), QZ.c.claimed_at < stale_before)
            .values(claimed_at=now)
        )
        with self._write() as conn:
            return conn.execute(stmt).rowcount == 1

    @unavailable_as_error
    def record_post(self, quiz_id: int, message_ref: str, now: datetime) -> None:
        stmt = update(QZ).where(QZ.c.id == quiz_id)
        with self._write() as conn:
            conn.execute(
                stmt.values(message_ref=message_ref, posted_at=func.coalesce(QZ.c.posted_at, now))
            )

    @unavailable_as_error
    def closed_unrevealed(self, now: datetime) -> list[int]:
        query = (
            select(QZ.c.id)
            .where(QZ.c.revealed_at.is_(None), QZ.c.closes_at <= now)
            .order_by(QZ.c.id)
        )
        with self._read() as conn:
            return list(conn.execute(query).scalars())

    @unavailable_as_error
    def reveals_to_publish(self, now: datetime, scopes: Collection[Scope]) -> list[QuizRecord]:
        query = quiz_query().where(
            QZ.c.reveal_published_at.is_(None),
            QZ.c.message_ref.is_not(None),
            (QZ.c.revealed_at.is_not(None)) | (QZ.c.closes_at <= now),
            in_scopes(QZ, scopes),
        )
        with self._read() as conn:
            return [to_quiz(r) for r in conn.execute(query.order_by(QZ.c.id))]

    @unavailable_as_error
    def claim_reveal_publish(self, quiz_id: int, now: datetime) -> bool:
        stmt = update(QZ).where(QZ.c.id == quiz_id, QZ.c.reveal_published_at.is_(None))
        with self._write() as conn:
            return conn.execute(stmt.values(reveal_published_at=now)).rowcount == 1
