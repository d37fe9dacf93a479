"""SQLAlchemy 2 models. Unique constraints carry the exactly-once rules: one quiz per channel and local
date (the posting claim) and one answer per person per quiz (the first counts)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes in and out, stored naive UTC (SQLite has no time zones)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: pass an aware one")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return value.replace(tzinfo=UTC) if value is not None else None


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Channel(Base):
    """A channel's quiz schedule, and how many of its quizzes were revealed (for streaks).
    `scheduled_at`: when its daily post started; catch-up never posts a slot before it."""

    __tablename__ = "channels"
    __table_args__ = (
        UniqueConstraint("platform", "workspace", "channel_id", name="uq_channels_ref"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    workspace: Mapped[str] = mapped_column(String(64))
    channel_id: Mapped[str] = mapped_column(String(64))
    post_time: Mapped[str] = mapped_column(String(5), default="09:00")
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    days: Mapped[str] = mapped_column(String(32), default="0,1,2,3,4")
    window_minutes: Mapped[int | None] = mapped_column(Integer)
    topics: Mapped[str] = mapped_column(String(500), default="")
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    scheduled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    quiz_seq: Mapped[int] = mapped_column(Integer, default=0)
    # Who turned the daily post on (told when it is turned off), and the failed-post backoff.
    scheduled_by: Mapped[str | None] = mapped_column(String(64))
    post_failures: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    retry_after: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Delivery(Base):
    """A platform event id already delivered, kept an hour so any replica drops a redelivery."""

    __tablename__ = "deliveries"

    platform: Mapped[str] = mapped_column(String(16), primary_key=True)
    event_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


class Quiz(Base):
    """One channel's quiz for one local date; inserting it is the claim to post it."""

    __tablename__ = "quizzes"
    __table_args__ = (
        UniqueConstraint("channel_pk", "quiz_date", name="uq_quizzes_channel_date"),
        Index("ix_quizzes_open", "revealed_at", "closes_at"),
        Index("ix_quizzes_publish", "reveal_published_at", "closes_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    channel_pk: Mapped[int] = mapped_column(ForeignKey("channels.id", ondelete="CASCADE"))
    platform: Mapped[str] = mapped_column(String(16))
    workspace: Mapped[str] = mapped_column(String(64))
    quiz_date: Mapped[date] = mapped_column(Date)
    question_id: Mapped[str] = mapped_column(String(100))
    topic: Mapped[str] = mapped_column(String(64))
    prompt: Mapped[str] = mapped_column(Text)
    options: Mapped[str] = mapped_column(Text)
    correct: Mapped[int] = mapped_column(Integer)
    explanation: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(500))
    opens_at: Mapped[datetime] = mapped_column(UTCDateTime)
    closes_at: Mapped[datetime] = mapped_column(UTCDateTime)
    claimed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    posted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    message_ref: Mapped[str | None] = mapped_column(String(128))
    revealed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reveal_published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    seq: Mapped[int | None] = mapped_column(Integer)


class Answer(Base):
    """A person's answer to a quiz: the unique (quiz, user) pair keeps only the first. `name` is the
    display name when answering; the reveal copies it into `players`, keeping answering to one row."""

    __tablename__ = "answers"
    __table_args__ = (
        UniqueConstraint("quiz_id", "user_id", name="uq_answers_quiz_user"),
        Index("ix_answers_player", "platform", "workspace", "user_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    quiz_id: Mapped[int] = mapped_column(ForeignKey("quizzes.id", ondelete="CASCADE"))
    platform: Mapped[str] = mapped_column(String(16))
    workspace: Mapped[str] = mapped_column(String(64))
    user_id: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200), default="")
    choice: Mapped[int] = mapped_column(Integer)
    correct: Mapped[bool] = mapped_column(Boolean)
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime)


class PlayerRow(Base):
    """A person in a workspace: display name and streak state."""

    __tablename__ = "players"
    __table_args__ = (UniqueConstraint("platform", "workspace", "user_id", name="uq_players_ref"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    workspace: Mapped[str] = mapped_column(String(64))
    user_id: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200), default="")
    streak: Mapped[int] = mapped_column(Integer, default=0)
    best_streak: Mapped[int] = mapped_column(Integer, default=0)
    played: Mapped[int] = mapped_column(Integer, default=0)
    best_played: Mapped[int] = mapped_column(Integer, default=0)
    last_channel: Mapped[int | None] = mapped_column(Integer)
    last_seq: Mapped[int] = mapped_column(Integer, default=0)


class Score(Base):
    """Revealed points per person and period (week, month, all): the leaderboard reads only this."""

    __tablename__ = "scores"
    __table_args__ = (
        Index("ix_scores_board", "platform", "workspace", "period", "start", "points"),
    )

    platform: Mapped[str] = mapped_column(String(16), primary_key=True)
    workspace: Mapped[str] = mapped_column(String(64), primary_key=True)
    period: Mapped[str] = mapped_column(String(8), primary_key=True)
    start: Mapped[date] = mapped_column(Date, primary_key=True)
    user_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    points: Mapped[int] = mapped_column(Integer, default=0)
    correct: Mapped[int] = mapped_column(Integer, default=0)
    answered: Mapped[int] = mapped_column(Integer, default=0)


class TopicScore(Base):
    """Revealed answers per person and topic, for accuracy by topic in `stats`."""

    __tablename__ = "topic_scores"

    platform: Mapped[str] = mapped_column(String(16), primary_key=True)
    workspace: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    topic: Mapped[str] = mapped_column(String(64), primary_key=True)
    correct: Mapped[int] = mapped_column(Integer, default=0)
    answered: Mapped[int] = mapped_column(Integer, default=0)


class PracticeCardRow(Base):
    """A person's spaced-repetition card for one question; practice never touches scores."""

    __tablename__ = "practice_cards"

    platform: Mapped[str] = mapped_column(String(16), primary_key=True)
    workspace: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    question_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    card: Mapped[str] = mapped_column(Text)
    due: Mapped[datetime] = mapped_column(UTCDateTime)
    pending: Mapped[bool] = mapped_column(Boolean, default=False)


# Slack installations and OAuth states (multi-workspace install), in the layout slack_sdk's
# SQLAlchemyInstallationStore and SQLAlchemyOAuthStateStore read and write (slack_sdk 3.x). Our
# migrations create them, so both databases get them like every other table; a test checks the
# columns against slack_sdk's own definitions.
def _slack_identity() -> list[Column]:
    return [
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("client_id", String(32), nullable=False),
        Column("app_id", String(32), nullable=False),
        Column("enterprise_id", String(32)),
        Column("enterprise_name", String(200)),
    ]


def _slack_bot_columns() -> list[Column]:
    return [
        Column("team_id", String(32)),
        Column("team_name", String(200)),
        Column("bot_token", String(200)),
        Column("bot_id", String(32)),
        Column("bot_user_id", String(32)),
        Column("bot_scopes", String(1000)),
        Column("bot_refresh_token", String(200)),
        Column("bot_token_expires_at", DateTime),
    ]


SLACK_BOTS = Table(
    "slack_bots",
    Base.metadata,
    *_slack_identity(),
    *_slack_bot_columns(),
    Column("is_enterprise_install", Boolean, nullable=False),
    Column("installed_at", DateTime, nullable=False),
    Index("slack_bots_idx", "client_id", "enterprise_id", "team_id", "installed_at"),
)
SLACK_INSTALLATIONS = Table(
    "slack_installations",
    Base.metadata,
    *_slack_identity(),
    Column("enterprise_url", String(200)),
    *_slack_bot_columns(),
    Column("user_id", String(32), nullable=False),
    Column("user_token", String(200)),
    Column("user_scopes", String(1000)),
    Column("user_refresh_token", String(200)),
    Column("user_token_expires_at", DateTime),
    Column("incoming_webhook_url", String(200)),
    Column("incoming_webhook_channel", String(200)),
    Column("incoming_webhook_channel_id", String(200)),
    Column("incoming_webhook_configuration_url", String(200)),
    Column("is_enterprise_install", Boolean, nullable=False),
    Column("token_type", String(32)),
    Column("installed_at", DateTime, nullable=False),
    Index(
        "slack_installations_idx",
        "client_id",
        "enterprise_id",
        "team_id",
        "user_id",
        "installed_at",
    ),
)
SLACK_OAUTH_STATES = Table(
    "slack_oauth_states",
    Base.metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("state", String(200), nullable=False),
    Column("expire_at", DateTime, nullable=False),
)


class QuestionFlag(Base):
    """A player's report that a question is wrong; open until an admin clears the question's flags."""

    __tablename__ = "question_flags"
    # One open flag per person and question is kept by the store in one transaction: a unique key
    # over the nullable cleared_at would not hold, since NULLs never collide.
    __table_args__ = (Index("ix_question_flags_open", "platform", "workspace", "cleared_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    question_id: Mapped[str] = mapped_column(String(100))
    platform: Mapped[str] = mapped_column(String(16))
    workspace: Mapped[str] = mapped_column(String(64))
    user_id: Mapped[str] = mapped_column(String(64))
    user_name: Mapped[str] = mapped_column(String(200))
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    reason: Mapped[str] = mapped_column(Text)
    flagged_at: Mapped[datetime] = mapped_column(UTCDateTime)
    cleared_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    cleared_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
