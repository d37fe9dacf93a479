"""Players flag questions they think are wrong; a flagged question sits out the daily quiz."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime

from bot.core.identity import Caller
from bot.core.ports import QuestionFlag, QuizRecord, QuizStore
from bot.core.replies import Reply

REPORTS_TO_WITHHOLD = 2
"""Distinct people whose flags withhold a question; one admin's flag is enough."""
REPORTED_FROM_REVEAL = "reported with the Report button on the reveal"
MAX_REASON = 500
FLAG_HELP = "Say what is wrong: `quiz flag <why>` (for this channel's latest quiz)."


def withheld(flags: Iterable[QuestionFlag]) -> set[str]:
    """Question ids an admin flagged, or that two or more people flagged."""
    people: dict[str, set[str]] = defaultdict(set)
    out = set()
    for flag in flags:
        people[flag.question_id].add(flag.player.user_id)
        if flag.is_admin:
            out.add(flag.question_id)
    return out | {q for q, who in people.items() if len(who) >= REPORTS_TO_WITHHOLD}


def report_value(quiz_id: int | str) -> str:
    """The Report button's value for a revealed quiz."""
    return f"flag:{quiz_id}"


class FlagDesk:
    """`quiz flag`, `quiz flags`, `quiz unflag` and the Report button, over the `QuizStore`."""

    def __init__(self, store: QuizStore) -> None:
        self.store = store

    def flag(self, caller: Caller, quiz: QuizRecord | None, reason: str, now: datetime) -> Reply:
        """Flag `quiz`'s question (the channel's latest) with the caller's reason."""
        if quiz is None:
            return Reply("There is no quiz here to flag yet.", "info", private=True)
        if not reason.strip():
            return Reply(FLAG_HELP, "info", private=True)
        return self._record(caller, quiz.question_id, reason.strip()[:MAX_REASON], now)

    def report(self, caller: Caller, quiz_id: str, now: datetime) -> Reply:
        """The Report button on a reveal."""
        quiz = self.store.quiz(int(quiz_id)) if quiz_id.isdigit() else None
        if quiz is None:
            return Reply("That quiz no longer exists.", "error", private=True)
        return self._record(caller, quiz.question_id, REPORTED_FROM_REVEAL, now)

    def _record(self, caller: Caller, question_id: str, reason: str, now: datetime) -> Reply:
        flag = QuestionFlag(question_id, caller.player, caller.is_admin, reason, now)
        if not self.store.flag_question(flag):
            text = "You flagged this question already; your reason is updated. Thanks!"
            return Reply(text, "receipt", private=True)
        where = caller.channel
        if question_id in withheld(self.store.open_flags(where.platform, where.workspace)):
            text = "Thanks, flagged: it is kept out of the daily quiz until an admin clears it."
        else:
            text = "Thanks, flagged. If one more person (or an admin) flags it, it sits out the daily quiz until an admin clears it."
        return Reply(f"{text} Admins see flags with `quiz flags`.", "receipt", private=True)

    def list(self, caller: Caller) -> Reply:
        """`quiz flags`: this workspace's open flags, by question (to the caller only: a reason
        can name an answer)."""
        flags = self.store.open_flags(caller.channel.platform, caller.channel.workspace)
        if not flags:
            return Reply("No question is flagged here.", "info", private=True)
        return Reply(describe_flags(flags), "info", title="Flagged questions", private=True)

    def unflag(self, caller: Caller, question_id: str, now: datetime) -> Reply:
        """`quiz unflag ID` (admins): clear a question's flags so it can be asked again."""
        if not caller.is_admin:
            return Reply("Clearing flags needs an admin of this channel.", "error", private=True)
        if not question_id:
            return Reply(
                "Which question? `quiz unflag <question id>` (see `quiz flags`).",
                "info",
                private=True,
            )
        where = caller.channel
        cleared = self.store.clear_flags(
            where.platform, where.workspace, question_id, caller.player.user_id, now
        )
        if not cleared:
            return Reply(f"{question_id} has no open flags here.", "info", private=True)
        return Reply(f"Cleared {cleared} flag(s) on {question_id}; it can be asked again.", "info")


def describe_flags(flags: list[QuestionFlag]) -> str:
    """One paragraph per flagged question: withheld or not, then who flagged it and why."""
    out = withheld(flags)
    by_question: dict[str, list[QuestionFlag]] = defaultdict(list)
    for flag in flags:
        by_question[flag.question_id].append(flag)
    lines = []
    for question_id, group in by_question.items():
        state = "withheld" if question_id in out else "still asked"
        lines.append(f"{question_id} ({len(group)} flag(s), {state}):")
        lines += [
            f"  - {f.player.name}{' (admin)' if f.is_admin else ''}, {f.flagged_at:%Y-%m-%d}: {f.reason}"
            for f in group
        ]
    return "\n".join(lines)
