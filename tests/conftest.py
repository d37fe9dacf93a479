"""Fixtures shared by every layer."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from bot.core import KnowledgeBase, StudyBot, load_knowledge
from bot.core.knowledge import default_knowledge_dir


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return load_knowledge(default_knowledge_dir())


@pytest.fixture(scope="session")
def bot(kb: KnowledgeBase) -> StudyBot:
    return StudyBot(kb)


ANSWER_FIELDS = {"question", "matched", "topic", "title", "answer", "confidence", "suggestions"}


def _check_answer_json(obj: dict) -> None:
    """The `studybot ask --json` contract: fields, types, ranges, and declines carrying no topic."""
    assert set(obj) == ANSWER_FIELDS
    assert isinstance(obj["question"], str) and isinstance(obj["answer"], str) and obj["answer"]
    assert isinstance(obj["matched"], bool) and isinstance(obj["confidence"], float)
    assert 0.0 <= obj["confidence"] <= 1.0
    assert isinstance(obj["suggestions"], list) and len(obj["suggestions"]) <= 3
    assert all(isinstance(s, str) for s in obj["suggestions"])
    if obj["matched"]:
        assert isinstance(obj["topic"], str) and isinstance(obj["title"], str)
    else:
        assert obj["topic"] is None and obj["title"] is None


@pytest.fixture(scope="session")
def answer_contract() -> Callable[[dict], None]:
    """Asserts that one answer object keeps the `ask --json` contract."""
    return _check_answer_json
