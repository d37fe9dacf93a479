"""The weighted text index over topics: which topics a question's words point to, and how much."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable

from bot.core.knowledge import KnowledgeBase, Topic
from bot.core.text import NEGATIONS, polar_stems, stem, words
from bot.core.vocabulary import NOISE, NOISE_STEMS, SYNONYMS, TAG_STEMS

# A describing keyword says more about a topic than a word deep in one of its facts.
FIELD_WEIGHTS = {"keywords": 1.0, "summary": 0.7, "fact_keywords": 0.55, "facts": 0.4}
SYNONYM_WEIGHT = 0.6
POOL = 300
"""At most this many topics are scored per question (all of them in a small knowledge base)."""

Terms = tuple[frozenset[str], frozenset[str]]


class TextIndex:
    """Stemmed words to topics, by field weight, with IDF; synonyms merged in at build time."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self._postings: dict[str, dict[str, float]] = defaultdict(dict)
        self._phrases: dict[str, list[frozenset[str]]] = defaultdict(list)
        self._fact_terms: dict[tuple, Terms] = {}
        for topic in kb.topics.values():
            self._index(topic)
            for fact in topic.facts:
                self.terms(fact.text, tuple(fact.keywords), tuple(fact.tags))
        n = max(len(kb.topics), 1)
        self._idf = {t: math.log(1 + n / len(p)) for t, p in self._postings.items()}
        self._unknown_idf = math.log(1 + n)
        self._expanded = {s: self._expand(s) for s in SYNONYMS}
        self._impact = {
            s: _by_weight(p) for s, p in (*self._postings.items(), *self._expanded.items())
        }

    def _index(self, topic: Topic) -> None:
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
            stems = {s for text in texts for s in polar_stems(words(text), NOISE)}
            for s in stems - NOISE_STEMS - NEGATIONS:
                postings = self._postings[s]
                postings[topic.id] = max(postings.get(topic.id, 0.0), FIELD_WEIGHTS[name])

    def _expand(self, s: str) -> dict[str, float]:
        """A word's postings merged with its synonyms' (at a lower weight)."""
        gained = dict(self._postings.get(s, {}))
        for syn in SYNONYMS[s]:
            for tid, w in self._postings.get(syn, {}).items():
                if w * SYNONYM_WEIGHT > gained.get(tid, 0.0):
                    gained[tid] = w * SYNONYM_WEIGHT
        return gained

    def vocabulary(self) -> frozenset[str]:
        """Every stem the knowledge uses."""
        return frozenset(self._postings)

    def weight(self, s: str) -> float:
        """A word's information: its IDF; a word no topic uses counts half (usually filler)."""
        idf = self._idf.get(s)
        return idf if idf is not None else 0.5 * self._unknown_idf

    def field_weight(self, s: str, topic_id: str) -> float:
        """How strongly a word belongs to a topic: 1 in its keywords down to 0.4 in a fact, else 0."""
        return self._postings.get(s, {}).get(topic_id, 0.0)

    def topics_with(self, s: str) -> dict[str, float]:
        """The topics a word appears in, with its field weight in each."""
        return self._postings.get(s, {})

    def scores(self, stems: list[str]) -> dict[str, float]:
        """For each candidate topic, the share of the question's information its text holds (0..1).
        Candidates come from impact-ordered postings of the rarer words first: every topic in a
        small knowledge base, and a bounded pool in a large one, whatever the common words."""
        unique = list(dict.fromkeys(stems))
        weights = [self.weight(s) for s in unique]
        total = sum(weights)
        if not unique or total == 0:
            return {}
        lists = [self._expanded.get(s) or self._postings.get(s, {}) for s in unique]
        candidates: set[str] = set()
        for s in sorted(unique, key=lambda s: len(self._impact.get(s, ()))):
            if len(candidates) >= POOL:
                break
            candidates.update(self._impact.get(s, ())[: POOL - len(candidates)])
        return {
            tid: sum(w * p.get(tid, 0.0) for w, p in zip(weights, lists, strict=True)) / total
            for tid in candidates
        }

    def phrase_coverage(self, stems: list[str], topic_ids: Iterable[str]) -> dict[str, float]:
        """For each topic, the share of the question's information its describing phrases (its
        keywords and summary) hold, half from the best single phrase and half from all of them:
        "store docker images" covers "where do I store my docker images" whole."""
        unique = list(dict.fromkeys(stems))
        weights = [self.weight(s) for s in unique]
        total = sum(weights)
        cover: dict[str, float] = {}
        for tid in topic_ids:
            phrases = self._phrases.get(tid, [])
            best = max((_covered(unique, weights, p) for p in phrases), default=0.0)
            bag = _covered(unique, weights, frozenset().union(*phrases))
            cover[tid] = (best + bag) / 2 / total if total else 0.0
        return cover

    def fact_score(
        self, text: str, keywords: Iterable[str], tags: Iterable[str], stems: list[str]
    ) -> float:
        """How well one fact (or comparison row) answers the question's words (0..1)."""
        strong, weak = self.terms(text, tuple(keywords), tuple(tags))
        total = score = 0.0
        for s in dict.fromkeys(stems):
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

    def terms(self, text: str, keywords: tuple[str, ...], tags: tuple[str, ...]) -> Terms:
        """A fact's strong words (its keywords) and weak ones (its text and tags), stemmed once."""
        key = (text, keywords, tags)
        terms = self._fact_terms.get(key)
        if terms is None:
            strong = frozenset(stem(w) for k in keywords for w in words(k))
            tagged = frozenset().union(*(TAG_STEMS.get(t, frozenset()) for t in tags))
            terms = (strong, frozenset(stem(w) for w in words(text)) | tagged)
            self._fact_terms[key] = terms
        return terms


def _covered(stems: list[str], weights: list[float], phrase: frozenset[str]) -> float:
    got = 0.0
    for s, w in zip(stems, weights, strict=True):
        if s in phrase:
            got += w
        elif SYNONYMS.get(s, frozenset()) & phrase:
            got += w * SYNONYM_WEIGHT
    return got


def _by_weight(postings: dict[str, float]) -> list[str]:
    """Topic ids, the ones where the word weighs most first (an impact-ordered posting list)."""
    return sorted(postings, key=lambda t: (-postings[t], t))
