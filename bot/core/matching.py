"""Matching a free-text question to a topic, and to the fact or comparison row it asks for."""

from __future__ import annotations

import heapq
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from rapidfuzz import fuzz, process

from bot.core.knowledge import Dimension, Fact, KnowledgeBase, Topic
from bot.core.names import Mention, NameIndex
from bot.core.text import NEGATIONS, clean_message, polar_stems, stem, words
from bot.core.textindex import FIELD_WEIGHTS, TextIndex
from bot.core.vocabulary import COMPARE_CUES, NOISE, NOISE_STEMS, SMALL_TALK

MatchKind = Literal["overview", "attribute", "compare", "unknown", "smalltalk", "empty"]

MAX_WORDS = 60
"""Only the first words of a message are matched: questions are short, and time stays bounded."""

# "a 2 hour job", "run for 20 minutes": a length of time asks about run-time limits.
_DURATION = re.compile(
    r"\b\d+(?:\.\d+)?\s*-?\s*(?:ms|milliseconds?|s|secs?|seconds?|mins?|minutes?|h|hrs?|hours?|days?)\b",
    re.IGNORECASE,
)
_MENTION_BONUS = 0.55
_DECLINE_BELOW = 0.5
_DESCRIBE_MIN = 0.45
_ATTRIBUTE_MIN = 0.3
_CONTEXT_MIN = 0.6
_CONTEXT_MARGIN = 0.2
_CANDIDATES = 12


@dataclass(frozen=True)
class Match:
    """What the question is about: a topic, the kind of answer, and the facts to lead with."""

    question: str
    kind: MatchKind
    topic: Topic | None = None
    confidence: float = 0.0
    lead_facts: tuple[Fact, ...] = ()
    lead_dimension: Dimension | None = None
    compared: tuple[Topic, ...] = ()
    suggestions: tuple[str, ...] = ()
    small_talk: str | None = None

    @property
    def matched(self) -> bool:
        return self.topic is not None or bool(self.compared)


_AUXILIARIES = frozenset("does do did is are was can could will would should has have".split())


def _name_stems(topic: Topic) -> frozenset[str]:
    """The stems of a topic's title and one-word aliases: the words that only name it."""
    names = [topic.title, *(a for a in topic.aliases if len(words(a)) == 1)]
    return frozenset(stem(w) for name in names for w in words(name))


def _is_subject(q: _Query, topic_id: str) -> bool:
    """Whether the question leads with the topic ("ecs launch types", "does batch ..."), rather
    than naming it after what is needed ("where do I store my docker images")."""
    first = min(m.start for m in q.mentions if m.topic_id == topic_id)
    after_auxiliary = first > 0 and q.tokens[first - 1] in _AUXILIARIES  # "what ... does ecs have"
    return after_auxiliary or all(t in NOISE for t in q.tokens[:first])


@dataclass
class _Query:
    tokens: list[str]
    stems: list[str]
    mentions: list[Mention] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.polar = polar_stems(self.tokens, NOISE)

    def residual(self, polar: bool = False) -> list[str]:
        """Content stems not part of a topic's name and not noise; `polar` marks negated ones."""
        covered = {i for m in self.mentions for i in range(m.start, m.end)}
        source = self.polar if polar else self.stems
        return [
            source[i]
            for i, s in enumerate(self.stems)
            if i not in covered
            and s not in NOISE_STEMS
            and self.tokens[i] not in NOISE
            and self.tokens[i] not in NEGATIONS
        ]


class Matcher:
    """Finds the topic a question is about. Build once per knowledge base; `match` is read-only."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self._names = NameIndex(kb.topics.values())
        self._text = TextIndex(kb)
        self._pairs: dict[frozenset[str], str] = {}
        for topic in kb.topics.values():
            if topic.kind == "comparison":
                self._pairs.setdefault(frozenset(topic.compares), topic.id)
        self._own_names = {t.id: _name_stems(t) for t in kb.topics.values()}
        self._titles = {t.title: t.id for t in kb.topics.values() if t.kind == "service"}
        self._services = frozenset(self._titles.values())

    def match(self, question: str) -> Match:
        """The best reading of `question`; `kind == "unknown"` when nothing fits well enough."""
        cleaned = clean_message(question)
        tokens = words(cleaned)[:MAX_WORDS]
        if _DURATION.search(cleaned):
            tokens += ["duration", "time", "limit"]
        if not tokens:
            return Match(question, "empty", suggestions=self._suggest(""))
        query = _Query(tokens, [stem(t) for t in tokens])
        query.mentions = self._names.find(query.tokens, query.stems)
        services = self._mentioned_services(query)
        if len(services) >= 2 and self._wants_comparison(query, services):
            return self._comparison(question, query, services)
        return self._single(question, cleaned, query, services)

    def _mentioned_services(self, q: _Query) -> list[str]:
        seen: list[str] = []
        for m in q.mentions:
            topic = self.kb.topics[m.topic_id]
            ids = topic.compares if topic.kind == "comparison" else [topic.id]
            seen.extend(i for i in ids if i not in seen)
        return seen

    def _wants_comparison(self, q: _Query, services: list[str]) -> bool:
        if any(self.kb.topics[m.topic_id].kind == "comparison" for m in q.mentions):
            return True
        return any(t in COMPARE_CUES for t in q.tokens) or not q.residual()

    def _comparison(self, question: str, q: _Query, services: list[str]) -> Match:
        pair = frozenset(services[:2])
        topic_id = self._pairs.get(pair) or next(
            (tid for key, tid in self._pairs.items() if pair <= key), None
        )
        residual = q.residual()
        if topic_id:
            topic = self.kb.topics[topic_id]
            dim = self._best_dimension(topic, residual)
            return Match(question, "compare", topic, 0.95, lead_dimension=dim)
        compared = tuple(self.kb.topics[s] for s in services[:3])
        return Match(question, "compare", None, 0.85, compared=compared)

    def _single(self, question: str, cleaned: str, q: _Query, services: list[str]) -> Match:
        residual, polar = q.residual(), q.residual(polar=True)
        mentioned: dict[str, float] = {}
        for rank, m in enumerate(q.mentions):
            mentioned.setdefault(m.topic_id, m.score * (1.0 if rank == 0 else 0.8))
        if not mentioned:
            return self._describe(question, cleaned, q, polar)
        named = [s for m in q.mentions for s in q.stems[m.start : m.end]]
        scores = self._text.scores(polar + named)
        for tid, s in mentioned.items():
            scores[tid] = scores.get(tid, 0.0) + _MENTION_BONUS * s
        best_id = max(sorted(mentioned), key=lambda t: scores[t])
        other = self._context_override(best_id, polar, q, scores)
        if other:
            return Match(
                question, "overview", self.kb.topics[other], round(0.6 + 0.3 * scores[other], 3)
            )
        topic = self.kb.topics[best_id]
        confidence = round(0.6 + 0.4 * mentioned[best_id], 3)
        if topic.kind == "comparison":
            dim = self._best_dimension(topic, residual)
            return Match(question, "compare", topic, confidence, lead_dimension=dim)
        facts = self._best_facts(topic, residual) or self._best_facts(
            topic, self._asked_about(q, best_id)
        )
        return Match(
            question, "attribute" if facts else "overview", topic, confidence, lead_facts=facts
        )

    def _asked_about(self, q: _Query, topic_id: str) -> list[str]:
        """The words that may ask something of a named topic: all but noise and its core name, so
        "lightsail containers" asks about containers though it is one of Lightsail's names too.
        Used only when the words outside the names ask nothing ("lambda function timeout" does)."""
        own = self._own_names[topic_id]
        return [
            s
            for s, t in zip(q.stems, q.tokens, strict=True)
            if s not in own and t not in NOISE and s not in NOISE_STEMS and t not in NEGATIONS
        ]

    def _describe(self, question: str, cleaned: str, q: _Query, polar: list[str]) -> Match:
        """A question that names no service: answer only when one service's describing phrases
        cover most of it, through at least two of its words."""
        scores = self._text.scores(polar)
        services = self._top_services(scores)
        cover = self._text.phrase_coverage(polar, services)
        ranked = sorted(services, key=lambda t: (-(cover[t] + scores[t]), t))
        if not ranked:
            return self._decline(question, cleaned, q)
        term = self._own_term(polar)
        if term is not None:
            topic = self.kb.topics[term]
            facts = self._best_facts(topic, q.residual())
            return Match(
                question, "attribute" if facts else "overview", topic, 0.8, lead_facts=facts
            )
        best = ranked[0]
        hits = sum(1 for s in set(polar) if self._text.field_weight(s, best) > 0)
        weak = hits < 2 or cover[best] < _DESCRIBE_MIN or scores[best] < _DECLINE_BELOW
        if weak:
            return self._decline(question, cleaned, q, hint=ranked[:3])
        confidence = round(min(1.0, (cover[best] + scores[best]) / 2), 3)
        return Match(question, "overview", self.kb.topics[best], confidence)

    def _own_term(self, stems: list[str]) -> str | None:
        """The service a one-word question belongs to, when that word is in the keywords of one
        service and in no other topic at all ("dockerfile"); "s3" or "kubernetes" are not."""
        if len(set(stems)) != 1:
            return None
        owners = self._text.topics_with(stems[0])
        if len(owners) != 1:
            return None
        ((tid, weight),) = owners.items()
        keyword = weight >= FIELD_WEIGHTS["fact_keywords"]
        return tid if keyword and tid in self._services else None

    def _context_override(
        self, best_id: str, residual: list[str], q: _Query, scores: dict[str, float]
    ) -> str | None:
        """ "Turn my lambda into a REST endpoint" names Lambda only as context: the need it describes
        is another service's (API Gateway), one whose own description involves the named service,
        and only when the named service is not the question's subject ("ecs launch types")."""
        topic = self.kb.topics[best_id]
        if len(set(residual)) < 2 or topic.kind != "service" or _is_subject(q, best_id):
            return None
        candidates = self._top_services(scores) + [best_id]
        cover = self._text.phrase_coverage(residual, candidates)
        named = {s for m in q.mentions if m.topic_id == best_id for s in q.stems[m.start : m.end]}
        own = cover.get(best_id, 0.0)
        for tid in sorted(candidates, key=lambda t: (-cover[t], -scores.get(t, 0.0), t)):
            if cover[tid] < _CONTEXT_MIN or cover[tid] < own + _CONTEXT_MARGIN:
                break
            floor = FIELD_WEIGHTS["summary"]
            if tid != best_id and all(self._text.field_weight(s, tid) >= floor for s in named):
                return tid
        return None

    def _top_services(self, scores: dict[str, float]) -> list[str]:
        """The service topics with the best text scores: only they are worth a closer look."""
        services = (t for t in scores if t in self._services)
        return heapq.nlargest(_CANDIDATES, services, key=lambda t: (scores[t], t))

    def _best_facts(self, topic: Topic, residual: list[str]) -> tuple[Fact, ...]:
        """The facts a one-topic question asks for, best first; empty for a plain "what is X"."""
        if not residual:
            return ()
        ranked = sorted(
            (
                (self._text.fact_score(f.text, f.keywords, f.tags, residual), i, f)
                for i, f in enumerate(topic.facts)
            ),
            key=lambda x: (-x[0], x[1]),
        )
        top = ranked[0][0] if ranked else 0.0
        if top < _ATTRIBUTE_MIN:
            return ()
        return tuple(f for score, _, f in ranked[:2] if score >= max(_ATTRIBUTE_MIN, 0.75 * top))

    def _best_dimension(self, topic: Topic, residual: list[str]) -> Dimension | None:
        if not residual:
            return None
        scored = [
            (
                self._text.fact_score(
                    " ".join(d.values.values()), [d.name, *d.keywords], d.tags, residual
                ),
                i,
                d,
            )
            for i, d in enumerate(topic.dimensions)
        ]
        score, _, dim = max(scored, key=lambda x: (x[0], -x[1]))
        return dim if score >= _ATTRIBUTE_MIN else None

    def _decline(self, question: str, cleaned: str, q: _Query, hint: Iterable[str] = ()) -> Match:
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
