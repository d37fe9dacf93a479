"""StudyBot: the one entry point adapters call. It reads a message and decides the reply."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from functools import cached_property
from typing import TYPE_CHECKING

from bot.core.answers import MORE_PREFIX, Answer, compose, full_comparison
from bot.core.daily import DuePost, DueReveal, QuizDesk
from bot.core.flags import FlagDesk
from bot.core.followup import RecentTopics
from bot.core.identity import Caller, ChannelRef, Player, Scope
from bot.core.knowledge import KnowledgeBase
from bot.core.matching import Matcher
from bot.core.ports import DatabaseUnavailable, PlayerStats, QuizStore
from bot.core.questionbank import QuestionBank, build_bank
from bot.core.replies import Reply, Standing
from bot.core.schedule import (
    SETTINGS_HELP,
    ChannelConfig,
    ConfigError,
    apply_setting,
    local_date,
    never_scheduled,
    scheduled,
)
from bot.core.scoring import POINTS_RULE, Period, parse_period
from bot.core.standings import leaderboard_reply, period_starts, standings, stats_reply
from bot.core.text import clean_message

if TYPE_CHECKING:
    from bot.core.practice import PracticeDesk

HELP = f"""I answer questions about AWS compute and run the team's daily quiz.
• Ask anything: "what is Fargate", "lambda time limit?", "ecs vs fargate", or describe a need:
  "our nightly jobs run for 3 hours and must queue up, which service?"
• Follow up without naming the service again: "how is it priced?"
• more: the full table after a comparison
• quiz: today's question for this channel (posts it now if there is none)
• answer <A-D, 1-4 or text>: answer today's quiz (your first answer counts)
• quiz practice: a private question picked from what you got wrong before
• quiz reveal: reveal today's answer now (admins)
• quiz flag <why>: report that the latest quiz question is wrong (quiz flags lists them; quiz unflag <id> clears one, admins)
• leaderboard [week|month|all]: the standings
• stats: your points, rank, streaks and accuracy by topic
• config: show this channel's quiz settings; config <setting> <value> to change one (admins)
• help: this list
{POINTS_RULE}"""

NO_DATABASE = "The quiz needs a database; start the bot with `studybot chat` or `studybot run`."
DB_DOWN = "The database is unavailable right now; try again in a moment."
QUIZ_WORDS = {
    "": "today",
    "now": "today",
    "today": "today",
    "practice": "practice",
    "reveal": "reveal",
}
_VALUE = re.compile(r"^(quiz|practice):(.{1,100}):([0-3])$")
USAGE = {
    "quiz": "`quiz` (today's question), `quiz practice`, `quiz flag <why>`, or `quiz reveal` (admins)",
    "answer": "`answer B`, `answer 2`, or `answer <the option's text>`",
    "leaderboard": "`leaderboard`, `leaderboard week`, `leaderboard month` or `leaderboard all`",
    "stats": "`stats` (your points, rank, streaks and accuracy by topic)",
}
USAGE |= {"scores": USAGE["leaderboard"], "standings": USAGE["leaderboard"]}
_REPORT = re.compile(r"^flag:(\d{1,18})$")
FLAG_WORDS = ("flag", "flags", "unflag")


def _utcnow() -> datetime:
    return datetime.now(UTC)


class StudyBot:
    """The platform-free bot: knowledge answers always; the quiz desk when a store is attached."""

    def __init__(
        self,
        kb: KnowledgeBase,
        matcher: Matcher | None = None,
        *,
        store: QuizStore | None = None,
        bank: QuestionBank | None = None,
        clock: Callable[[], datetime] = _utcnow,
    ) -> None:
        self.kb = kb
        self.matcher = matcher or Matcher(kb)
        self.store = store
        self._bank = bank
        self.clock = clock
        self.recent = RecentTopics()

    @cached_property
    def bank(self) -> QuestionBank:
        return self._bank or build_bank(self.kb)

    def close(self) -> None:
        """Release the store's connections; the bot answers questions without it afterwards."""
        if self.store is not None:
            self.store.close()

    @cached_property
    def desk(self) -> QuizDesk | None:
        return QuizDesk(self.store, self.bank) if self.store else None

    @cached_property
    def practice(self) -> PracticeDesk | None:
        from bot.core.practice import PracticeDesk  # fsrs loads only when the quiz is used

        return PracticeDesk(self.store, self.bank) if self.store else None

    @cached_property
    def flags(self) -> FlagDesk | None:
        return FlagDesk(self.store) if self.store else None

    def ask(
        self, question: str, caller: Caller | None = None, now: datetime | None = None
    ) -> Answer:
        """Answer a free-text question from the knowledge base, or decline plainly. With a caller,
        a follow-up that names no service is read as being about their previous topic here."""
        if caller is None:
            return compose(self.matcher.match(question), self.kb)
        when = now or self.clock()
        answer = compose(self.matcher.match(question, self.recent.get(caller, when)), self.kb)
        if answer.topic in self.kb.topics:
            self.recent.remember(caller, answer.topic, when)
        return answer

    def handle(self, caller: Caller, text: str, now: datetime) -> Reply:
        """Reply to one chat message: a command word, else a question."""
        message = clean_message(text)
        word, _, rest = message.partition(" ")
        word, rest = word.casefold(), rest.strip()
        command = self._command(word, rest)
        if command is None:
            return self.ask(message, caller, now).reply
        try:
            return command(caller, rest, now)
        except DatabaseUnavailable:
            return Reply(DB_DOWN, "error", private=True)

    def _more(self, caller: Caller, rest: str, now: datetime) -> Reply:
        topic_id = self.recent.get(caller, now)
        topic = self.kb.topics.get(topic_id) if topic_id else None
        if topic is None or topic.kind != "comparison":
            return Reply('Ask me a comparison first, e.g. "ecs vs fargate".', "info", private=True)
        return full_comparison(topic, self.kb)

    def _command(self, word: str, rest: str) -> Callable[[Caller, str, datetime], Reply] | None:
        if word == "more" and not rest:
            return self._more
        if word in ("help", "?", "commands") and not rest:
            return lambda *_: Reply(HELP, "help", title="studybot help")
        if word == "quiz" and rest.casefold() in QUIZ_WORDS:
            return self._quiz
        if word == "quiz" and rest.partition(" ")[0].casefold() in FLAG_WORDS:
            return self._flags
        if word == "answer" and rest:
            return self._answer
        if word in ("leaderboard", "scores", "standings") and parse_period(rest or None):
            return self._leaderboard
        if word == "stats" and rest.casefold() in ("", "me"):
            return self._stats
        if word == "config":
            return self._config
        if word in USAGE:  # a command word with arguments it does not take: say how to use it
            return lambda *_: Reply(f"Usage: {USAGE[word]}.", "error", private=True)
        if word in ("help", "commands"):
            return lambda *_: Reply(HELP, "help", title="studybot help")
        return None

    def press(self, caller: Caller, value: str, now: datetime) -> Reply:
        """A button click carrying a `Choice.value` from a quiz, practice or comparison reply."""
        if value.startswith(MORE_PREFIX):
            topic = self.kb.topics.get(value[len(MORE_PREFIX) :])
            if topic is not None and topic.kind == "comparison":
                return replace(full_comparison(topic, self.kb), private=True)
        report, flags = _REPORT.match(value), self.flags
        if report is not None and flags is not None:
            return self._guarded(lambda: flags.report(caller, report.group(1), now))
        m = _VALUE.match(value)
        if m is None or self.desk is None or self.practice is None:
            return Reply("That button is not one of mine.", "error", private=True)
        try:
            if m.group(1) == "practice":
                question = self.bank.by_token(m.group(2))
                qid = question.id if question else m.group(2)
                return self.practice.answer(caller.player, qid, int(m.group(3)), now)
            return self.desk.press(caller, m.group(2), int(m.group(3)), now)
        except DatabaseUnavailable:
            return Reply(DB_DOWN, "error", private=True)

    def post_failed(self, channel: ChannelRef, now: datetime, permanent: bool) -> ChannelConfig:
        """A scheduled post to `channel` failed: turn its daily post off when `permanent`, else
        back off. The channel's new settings (their `owner` is who to tell)."""
        if self.desk is None:
            return ChannelConfig(enabled=False)
        return self.desk.post_failed(channel, now, permanent)

    def post_delivered(self, channel: ChannelRef) -> None:
        """A scheduled post to `channel` went out; any back-off ends."""
        if self.desk is not None:
            self.desk.post_delivered(channel)

    def first_delivery(self, platform: str, event_id: str, now: datetime) -> bool:
        """True the first time a platform event id arrives (across every replica sharing the
        database); False for a redelivery, which must not be answered twice."""
        if self.store is None:
            raise DatabaseUnavailable("no database: the adapter remembers event ids itself")
        return self.store.remember_delivery(platform, event_id, now)

    def forget_deliveries(self, before: datetime) -> None:
        """Drop remembered event ids older than `before` (Slack redelivers within minutes)."""
        if self.store is not None:
            self.store.forget_deliveries(before)

    def record_post(self, quiz_id: str, message_ref: str) -> None:
        """The adapter posted quiz `quiz_id` as `message_ref`; the reveal will edit that message."""
        if self.store is not None and quiz_id.isdigit():
            self.store.record_post(int(quiz_id), message_ref, self.clock())

    def claim_due_posts(self, now: datetime, platforms: Sequence[str | Scope]) -> list[DuePost]:
        """Daily quizzes due on `platforms` (a platform name: all its workspaces; a Scope: those
        it names) that this process claimed and must post now."""
        scopes = tuple(map(Scope.of, platforms))
        return self.desk.claim_due_posts(now, scopes) if self.desk else []

    def due_reveals(self, now: datetime, platforms: Sequence[str | Scope]) -> list[DueReveal]:
        """Closed quizzes (now scored) whose posted message this process must edit into the reveal."""
        scopes = tuple(map(Scope.of, platforms))
        return self.desk.due_reveals(now, scopes) if self.desk else []

    def stop_workspace(self, platform: str, workspace: str) -> int:
        """The workspace removed the bot: its channels' daily quizzes stop. How many stopped."""
        return self.store.disable_workspace(platform, workspace) if self.store else 0

    def standings(
        self, platform: str, workspace: str, period: Period, now: datetime
    ) -> list[Standing]:
        """A workspace's leaderboard rows (scores of quizzes closed by `now` are settled first)."""
        if self.desk is None or self.store is None:
            return []
        self.desk.settle_all(now)
        return standings(self.store, platform, workspace, period, now.date(), limit=50)

    def player_stats(self, player: Player, now: datetime) -> PlayerStats | None:
        if self.desk is None or self.store is None:
            return None
        self.desk.settle_all(now)
        return self.store.player_stats(player, period_starts(now.date()))

    # -- commands (each: caller, the text after the command word, now) -----------------------------

    def _quiz(self, caller: Caller, rest: str, now: datetime) -> Reply:
        if self.desk is None or self.practice is None:
            return Reply(NO_DATABASE, "error", private=True)
        action = QUIZ_WORDS[rest.casefold()]
        if action == "practice":
            return self.practice.next_question(caller.player, now)
        if action == "reveal":
            return self.desk.reveal_now(caller, now)
        return self.desk.today(caller, now)

    def _flags(self, caller: Caller, rest: str, now: datetime) -> Reply:
        if self.desk is None or self.flags is None or self.store is None:
            return Reply(NO_DATABASE, "error", private=True)
        word, _, arg = rest.partition(" ")
        word = word.casefold()
        if word == "flags":
            return self.flags.list(caller)
        if word == "unflag":
            return self.flags.unflag(caller, arg.strip(), now)
        quiz = self.desk.current(caller.channel, now) or self.store.latest_quiz(caller.channel)
        return self.flags.flag(caller, quiz, arg, now)

    @staticmethod
    def _guarded(action: Callable[[], Reply]) -> Reply:
        try:
            return action()
        except DatabaseUnavailable:
            return Reply(DB_DOWN, "error", private=True)

    def _answer(self, caller: Caller, rest: str, now: datetime) -> Reply:
        if self.desk is None or self.practice is None:
            return Reply(NO_DATABASE, "error", private=True)
        pending = self.practice.pending(caller.player)
        if pending:
            return self.practice.answer(caller.player, pending, rest, now)
        return self.desk.answer(caller, rest, now)

    def _leaderboard(self, caller: Caller, rest: str, now: datetime) -> Reply:
        if self.desk is None or self.store is None:
            return Reply(NO_DATABASE, "error", private=True)
        period = parse_period(rest or None) or "week"
        self.desk.settle_all(now)
        today = local_date(now, self.desk.config_for(caller.channel))
        where = caller.channel
        return leaderboard_reply(
            standings(self.store, where.platform, where.workspace, period, today), period
        )

    def _stats(self, caller: Caller, rest: str, now: datetime) -> Reply:
        if self.desk is None or self.store is None:
            return Reply(NO_DATABASE, "error", private=True)
        self.desk.settle_all(now)
        today = local_date(now, self.desk.config_for(caller.channel))
        return stats_reply(
            caller.player, self.store.player_stats(caller.player, period_starts(today))
        )

    def _config(self, caller: Caller, rest: str, now: datetime) -> Reply:
        if self.desk is None or self.store is None:
            return Reply(NO_DATABASE, "error", private=True)
        stored = self.store.channel_config(caller.channel)
        cfg = stored or ChannelConfig(enabled=False)
        if not rest:
            return Reply(
                f"Quiz settings for this channel:\n{cfg.describe()}\n\n{SETTINGS_HELP}", "config"
            )
        if not caller.is_admin:
            return Reply(
                "Changing the quiz settings needs an admin of this channel.", "error", private=True
            )
        name, _, value = rest.partition(" ")
        base = ChannelConfig() if never_scheduled(stored) else cfg  # configuring signs it up
        try:
            new = apply_setting(base, name, value, set(self.kb.topics))
        except ConfigError as exc:
            return Reply(f"{exc}\n\n{SETTINGS_HELP}", "error", private=True)
        cfg = scheduled(stored, new, now, by=caller.player.user_id)
        self.store.save_channel_config(caller.channel, cfg)
        return Reply(f"Saved. Quiz settings for this channel:\n{cfg.describe()}", "config")
