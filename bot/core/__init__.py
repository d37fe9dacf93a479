"""The platform-free core: knowledge, matching, answers, quiz and scoring. Adapters import from here."""

from bot.core.answers import Answer
from bot.core.identity import Caller, ChannelRef, Player
from bot.core.knowledge import KnowledgeBase, KnowledgeError, load_knowledge
from bot.core.matching import Match, Matcher
from bot.core.replies import Choice, Link, Reply, Standing
from bot.core.service import HELP, StudyBot

__all__ = [
    "HELP",
    "Answer",
    "Caller",
    "ChannelRef",
    "Choice",
    "KnowledgeBase",
    "KnowledgeError",
    "Link",
    "Match",
    "Matcher",
    "Player",
    "Reply",
    "Standing",
    "StudyBot",
    "load_knowledge",
]
