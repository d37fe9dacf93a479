"""The ritual's rules without a database: edit coalescing, local times, the reveal thread,
milestones, recap timing and content, reminder timing, the new settings and the pickers."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.core import ChannelRef
from bot.core.choices import complete_topics, complete_zone, value_suggestions
from bot.core.daily import quiz_reply
from bot.core.livecard import EditCoalescer
from bot.core.moments import moment
from bot.core.ports import AnswerDetail, QuizRecord, QuizSummary
from bot.core.recap import most_missed, recap_reply, recap_week, topic_accuracy
from bot.core.reminders import reminder_due
from bot.core.replies import Standing
from bot.core.schedule import ChannelConfig, ConfigError, apply_setting
from bot.core.thread import fastest_line, reveal_thread, split_line, streak_lines

OPENED = datetime(2025, 3, 4, 9, 0, tzinfo=UTC)


def quiz(**changes: object) -> QuizRecord:
    values: dict[str, object] = {
        "id": 7,
        "channel": ChannelRef("slack", "T1", "C1"),
        "day": date(2025, 3, 4),
        "question_id": "q1",
        "topic": "lambda",
        "prompt": "Which service runs code without servers?",
        "options": ("Amazon EC2", "AWS Lambda", "AWS Batch", "Amazon ECS"),
        "correct": 1,
        "explanation": "Lambda runs functions on demand.",
        "source": "https://docs.aws.amazon.com/lambda/latest/dg/welcome.html",
        "opens_at": OPENED,
        "closes_at": OPENED + timedelta(hours=23),
        "claimed_at": OPENED,
        **changes,
    }
    return QuizRecord(**values)  # type: ignore[arg-type]


def answer(name: str, choice: int, seconds: int, streak: int | None = None, played=None):
    at = OPENED + timedelta(seconds=seconds)
    return AnswerDetail(name, name, choice, choice == 1, at, streak, played)


# -- coalescing ---------------------------------------------------------------------------------


def run_burst(coalescer: EditCoalescer, times: list[float]) -> list[float]:
    """Edit times for changes at `times`, firing each scheduled edit when it comes due."""
    edits: list[float] = []
    due: float | None = None
    for now in sorted(times):
        if due is not None and due <= now:
            coalescer.fire("q", due)
            edits.append(due)
            due = None
        delay = coalescer.touch("q", now)
        if delay == 0.0:
            edits.append(now)
        elif delay is not None:
            due = now + delay
    if due is not None:
        coalescer.fire("q", due)
        edits.append(due)
    return edits


@pytest.mark.parametrize(
    ("times", "expected"),
    [
        ([i * 0.05 for i in range(20)], [0.0, 3.0]),  # 20 clicks in one second: 2 edits
        ([0.0], [0.0]),  # one click: one edit, at once
        ([0.0, 5.0], [0.0, 5.0]),  # quiet spells in between: each edits at once
        ([0.0, 1.0, 2.0, 3.5, 4.0], [0.0, 3.0, 6.0]),  # steady trickle: one edit per interval
    ],
)
def test_a_burst_of_answers_becomes_at_most_one_edit_per_interval(times, expected):
    assert run_burst(EditCoalescer(interval=3.0), times) == expected


def test_cards_are_coalesced_independently():
    coalescer = EditCoalescer(interval=3.0)
    assert coalescer.touch("a", 0.0) == 0.0
    assert coalescer.touch("b", 0.1) == 0.0
    assert coalescer.touch("a", 0.2) == pytest.approx(2.8)
    assert coalescer.touch("a", 0.3) is None


# -- local time -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("zone", "at", "text"),
    [
        ("Europe/Berlin", datetime(2025, 1, 15, 8, 0, tzinfo=UTC), "Wed 2025-01-15 09:00 CET"),
        ("Europe/Berlin", datetime(2025, 7, 15, 8, 0, tzinfo=UTC), "Tue 2025-07-15 10:00 CEST"),
        ("Etc/GMT-14", datetime(2025, 3, 4, 20, 0, tzinfo=UTC), "Wed 2025-03-05 10:00 +14"),
        ("UTC", datetime(2025, 3, 4, 20, 0, tzinfo=UTC), "Tue 2025-03-04 20:00 UTC"),
    ],
)
def test_a_moment_reads_in_the_channels_zone(zone, at, text):
    assert moment(at, ZoneInfo(zone)).text == text


def test_the_card_says_its_local_date_and_a_local_close_with_the_count():
    record = quiz(
        day=date(2025, 3, 5),
        closes_at=datetime(2025, 3, 5, 9, 0, tzinfo=UTC),
        timezone="Etc/GMT-14",
    )
    reply = quiz_reply(record, answered=7)
    assert reply.title is not None and reply.title.startswith("Quiz of Wed 2025-03-05")
    [close] = reply.moments
    assert close.text == "Wed 2025-03-05 23:00 +14"
    assert f"before {close.text}" in reply.text and "UTC" not in reply.text
    assert reply.footer == "7 answered so far."


# -- reveal thread ------------------------------------------------------------------------------


def test_the_thread_splits_answers_and_names_the_fastest_correct():
    answers = [
        answer("ann", 1, 95),
        answer("bob", 0, 5),
        answer("cy", 1, 12),
        answer("di", 1, 4000),
    ]
    assert split_line(quiz(), answers) == "Answers: A 1 · B 3 ✓ · C 0 · D 0 (4 in all)."
    assert fastest_line(quiz(), answers) == "Fastest correct: cy (12s), ann (1m 35s), di (1h 06m)."
    assert fastest_line(quiz(), [answer("bob", 0, 5)]).endswith("nobody got it this time.")


@pytest.mark.parametrize(
    ("streak", "played", "line"),
    [
        (3, 3, "Streak: ann has 3 right answers in a row!"),
        (4, 7, "Streak: ann has answered 7 daily quizzes in a row!"),
        (30, 30, "Streak: ann has 30 right answers in a row!"),
        (0, 14, "Streak: ann has answered 14 daily quizzes in a row!"),
        (5, 5, None),
        (None, None, None),  # the stored streak belongs to a later quiz
    ],
)
def test_streak_milestones_are_announced_once_when_reached(streak, played, line):
    assert streak_lines([answer("ann", 1, 10, streak, played)]) == ([line] if line else [])


def test_the_thread_opens_with_the_answer_and_invites_discussion():
    reply = reveal_thread(quiz(), [answer("ann", 1, 10, 3, 3)])
    assert reply.title == "Answer: B) AWS Lambda"
    assert reply.body[0] == "Why: Lambda runs functions on demand."
    assert "Streak: ann has 3 right answers in a row!" in reply.body
    assert reply.links[0].url.startswith("https://docs.aws.amazon.com/")


# -- recap ----------------------------------------------------------------------------------------

FRIDAY_1600 = ChannelConfig(recap_day=4, recap_time=time(16, 0), timezone="Europe/Berlin")


@pytest.mark.parametrize(
    ("cfg", "now", "week"),
    [
        (FRIDAY_1600, datetime(2025, 3, 7, 14, 59, tzinfo=UTC), None),  # 15:59 Berlin
        (FRIDAY_1600, datetime(2025, 3, 7, 15, 0, tzinfo=UTC), date(2025, 3, 3)),
        (FRIDAY_1600, datetime(2025, 3, 7, 20, 59, tzinfo=UTC), date(2025, 3, 3)),  # within grace
        (FRIDAY_1600, datetime(2025, 3, 7, 21, 0, tzinfo=UTC), None),  # too late: next week's
        (ChannelConfig(), datetime(2025, 3, 7, 15, 0, tzinfo=UTC), None),  # recap off
    ],
)
def test_the_recap_is_due_at_its_local_day_and_time(cfg, now, week):
    assert recap_week(cfg, now) == week


def summary(day: int, topic: str, answered: int, correct: int) -> QuizSummary:
    return QuizSummary(
        date(2025, 3, day),
        topic,
        f"Q{day}?",
        f"A{day}",
        f"Because {day}.",
        "https://x",
        answered,
        correct,
    )


def test_the_recap_has_top_five_topic_accuracy_and_the_most_missed_question():
    quizzes = [summary(4, "lambda", 4, 3), summary(5, "ecs", 4, 1), summary(6, "lambda", 2, 2)]
    top = [Standing(i + 1, f"p{i}", 50 - i, 3, 3, 1) for i in range(7)]
    reply = recap_reply(date(2025, 3, 3), quizzes, top)
    assert reply.title == "Weekly recap, week of Mon 2025-03-03"
    assert "p4" in reply.text and "p5" not in reply.text
    assert topic_accuracy(quizzes) == "ecs 25% (4), lambda 83% (6)"
    assert most_missed(quizzes) == quizzes[1]
    assert "Most missed (25% right): Q5? Answer: A5. Because 5." in reply.text


def test_an_empty_week_says_so():
    assert "no quiz was revealed" in recap_reply(date(2025, 3, 3), [], []).text


# -- reminders and settings -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("before_close", "due"),
    [(timedelta(minutes=61), False), (timedelta(minutes=60), True), (timedelta(0), False)],
)
def test_a_reminder_is_due_from_its_lead_time_until_the_close(before_close, due):
    record = quiz()
    assert reminder_due(record, ChannelConfig(), record.closes_at - before_close) is due


@pytest.mark.parametrize(
    ("name", "value", "check"),
    [
        ("recap", "fri 16:00", lambda c: c.recap_text() == "fri 16:00"),
        ("recap", "Monday 09:30", lambda c: c.recap_text() == "mon 09:30"),
        ("recap", "off", lambda c: c.recap_day is None),
        ("reminder", "30m", lambda c: c.remind_before == timedelta(minutes=30)),
        ("remind", "2h", lambda c: c.remind_before == timedelta(hours=2)),
    ],
)
def test_recap_and_reminder_settings(name, value, check):
    assert check(apply_setting(ChannelConfig(recap_day=2), name, value, set()))


@pytest.mark.parametrize(
    ("name", "value"),
    [("recap", "someday 16:00"), ("recap", "fri 25:00"), ("reminder", "1m"), ("reminder", "2d")],
)
def test_bad_recap_and_reminder_values_say_what_works(name, value):
    with pytest.raises(ConfigError, match=name):
        apply_setting(ChannelConfig(), name, value, set())


def test_pickers_offer_the_config_words():
    assert complete_zone("berl")[0] == "Europe/Berlin"
    assert complete_zone("")[0] == "UTC"
    assert complete_topics("lambda,e", ["ecs", "ec2", "lambda"]) == ["lambda,ec2", "lambda,ecs"]
    assert value_suggestions("recap", "f", []) == ["fri 16:00", "fri 12:00"]
    assert value_suggestions("timezone", "tokyo", [])[0] == "Asia/Tokyo"
