"""The daily quiz desk: claiming a channel's quiz, taking answers, revealing, and their replies."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from bot.core.flags import report_value, withheld
from bot.core.identity import Caller, ChannelRef, Scope
from bot.core.ports import AnswerOutcome, NewQuiz, QuizRecord, QuizStore
from bot.core.questionbank import QuestionBank, QuizQuestion
from bot.core.quiz import LETTERS, Shown, choose_question, daily_rng, option_order, read_answer
from bot.core.replies import Choice, Link, Reply
from bot.core.schedule import (
    ChannelConfig,
    closes_at,
    due_days,
    local_date,
    never_scheduled,
    post_at,
    scheduled,
)
from bot.core.scoring import POINTS_RULE, apply_answer

STALE_CLAIM = timedelta(minutes=5)
"""A claim not confirmed as posted within this time is taken over and re-posted (its poster died)."""
RETRY_FIRST, RETRY_MAX = timedelta(minutes=5), timedelta(hours=6)
"""After a post failed for a reason that may pass, wait 5 min, 20, 80, ... at most 6 h."""


@dataclass(frozen=True)
class DuePost:
    """A daily quiz the scheduler must post now."""

    channel: ChannelRef
    quiz_id: str
    reply: Reply


@dataclass(frozen=True)
class DueReveal:
    """A closed quiz whose posted message the scheduler must edit into the reveal."""

    channel: ChannelRef
    quiz_id: str
    message_ref: str
    reply: Reply


def quiz_value(quiz_id: int | str, index: int) -> str:
    """The button value for option `index` of a daily quiz (stateless: works after a restart)."""
    return f"quiz:{quiz_id}:{index}"


class QuizDesk:
    """Daily quizzes for every channel, over a `QuizStore` and a question bank."""

    def __init__(self, store: QuizStore, bank: QuestionBank) -> None:
        self.store = store
        self.bank = bank

    def config_for(self, channel: ChannelRef) -> ChannelConfig:
        return self.store.channel_config(channel) or ChannelConfig()

    # -- posting ----------------------------------------------------------------------------------

    def claim(
        self, channel: ChannelRef, cfg: ChannelConfig, day: date, now: datetime, *, posted: bool
    ):
        """Claim (channel, day) with its deterministic question; None when someone else has it."""
        question = choose_question(
            self._candidates(channel, cfg),
            self.store.asked_questions(channel),
            self.store.topic_accuracy(channel),
            daily_rng(channel, day),
        )
        shown = Shown.of(question, option_order(question, channel.platform, channel.workspace, day))
        opened = max(now, post_at(cfg, day)) if not posted else now
        new = NewQuiz(
            channel,
            day,
            question.id,
            question.topic,
            question.prompt,
            shown.options,
            shown.correct,
            question.explanation,
            question.source,
            opened,
            closes_at(cfg, day, opened),
            posted=posted,
        )
        return self.store.claim_quiz(new, now)

    def _candidates(self, channel: ChannelRef, cfg: ChannelConfig) -> list[QuizQuestion]:
        """The channel's topics' questions, less those withheld by flags in its workspace (all of
        them if nothing else is left: a quiz with a disputed question beats no quiz)."""
        out = withheld(self.store.open_flags(channel.platform, channel.workspace))
        for questions in (self.bank.for_topics(cfg.topics), self.bank.for_topics(())):
            kept = [q for q in questions if q.id not in out]
            if kept:
                return kept
        return self.bank.for_topics(())

    def claim_due_posts(self, now: datetime, scopes: tuple[Scope, ...]) -> list[DuePost]:
        """Every due daily post in `scopes` that this caller won the claim for (or took over)."""
        due = []
        for channel, cfg in self.store.scheduled_channels(scopes):
            for day in due_days(cfg, now):
                quiz = self.claim(channel, cfg, day, now, posted=False) or self._stale(
                    channel, day, now
                )
                if quiz is not None:
                    due.append(DuePost(channel, str(quiz.id), quiz_reply(quiz)))
        return due

    def _stale(self, channel: ChannelRef, day: date, now: datetime) -> QuizRecord | None:
        quiz = self.store.quiz_for(channel, day)
        if quiz is None or quiz.posted_at is not None or not quiz.is_open(now):
            return None
        return quiz if self.store.take_over_claim(quiz.id, now, now - STALE_CLAIM) else None

    def current(self, channel: ChannelRef, now: datetime) -> QuizRecord | None:
        """The channel's open quiz, else today's (maybe closed), else None."""
        latest = self.store.latest_quiz(channel)
        if latest and latest.is_open(now):
            return latest
        return self.store.quiz_for(channel, local_date(now, self.config_for(channel)))

    def today(self, caller: Caller, now: datetime) -> Reply:
        """`quiz`: the open question (to the caller alone once it is posted in the channel),
        today's reveal, or a new question posted now."""
        quiz = self.current(caller.channel, now)
        if quiz is None:
            stored = self.store.channel_config(caller.channel)
            cfg = stored or ChannelConfig()
            if caller.is_admin and never_scheduled(stored):  # only an admin signs a channel up
                cfg = scheduled(None, ChannelConfig(), now, by=caller.player.user_id)
                self.store.save_channel_config(caller.channel, cfg)
            day = local_date(now, cfg)
            quiz = self.claim(caller.channel, cfg, day, now, posted=True) or self.store.quiz_for(
                caller.channel, day
            )
        if quiz is None:
            return Reply("No quiz could be posted here; try again.", "error", private=True)
        if not quiz.is_open(now):
            return self.reveal_reply(self.settle(quiz, now))
        if quiz.message_ref is not None:
            return already_posted_reply(quiz)
        return quiz_reply(quiz)

    def post_failed(self, channel: ChannelRef, now: datetime, permanent: bool) -> ChannelConfig:
        """A scheduled post could not be delivered: a permanent reason (the bot cannot post there)
        turns the daily post off; another backs off, 5 min, 20, 80 ... at most 6 h. The new config."""
        cfg = self.config_for(channel)
        if permanent:
            new = replace(cfg, enabled=False, failures=0, paused_until=None)
        else:
            wait = min(RETRY_FIRST * 4**cfg.failures, RETRY_MAX)
            new = replace(cfg, failures=cfg.failures + 1, paused_until=now + wait)
        self.store.save_channel_config(channel, new)
        return new

    def post_delivered(self, channel: ChannelRef) -> None:
        """A post went out: any back-off is over."""
        cfg = self.store.channel_config(channel)
        if cfg is not None and (cfg.failures or cfg.paused_until):
            self.store.save_channel_config(channel, replace(cfg, failures=0, paused_until=None))

    # -- answers and reveal -----------------------------------------------------------------------

    def answer(self, caller: Caller, text: str, now: datetime) -> Reply:
        """`answer <A-D|1-4|text>` for the channel's open quiz."""
        quiz = self.current(caller.channel, now)
        if quiz is None:
            return Reply(
                "No quiz is open here; `quiz` posts today's question.", "receipt", private=True
            )
        if not quiz.is_open(now):
            return self.closed(quiz, now)
        reading = read_answer(text, quiz.options)
        if reading.index is None:
            return Reply(
                reading.hint or "Answer with A-D.", "receipt", private=True, quiz_id=str(quiz.id)
            )
        return self.record(caller, quiz, reading.index, now)

    def press(self, caller: Caller, quiz_id: str, index: int, now: datetime) -> Reply:
        """A button click: one transaction checks the quiz and records the answer."""
        if not quiz_id.isdigit() or not 0 <= index < 4:
            return Reply("That quiz no longer exists.", "error", private=True)
        return self._receipt(self.store.record_answer(int(quiz_id), caller.player, index, now), now)

    def record(self, caller: Caller, quiz: QuizRecord, index: int, now: datetime) -> Reply:
        return self._receipt(self.store.record_answer(quiz.id, caller.player, index, now), now)

    def _receipt(self, outcome: AnswerOutcome, now: datetime) -> Reply:
        quiz = outcome.quiz
        if quiz is None:
            return Reply("That quiz no longer exists.", "error", private=True)
        if outcome.status == "closed":
            return self.closed(quiz, now)
        first = LETTERS[outcome.choice] if outcome.choice is not None else "?"
        if outcome.status == "already":
            text = f"You already answered this one ({first}); your first answer counts."
            return Reply(text, "receipt", private=True, quiz_id=str(quiz.id))
        close = quiz.closes_at.strftime("%Y-%m-%d %H:%M UTC")
        label = quiz.options[outcome.choice or 0]
        text = f"Locked in: {first}) {label}. The answer is revealed at {close}."
        return Reply(text, "receipt", private=True, quiz_id=str(quiz.id))

    def closed(self, quiz: QuizRecord, now: datetime) -> Reply:
        reveal = self.reveal_reply(self.settle(quiz, now))
        return Reply(
            "Answers are closed for this quiz.\n" + reveal.text,
            "reveal",
            private=True,
            quiz_id=reveal.quiz_id,
            extra=reveal.extra,
            report=reveal.report,
        )

    def settle(self, quiz: QuizRecord, now: datetime) -> QuizRecord:
        """Reveal (score) the quiz if it is not yet; the fresh record either way."""
        if not quiz.revealed:
            self.store.reveal(quiz.id, now, apply_answer)
        return self.store.quiz(quiz.id) or quiz

    def settle_all(self, now: datetime) -> None:
        """Score every quiz past its close, so standings never wait for a scheduler."""
        for quiz_id in self.store.closed_unrevealed(now):
            self.store.reveal(quiz_id, now, apply_answer)

    def reveal_now(self, caller: Caller, now: datetime) -> Reply:
        """`quiz reveal` (admins): close the channel's current quiz and show the answer."""
        if not caller.is_admin:
            return Reply(
                "Revealing the quiz needs an admin of this channel.", "error", private=True
            )
        quiz = self.current(caller.channel, now) or self.store.latest_quiz(caller.channel)
        if quiz is None:
            return Reply(
                "There is no quiz to reveal here yet; `quiz` posts one.", "info", private=True
            )
        return self.reveal_reply(self.settle(quiz, now))

    def due_reveals(self, now: datetime, scopes: tuple[Scope, ...]) -> list[DueReveal]:
        """Closed, posted quizzes in `scopes` whose message this caller must edit into the reveal."""
        self.settle_all(now)
        out = []
        for quiz in self.store.reveals_to_publish(now, scopes):
            if quiz.message_ref and self.store.claim_reveal_publish(quiz.id, now):
                reply = self.reveal_reply(self.settle(quiz, now))
                out.append(DueReveal(quiz.channel, str(quiz.id), quiz.message_ref, reply))
        return out

    def reveal_reply(self, quiz: QuizRecord) -> Reply:
        results = self.store.results(quiz.id)
        share = f"{round(100 * results.correct / results.answered)}%" if results.answered else "0%"
        who = ", ".join(results.winners[:20]) or "nobody"
        more = f" and {len(results.winners) - 20} more" if len(results.winners) > 20 else ""
        answer = f"{LETTERS[quiz.correct]}) {quiz.options[quiz.correct]}"
        body = (
            f"Answer: {answer}",
            quiz.explanation,
            f"{results.answered} answered, {share} right. Got it: {who}{more}.",
        )
        extra = {"channel_id": quiz.channel.channel_id}
        if quiz.message_ref:
            extra["message_ref"] = quiz.message_ref
        text = "\n".join(
            (f"Quiz of {quiz.day:%a %Y-%m-%d}: {quiz.prompt}", *body, f"Source: {quiz.source}")
        )
        return Reply(
            text,
            "reveal",
            title=f"Quiz of {quiz.day:%a %Y-%m-%d}",
            lead=body[0],
            body=body[1:],
            links=(Link("source", quiz.source),),
            quiz_id=str(quiz.id),
            footer=POINTS_RULE,
            extra=extra,
            report=Choice("Report", "Report a problem", report_value(quiz.id)),
        )


def quiz_reply(quiz: QuizRecord) -> Reply:
    """The public quiz message: question, lettered options and one button per option."""
    close = quiz.closes_at.strftime("%Y-%m-%d %H:%M UTC")
    # No topic in the title: on a "which service?" question it would name the answer.
    lines = [f"Quiz of {quiz.day:%a %Y-%m-%d}", quiz.prompt]
    lines += [f"  {LETTERS[i]}) {opt}" for i, opt in enumerate(quiz.options)]
    lines.append(f"Answer with `answer A`-`D` (or the option's text) before {close}.")
    choices = tuple(
        Choice(LETTERS[i], opt, quiz_value(quiz.id, i)) for i, opt in enumerate(quiz.options)
    )
    return Reply(
        "\n".join(lines),
        "quiz",
        title=lines[0],
        lead=quiz.prompt,
        choices=choices,
        quiz_id=str(quiz.id),
        footer=f"Answers close {close}.",
    )


ALREADY_POSTED = "Today's quiz is already posted in this channel; answer there or here."


def already_posted_reply(quiz: QuizRecord) -> Reply:
    """The posted quiz again, to the asker only: a public copy would be a second card to answer
    on, and the reveal edits only the posted one."""
    reply = quiz_reply(quiz)
    return replace(
        reply, text=f"{ALREADY_POSTED}\n{reply.text}", body=(ALREADY_POSTED,), private=True
    )
