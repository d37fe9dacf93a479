"""Fixtures shared by every layer."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator

import pytest

from bot.core import KnowledgeBase, StudyBot, load_knowledge
from bot.core.knowledge import default_knowledge_dir

PG_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")


def pg_unavailable() -> str | None:
    """None when PostgreSQL answers, else why not."""
    import psycopg

    try:
        psycopg.connect(PG_URL, connect_timeout=3).close()
    except Exception as exc:  # any reason is a reason to skip (or, in CI, to fail)
        return f"PostgreSQL at {PG_URL} unreachable: {str(exc).splitlines()[0]}"
    return None


def require_pg() -> None:
    """Skip when PostgreSQL is down, except under CI=true, where the test fails."""
    reason = pg_unavailable()
    if reason:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{reason} (CI=true: PostgreSQL tests must run)")
        pytest.skip(reason)


@pytest.fixture
def pg_schema_url() -> Iterator[str]:
    """A PostgreSQL URL whose search_path is a fresh schema of its own, dropped afterwards."""
    require_pg()
    import psycopg

    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield f"{PG_URL}?options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(PG_URL, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


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
