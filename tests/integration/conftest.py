"""Integration fixtures: every storage test runs on SQLite and on the PostgreSQL server.

PostgreSQL is 127.0.0.1:5432 (or TEST_POSTGRES_URL); each test gets its own schema, dropped after.
When the server is unreachable the PostgreSQL cases skip with the reason, except under CI=true, where
they fail: CI must never pass by skipping the database it is meant to test.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.core import KnowledgeBase, StudyBot, load_knowledge
from bot.core.knowledge import default_knowledge_dir
from bot.core.questionbank import QuestionBank, from_hand_written
from bot.storage.engine import make_engine
from bot.storage.migrate import upgrade
from bot.storage.repository import SqlQuizStore

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.fixture(scope="session")
def quiz_kb() -> KnowledgeBase:
    """The shipped topics plus the test questions (not the bank being written in parallel)."""
    return load_knowledge(default_knowledge_dir() / "topics", FIXTURES / "quiz")


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'studybot.db'}"
    return str(request.getfixturevalue("pg_schema_url"))


@pytest.fixture
def store(db_url: str) -> Iterator[SqlQuizStore]:
    engine = make_engine(db_url)
    upgrade(engine)
    store = SqlQuizStore(engine)
    yield store
    store.close()


@pytest.fixture
def bot(quiz_kb: KnowledgeBase, store: SqlQuizStore) -> StudyBot:
    # Only the test questions: questions generated from the shipped facts change with the facts.
    bank = QuestionBank({q.id: from_hand_written(q) for q in quiz_kb.questions.values()})
    return StudyBot(quiz_kb, store=store, bank=bank)
