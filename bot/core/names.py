"""Finding the topics a question names: titles and aliases, exactly or with a typo."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.core.knowledge import Topic
from bot.core.text import fold, stem, words
from bot.core.vocabulary import NOISE

LONGEST_NAME = 4
"""Names are looked for in runs of up to this many words, longest first."""


@dataclass(frozen=True)
class Mention:
    """A topic named in the question at words [start, end), exactly (score 1) or with a typo."""

    topic_id: str
    start: int
    end: int
    score: float


class NameIndex:
    """Every topic's title and aliases, for exact lookup and for typo-tolerant lookup. Typo
    candidates are bucketed by word count, first letter and length, so a lookup compares a
    handful of names however many topics there are."""

    def __init__(self, topics: Iterable[Topic], known: frozenset[str] = frozenset()) -> None:
        self._exact: dict[tuple[str, ...], set[str]] = defaultdict(set)
        self._fuzzy: dict[tuple[int, str, int], dict[str, set[str]]] = defaultdict(dict)
        self._known = known
        self._longest: dict[str, int] = {}
        """A name's first word (and its stem) to the most words a name starting with it has."""
        for topic in topics:
            for name in {topic.title, *topic.aliases}:
                self._add(name, topic.id)

    @classmethod
    def exact(cls, names: Iterable[tuple[str, Iterable[str]]]) -> NameIndex:
        """An index of (id, names) pairs that only matches names exactly (or by their stems):
        for names outside the knowledge, where a near miss is more often another word."""
        index = cls(())
        for key, aliases in names:
            for name in aliases:
                words_ = tuple(words(name))
                if words_:
                    index._exact[words_].add(key)
                    index._exact[tuple(stem(w) for w in words_)].add(key)
                    index._starts(words_)
        return index

    def _add(self, name: str, topic_id: str) -> None:
        key = tuple(words(name))
        if not key:
            return
        self._exact[key].add(topic_id)
        self._exact[tuple(stem(w) for w in key)].add(topic_id)
        self._starts(key)
        joined = " ".join(key)
        if len(joined) >= 5:
            bucket = self._fuzzy[(len(key), joined[0], len(joined))]
            bucket.setdefault(joined, set()).add(topic_id)

    def _starts(self, key: tuple[str, ...]) -> None:
        for first in (key[0], stem(key[0])):
            self._longest[first] = max(self._longest.get(first, 0), len(key))

    def find(self, tokens: list[str], stems: list[str]) -> list[Mention]:
        """The names in a question, longest first, never two over the same words. Only words
        that can start a name (exactly, or as a typo of an unknown word) are looked at, so a
        120-word paragraph costs little more than a short question."""
        candidates: list[tuple[int, int, list[Mention]]] = []
        starting, fuzzy, known = self._longest, bool(self._fuzzy), self._known
        for start, (token, s) in enumerate(zip(tokens, stems, strict=True)):
            by_token, by_stem = starting.get(token, 0), starting.get(s, 0)
            longest = by_token if by_token >= by_stem else by_stem
            if longest:
                longest = min(longest, LONGEST_NAME)
            elif fuzzy and s not in known and token not in NOISE:
                longest = 1  # a typo of a name's first word ("lmabda", "farghate")
            else:
                continue
            for size in range(min(longest, len(tokens) - start), 0, -1):
                mentions = self._name_at(tokens, stems, start, size)
                if mentions:
                    candidates.append((size, start, mentions))
                    break
        found: list[Mention] = []
        taken: set[int] = set()
        for size, start, mentions in sorted(candidates, key=lambda c: (-c[0], c[1])):
            span = set(range(start, start + size))
            if not span & taken:
                found.extend(mentions)
                taken |= span
        return sorted(found, key=lambda m: m.start)

    def _name_at(self, tokens: list[str], stems: list[str], start: int, size: int) -> list[Mention]:
        end = start + size
        gram = tuple(tokens[start:end])
        ids = self._exact.get(gram) or self._exact.get(tuple(stems[start:end]))
        if ids:
            return [Mention(t, start, end, 1.0) for t in sorted(ids)]
        if all(w in NOISE for w in gram) or (size == 1 and gram[0] in NOISE):
            return []
        if all(s in self._known for s in stems[start:end]):
            return []  # words the knowledge itself uses are not typos of a name
        joined = " ".join(gram)
        best = self._nearest(joined, size) if len(joined) >= 5 else None
        if best is None:
            return []
        name, distance, topic_ids = best
        score = 1.0 - distance / max(len(joined), len(name))
        return [Mention(t, start, end, score) for t in sorted(topic_ids)]

    def _nearest(self, typed: str, size: int) -> tuple[str, float, set[str]] | None:
        allowed = 1 if len(typed) < 6 else 2 if len(typed) < 16 else 3
        best: tuple[str, float, set[str]] | None = None
        for length in range(len(typed) - allowed, len(typed) + allowed + 1):
            bucket = self._fuzzy.get((size, typed[0], length))
            if not bucket:
                continue
            found = process.extractOne(
                typed, bucket.keys(), scorer=OSA.distance, score_cutoff=allowed
            )
            plausible = found is not None and plausible_typo(typed, found[0], found[1])
            if found and plausible and (best is None or found[1] < best[1]):
                best = (found[0], found[1], bucket[found[0]])
        return best


def plausible_typo(typed: str, name: str, distance: float) -> bool:
    """One slip anywhere; two only in a longer name whose first two letters are right; three only
    in a long multi-word name ("elastic contianer regsitry")."""
    if distance <= 1:
        return True
    if distance == 2:
        return len(typed) >= 6 and typed[:2] == name[:2]
    return len(typed) >= 16


def complete_titles(topics: Iterable[Topic], typed: str, limit: int = 25) -> list[str]:
    """Titles for an autocomplete box: topics whose title or an alias contains what was typed so
    far, services first, then names with a word starting with it, then alphabetically."""
    wanted = fold(typed.strip())
    ranked = []
    for topic in topics:
        names = [fold(name) for name in (topic.title, *topic.aliases)]
        if wanted and not any(wanted in name for name in names):
            continue
        word_start = any(word.startswith(wanted) for name in names for word in name.split())
        ranked.append(
            (topic.kind != "service", not word_start, topic.title.casefold(), topic.title)
        )
    return [title for *_, title in sorted(ranked)[:limit]]
