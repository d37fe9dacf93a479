"""The daily quiz as a team ritual, over the store: the live card, the reveal thread, reminders
and the weekly recap. Each due thing is claimed in the store first, so it goes out once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.core.daily import QuizDesk, quiz_reply
from bot.core.identity import Caller, ChannelRef, Player, Scope
from bot.core.ports import QuizStore
from bot.core.recap import TOP, recap_reply, recap_week
from bot.core.reminders import REMIND_WORDS, remind_reply, reminder_due, reminder_reply
from bot.core.replies import Reply
from bot.core.standings import standings
from bot.core.thread import reveal_thread


@dataclass(frozen=True)
class CardEdit:
    """A posted quiz card to edit with a fresh answered count."""

    channel: ChannelRef
    quiz_id: str
    message_ref: str
    reply: Reply


@dataclass(frozen=True)
class DueReminder:
    """Reminder DMs this process claimed: one reply to each player."""

    channel: ChannelRef
    quiz_id: str
    players: tuple[Player, ...]
    reply: Reply


@dataclass(frozen=True)
class DueRecap:
    """A weekly recap this process claimed and must post in `channel`."""

    channel: ChannelRef
    reply: Reply


class Ritual:
    """The ritual's decisions; adapters and the scheduler only deliver what it returns."""

    def __init__(self, store: QuizStore, desk: QuizDesk) -> None:
        self.store, self.desk = store, desk

    def live_card(self, quiz_id: str, now: datetime) -> CardEdit | None:
        """The posted card of an open quiz with its current answered count; None once it closed
        (the reveal owns the message then) or if it was never posted."""
        quiz = self.store.quiz(int(quiz_id)) if quiz_id.isdigit() else None
        if quiz is None or quiz.message_ref is None or not quiz.is_open(now):
            return None
        reply = quiz_reply(quiz, self.store.results(quiz.id).answered)
        return CardEdit(quiz.channel, quiz_id, quiz.message_ref, reply)

    def claim_thread(self, quiz_id: str, now: datetime) -> Reply | None:
        """The reveal thread, once, for whoever just edited a card into its reveal (an admin's
        `quiz reveal`, a click after the close); the scheduler then leaves that reveal alone."""
        quiz = self.store.quiz(int(quiz_id)) if quiz_id.isdigit() else None
        if quiz is None or not quiz.revealed or quiz.message_ref is None:
            return None
        if not self.store.claim_reveal_publish(quiz.id, now):
            return None
        return reveal_thread(quiz, self.store.answer_details(quiz.id))

    def remind(self, caller: Caller, rest: str, now: datetime) -> Reply:
        """`remind on|off`: this person's reminder for this channel's quiz."""
        word = rest.casefold()
        if word not in REMIND_WORDS:
            on = self.store.reminder_wanted(caller.channel, caller.player)
            state = "on" if on else "off"
            text = f"Your reminders here are {state}. `remind on` or `remind off` changes that."
            return Reply(text, "info", private=True)
        self.store.set_reminder(caller.channel, caller.player, REMIND_WORDS[word], now)
        return remind_reply(REMIND_WORDS[word])

    def due_reminders(self, now: datetime, scopes: tuple[Scope, ...]) -> list[DueReminder]:
        """Reminders due now in `scopes` that this process claimed, to opted-in people who have
        not answered."""
        out = []
        for quiz in self.store.unreminded_quizzes(now, {s.platform for s in scopes}):
            if not any(s.holds(quiz.channel) for s in scopes):
                continue  # another process holds that workspace's token
            cfg = self.desk.config_for(quiz.channel)
            if not reminder_due(quiz, cfg, now) or not self.store.claim_reminders(quiz.id, now):
                continue
            players = tuple(self.store.reminder_recipients(quiz.id))
            if players:
                reply = reminder_reply(quiz)
                out.append(DueReminder(quiz.channel, str(quiz.id), players, reply))
        return out

    def due_recaps(self, now: datetime, scopes: tuple[Scope, ...]) -> list[DueRecap]:
        """Weekly recaps due now in `scopes` that this process claimed (one per channel, week)."""
        out = []
        for channel, cfg in self.store.scheduled_channels(scopes):
            week = recap_week(cfg, now)
            if week is None or not self.store.claim_recap(channel, week, now):
                continue
            self.desk.settle_all(now)
            quizzes = self.store.week_summary(channel, week, week + timedelta(days=7))
            top = standings(self.store, channel.platform, channel.workspace, "week", week, TOP)
            out.append(DueRecap(channel, recap_reply(week, quizzes, top)))
        return out
