"""The reveal thread: what the team discusses under the quiz once its answer is out: the
explanation, how the answers split, the fastest correct answers and streak milestones."""

from __future__ import annotations

from collections.abc import Sequence

from bot.core.ports import AnswerDetail, QuizRecord
from bot.core.quiz import LETTERS
from bot.core.replies import Link, Reply

MILESTONES = (3, 7, 14, 30)
"""Streak lengths (daily quizzes in a row) the thread announces, each once when reached."""
FASTEST = 3


def reveal_thread(quiz: QuizRecord, answers: Sequence[AnswerDetail]) -> Reply:
    """The thread reply under a revealed quiz."""
    answer = f"{LETTERS[quiz.correct]}) {quiz.options[quiz.correct]}"
    body = (
        f"Why: {quiz.explanation}",
        split_line(quiz, answers),
        fastest_line(quiz, answers),
        *streak_lines(answers),
        "Discuss it here, in this thread.",
    )
    title = f"Answer: {answer}"
    text = "\n".join((title, *body, f"Source: {quiz.source}"))
    return Reply(
        text,
        "info",
        title=title,
        body=body,
        links=(Link("source", quiz.source),),
        quiz_id=str(quiz.id),
    )


def split_line(quiz: QuizRecord, answers: Sequence[AnswerDetail]) -> str:
    """How many chose each option, the right one marked: "A 2 · B 5 ✓ · C 0 · D 1"."""
    counts = [sum(1 for a in answers if a.choice == i) for i in range(len(quiz.options))]
    parts = [f"{LETTERS[i]} {n}{' ✓' if i == quiz.correct else ''}" for i, n in enumerate(counts)]
    return f"Answers: {' · '.join(parts)} ({len(answers)} in all)."


def fastest_line(quiz: QuizRecord, answers: Sequence[AnswerDetail]) -> str:
    """The first correct answers after the quiz opened, with how long each took."""
    right = sorted((a for a in answers if a.correct), key=lambda a: a.answered_at)[:FASTEST]
    if not right:
        return "Fastest correct: nobody got it this time."
    named = [f"{a.name} ({_took(a, quiz)})" for a in right]
    return f"Fastest correct: {', '.join(named)}."


def streak_lines(answers: Sequence[AnswerDetail]) -> list[str]:
    """One line per person whose streak reached a milestone with this quiz."""
    lines = []
    for a in answers:
        if a.streak in MILESTONES:
            lines.append(f"Streak: {a.name} has {a.streak} right answers in a row!")
        elif a.played in MILESTONES:
            lines.append(f"Streak: {a.name} has answered {a.played} daily quizzes in a row!")
    return lines


def _took(answer: AnswerDetail, quiz: QuizRecord) -> str:
    seconds = max(0, int((answer.answered_at - quiz.opens_at).total_seconds()))
    if seconds < 60:
        return f"{seconds}s"
    if seconds < 3600:
        return f"{seconds // 60}m {seconds % 60:02d}s"
    return f"{seconds // 3600}h {seconds % 3600 // 60:02d}m"
