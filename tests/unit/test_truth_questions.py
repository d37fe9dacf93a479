"""Question kinds built on what the knowledge says is true or false: true-of, NOT-true-of, limits."""

from __future__ import annotations

import pytest

from bot.core import KnowledgeBase
from bot.core.clozes import limit_questions
from bot.core.knowledge import Fact, Topic
from bot.core.statements import statement_questions

SRC = "notes.md#x"


def topic(tid: str, *facts: tuple[str, list[str]]) -> Topic:
    return Topic(
        id=tid,
        kind="service",
        title=tid.title(),
        aliases=[tid],
        summary=f"{tid} summary",
        facts=[
            Fact(id=f"{tid}-{i}", text=text, tags=["concepts"], source=SRC, false_for=false)
            for i, (text, false) in enumerate(facts)
        ],
    )


def kb(*topics: Topic) -> KnowledgeBase:
    return KnowledgeBase(topics={t.id: t for t in topics})


ALPHA = topic("alpha", ("Runs for an hour", []), ("Alpha has no disk", []), ("Uses queues", []))
BETA = topic(
    "beta",
    ("Time limit", ["alpha"]),
    ("Limited runtime", ["alpha"]),
    ("Beta keeps state", ["alpha"]),
    ("Serverless", []),
)


def test_true_of_uses_only_statements_known_false_of_the_topic() -> None:
    made = {q.id: q for q in statement_questions(kb(ALPHA, BETA))}
    q = made["true-alpha-0"]
    assert q.prompt == "Which of these is true of Alpha? (___ stands for it)"
    assert q.options == ("Runs for an hour", "Time limit", "Limited runtime", "___ keeps state")
    assert "true-beta-0" not in made  # nothing is known false of beta: no such question


def test_not_true_of_offers_one_false_statement_among_three_true_ones() -> None:
    made = {q.id: q for q in statement_questions(kb(ALPHA, BETA))}
    q = made["untrue-alpha-beta-1"]
    assert q.options[q.correct] == "Limited runtime"
    assert set(q.options) - {"Limited runtime"} <= {
        "Runs for an hour",
        "___ has no disk",
        "Uses queues",
    }


def test_a_statement_the_topic_also_claims_is_never_a_wrong_option() -> None:
    gamma = topic("gamma", ("Time limit", []), ("A", []), ("B", []))
    made = statement_questions(kb(ALPHA, BETA, gamma))
    assert all(q.options.count("Time limit") <= 1 for q in made)
    beta_contradicted = topic("beta", ("Time limit", ["gamma"]), ("x", ["gamma"]), ("y", ["gamma"]))
    qs = statement_questions(kb(gamma, beta_contradicted))
    assert not any("Time limit" in q.options[1:] for q in qs if q.topic == "gamma")


@pytest.mark.parametrize(
    ("text", "right"),
    [
        ("Maximum object size: 5 TB", "5 TB"),
        ("An invocation can run for at most 15 minutes", "15 minutes"),
        ("Layers up to 52,000 MiB", "52,000 MiB"),
        ("Billed per ms, rounded up to 1 ms", None),
        ("Up to 1,000 environments every 10 seconds", None),
        ("At most 15 minutes (900 seconds)", None),
        ("Runs 100000's of jobs", None),
    ],
)
def test_a_limit_cloze_only_where_one_maximum_is_stated(text: str, right: str | None) -> None:
    made = limit_questions(kb(topic("alpha", (text, []))))
    if right is None:
        assert made == []
        return
    (q,) = made
    assert q.options[q.correct] == right and "___" in q.prompt and right not in q.prompt
    assert len(set(q.options)) == 4
    assert all(o.split()[-1] == right.split()[-1] for o in q.options)


def test_every_generated_kind_holds_by_the_knowledge_and_a_tampered_one_does_not() -> None:
    from dataclasses import replace
    from pathlib import Path

    from bot.core.clozes import limit_failures
    from bot.core.statements import statement_failures
    from bot.notes.importer import import_notes

    notes = Path(__file__).parents[1] / "data" / "storage-notes.md"
    imported = import_notes(notes.read_text(), notes.name)
    base = kb(*imported.topics)
    statements = statement_questions(base)
    limits = limit_questions(base)
    assert statements and limits
    assert all(statement_failures(base, q) == [] for q in statements)
    assert all(limit_failures(base, q) == [] for q in limits)
    for q in [*statements, *limits]:
        tampered = replace(q, correct=1)
        check = statement_failures if q in statements else limit_failures
        assert check(base, tampered), q.id
