"""Reminders: a DM, before a quiz closes, to each person who asked for one (`remind on` in the
channel) and has not answered yet."""

from __future__ import annotations

from datetime import datetime

from bot.core.moments import moment
from bot.core.ports import QuizRecord
from bot.core.replies import Reply
from bot.core.schedule import ChannelConfig

REMIND_WORDS = {"on": True, "off": False}


def reminder_due(quiz: QuizRecord, cfg: ChannelConfig, now: datetime) -> bool:
    """True from `remind_before` ahead of the close until the close."""
    return quiz.closes_at - cfg.remind_before <= now < quiz.closes_at


def reminder_reply(quiz: QuizRecord) -> Reply:
    """The DM: which quiz, when it closes (in the quiz channel's zone), and how to answer."""
    close = moment(quiz.closes_at, quiz.zone)
    text = (
        f"Reminder: the daily quiz closes {close.text} and you have not answered yet.\n"
        f"{quiz.prompt}\nAnswer with the buttons on the quiz, or `answer A`-`D` in its channel. "
        "`remind off` there stops these."
    )
    extra = {"channel_id": quiz.channel.channel_id}
    return Reply(text, "info", quiz_id=str(quiz.id), extra=extra, moments=(close,))


def remind_reply(on: bool) -> Reply:
    """The answer to `remind on|off`."""
    if on:
        text = (
            "Reminders on: I'll DM you before this channel's quiz closes if you have not "
            "answered. `remind off` stops them."
        )
    else:
        text = "Reminders off for this channel's quiz."
    return Reply(text, "info", private=True)
