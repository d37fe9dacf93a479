"""The platform-free core: knowledge, matching, answers, quiz and scoring. Adapters import from here."""

from bot.core.answers import Answer
from bot.core.daily import DuePost, DueReveal
from bot.core.identity import Caller, ChannelRef, Player, Scope
from bot.core.knowledge import KnowledgeBase, KnowledgeError, load_knowledge
from bot.core.matching import Match, Matcher
from bot.core.ports import DatabaseUnavailable, QuizStore
from bot.core.replies import Choice, Link, Reply, Standing
from bot.core.service import HELP, StudyBot

__all__ = [
    "HELP",
    "Answer",
    "Caller",
    "ChannelRef",
    "Scope",
    "Choice",
    "DatabaseUnavailable",
    "DuePost",
    "DueReveal",
    "KnowledgeBase",
    "KnowledgeError",
    "Link",
    "Match",
    "Matcher",
    "Player",
    "QuizStore",
    "Reply",
    "Standing",
    "StudyBot",
    "load_knowledge",
]
