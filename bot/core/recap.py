"""The weekly recap: when a channel's recap is due, and what it says (the week's top five, the
team's accuracy by topic, the most-missed question with its explanation)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from bot.core.ports import QuizSummary
from bot.core.replies import Link, Reply, Standing
from bot.core.schedule import ChannelConfig, local_date, local_datetime

RECAP_GRACE = timedelta(hours=6)
"""A recap missed while the bot was down is still posted this long after its time, not later."""
TOP = 5


def recap_week(cfg: ChannelConfig, now: datetime) -> date | None:
    """The Monday of the local week whose recap is due at `now`, or None (off, not yet, too late)."""
    if cfg.recap_day is None:
        return None
    today = local_date(now, cfg)
    monday = today - timedelta(days=today.weekday())
    at = local_datetime(monday + timedelta(days=cfg.recap_day), cfg.recap_time, cfg.zone)
    return monday if at <= now < at + RECAP_GRACE else None


def recap_reply(week: date, quizzes: Sequence[QuizSummary], top: Sequence[Standing]) -> Reply:
    """The recap message for the week starting `week`."""
    title = f"Weekly recap, week of {week:%a %Y-%m-%d}"
    if not quizzes:
        text = f"{title}: no quiz was revealed here this week."
        return Reply(text, "leaderboard", title=title, lead="No quiz was revealed here this week.")
    body = [
        "Top five: "
        + (", ".join(f"{s.rank}. {s.user} ({s.points} pts)" for s in top[:TOP]) or "-"),
        "Accuracy by topic: " + topic_accuracy(quizzes),
    ]
    missed = most_missed(quizzes)
    links: tuple[Link, ...] = ()
    if missed is not None:
        share = round(100 * missed.correct / missed.answered)
        body.append(
            f"Most missed ({share}% right): {missed.prompt} Answer: {missed.answer}. "
            f"{missed.explanation}"
        )
        links = (Link("source", missed.source),)
    lead = f"{len(quizzes)} quizzes, {sum(q.answered for q in quizzes)} answers."
    text = "\n".join((title, lead, *body))
    return Reply(text, "leaderboard", title=title, lead=lead, body=tuple(body), links=links)


def topic_accuracy(quizzes: Sequence[QuizSummary]) -> str:
    """ "lambda 75% (4), ecs 50% (2)": share right and answers per topic, weakest first."""
    totals: dict[str, tuple[int, int]] = {}
    for q in quizzes:
        right, answered = totals.get(q.topic, (0, 0))
        totals[q.topic] = (right + q.correct, answered + q.answered)
    shown = [(t, r, n) for t, (r, n) in totals.items() if n]
    shown.sort(key=lambda item: (item[1] / item[2], item[0]))
    return ", ".join(f"{t} {round(100 * r / n)}% ({n})" for t, r, n in shown) or "no answers"


def most_missed(quizzes: Sequence[QuizSummary]) -> QuizSummary | None:
    """The answered quiz with the lowest share right (more answers breaks a tie)."""
    answered = [q for q in quizzes if q.answered]
    if not answered:
        return None
    return min(answered, key=lambda q: (q.correct / q.answered, -q.answered, q.day))
