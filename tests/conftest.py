"""Fixtures shared by every layer."""

from __future__ import annotations

import pytest

from bot.core import KnowledgeBase, StudyBot, load_knowledge
from bot.core.knowledge import default_knowledge_dir


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return load_knowledge(default_knowledge_dir())


@pytest.fixture(scope="session")
def bot(kb: KnowledgeBase) -> StudyBot:
    return StudyBot(kb)
