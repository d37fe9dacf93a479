"""What the quiz desk needs from storage: plain records and the `QuizStore` port a repository implements."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal, Protocol

from bot.core.identity import ChannelRef, Player, Scope
from bot.core.schedule import ChannelConfig
from bot.core.scoring import Period, PlayerState

Scorer = Callable[[PlayerState, bool, int, int], tuple[PlayerState, int]]
AnswerStatus = Literal["recorded", "already", "closed", "missing"]


class DatabaseUnavailable(RuntimeError):
    """The database could not be reached; the command may be retried."""


@dataclass(frozen=True)
class NewQuiz:
    """A quiz about to be claimed for (channel, local date); the question is snapshotted into it."""

    channel: ChannelRef
    day: date
    question_id: str
    topic: str
    prompt: str
    options: tuple[str, ...]
    correct: int
    explanation: str
    source: str
    opens_at: datetime
    closes_at: datetime
    posted: bool = False


@dataclass(frozen=True)
class QuizRecord:
    """A claimed quiz as stored. `correct` indexes `options`, which are in display order."""

    id: int
    channel: ChannelRef
    day: date
    question_id: str
    topic: str
    prompt: str
    options: tuple[str, ...]
    correct: int
    explanation: str
    source: str
    opens_at: datetime
    closes_at: datetime
    claimed_at: datetime
    posted_at: datetime | None = None
    message_ref: str | None = None
    revealed_at: datetime | None = None
    reveal_published_at: datetime | None = None

    @property
    def revealed(self) -> bool:
        return self.revealed_at is not None

    def is_open(self, now: datetime) -> bool:
        return not self.revealed and now < self.closes_at


@dataclass(frozen=True)
class AnswerOutcome:
    """The result of recording an answer; `choice` is the answer that counts (the first one)."""

    status: AnswerStatus
    choice: int | None = None
    quiz: QuizRecord | None = None


@dataclass(frozen=True)
class QuizResults:
    """How a quiz went: how many answered, how many right, and who."""

    answered: int
    correct: int
    winners: tuple[str, ...]


@dataclass(frozen=True)
class StandingRow:
    """One person's totals for a period."""

    user_id: str
    name: str
    points: int
    correct: int
    answered: int
    streak: int


@dataclass(frozen=True)
class PlayerStats:
    """A person's numbers: points per period, all-time rank, accuracy per topic, streaks."""

    name: str
    points: dict[str, int]
    rank: int | None
    players: int
    answered: int
    correct: int
    by_topic: dict[str, tuple[int, int]]
    streak: int
    best_streak: int
    played: int
    best_played: int


@dataclass(frozen=True)
class PracticeCard:
    """A person's spaced-repetition card for one question (the fsrs card as JSON)."""

    question_id: str
    card_json: str
    due: datetime
    pending: bool = False


@dataclass(frozen=True)
class QuestionFlag:
    """One person's report that a question is wrong, and why; open until an admin clears it."""

    question_id: str
    player: Player
    is_admin: bool
    reason: str
    flagged_at: datetime


class QuizStore(Protocol):
    """Storage for schedules, quizzes, answers, scores and practice. Methods are atomic."""

    def channel_config(self, channel: ChannelRef) -> ChannelConfig | None: ...
    def save_channel_config(self, channel: ChannelRef, cfg: ChannelConfig) -> None: ...
    def scheduled_channels(
        self, scopes: Collection[Scope]
    ) -> list[tuple[ChannelRef, ChannelConfig]]: ...
    def disable_workspace(self, platform: str, workspace: str) -> int: ...
    def quiz(self, quiz_id: int) -> QuizRecord | None: ...
    def quiz_for(self, channel: ChannelRef, day: date) -> QuizRecord | None: ...
    def latest_quiz(self, channel: ChannelRef) -> QuizRecord | None: ...
    def asked_questions(self, channel: ChannelRef) -> list[str]: ...
    def topic_accuracy(self, channel: ChannelRef) -> dict[str, tuple[int, int]]: ...
    def claim_quiz(self, new: NewQuiz, now: datetime) -> QuizRecord | None: ...
    def take_over_claim(self, quiz_id: int, now: datetime, stale_before: datetime) -> bool: ...
    def record_post(self, quiz_id: int, message_ref: str, now: datetime) -> None: ...
    def record_answer(
        self, quiz_id: int, player: Player, choice: int, now: datetime
    ) -> AnswerOutcome: ...
    def reveal(self, quiz_id: int, now: datetime, scorer: Scorer) -> bool: ...
    def results(self, quiz_id: int) -> QuizResults: ...
    def closed_unrevealed(self, now: datetime) -> list[int]: ...
    def reveals_to_publish(self, now: datetime, scopes: Collection[Scope]) -> list[QuizRecord]: ...
    def claim_reveal_publish(self, quiz_id: int, now: datetime) -> bool: ...
    def leaderboard(
        self, platform: str, workspace: str, period: Period, start: date, limit: int
    ) -> list[StandingRow]: ...
    def player_stats(self, player: Player, starts: dict[str, date]) -> PlayerStats | None: ...
    def practice_cards(self, player: Player) -> list[PracticeCard]: ...
    def save_practice_card(self, player: Player, card: PracticeCard) -> None: ...
    def missed_questions(self, player: Player) -> list[str]: ...
    def remember_delivery(self, platform: str, event_id: str, now: datetime) -> bool: ...
    def forget_deliveries(self, before: datetime) -> int: ...
    def flag_question(self, flag: QuestionFlag) -> bool: ...
    def open_flags(self, platform: str | None, workspace: str | None) -> list[QuestionFlag]: ...
    def clear_flags(
        self, platform: str, workspace: str, question_id: str, by: str, now: datetime
    ) -> int: ...
    def close(self) -> None: ...
