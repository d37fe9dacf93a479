"""Posting lists for the text index, stored lean: which topics (by number) hold a word, and at what
weight level, in flat arrays of a few bytes per topic instead of a dictionary entry per topic."""

from __future__ import annotations

from array import array
from collections.abc import Iterator
from itertools import compress

FIELD_WEIGHTS = {"keywords": 1.0, "summary": 0.7, "fact_keywords": 0.55, "facts": 0.4}
SYNONYM_WEIGHT = 0.6

LEVELS = (
    0.0,
    *sorted(
        {*FIELD_WEIGHTS.values(), *(w * SYNONYM_WEIGHT for w in FIELD_WEIGHTS.values())},
        reverse=True,
    ),
)
"""The weights a word can have in a topic, heaviest first; a posting stores the level's number and
level 0 means "not in the topic". Equal weights are equal floats, so scores come out exactly as
they would from the weights themselves."""
LEVEL_OF = {w: i for i, w in enumerate(LEVELS)}
_ONLY = [bytes(1 if b == level else 0 for b in range(256)) for level in range(len(LEVELS))]
DENSE_SHARE = 8
"""A word in at least 1/8 of the topics keeps a level byte per topic (at most 8 bytes a posting) for
direct lookup; a rarer one keeps only its list and is looked up by search."""


class Postings:
    """One word's topics: numbers in impact order (heaviest level first, then topic number) with
    their levels; a common word also has `dense`, a level per topic number."""

    __slots__ = ("dense", "impact", "levels")

    def __init__(self, impact: array, levels: bytes, dense: bytearray | None) -> None:
        self.impact, self.levels, self.dense = impact, levels, dense

    @classmethod
    def from_pairs(cls, numbers: array, levels: bytearray, topics: int) -> Postings:
        """From topic numbers in ascending order and their levels."""
        impact = array("I")
        for level in sorted(set(levels)):
            impact.extend(compress(numbers, levels.translate(_ONLY[level])))
        dense = None
        if len(numbers) * DENSE_SHARE >= topics:
            dense = bytearray(topics)
            for n, level in zip(numbers, levels, strict=True):
                dense[n] = level
        return cls(impact, bytes(sorted(levels)), dense)

    @classmethod
    def from_dense(cls, dense: bytearray) -> Postings:
        impact, levels = array("I"), bytearray()
        for level in range(1, len(LEVELS)):
            if level in dense:
                before = len(impact)
                impact.extend(compress(range(len(dense)), dense.translate(_ONLY[level])))
                levels.extend(bytes([level]) * (len(impact) - before))
        return cls(impact, bytes(levels), dense)

    def __len__(self) -> int:
        return len(self.impact)

    def level(self, number: int) -> int:
        """The topic's level for this word (0: the word is not in it)."""
        if self.dense is not None:
            return self.dense[number]
        try:
            return self.levels[self.impact.index(number)]
        except ValueError:
            return 0

    def runs(self) -> Iterator[tuple[int, array]]:
        """(level, topic numbers at that level), heaviest level first."""
        start = 0
        for level in range(1, len(LEVELS)):
            count = self.levels.count(level)
            if count:
                yield level, self.impact[start : start + count]
                start += count

    def add_to(self, scored: dict[int, float], weight: float) -> None:
        """Adds this word's weight times its level to each scored topic's sum (in place)."""
        if self.dense is not None:
            dense = self.dense
            for n in scored:
                scored[n] += weight * LEVELS[dense[n]]
            return
        for n, level in zip(self.impact, self.levels, strict=True):
            if n in scored:
                scored[n] += weight * LEVELS[level]


NO_TOPICS = Postings(array("I"), b"", None)


def merged_with_synonyms(own: Postings, synonyms: list[Postings], topics: int) -> Postings:
    """A word's postings with its synonyms' merged in a level lower (a synonym weighs 0.6)."""
    contributions = [run for p in synonyms for run in _lowered(p)] + list(own.runs())
    gained: dict[int, int] = {}
    for level, numbers in sorted(contributions, key=lambda run: -run[0]):  # heavier ones last win
        gained.update(dict.fromkeys(numbers, level))
    ordered = array("I", sorted(gained))
    return Postings.from_pairs(ordered, bytearray(map(gained.__getitem__, ordered)), topics)


def _lowered(p: Postings) -> Iterator[tuple[int, array]]:
    for level, numbers in p.runs():
        yield LEVEL_OF[LEVELS[level] * SYNONYM_WEIGHT], numbers


class PostingsBuilder:
    """Collects each topic's word levels, topic by topic in number order; a word switches to one
    byte per topic once it is common, so the build never holds a dictionary entry per posting."""

    def __init__(self, topics: int) -> None:
        self._topics = topics
        self._common = max(1, -(-topics // DENSE_SHARE))
        self._sparse: dict[str, tuple[array, bytearray]] = {}
        self._dense: dict[str, bytearray] = {}

    def add(self, number: int, levels: dict[str, int]) -> None:
        """One topic's words with their levels (topics added in ascending number)."""
        dense, sparse = self._dense, self._sparse
        for s, level in levels.items():
            row = dense.get(s)
            if row is not None:
                row[number] = level
                continue
            got = sparse.get(s)
            if got is None:
                sparse[s] = (array("I", (number,)), bytearray((level,)))
                continue
            got[0].append(number)
            got[1].append(level)
            if len(got[1]) >= self._common:
                dense[s] = _spread(*got, self._topics)
                del sparse[s]

    def build(self) -> dict[str, Postings]:
        built = {s: Postings.from_pairs(n, lv, self._topics) for s, (n, lv) in self._sparse.items()}
        built.update((s, Postings.from_dense(row)) for s, row in self._dense.items())
        self._sparse, self._dense = {}, {}
        return built


def _spread(numbers: array, levels: bytearray, topics: int) -> bytearray:
    row = bytearray(topics)
    for n, level in zip(numbers, levels, strict=True):
        row[n] = level
    return row
