"""The daily ritual in SQL: answer details for the reveal thread, reminder opt-ins and their
once-only claim, and the weekly recap's claim and summary. Claims are single statements guarded by
a primary key or an `IS NULL` update, so replicas sharing one database post each thing once."""

from __future__ import annotations

import json
from collections.abc import Collection
from datetime import date, datetime
from typing import cast

from sqlalchemy import Integer, Table, and_, delete, func, select, update

from bot.core.identity import ChannelRef, Player
from bot.core.ports import AnswerDetail, QuizRecord, QuizSummary
from bot.storage.channels import channel_pk
from bot.storage.models import RecapClaim, ReminderOptIn
from bot.storage.store import SqlStore, unavailable_as_error
from bot.storage.tables import AN, CH, PL, QZ, channel_is, quiz_query, to_quiz

RO = cast(Table, ReminderOptIn.__table__)
RC = cast(Table, RecapClaim.__table__)


class RitualQueries(SqlStore):
    """`QuizStore` methods for the reveal thread, reminders and the weekly recap."""

    @unavailable_as_error
    def answer_details(self, quiz_id: int) -> list[AnswerDetail]:
        quiz = select(QZ.c.channel_pk, QZ.c.seq).where(QZ.c.id == quiz_id).subquery()
        # A player's stored streak belongs to this quiz only while it is the last one they answered.
        last = and_(
            PL.c.platform == AN.c.platform,
            PL.c.workspace == AN.c.workspace,
            PL.c.user_id == AN.c.user_id,
            PL.c.last_channel == quiz.c.channel_pk,
            PL.c.last_seq == quiz.c.seq,
        )
        query = (
            select(AN, PL.c.streak, PL.c.played)
            .select_from(AN.join(quiz, AN.c.quiz_id == quiz_id).outerjoin(PL, last))
            .where(AN.c.quiz_id == quiz_id)
            .order_by(AN.c.answered_at, AN.c.id)
        )
        with self._read() as conn:
            rows = conn.execute(query).all()
        return [
            AnswerDetail(
                r.user_id,
                r.name or r.user_id,
                r.choice,
                bool(r.correct),
                r.answered_at,
                r.streak,
                r.played,
            )
            for r in rows
        ]

    @unavailable_as_error
    def set_reminder(self, channel: ChannelRef, player: Player, on: bool, now: datetime) -> None:
        keys = {
            "platform": channel.platform,
            "workspace": channel.workspace,
            "channel_id": channel.channel_id,
            "user_id": player.user_id,
        }
        with self._write() as conn:
            if on:
                stmt = self._insert(RO).values(**keys, since=now)
                conn.execute(stmt.on_conflict_do_nothing(index_elements=list(keys)))
            else:
                conn.execute(delete(RO).where(*(RO.c[k] == v for k, v in keys.items())))

    @unavailable_as_error
    def reminder_wanted(self, channel: ChannelRef, player: Player) -> bool:
        query = select(RO.c.since).where(
            RO.c.platform == channel.platform,
            RO.c.workspace == channel.workspace,
            RO.c.channel_id == channel.channel_id,
            RO.c.user_id == player.user_id,
        )
        with self._read() as conn:
            return conn.execute(query).first() is not None

    @unavailable_as_error
    def unreminded_quizzes(self, now: datetime, platforms: Collection[str]) -> list[QuizRecord]:
        query = quiz_query().where(
            QZ.c.reminded_at.is_(None),
            QZ.c.revealed_at.is_(None),
            QZ.c.posted_at.is_not(None),
            QZ.c.closes_at > now,
            QZ.c.platform.in_(list(platforms)),
        )
        with self._read() as conn:
            return [to_quiz(r) for r in conn.execute(query.order_by(QZ.c.id))]

    @unavailable_as_error
    def claim_reminders(self, quiz_id: int, now: datetime) -> bool:
        stmt = update(QZ).where(QZ.c.id == quiz_id, QZ.c.reminded_at.is_(None))
        with self._write() as conn:
            return conn.execute(stmt.values(reminded_at=now)).rowcount == 1

    @unavailable_as_error
    def reminder_recipients(self, quiz_id: int) -> list[Player]:
        answered = select(AN.c.user_id).where(AN.c.quiz_id == quiz_id)
        query = (
            select(RO.c.platform, RO.c.workspace, RO.c.user_id)
            .join(CH, and_(*(CH.c[k] == RO.c[k] for k in ("platform", "workspace", "channel_id"))))
            .join(QZ, QZ.c.channel_pk == CH.c.id)
            .where(QZ.c.id == quiz_id, RO.c.user_id.not_in(answered))
            .order_by(RO.c.since, RO.c.user_id)
        )
        with self._read() as conn:
            return [Player(r.platform, r.workspace, r.user_id) for r in conn.execute(query)]

    @unavailable_as_error
    def last_workspace(self, platform: str, user_id: str) -> str | None:
        query = (
            select(AN.c.workspace)
            .where(AN.c.platform == platform, AN.c.user_id == user_id)
            .order_by(AN.c.answered_at.desc(), AN.c.id.desc())
            .limit(1)
        )
        with self._read() as conn:
            return conn.execute(query).scalar()

    @unavailable_as_error
    def claim_recap(self, channel: ChannelRef, week_start: date, now: datetime) -> bool:
        with self._write() as conn:
            pk = channel_pk(conn, self._insert, channel, now)
            stmt = self._insert(RC).values(channel_pk=pk, week_start=week_start, claimed_at=now)
            stmt = stmt.on_conflict_do_nothing(index_elements=["channel_pk", "week_start"])
            # RETURNING, not rowcount: psycopg reports -1 for an INSERT .. ON CONFLICT.
            return conn.execute(stmt.returning(RC.c.channel_pk)).first() is not None

    @unavailable_as_error
    def week_summary(self, channel: ChannelRef, start: date, end: date) -> list[QuizSummary]:
        right = func.coalesce(func.sum(func.cast(AN.c.correct, Integer())), 0)
        query = (
            select(QZ, func.count(AN.c.id).label("n"), right.label("right"))
            .select_from(QZ.join(CH, CH.c.id == QZ.c.channel_pk).outerjoin(AN))
            .where(*channel_is(channel), QZ.c.revealed_at.is_not(None))
            .where(QZ.c.quiz_date >= start, QZ.c.quiz_date < end)
            .group_by(*QZ.c)
            .order_by(QZ.c.quiz_date)
        )
        with self._read() as conn:
            rows = conn.execute(query).all()
        return [
            QuizSummary(
                r.quiz_date,
                r.topic,
                r.prompt,
                json.loads(r.options)[r.correct],
                r.explanation,
                r.source,
                int(r.n),
                int(r.right),
            )
            for r in rows
        ]
