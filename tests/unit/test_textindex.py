"""The lean text index: the same weights and scores a plain word -> topic -> weight table gives."""

from __future__ import annotations

import random

import pytest

from bot.core.knowledge import Fact, KnowledgeBase, Topic
from bot.core.text import NEGATIONS, polar_stems, words
from bot.core.textindex import _BOUNDARY, FIELD_WEIGHTS, TextIndex, _each_words
from bot.core.vocabulary import NOISE, NOISE_STEMS

_VOCAB = "container image task cluster function queue memory timeout scaling region".split()
_RARE = "dockerfile snapstart spot".split()


def _kb(size: int, rng: random.Random) -> KnowledgeBase:
    """Topics over a small vocabulary (common words) plus a few rare ones and some negations."""
    topics = {}
    for n in range(size):
        extra = [rng.choice(_RARE)] if n % 17 == 0 else []
        text = " ".join(
            rng.choices(_VOCAB, k=6) + extra + (["without", "servers"] if n % 5 else [])
        )
        fact = Fact(
            id="f1",
            text=text,
            tags=["concepts"],
            keywords=[rng.choice(_VOCAB)],
            source="https://example.com/doc",
        )
        topics[f"t{n:03}"] = Topic(
            id=f"t{n:03}",
            kind="service",
            title=f"Service {n}",
            aliases=[f"svc{n}"],
            keywords=[" ".join(rng.choices(_VOCAB, k=2))],
            summary=" ".join(rng.choices(_VOCAB, k=4)),
            facts=[fact],
        )
    return KnowledgeBase(topics=topics)


def _reference(kb: KnowledgeBase) -> dict[str, dict[str, float]]:
    """The index as one dictionary per word, the straightforward way."""
    table: dict[str, dict[str, float]] = {}
    for topic in kb.topics.values():
        fields = {
            "keywords": topic.keywords,
            "summary": [topic.summary],
            "fact_keywords": [k for f in topic.facts for k in f.keywords],
            "facts": [f.text for f in topic.facts],
        }
        for name, texts in fields.items():
            for s in (
                {s for t in texts for s in polar_stems(words(t), NOISE)} - NOISE_STEMS - NEGATIONS
            ):
                row = table.setdefault(s, {})
                row[topic.id] = max(row.get(topic.id, 0.0), FIELD_WEIGHTS[name])
    return table


@pytest.mark.parametrize("size", [5, 250])
def test_weights_match_a_plain_table(size: int) -> None:
    kb = _kb(size, random.Random(size))
    index, table = TextIndex(kb), _reference(kb)
    for s, row in table.items():
        assert dict(index.topics_with(s)) == row
        for tid in kb.topics:
            assert index.field_weight(s, tid) == row.get(tid, 0.0)
    assert dict(index.topics_with("nowhere")) == {}


def test_scores_are_weighted_shares_of_the_question() -> None:
    kb = _kb(250, random.Random(1))
    index, table = TextIndex(kb), _reference(kb)
    stems = ["dockerfil", "timeout", "!server", "contain"]
    weights = [index.weight(s) for s in stems]
    scores = index.scores(stems)
    assert scores  # every topic holding one of the words is scored in a knowledge base this small
    for tid, score in scores.items():
        expected = sum(
            w * table.get(s, {}).get(tid, 0.0) for s, w in zip(stems, weights, strict=True)
        )
        assert score == pytest.approx(expected / sum(weights))


def test_reading_texts_together_gives_each_texts_words() -> None:
    texts = ["It's e.g. 1.5 GiB.", "", "Café, not here", "see https://x.y/z then", "a..b"]
    assert _each_words(texts) == [words(t) for t in texts]
    tricky = [*texts, f"holds {_BOUNDARY} itself"]
    assert _each_words(tricky) == [words(t) for t in tricky]
