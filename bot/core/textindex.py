"""The weighted text index over topics: which topics a question's words point to, and how much.

Kept lean so it stays small with many topics: topics are numbered, a word's postings are flat
arrays (bot.core.postings), and phrases and facts keep their words as short strings of word
numbers, one character a word, instead of sets of strings."""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping
from functools import lru_cache
from typing import NamedTuple

from bot.core.knowledge import KnowledgeBase, Topic
from bot.core.postings import (
    FIELD_WEIGHTS,
    LEVEL_OF,
    LEVELS,
    NO_TOPICS,
    SYNONYM_WEIGHT,
    Postings,
    PostingsBuilder,
    merged_with_synonyms,
)
from bot.core.text import NEGATIONS, fold, polar_stems, stem, words
from bot.core.vocabulary import NOISE, NOISE_STEMS, SYNONYMS, TAG_STEMS

__all__ = ["FIELD_WEIGHTS", "POOL", "SYNONYM_WEIGHT", "TextIndex"]

POOL = 300
"""At most this many topics are scored per question (all of them in a small knowledge base)."""

Terms = tuple[frozenset[str], frozenset[str], frozenset[str]]
"""A fact's strong words (keywords), its tags' words, and its text's words, stemmed."""
_SEPARATOR = "\0"
_UNKNOWN = "\U0010ffff"
"""The number of a word no topic holds; real words number from 1 up, far below it."""
_UNINDEXED = NOISE_STEMS | NEGATIONS
_BOUNDARY = "qz0textboundary0qz"


class Weighed(NamedTuple):
    """A question's distinct words as (stem, IDF, synonyms), and their IDF total."""

    words: tuple[tuple[str, float, frozenset[str]], ...]
    total: float


class TextIndex:
    """Stemmed words to topics, by field weight, with IDF; synonyms merged in at build time."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self._ids = sorted(kb.topics)
        self._numbers = {tid: n for n, tid in enumerate(self._ids)}
        self._codes: dict[str, str] = {}
        self._phrases: list[str] = []
        builder = PostingsBuilder(len(self._ids))
        stems = _StemCache()
        for n, tid in enumerate(self._ids):
            for level, words_ in self._levels(kb.topics[tid], stems):
                builder.add(n, level, words_)
        self._postings = builder.build()
        n = max(len(self._ids), 1)
        self._idf = {t: math.log(1 + n / len(p)) for t, p in self._postings.items()}
        self._unknown_idf = math.log(1 + n)
        self._expanded = {
            s: merged_with_synonyms(
                self._postings.get(s, NO_TOPICS),
                [self._postings.get(syn, NO_TOPICS) for syn in sorted(syns)],
                len(self._ids),
            )
            for s, syns in SYNONYMS.items()
        }
        self._synonym_codes = {s: self._encode(syn) for s, syn in SYNONYMS.items()}

    def _encode(self, stems: Iterable[str]) -> str:
        """Stems as a string of word numbers, numbering new ones (0 separates phrases)."""
        codes, unique = self._codes, set(stems)
        for s in unique.difference(codes):
            codes[s] = chr(len(codes) + 1)
        return "".join(map(codes.__getitem__, unique))

    def _levels(self, topic: Topic, stems: _StemCache) -> list[tuple[int, set[str]]]:
        """The topic's words by weight level, each at its heaviest field's level only; its
        describing phrases are kept too."""
        facts = [f.text for f in topic.facts]
        facts += [v for d in topic.dimensions for v in d.values.values()]
        fact_keywords = [k for f in topic.facts for k in f.keywords]
        fact_keywords += [k for d in topic.dimensions for k in (*d.keywords, d.name)]
        each = _each_words([*topic.keywords, topic.summary, *facts, *fact_keywords])
        split = len(topic.keywords) + 1
        phrases = [_polar(tokens, stems) for tokens in each[:split]]
        self._phrases.append(_SEPARATOR.join(map(self._encode, phrases)))
        taken = set(_UNINDEXED)
        fields = [  # heaviest first: a word weighs what its heaviest field does
            ("keywords", set().union(*phrases[:-1])),
            ("summary", set(phrases[-1])),
            ("fact_keywords", _stem_set(each[split + len(facts) :], stems)),
            ("facts", _stem_set(each[split : split + len(facts)], stems)),
        ]
        levels = []
        for name, words_ in fields:
            words_ -= taken
            taken |= words_
            levels.append((LEVEL_OF[FIELD_WEIGHTS[name]], words_))
        return levels

    def vocabulary(self) -> frozenset[str]:
        """Every stem the knowledge uses."""
        return frozenset(self._postings)

    def weight(self, s: str) -> float:
        """A word's information: its IDF; a word no topic uses counts half (usually filler)."""
        idf = self._idf.get(s)
        return idf if idf is not None else 0.5 * self._unknown_idf

    def field_weight(self, s: str, topic_id: str) -> float:
        """How strongly a word belongs to a topic: 1 in its keywords down to 0.4 in a fact, else 0."""
        p, n = self._postings.get(s), self._numbers.get(topic_id)
        return LEVELS[p.level(n)] if p is not None and n is not None else 0.0

    def topics_with(self, s: str) -> Mapping[str, float]:
        """The topics a word appears in, with its field weight in each."""
        return _TopicWeights(self._postings.get(s, NO_TOPICS), self._ids, self._numbers)

    def scores(self, stems: list[str]) -> dict[str, float]:
        """For each candidate topic, the share of the question's information its text holds (0..1).
        Candidates come from impact-ordered postings of the rarer words first: every topic in a
        small knowledge base, and a bounded pool in a large one, whatever the common words."""
        unique = list(dict.fromkeys(stems))
        weights = [self.weight(s) for s in unique]
        total = sum(weights)
        if not unique or total == 0:
            return {}
        lists = [self._expanded.get(s) or self._postings.get(s, NO_TOPICS) for s in unique]
        candidates: set[int] = set()
        for p in sorted(lists, key=len):
            if len(candidates) >= POOL:
                break
            candidates.update(p.impact[: POOL - len(candidates)])
        scored = dict.fromkeys(candidates, 0.0)
        for w, p in zip(weights, lists, strict=True):
            p.add_to(scored, w)
        return {self._ids[n]: score / total for n, score in scored.items()}

    def phrase_coverage(self, stems: list[str], topic_ids: Iterable[str]) -> dict[str, float]:
        """For each topic, the share of the question's information its describing phrases (its
        keywords and summary) hold, half from the best single phrase and half from all of them:
        "store docker images" covers "where do I store my docker images" whole."""
        unique = list(dict.fromkeys(stems))
        weights = [self.weight(s) for s in unique]
        total = sum(weights)
        asked = [(*self._asked(s), w) for s, w in zip(unique, weights, strict=True)]
        cover: dict[str, float] = {}
        for tid in topic_ids:
            n = self._numbers.get(tid)
            joined = self._phrases[n] if n is not None else ""
            phrases = joined.split(_SEPARATOR) if joined else []
            best = max((_covered(asked, p) for p in phrases), default=0.0)
            bag = _covered(asked, joined)
            cover[tid] = (best + bag) / 2 / total if total else 0.0
        return cover

    def fact_score(
        self, text: str, keywords: Iterable[str], tags: Iterable[str], stems: list[str]
    ) -> float:
        """How well one fact (or comparison row) answers the question's words (0..1)."""
        return self.score_fact(self.weigh(stems), text, keywords, tags)

    def weigh(self, stems: list[str]) -> Weighed:
        """The question's distinct words with their IDF and synonyms, and the IDF total: worked
        out once per question, not once per fact it is scored against."""
        asked = []
        total = 0.0
        for s in dict.fromkeys(stems):
            idf = self._idf.get(s, self._unknown_idf)
            total += idf
            asked.append((s, idf, SYNONYMS.get(s, frozenset())))
        return Weighed(tuple(asked), total)

    def score_fact(
        self, weighed: Weighed, text: str, keywords: Iterable[str], tags: Iterable[str]
    ) -> float:
        """fact_score with the question already weighed."""
        strong, tagged, weak = self.terms(text, tuple(keywords), tuple(tags))
        score = 0.0
        for s, idf, syn in weighed.words:
            if s in strong:
                score += idf
            elif s in tagged:  # "what does ecr charge for": the pricing fact, not "no extra charge"
                score += 0.8 * idf
            elif s in weak:
                score += 0.7 * idf
            elif syn and syn & strong:
                score += 0.6 * idf
            elif syn and syn & weak:
                score += 0.4 * idf
        return score / weighed.total if weighed.total else 0.0

    def _asked(self, s: str) -> tuple[str, str]:
        """A question's stem as a word number (or one no phrase holds), and its synonyms'."""
        return self._codes.get(s, _UNKNOWN), self._synonym_codes.get(s, "")

    @staticmethod
    def terms(text: str, keywords: tuple[str, ...], tags: tuple[str, ...]) -> Terms:
        """A fact's strong words (its keywords) and weak ones (its text and tags), stemmed."""
        return _fact_terms(text, keywords, tags)


class _TopicWeights(Mapping[str, float]):
    """A word's topics by id with their field weights, read from its postings."""

    def __init__(self, postings: Postings, ids: list[str], numbers: dict[str, int]) -> None:
        self._postings, self._ids, self._numbers = postings, ids, numbers

    def __getitem__(self, topic_id: str) -> float:
        n = self._numbers.get(topic_id)
        level = 0 if n is None else self._postings.level(n)
        if not level:
            raise KeyError(topic_id)
        return LEVELS[level]

    def __iter__(self) -> Iterator[str]:
        return (self._ids[n] for n in self._postings.impact)

    def __len__(self) -> int:
        return len(self._postings)


class _StemCache(dict[str, str]):
    """Word to stem for one build: a knowledge base repeats its words, so each is stemmed once."""

    def __missing__(self, word: str) -> str:
        self[word] = got = stem(word)
        return got


def _polar(tokens: list[str], stems: _StemCache) -> list[str]:
    """Stems with negated ones marked; most texts hold no negation, and then it is plain stems."""
    if NEGATIONS.isdisjoint(tokens):
        return list(map(stems.__getitem__, tokens))
    return polar_stems(tokens, NOISE)


def _stem_set(texts: list[list[str]], stems: _StemCache) -> set[str]:
    """`set().union(*(_polar(t) for t in texts))`: the plain texts' words are stemmed once each."""
    plain = [t for t in texts if NEGATIONS.isdisjoint(t)]
    got = set(map(stems.__getitem__, set().union(*plain)))
    if len(plain) < len(texts):
        for tokens in texts:
            if not NEGATIONS.isdisjoint(tokens):
                got.update(polar_stems(tokens, NOISE))
    return got


def _each_words(texts: list[str]) -> list[list[str]]:
    """`[words(t) for t in texts]`, from one pass over all of them: the same words (no word spans
    a space), with a fraction of the calls. A text that holds the boundary mark is read alone."""
    joined = f" {_BOUNDARY} ".join(texts)
    if fold(joined).count(_BOUNDARY) != len(texts) - 1:
        return [words(t) for t in texts]
    tokens, each, start = words(joined), [], 0
    for _ in range(len(texts) - 1):  # each mark is a word of its own: it stands between spaces
        end = tokens.index(_BOUNDARY, start)
        each.append(tokens[start:end])
        start = end + 1
    each.append(tokens[start:])
    return each


@lru_cache(maxsize=4096)
def _fact_terms(text: str, keywords: tuple[str, ...], tags: tuple[str, ...]) -> Terms:
    """Worked out when a question first reaches the fact, not for every fact at build time: the
    facts of the topics being asked about stay cached, and the index stays small."""
    strong = frozenset(stem(w) for k in keywords for w in words(k))
    tagged = frozenset().union(*(TAG_STEMS.get(t, frozenset()) for t in tags))
    return strong, tagged, frozenset(stem(w) for w in words(text)) | tagged


def _covered(asked: list[tuple[str, str, float]], phrase: str) -> float:
    got = 0.0
    for code, syn, w in asked:
        if code in phrase:
            got += w
        elif syn and any(c in phrase for c in syn):
            got += w * SYNONYM_WEIGHT
    return got
