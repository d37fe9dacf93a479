"""The composition root: settings in, a StudyBot wired to the knowledge base and the database out."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from bot.core import KnowledgeBase, StudyBot, load_knowledge
from bot.settings import Settings


def _utcnow() -> datetime:
    return datetime.now(UTC)


def build_bot(
    settings: Settings,
    *,
    now: Callable[[], datetime] = _utcnow,
    kb: KnowledgeBase | None = None,
    migrate: bool = True,
) -> StudyBot:
    """Load the knowledge, open the database (applying migrations), and wire the bot. `now` is the clock."""
    from bot.storage.engine import make_engine
    from bot.storage.migrate import upgrade
    from bot.storage.repository import SqlQuizStore

    engine = make_engine(settings.database_url)
    if migrate:
        upgrade(engine)
    knowledge = kb or load_knowledge(*settings.knowledge_folders)
    return StudyBot(knowledge, store=SqlQuizStore(engine), clock=now)
