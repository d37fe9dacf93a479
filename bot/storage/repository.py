"""The SQL implementation of the core's `QuizStore` port, on SQLite or PostgreSQL.

`SqlQuizStore` is composed of one query mixin per concept, each in its own module over the shared
`SqlStore` base (engine, transactions): channels, quizzes, answers, the reveal, standings, practice, flags.
"""

from __future__ import annotations

from bot.storage.answers import AnswerQueries
from bot.storage.channels import ChannelQueries
from bot.storage.deliveries import DeliveryQueries
from bot.storage.flags import FlagQueries
from bot.storage.practice import PracticeQueries
from bot.storage.quizzes import QuizQueries
from bot.storage.reveal import RevealQueries
from bot.storage.standings import StandingQueries

__all__ = ["SqlQuizStore"]


class SqlQuizStore(
    ChannelQueries,
    QuizQueries,
    AnswerQueries,
    RevealQueries,
    StandingQueries,
    PracticeQueries,
    DeliveryQueries,
    FlagQueries,
):
    """`QuizStore` over an SQLAlchemy engine; each public method is one transaction."""
