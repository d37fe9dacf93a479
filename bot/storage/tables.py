"""The tables as the SQL store uses them, and the conversions between their rows and core records."""

from __future__ import annotations

import json
from datetime import datetime, time, timedelta
from typing import Any, cast

from sqlalchemy import Row, Select, Table, select

from bot.core.identity import ChannelRef, Player
from bot.core.ports import NewQuiz, QuizRecord
from bot.core.schedule import ChannelConfig
from bot.core.scoring import PlayerState
from bot.storage.models import (
    Answer,
    Channel,
    PlayerRow,
    PracticeCardRow,
    QuestionFlag,
    Quiz,
    Score,
    TopicScore,
)

CH, QZ, AN, PL, SC, TS, PC, FL = (
    cast(Table, m.__table__)
    for m in (Channel, Quiz, Answer, PlayerRow, Score, TopicScore, PracticeCardRow, QuestionFlag)
)
CHANNEL_KEYS = ["platform", "workspace", "channel_id"]
PLAYER_KEYS = ["platform", "workspace", "user_id"]
FRESH_PLAYER = {"streak": 0, "best_streak": 0, "played": 0, "best_played": 0, "last_seq": 0}


def channel_keys(channel: ChannelRef) -> dict[str, str]:
    return {
        "platform": channel.platform,
        "workspace": channel.workspace,
        "channel_id": channel.channel_id,
    }


def player_keys(player: Player) -> dict[str, str]:
    return {"platform": player.platform, "workspace": player.workspace, "user_id": player.user_id}


def channel_is(channel: ChannelRef) -> list[Any]:
    return [CH.c[k] == v for k, v in channel_keys(channel).items()]


def player_is(table: Table, player: Player) -> list[Any]:
    return [table.c[k] == v for k, v in player_keys(player).items()]


def config_values(cfg: ChannelConfig) -> dict[str, Any]:
    return {
        "post_time": cfg.post_time.strftime("%H:%M"),
        "timezone": cfg.timezone,
        "days": ",".join(str(d) for d in sorted(cfg.days)),
        "window_minutes": int(cfg.window.total_seconds() // 60) if cfg.window else None,
        "topics": ",".join(cfg.topics),
        "enabled": cfg.enabled,
        "scheduled_at": cfg.since,
        "scheduled_by": cfg.owner,
        "post_failures": cfg.failures,
        "retry_after": cfg.paused_until,
    }


def to_config(row: Row[Any]) -> ChannelConfig:
    hours, minutes = map(int, row.post_time.split(":"))
    return ChannelConfig(
        post_time=time(hours, minutes),
        timezone=row.timezone,
        days=frozenset(int(d) for d in row.days.split(",") if d),
        window=timedelta(minutes=row.window_minutes) if row.window_minutes else None,
        topics=tuple(t for t in row.topics.split(",") if t),
        enabled=bool(row.enabled),
        since=row.scheduled_at,
        owner=row.scheduled_by,
        failures=row.post_failures or 0,
        paused_until=row.retry_after,
    )


def quiz_query() -> Select[Any]:
    """Quizzes with their channel's id, the shape `to_quiz` reads."""
    return select(QZ, CH.c.channel_id).join(CH, CH.c.id == QZ.c.channel_pk)


def quiz_values(new: NewQuiz, channel_pk: int, now: datetime) -> dict[str, Any]:
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


def to_quiz(row: Row[Any]) -> QuizRecord:
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


def to_state(row: Row[Any]) -> PlayerState:
    return PlayerState(
        row.streak, row.best_streak, row.played, row.best_played, row.last_channel, row.last_seq
    )


def state_values(state: PlayerState) -> dict[str, Any]:
    return {
        "streak": state.streak,
        "best_streak": state.best_streak,
        "played": state.played,
        "best_played": state.best_played,
        "last_channel": state.last_channel,
        "last_seq": state.last_seq,
    }
