"""Looking facts, rows and suggestions up within topics: what every kind of question needs."""

from __future__ import annotations

import heapq
from collections.abc import Iterable

from rapidfuzz import fuzz, process

from bot.core.knowledge import Dimension, Fact, KnowledgeBase, Topic
from bot.core.query import Match, MatchKind, Query, name_stems
from bot.core.textindex import TextIndex
from bot.core.vocabulary import SMALL_TALK, SYNONYMS, TAG_STEMS

ATTRIBUTE_MIN = 0.3
"""A fact (or row) must answer at least this share of the question to be led with."""
_CANDIDATES = 12


class TopicLookup:
    """The knowledge's text index and the topics' names: finds facts, rows and suggestions."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self._text = TextIndex(kb)
        self._pairs: dict[frozenset[str], str] = {}
        for topic in kb.topics.values():
            if topic.kind == "comparison":
                self._pairs.setdefault(frozenset(topic.compares), topic.id)
        self._own_names = {t.id: name_stems(t) for t in kb.topics.values()}
        self._titles = {t.title: t.id for t in kb.topics.values() if t.kind == "service"}
        self._services = frozenset(self._titles.values())

    def _side(self, topic: Topic, residual: list[str]) -> tuple[Fact, ...]:
        """One service's answer to a comparison with no card: its main fact on the asked aspect
        (its first pricing fact for "cheaper"), else its best-scoring fact."""
        words_ = set(residual) | {syn for s in residual for syn in SYNONYMS.get(s, ())}
        tag = next((t for t, stems in TAG_STEMS.items() if stems & words_), None)
        tagged = [f for f in topic.facts if tag in f.tags and "overview" not in f.tags]
        return tuple(tagged[:1]) or self._best_facts(topic, residual)[:1]

    def _top_services(self, scores: dict[str, float]) -> list[str]:
        """The service topics with the best text scores: only they are worth a closer look."""
        services = (t for t in scores if t in self._services)
        return heapq.nlargest(_CANDIDATES, services, key=lambda t: (scores[t], t))

    def _best_facts(self, topic: Topic, residual: list[str]) -> tuple[Fact, ...]:
        """The facts a one-topic question asks for, best first; empty for a plain "what is X"."""
        if not residual:
            return ()
        weighed = self._text.weigh(residual)
        ranked = sorted(
            (
                (self._text.score_fact(weighed, f.text, f.keywords, f.tags), i, f)
                for i, f in enumerate(topic.facts)
            ),
            key=lambda x: (-x[0], x[1]),
        )
        top = ranked[0][0] if ranked else 0.0
        if top < ATTRIBUTE_MIN:
            return ()
        return tuple(f for score, _, f in ranked[:2] if score >= max(ATTRIBUTE_MIN, 0.75 * top))

    def _best_dimension(self, topic: Topic, residual: list[str]) -> Dimension | None:
        if not residual:
            return None
        weighed = self._text.weigh(residual)
        scored = [
            (
                self._text.score_fact(
                    weighed, " ".join(d.values.values()), [d.name, *d.keywords], d.tags
                ),
                i,
                d,
            )
            for i, d in enumerate(topic.dimensions)
        ]
        score, _, dim = max(scored, key=lambda x: (x[0], -x[1]))
        return dim if score >= ATTRIBUTE_MIN else None

    def _decline(self, question: str, cleaned: str, q: Query, hint: Iterable[str] = ()) -> Match:
        talk = next((SMALL_TALK[t] for t in q.tokens[:3] if t in SMALL_TALK), None)
        kind: MatchKind = "smalltalk" if talk and len(q.residual()) <= 2 else "unknown"
        suggestions = self._suggest(cleaned, [self.kb.topics[t].title for t in hint])
        return Match(question, kind, suggestions=suggestions, small_talk=talk)

    def _suggest(self, cleaned: str, near: Iterable[str] = (), limit: int = 3) -> tuple[str, ...]:
        """Up to `limit` titles: topics the words point to, titles that look alike, then services."""
        titles = list(dict.fromkeys(near))
        if len(titles) < limit and cleaned:
            alike = process.extract(
                cleaned, list(self._titles), scorer=fuzz.QRatio, limit=limit, score_cutoff=60
            )
            titles = list(dict.fromkeys([*titles, *(t for t, _, _ in alike)]))
        for t in self._titles:
            if len(titles) >= limit:
                break
            if t not in titles:
                titles.append(t)
        return tuple(titles[:limit])
