"""Finding named topics, typo limits, and autocomplete of titles."""

from __future__ import annotations

import pytest

from bot.core import KnowledgeBase
from bot.core.names import NameIndex, complete_titles, plausible_typo
from bot.core.text import stem, words


@pytest.mark.parametrize(
    ("typed", "name", "distance", "ok"),
    [
        ("lamda", "lambda", 1, True),
        ("farget", "fargate", 2, True),
        ("tarfget", "fargate", 2, False),  # two slips and the start is wrong
        ("patch", "batch", 1, True),  # one slip is allowed anywhere; see the index test below
        ("elastic contianer regsitry", "elastic container registry", 3, True),
        ("ecs vpc", "ecs api", 3, False),
    ],
)
def test_plausible_typo(typed: str, name: str, distance: int, ok: bool) -> None:
    assert plausible_typo(typed, name, distance) is ok


@pytest.mark.parametrize(
    ("question", "found"),
    [
        ("what is amazon elastic contianer service", ["ecs"]),
        ("lambda vs aws batch", ["lambda", "batch"]),
        ("what is a patch", []),  # 'patch' is one slip from 'batch' but starts differently
        ("lmabda", ["lambda"]),
        ("is it ecs", ["ecs"]),
    ],
)
def test_names_in_questions(kb: KnowledgeBase, question: str, found: list[str]) -> None:
    tokens = words(question)
    mentions = NameIndex(kb.topics.values()).find(tokens, [stem(t) for t in tokens])
    assert [m.topic_id for m in mentions] == found


def test_autocomplete_puts_services_and_word_starts_first(kb: KnowledgeBase) -> None:
    titles = complete_titles(kb.topics.values(), "lam")
    assert titles[0] == "AWS Lambda"
    assert "AWS Lambda vs AWS Batch" in titles
    assert titles.index("AWS Lambda") < titles.index("AWS Lambda vs AWS Batch")
    assert complete_titles(kb.topics.values(), "zzz") == []
    assert len(complete_titles(kb.topics.values(), "", limit=5)) == 5
