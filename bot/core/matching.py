"""Matching a free-text question to a topic, and to the fact or comparison row it asks for."""

from __future__ import annotations

import heapq
import math
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from bot.core.knowledge import Dimension, Fact, KnowledgeBase, Topic
from bot.core.text import NEGATIONS, clean_message, polar_stems, stem, words
from bot.core.vocabulary import COMPARE_CUES, NOISE, NOISE_STEMS, SMALL_TALK, SYNONYMS, TAG_STEMS

MatchKind = Literal["overview", "attribute", "compare", "unknown", "smalltalk", "empty"]

MAX_WORDS = 60
# "a 2 hour job", "run for 20 minutes": a length of time asks about run-time limits.
_DURATION = re.compile(
    r"\b\d+(?:\.\d+)?\s*-?\s*(?:ms|milliseconds?|s|secs?|seconds?|mins?|minutes?|h|hrs?|hours?|days?)\b",
    re.IGNORECASE,
)
"""Only the first words of a message are matched: questions are short, and time stays bounded."""

# Field weights: a describing keyword says more about a topic than a word deep in one of its facts.
_FIELD_WEIGHTS = {"keywords": 1.0, "summary": 0.7, "fact_keywords": 0.55, "facts": 0.4}
_SYNONYM_WEIGHT = 0.6
_MENTION_BONUS = 0.55
_DECLINE_BELOW = 0.5
_ATTRIBUTE_MIN = 0.3
_CONTEXT_MIN = 0.6
_CANDIDATES = 12
_POOL = 300
_DESCRIBE_MIN = 0.45
_CONTEXT_MARGIN = 0.2


@dataclass(frozen=True)
class Mention:
    """A topic named in the question, exactly (score 1) or with a typo (score below 1)."""

    topic_id: str
    start: int
    end: int
    score: float


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


def _is_subject(q: _Query, topic_id: str) -> bool:
    """Whether the question leads with the topic ("ecs launch types", "does batch ..."), rather
    than naming it after what is needed ("where do I store my docker images")."""
    first = min(m.start for m in q.mentions if m.topic_id == topic_id)
    after_auxiliary = first > 0 and q.tokens[first - 1] in _AUXILIARIES  # "what ... does ecs have"
    return after_auxiliary or all(t in NOISE for t in q.tokens[:first])


def _plausible_typo(typed: str, name: str, distance: float) -> bool:
    """One slip anywhere; two only in a longer name whose first two letters are right; three only
    in a long multi-word name ("elastic contianer regsitry")."""
    if distance <= 1:
        return True
    if distance == 2:
        return len(typed) >= 6 and typed[:2] == name[:2]
    return len(typed) >= 16


def _by_weight(postings: dict[str, float]) -> list[str]:
    """Topic ids, the ones where the word weighs most first (an impact-ordered posting list)."""
    return sorted(postings, key=lambda t: (-postings[t], t))


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
        self._exact: dict[tuple[str, ...], set[str]] = defaultdict(set)
        self._fuzzy: dict[tuple[int, str, int], dict[str, set[str]]] = defaultdict(dict)
        self._postings: dict[str, dict[str, float]] = defaultdict(dict)
        self._keyword_postings: dict[str, set[str]] = defaultdict(set)
        self._phrases: dict[str, list[frozenset[str]]] = defaultdict(list)
        self._fact_terms: dict[tuple, tuple[frozenset[str], frozenset[str]]] = {}
        self._pairs: dict[frozenset[str], str] = {}
        for topic in kb.topics.values():
            self._index_names(topic)
            self._index_text(topic)
            if topic.kind == "comparison":
                self._pairs.setdefault(frozenset(topic.compares), topic.id)
            for fact in topic.facts:
                self._terms(fact.text, tuple(fact.keywords), tuple(fact.tags))
        n = max(len(kb.topics), 1)
        self._idf = {t: math.log(1 + n / len(p)) for t, p in self._postings.items()}
        self._expanded = {s: self._expand(s) for s in SYNONYMS}
        self._impact = {
            s: _by_weight(p) for s, p in (*self._postings.items(), *self._expanded.items())
        }
        self._unknown_idf = math.log(1 + n)
        self._titles = {t.title: t.id for t in kb.topics.values() if t.kind == "service"}
        self._services = frozenset(self._titles.values())

    # -- index ----------------------------------------------------------------------------------

    def _index_names(self, topic: Topic) -> None:
        for name in {topic.title, *topic.aliases}:
            key = tuple(words(name))
            if not key:
                continue
            self._exact[key].add(topic.id)
            self._exact[tuple(stem(w) for w in key)].add(topic.id)
            joined = " ".join(key)
            if len(joined) >= 5:
                bucket = self._fuzzy[(len(key), joined[0], len(joined))]
                bucket.setdefault(joined, set()).add(topic.id)

    def _index_text(self, topic: Topic) -> None:
        for phrase in [*topic.keywords, topic.summary]:
            self._phrases[topic.id].append(frozenset(polar_stems(words(phrase), NOISE)))
        fields: dict[str, Iterable[str]] = {
            "keywords": topic.keywords,
            "summary": [topic.summary],
            "fact_keywords": [k for f in topic.facts for k in f.keywords]
            + [k for d in topic.dimensions for k in (*d.keywords, d.name)],
            "facts": [f.text for f in topic.facts]
            + [v for d in topic.dimensions for v in d.values.values()],
        }
        for name, texts in fields.items():
            weight = _FIELD_WEIGHTS[name]
            stems = {s for text in texts for s in polar_stems(words(text), NOISE)}
            for s in stems - NOISE_STEMS - NEGATIONS:
                postings = self._postings[s]
                postings[topic.id] = max(postings.get(topic.id, 0.0), weight)
                if name == "keywords":
                    self._keyword_postings[s].add(topic.id)

    def _expand(self, s: str) -> dict[str, float]:
        """A word's postings merged with its synonyms' (at a lower weight), computed once."""
        gained = dict(self._postings.get(s, {}))
        for syn in SYNONYMS[s]:
            for tid, w in self._postings.get(syn, {}).items():
                if w * _SYNONYM_WEIGHT > gained.get(tid, 0.0):
                    gained[tid] = w * _SYNONYM_WEIGHT
        return gained

    # -- matching -------------------------------------------------------------------------------

    def match(self, question: str) -> Match:
        """The best reading of `question`; `kind == "unknown"` when nothing fits well enough."""
        cleaned = clean_message(question)
        tokens = words(cleaned)[:MAX_WORDS]
        if _DURATION.search(cleaned):
            tokens += ["duration", "time", "limit"]
        if not tokens:
            return Match(question, "empty", suggestions=self._suggest(""))
        query = _Query(tokens, [stem(t) for t in tokens])
        query.mentions = self._mentions(query)
        services = self._mentioned_services(query)
        if len(services) >= 2 and self._wants_comparison(query, services):
            return self._comparison(question, query, services)
        return self._single(question, cleaned, query, services)

    def _mentions(self, q: _Query) -> list[Mention]:
        found: list[Mention] = []
        taken: set[int] = set()
        for size in (4, 3, 2, 1):
            for start in range(len(q.tokens) - size + 1):
                span = set(range(start, start + size))
                if span & taken:
                    continue
                mention = self._name_at(q, start, size)
                if mention:
                    found.extend(mention)
                    taken |= span
        return sorted(found, key=lambda m: m.start)

    def _name_at(self, q: _Query, start: int, size: int) -> list[Mention]:
        gram = tuple(q.tokens[start : start + size])
        ids = self._exact.get(gram) or self._exact.get(tuple(q.stems[start : start + size]))
        if ids:
            return [Mention(t, start, start + size, 1.0) for t in sorted(ids)]
        if all(w in NOISE for w in gram) or (size == 1 and gram[0] in NOISE):
            return []
        joined = " ".join(gram)
        if len(joined) < 5:
            return []
        allowed = 1 if len(joined) < 6 else 2 if len(joined) < 16 else 3
        best: tuple[str, float, set[str]] | None = None
        for length in range(len(joined) - allowed, len(joined) + allowed + 1):
            bucket = self._fuzzy.get((size, joined[0], length))
            if not bucket:
                continue
            found = process.extractOne(
                joined, bucket.keys(), scorer=OSA.distance, score_cutoff=allowed
            )
            plausible = found is not None and _plausible_typo(joined, found[0], found[1])
            if found and plausible and (best is None or found[1] < best[1]):
                best = (found[0], found[1], bucket[found[0]])
        if best is None:
            return []
        score = 1.0 - best[1] / max(len(joined), len(best[0]))
        return [Mention(t, start, start + size, score) for t in sorted(best[2])]

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
        scores = self._text_scores(polar + named)
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
        facts = self._best_facts(topic, residual)
        return Match(
            question, "attribute" if facts else "overview", topic, confidence, lead_facts=facts
        )

    def _describe(self, question: str, cleaned: str, q: _Query, polar: list[str]) -> Match:
        """A question that names no service: answer only when one service's describing phrases
        cover most of it, through at least two of its words."""
        scores = self._text_scores(polar)
        services = self._top_services(scores)
        cover = self._phrase_coverage(polar, services)
        ranked = sorted(services, key=lambda t: (-(cover[t] + scores[t]), t))
        if not ranked:
            return self._decline(question, cleaned, q)
        best = ranked[0]
        hits = sum(1 for s in set(polar) if best in self._postings.get(s, {}))
        weak = hits < 2 or cover[best] < _DESCRIBE_MIN or scores[best] < _DECLINE_BELOW
        if weak:
            return self._decline(question, cleaned, q, hint=ranked[:3])
        confidence = round(min(1.0, (cover[best] + scores[best]) / 2), 3)
        return Match(question, "overview", self.kb.topics[best], confidence)

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
        cover = self._phrase_coverage(residual, candidates)
        named = {s for m in q.mentions if m.topic_id == best_id for s in q.stems[m.start : m.end]}
        own = cover.get(best_id, 0.0)
        for tid in sorted(candidates, key=lambda t: (-cover[t], -scores.get(t, 0.0), t)):
            if cover[tid] < _CONTEXT_MIN or cover[tid] < own + _CONTEXT_MARGIN:
                break
            floor = _FIELD_WEIGHTS["summary"]
            if tid != best_id and all(
                self._postings.get(s, {}).get(tid, 0.0) >= floor for s in named
            ):
                return tid
        return None

    def _top_services(self, scores: dict[str, float]) -> list[str]:
        """The service topics with the best text scores: only they are worth a closer look."""
        services = (t for t in scores if t in self._services)
        return heapq.nlargest(_CANDIDATES, services, key=lambda t: (scores[t], t))

    def _phrase_coverage(self, residual: list[str], topic_ids: Iterable[str]) -> dict[str, float]:
        """For each topic, the share of the question's information that one of its describing
        phrases (a keyword or its summary) holds: "store docker images" covers "where do I store
        my docker images" whole, while Docker's phrases cover only "images"."""
        unique = list(dict.fromkeys(residual))
        weights = [self._weight(s) for s in unique]
        total = sum(weights)
        cover: dict[str, float] = {}
        for tid in topic_ids:
            phrases = self._phrases.get(tid, [])
            best = max((self._covered(unique, weights, p) for p in phrases), default=0.0)
            bag = self._covered(unique, weights, frozenset().union(*phrases))
            cover[tid] = (best + bag) / 2 / total if total else 0.0
        return cover

    @staticmethod
    def _covered(stems: list[str], weights: list[float], phrase: frozenset[str]) -> float:
        got = 0.0
        for s, w in zip(stems, weights, strict=True):
            if s in phrase:
                got += w
            elif SYNONYMS.get(s, frozenset()) & phrase:
                got += w * _SYNONYM_WEIGHT
        return got

    def _weight(self, s: str) -> float:
        """A word's information: its IDF; a word no topic uses counts half (usually filler)."""
        idf = self._idf.get(s)
        return idf if idf is not None else 0.5 * self._unknown_idf

    def _text_scores(self, stems: list[str]) -> dict[str, float]:
        """For each candidate topic, the share of the question's information its text holds (0..1).
        Candidates are the topics the question's rarer words reach; in a small knowledge base that
        is every topic, in a large one it keeps a question's cost independent of its common words."""
        unique = list(dict.fromkeys(stems))
        weights = [self._weight(s) for s in unique]
        total = sum(weights)
        if not unique or total == 0:
            return {}
        lists = [self._expanded.get(s) or self._postings.get(s, {}) for s in unique]
        candidates: set[str] = set()
        for s in sorted(unique, key=lambda s: len(self._impact.get(s, ()))):
            if len(candidates) >= _POOL:
                break
            candidates.update(self._impact.get(s, ())[: _POOL - len(candidates)])
        return {
            tid: sum(w * p.get(tid, 0.0) for w, p in zip(weights, lists, strict=True)) / total
            for tid in candidates
        }

    def _best_facts(self, topic: Topic, residual: list[str]) -> tuple[Fact, ...]:
        """The facts a one-topic question asks for, best first; empty for a plain "what is X"."""
        if not residual:
            return ()
        ranked = sorted(
            (
                (self._fact_score(f.text, f.keywords, f.tags, residual), i, f)
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
                self._fact_score(
                    " ".join(d.values.values()), [d.name, *d.keywords], d.tags, residual
                ),
                i,
                d,
            )
            for i, d in enumerate(topic.dimensions)
        ]
        score, _, dim = max(scored, key=lambda x: (x[0], -x[1]))
        return dim if score >= _ATTRIBUTE_MIN else None

    def _fact_score(
        self, text: str, keywords: Iterable[str], tags: Iterable[str], residual: list[str]
    ) -> float:
        strong, weak = self._terms(text, tuple(keywords), tuple(tags))
        total = score = 0.0
        for s in dict.fromkeys(residual):
            idf = self._idf.get(s, self._unknown_idf)
            total += idf
            syn = SYNONYMS.get(s, frozenset())
            if s in strong:
                score += idf
            elif s in weak:
                score += 0.7 * idf
            elif syn & strong:
                score += 0.6 * idf
            elif syn & weak:
                score += 0.4 * idf
        return score / total if total else 0.0

    def _terms(
        self, text: str, keywords: tuple[str, ...], tags: tuple[str, ...]
    ) -> tuple[frozenset[str], frozenset[str]]:
        """A fact's strong words (its keywords) and weak ones (its text and tags), stemmed once."""
        key = (text, keywords, tags)
        terms = self._fact_terms.get(key)
        if terms is None:
            strong = frozenset(stem(w) for k in keywords for w in words(k))
            tagged = frozenset().union(*(TAG_STEMS.get(t, frozenset()) for t in tags))
            terms = (strong, frozenset(stem(w) for w in words(text)) | tagged)
            self._fact_terms[key] = terms
        return terms

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
