"""The ritual's storage on SQLite and PostgreSQL: reminder opt-ins and who gets one, the reminder
and recap claims (once each), answer details with streaks, and the week's summary."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from bot.core import Caller, ChannelRef, Player, StudyBot

MON = datetime(2024, 3, 4, 10, 0, tzinfo=UTC)
C1 = ChannelRef("slack", "T1", "C1")


def who(user: str, *, admin: bool = False, channel: str = "C1") -> Caller:
    return Caller(
        Player("slack", "T1", user, user.title()), ChannelRef("slack", "T1", channel), admin
    )


def post(bot: StudyBot, now: datetime, channel: str = "C1") -> tuple[int, int]:
    reply = bot.handle(who("admin", admin=True, channel=channel), "quiz", now)
    assert reply.kind == "quiz" and reply.quiz_id
    bot.record_post(reply.quiz_id, f"{channel}:{now.timestamp()}")
    quiz = bot.store.quiz(int(reply.quiz_id))  # type: ignore[union-attr]
    assert quiz is not None
    return quiz.id, quiz.correct


def test_reminders_go_to_opted_in_non_answerers_of_that_channel_once(bot: StudyBot) -> None:
    store = bot.store
    assert store is not None
    quiz_id, correct = post(bot, MON)
    for user in ("ann", "bob", "cy"):
        assert "Reminders on" in bot.handle(who(user), "remind on", MON).text
    bot.handle(who("dan", channel="C2"), "remind on", MON)  # another channel
    bot.handle(who("cy"), "remind off", MON)
    bot.press(who("bob"), f"quiz:{quiz_id}:{correct}", MON)
    assert "on" in bot.handle(who("ann"), "remind", MON).text
    assert [p.user_id for p in store.reminder_recipients(quiz_id)] == ["ann"]
    quiz = store.quiz(quiz_id)
    assert quiz is not None
    early = quiz.closes_at - timedelta(hours=2)
    assert bot.due_reminders(early, ["slack"]) == []
    due = quiz.closes_at - timedelta(minutes=30)
    [reminder] = bot.due_reminders(due, ["slack"])
    assert [p.user_id for p in reminder.players] == ["ann"]
    assert bot.due_reminders(due, ["slack"]) == []  # claimed: never twice
    assert not store.claim_reminders(quiz_id, due)


def test_a_recap_is_claimed_once_per_channel_and_week(bot: StudyBot) -> None:
    store = bot.store
    assert store is not None
    week = date(2024, 3, 4)
    assert store.claim_recap(C1, week, MON)
    assert not store.claim_recap(C1, week, MON)
    assert store.claim_recap(C1, week + timedelta(days=7), MON)
    assert store.claim_recap(ChannelRef("slack", "T1", "C9"), week, MON)


def test_answer_details_carry_the_streak_only_while_it_belongs_to_that_quiz(bot: StudyBot) -> None:
    store = bot.store
    assert store is not None
    first, correct = post(bot, MON)
    bot.press(who("ann"), f"quiz:{first}:{correct}", MON)
    bot.press(who("bob"), f"quiz:{first}:{(correct + 1) % 4}", MON + timedelta(seconds=5))
    bot.handle(who("admin", admin=True), "quiz reveal", MON)
    details = store.answer_details(first)
    assert [(d.name, d.correct, d.streak, d.played) for d in details] == [
        ("Ann", True, 1, 1),
        ("Bob", False, 0, 1),
    ]
    tue = MON + timedelta(days=1)
    second, correct = post(bot, tue)
    bot.press(who("ann"), f"quiz:{second}:{correct}", tue)
    bot.handle(who("admin", admin=True), "quiz reveal", tue)
    assert [(d.streak, d.played) for d in store.answer_details(second)] == [(2, 2)]
    ann_then = [d for d in store.answer_details(first) if d.name == "Ann"][0]
    assert (ann_then.streak, ann_then.played) == (None, None)  # her streak moved on


def test_the_week_summary_counts_revealed_quizzes_of_the_channel(bot: StudyBot) -> None:
    store = bot.store
    assert store is not None
    quiz_id, correct = post(bot, MON)
    bot.press(who("ann"), f"quiz:{quiz_id}:{correct}", MON)
    bot.press(who("bob"), f"quiz:{quiz_id}:{(correct + 1) % 4}", MON)
    bot.handle(who("admin", admin=True), "quiz reveal", MON)
    post(bot, MON + timedelta(days=1))  # not revealed yet: not in the summary
    [summary] = store.week_summary(C1, date(2024, 3, 4), date(2024, 3, 11))
    quiz = store.quiz(quiz_id)
    assert quiz is not None
    assert (summary.answered, summary.correct, summary.answer) == (2, 1, quiz.options[correct])
    assert store.week_summary(C1, date(2024, 3, 11), date(2024, 3, 18)) == []


def test_the_last_workspace_is_where_the_person_last_answered(bot: StudyBot) -> None:
    store = bot.store
    assert store is not None
    assert store.last_workspace("slack", "ann") is None
    quiz_id, correct = post(bot, MON)
    bot.press(who("ann"), f"quiz:{quiz_id}:{correct}", MON)
    assert store.last_workspace("slack", "ann") == "T1"
    assert store.last_workspace("discord", "ann") is None
