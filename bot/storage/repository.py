"""The SQL implementation of the core's `QuizStore` port, on SQLite or PostgreSQL."""

from __future__ import annotations

import functools
import json
import threading
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager, nullcontext
from datetime import date, datetime, time, timedelta
from typing import Any, ParamSpec, TypeVar, cast

from sqlalchemy import (
    Connection,
    Engine,
    Integer,
    Row,
    String,
    Table,
    bindparam,
    func,
    literal,
    select,
    update,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import DBAPIError, OperationalError

from bot.core.identity import ChannelRef, Player
from bot.core.ports import (
    AnswerOutcome,
    DatabaseUnavailable,
    NewQuiz,
    PlayerStats,
    PracticeCard,
    QuizRecord,
    QuizResults,
    Scorer,
    StandingRow,
)
from bot.core.schedule import ChannelConfig
from bot.core.scoring import PERIODS, Period, PlayerState, current, period_start
from bot.storage.models import (
    Answer,
    Channel,
    PlayerRow,
    PracticeCardRow,
    Quiz,
    Score,
    TopicScore,
    UTCDateTime,
)
from bot.storage.prepared import Prepared

P = ParamSpec("P")
R = TypeVar("R")
CH, QZ, AN, PL, SC, TS, PC = (
    cast(Table, m.__table__)
    for m in (Channel, Quiz, Answer, PlayerRow, Score, TopicScore, PracticeCardRow)
)


def unavailable_as_error(method: Callable[P, R]) -> Callable[P, R]:
    """Turn a lost or refused connection into DatabaseUnavailable, which the bot answers politely."""

    @functools.wraps(method)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return method(*args, **kwargs)
        except OperationalError as exc:
            raise DatabaseUnavailable(str(exc.orig).splitlines()[0]) from exc
        except DBAPIError as exc:
            if exc.connection_invalidated:
                raise DatabaseUnavailable("connection lost") from exc
            raise

    return wrapper


class SqlQuizStore:
    """`QuizStore` over an SQLAlchemy engine; each public method is one transaction."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._insert = sqlite_insert if engine.dialect.name == "sqlite" else pg_insert
        # SQLite has one writer at a time: queueing this process's writers on a lock avoids the
        # busy handler's sleeping back-off (up to 100 ms a try) that a contended BEGIN IMMEDIATE gets.
        self._lock = threading.Lock() if engine.dialect.name == "sqlite" else None
        self._writer: Connection | None = None
        self._record = Prepared(_record_statement(self._insert), engine)
        self._questions: dict[int, QuizRecord] = {}

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        if self._lock is None:
            with self.engine.begin() as conn:
                yield conn
            return
        with self._lock:
            # The lock admits one writer at a time, so they share one connection: a pool
            # checkout and return per write cost as much as the write itself.
            conn, self._writer = self._writer or self.engine.connect(), None
            try:
                with conn.begin():
                    yield conn
            except BaseException:
                conn.close()  # a failed connection is not reused; the next write opens a fresh one
                raise
            self._writer = conn

    def close(self) -> None:
        """Return the shared SQLite writer connection and close the engine's pool."""
        with self._lock or nullcontext():
            if self._writer is not None:
                self._writer.close()
                self._writer = None
        self.engine.dispose()

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            conn.execution_options(studybot_read=True)
            with conn.begin():
                yield conn

    # -- channels ---------------------------------------------------------------------------------

    @unavailable_as_error
    def channel_config(self, channel: ChannelRef) -> ChannelConfig | None:
        with self._read() as conn:
            row = conn.execute(select(CH).where(*_channel_is(channel))).first()
        return _config(row) if row else None

    @unavailable_as_error
    def save_channel_config(self, channel: ChannelRef, cfg: ChannelConfig) -> None:
        values = _config_values(cfg)
        with self._write() as conn:
            stmt = self._insert(CH).values(**_channel_keys(channel), **values)
            conn.execute(stmt.on_conflict_do_update(index_elements=_CH_KEYS, set_=values))

    @unavailable_as_error
    def scheduled_channels(
        self, platforms: Collection[str]
    ) -> list[tuple[ChannelRef, ChannelConfig]]:
        query = select(CH).where(CH.c.enabled.is_(True), CH.c.platform.in_(list(platforms)))
        with self._read() as conn:
            rows = conn.execute(query.order_by(CH.c.id)).all()
        return [(ChannelRef(r.platform, r.workspace, r.channel_id), _config(r)) for r in rows]

    def _channel_pk(self, conn: Connection, channel: ChannelRef) -> int:
        pk = conn.execute(select(CH.c.id).where(*_channel_is(channel))).scalar()
        if pk is None:
            stmt = self._insert(CH).values(
                **_channel_keys(channel), **_config_values(ChannelConfig())
            )
            conn.execute(stmt.on_conflict_do_nothing(index_elements=_CH_KEYS))
            pk = conn.execute(select(CH.c.id).where(*_channel_is(channel))).scalar_one()
        return int(pk)

    # -- quizzes ----------------------------------------------------------------------------------

    @unavailable_as_error
    def quiz(self, quiz_id: int) -> QuizRecord | None:
        with self._read() as conn:
            row = conn.execute(_quiz_query().where(QZ.c.id == quiz_id)).first()
        return _quiz(row) if row else None

    @unavailable_as_error
    def quiz_for(self, channel: ChannelRef, day: date) -> QuizRecord | None:
        query = _quiz_query().where(*_channel_is(channel), QZ.c.quiz_date == day)
        with self._read() as conn:
            row = conn.execute(query).first()
        return _quiz(row) if row else None

    @unavailable_as_error
    def latest_quiz(self, channel: ChannelRef) -> QuizRecord | None:
        query = _quiz_query().where(*_channel_is(channel)).order_by(QZ.c.quiz_date.desc()).limit(1)
        with self._read() as conn:
            row = conn.execute(query).first()
        return _quiz(row) if row else None

    @unavailable_as_error
    def asked_questions(self, channel: ChannelRef) -> list[str]:
        query = select(QZ.c.question_id).join(CH).where(*_channel_is(channel)).order_by(QZ.c.id)
        with self._read() as conn:
            return list(conn.execute(query).scalars())

    @unavailable_as_error
    def topic_accuracy(self, channel: ChannelRef) -> dict[str, tuple[int, int]]:
        correct = func.sum(func.cast(AN.c.correct, Integer()))
        query = (
            select(QZ.c.topic, correct, func.count(AN.c.id))
            .select_from(AN.join(QZ).join(CH))
            .where(*_channel_is(channel), QZ.c.revealed_at.is_not(None))
            .group_by(QZ.c.topic)
        )
        with self._read() as conn:
            return {t: (int(c or 0), int(n)) for t, c, n in conn.execute(query)}

    @unavailable_as_error
    def claim_quiz(self, new: NewQuiz, now: datetime) -> QuizRecord | None:
        """Insert the claim row; None when (channel, date) was already claimed by anyone."""
        with self._write() as conn:
            values = _quiz_values(new, self._channel_pk(conn, new.channel), now)
            stmt = (
                self._insert(QZ)
                .values(**values)
                .on_conflict_do_nothing(index_elements=["channel_pk", "quiz_date"])
            )
            # RETURNING, not rowcount: psycopg reports -1 for an INSERT .. ON CONFLICT.
            if conn.execute(stmt.returning(QZ.c.id)).first() is None:
                return None
            row = conn.execute(
                _quiz_query().where(
                    QZ.c.channel_pk == values["channel_pk"], QZ.c.quiz_date == new.day
                )
            ).one()
        return _quiz(row)

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

    # -- answers and reveal -----------------------------------------------------------------------

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
                row = conn.execute(_quiz_query().where(QZ.c.id == quiz_id)).first()
            if row is None:
                return None
            if len(self._questions) >= _QUESTIONS_CACHED:
                self._questions.clear()
            quiz = self._questions[quiz_id] = _quiz(row)
        return quiz

    def _refused(
        self, conn: Connection, quiz_id: int, player: Player, now: datetime
    ) -> AnswerOutcome:
        """Why the insert added nothing: another workspace's quiz, closed, or answered before."""
        row = conn.execute(_quiz_query().where(QZ.c.id == quiz_id)).first()
        if row is None or (row.platform, row.workspace) != (player.platform, player.workspace):
            return AnswerOutcome("missing")
        quiz = _quiz(row)
        choice = conn.execute(
            select(AN.c.choice).where(AN.c.quiz_id == quiz_id, AN.c.user_id == player.user_id)
        ).scalar()
        return AnswerOutcome("already" if quiz.is_open(now) else "closed", choice, quiz)

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
        fresh = [literal(v).label(k) for k, v in _FRESH_PLAYER.items()]
        source = select(*keys, *fresh).where(AN.c.quiz_id == quiz_id).order_by(AN.c.id)
        stmt = self._insert(PL).from_select([*(c.name for c in keys), *_FRESH_PLAYER], source)
        return stmt.on_conflict_do_update(
            index_elements=_PL_KEYS, set_={"name": stmt.excluded.name}
        )

    def _score(
        self, conn: Connection, quiz: Row[Any], answer: Row[Any], seq: int, scorer: Scorer
    ) -> None:
        keys = {
            "platform": answer.platform,
            "workspace": answer.workspace,
            "user_id": answer.user_id,
        }
        row = conn.execute(select(PL).where(*(PL.c[k] == v for k, v in keys.items()))).one()
        state, points = scorer(_state(row), bool(answer.correct), quiz.channel_pk, seq)
        conn.execute(update(PL).where(PL.c.id == row.id).values(**_state_values(state)))
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
        self, conn: Connection, table: Any, values: dict[str, Any], counters: list[str]
    ) -> None:
        stmt = self._insert(table).values(**values)
        keys = [c.name for c in table.primary_key.columns]
        increments = {c: table.c[c] + stmt.excluded[c] for c in counters}
        conn.execute(stmt.on_conflict_do_update(index_elements=keys, set_=increments))

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
    def reveals_to_publish(self, now: datetime, platforms: Collection[str]) -> list[QuizRecord]:
        query = _quiz_query().where(
            QZ.c.reveal_published_at.is_(None),
            QZ.c.message_ref.is_not(None),
            (QZ.c.revealed_at.is_not(None)) | (QZ.c.closes_at <= now),
            QZ.c.platform.in_(list(platforms)),
        )
        with self._read() as conn:
            return [_quiz(r) for r in conn.execute(query.order_by(QZ.c.id))]

    @unavailable_as_error
    def claim_reveal_publish(self, quiz_id: int, now: datetime) -> bool:
        stmt = update(QZ).where(QZ.c.id == quiz_id, QZ.c.reveal_published_at.is_(None))
        with self._write() as conn:
            return conn.execute(stmt.values(reveal_published_at=now)).rowcount == 1

    # -- standings --------------------------------------------------------------------------------

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
        keys = {"platform": player.platform, "workspace": player.workspace}
        with self._read() as conn:
            row = conn.execute(
                select(PL, CH.c.quiz_seq)
                .outerjoin(CH, CH.c.id == PL.c.last_channel)
                .where(*(PL.c[k] == v for k, v in keys.items()), PL.c.user_id == player.user_id)
            ).first()
            if row is None:
                return None
            totals = {p: self._totals(conn, player, p, starts[p]) for p in PERIODS}
            points_all = totals["all"][0]
            ahead = conn.execute(
                select(func.count())
                .select_from(SC)
                .where(
                    *(SC.c[k] == v for k, v in keys.items()),
                    SC.c.period == "all",
                    SC.c.points > points_all,
                )
            ).scalar_one()
            players = conn.execute(
                select(func.count())
                .select_from(SC)
                .where(*(SC.c[k] == v for k, v in keys.items()), SC.c.period == "all")
            ).scalar_one()
            topics = conn.execute(
                select(TS.c.topic, TS.c.correct, TS.c.answered)
                .where(*(TS.c[k] == v for k, v in keys.items()), TS.c.user_id == player.user_id)
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
                SC.c.platform == player.platform,
                SC.c.workspace == player.workspace,
                SC.c.user_id == player.user_id,
                SC.c.period == period,
                SC.c.start == start,
            )
        ).first()
        return (row.points, row.correct, row.answered) if row else (0, 0, 0)

    # -- practice ---------------------------------------------------------------------------------

    @unavailable_as_error
    def practice_cards(self, player: Player) -> list[PracticeCard]:
        query = select(PC).where(*_player_is(PC, player)).order_by(PC.c.due, PC.c.question_id)
        with self._read() as conn:
            return [
                PracticeCard(r.question_id, r.card, r.due, r.pending) for r in conn.execute(query)
            ]

    @unavailable_as_error
    def save_practice_card(self, player: Player, card: PracticeCard) -> None:
        values = {"card": card.card_json, "due": card.due, "pending": card.pending}
        keys = {
            "platform": player.platform,
            "workspace": player.workspace,
            "user_id": player.user_id,
        }
        stmt = self._insert(PC).values(**keys, question_id=card.question_id, **values)
        with self._write() as conn:
            conn.execute(
                stmt.on_conflict_do_update(index_elements=[*keys, "question_id"], set_=values)
            )

    @unavailable_as_error
    def missed_questions(self, player: Player) -> list[str]:
        query = (
            select(QZ.c.question_id)
            .select_from(AN.join(QZ))
            .where(*_player_is(AN, player), AN.c.correct.is_(False), QZ.c.revealed_at.is_not(None))
            .order_by(AN.c.id)
        )
        with self._read() as conn:
            return list(dict.fromkeys(conn.execute(query).scalars()))


_QUESTIONS_CACHED = 1024
_CH_KEYS = ["platform", "workspace", "channel_id"]
_PL_KEYS = ["platform", "workspace", "user_id"]
_FRESH_PLAYER = {"streak": 0, "best_streak": 0, "played": 0, "best_played": 0, "last_seq": 0}


def _channel_keys(channel: ChannelRef) -> dict[str, str]:
    return {
        "platform": channel.platform,
        "workspace": channel.workspace,
        "channel_id": channel.channel_id,
    }


def _channel_is(channel: ChannelRef) -> list[Any]:
    return [
        CH.c.platform == channel.platform,
        CH.c.workspace == channel.workspace,
        CH.c.channel_id == channel.channel_id,
    ]


def _player_is(table: Any, player: Player) -> list[Any]:
    return [
        table.c.platform == player.platform,
        table.c.workspace == player.workspace,
        table.c.user_id == player.user_id,
    ]


def _config_values(cfg: ChannelConfig) -> dict[str, Any]:
    return {
        "post_time": cfg.post_time.strftime("%H:%M"),
        "timezone": cfg.timezone,
        "days": ",".join(str(d) for d in sorted(cfg.days)),
        "window_minutes": int(cfg.window.total_seconds() // 60) if cfg.window else None,
        "topics": ",".join(cfg.topics),
        "enabled": cfg.enabled,
    }


def _config(row: Row[Any]) -> ChannelConfig:
    hours, minutes = map(int, row.post_time.split(":"))
    return ChannelConfig(
        post_time=time(hours, minutes),
        timezone=row.timezone,
        days=frozenset(int(d) for d in row.days.split(",") if d),
        window=timedelta(minutes=row.window_minutes) if row.window_minutes else None,
        topics=tuple(t for t in row.topics.split(",") if t),
        enabled=bool(row.enabled),
    )


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


def _quiz_query() -> Any:
    return select(QZ, CH.c.channel_id).join(CH, CH.c.id == QZ.c.channel_pk)


def _quiz_values(new: NewQuiz, channel_pk: int, now: datetime) -> dict[str, Any]:
    return {
        "channel_pk": channel_pk,
        "platform": new.channel.platform,
        "workspace": new.channel.workspace,
        "quiz_date": new.day,
        "question_id": new.question_id,
        "topic": new.topic,
        "prompt": new.prompt,
        "options": json.dumps(list(new.options)),
        "correct": new.correct,
        "explanation": new.explanation,
        "source": new.source,
        "opens_at": new.opens_at,
        "closes_at": new.closes_at,
        "claimed_at": now,
        "posted_at": now if new.posted else None,
    }


def _quiz(row: Row[Any]) -> QuizRecord:
    return QuizRecord(
        id=row.id,
        channel=ChannelRef(row.platform, row.workspace, row.channel_id),
        day=row.quiz_date,
        question_id=row.question_id,
        topic=row.topic,
        prompt=row.prompt,
        options=tuple(json.loads(row.options)),
        correct=row.correct,
        explanation=row.explanation,
        source=row.source,
        opens_at=row.opens_at,
        closes_at=row.closes_at,
        claimed_at=row.claimed_at,
        posted_at=row.posted_at,
        message_ref=row.message_ref,
        revealed_at=row.revealed_at,
        reveal_published_at=row.reveal_published_at,
    )


def _state(row: Row[Any]) -> PlayerState:
    return PlayerState(
        row.streak, row.best_streak, row.played, row.best_played, row.last_channel, row.last_seq
    )


def _state_values(state: PlayerState) -> dict[str, Any]:
    return {
        "streak": state.streak,
        "best_streak": state.best_streak,
        "played": state.played,
        "best_played": state.best_played,
        "last_channel": state.last_channel,
        "last_seq": state.last_seq,
    }
