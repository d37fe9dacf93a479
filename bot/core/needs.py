"""Which service fits a described need: ranking the choosing guides against a scenario question."""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass

from bot.core.knowledge import KnowledgeBase, Limit, Need, Quantity, Uncovered
from bot.core.text import polar_stems, stem, words
from bot.core.vocabulary import NOISE, NOISE_STEMS, SYNONYMS

# How strongly a word in each field of a service's knowledge points to it.
NEED_WEIGHTS = {"need": 1.0, "keywords": 0.6, "summary": 0.6, "facts": 0.3}
SYNONYM_WEIGHT = 0.5
UNKNOWN_WEIGHT = 0.5
"""How much a word no service's knowledge uses dilutes the fit: "reverse a linked list in
python" shares only "python" with the knowledge and fits no service."""
_BEST_NEEDS = 2
_DECIDING = 2.0
_RULED_OUT = 0.45
"""A service that a limit rules out keeps this share of its score: still rankable, rarely first."""

_NUMBER = r"(\d+(?:[.,]\d+)?)\s*-?\s*"
_DURATION = re.compile(
    _NUMBER + r"(ms|milliseconds?|s|secs?|seconds?|mins?|minutes?|h|hrs?|hours?|days?|weeks?)\b"
)
_SIZE = re.compile(_NUMBER + r"(mb|mib|gb|gib|tb|tib)\b")
_VCPU = re.compile(_NUMBER + r"(v?cpus?|vcores?|cores?)\b")
_SECONDS = {
    "ms": 0.001,
    "mil": 0.001,
    "s": 1,
    "sec": 1,
    "min": 60,
    "h": 3600,
    "hr": 3600,
    "hou": 3600,
    "d": 86400,
    "day": 86400,
    "w": 604800,
    "wee": 604800,
}
_NOT_RUN_TIME = frozenset("every each per within after before ago old last expire expires".split())
_MORE_THAN = re.compile(
    r"(?:(?:more|longer|greater|bigger|larger) than|over|above|beyond|exceeds?|>)\s*$"
)
_RUN_WORDS = frozenset(
    "run runs running ran take takes taking took last lasts lasting process processing "
    "execute executes execution duration".split()
)
_JOB_WORDS = frozenset("job jobs task tasks run runs process workload execution build step".split())
_MEMORY_WORDS = frozenset("memory ram".split())
_DISK_WORDS = frozenset("disk storage scratch ephemeral tmp volume".split())
_PAYLOAD_WORDS = frozenset("payload payloads request requests body response responses".split())


def quantities(text: str) -> dict[Quantity, float]:
    """The run time (minutes), memory, disk and payload sizes and vCPUs a question asks for:
    "each step runs for about 30 hours on 96 vCPUs with 384 GB of memory"."""
    low = text.lower()
    found: dict[Quantity, float] = {}
    for m in _DURATION.finditer(low):
        before = words(low[max(0, m.start() - 40) : m.start()])[-5:]
        after = words(low[m.end() : m.end() + 25])[:2]
        if (before and before[-1] in _NOT_RUN_TIME) or not (
            _RUN_WORDS & set(before) or _JOB_WORDS & set(after)
        ):
            continue  # "every 30 days" is a schedule, "cache for 5 minutes" no run time
        unit = m.group(2)
        scale = _SECONDS.get(unit[:3], _SECONDS.get(unit[:2], _SECONDS.get(unit[0], 1)))
        _most(found, "minutes", _number(m.group(1)) * scale / 60 * _beyond(low, m.start()))
    for m in _SIZE.finditer(low):
        gb = _number(m.group(1)) * {"m": 1 / 1024, "g": 1, "t": 1024}[m.group(2)[0]]
        gb *= _beyond(low, m.start())
        after = [w for w in words(low[m.end() : m.end() + 30]) if w not in ("of", "in")][:2]
        near = set(after) | set(words(low[max(0, m.start() - 20) : m.start()])[-2:])
        for kind, cue in (("memory_gb", _MEMORY_WORDS), ("disk_gb", _DISK_WORDS)):
            if near & cue:
                _most(found, kind, gb)  # type: ignore[arg-type]
        if near & _PAYLOAD_WORDS:
            _most(found, "payload_mb", gb * 1024)
    for m in _VCPU.finditer(low):
        _most(found, "vcpus", _number(m.group(1)))
    return found


def _beyond(low: str, start: int) -> float:
    """ "more than 10 GB" asks for a little more than 10: just enough to break a 10 GB limit."""
    return 1.001 if _MORE_THAN.search(low[max(0, start - 16) : start]) else 1.0


def _number(text: str) -> float:
    return float(text.replace(",", ""))


def _most(found: dict[Quantity, float], kind: Quantity, value: float) -> None:
    found[kind] = max(found.get(kind, 0.0), value)


@dataclass(frozen=True)
class Ranked:
    """One candidate for a need: a covered service (by topic id) or an uncovered one."""

    key: str
    score: float
    needs: tuple[Need, ...] = ()
    ruled_out: Limit | None = None
    uncovered: Uncovered | None = None
    words: int = 0
    """How many of the question's words the best single need (or description) holds."""
    share: float = 0.0
    """The share of the question's information the best single need (or description) holds."""


class NeedIndex:
    """Stemmed words to the services whose choosing guides, keywords, summaries and facts use
    them, with IDF; uncovered services take part through what they are for, so a need that
    belongs to S3 is recognised as S3's and declined."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self._postings: dict[str, dict[str, float]] = defaultdict(dict)
        self._needs: dict[str, list[Need]] = defaultdict(list)
        self._in_needs: dict[str, list[tuple[str, int]]] = defaultdict(list)
        self._limits = {sid: guide.ruled_out for sid, guide in kb.choosing.items()}
        self._limit_terms = {
            id(lim): [_sequence(w) for w in lim.when]
            for guide in kb.choosing.values()
            for lim in guide.ruled_out
        }
        self._phrases = frozenset(seq for seqs in self._limit_terms.values() for seq in seqs if seq)
        self.uncovered = {f"x:{u.name}": u for u in kb.uncovered}
        for sid, guide in kb.choosing.items():
            topic = kb.topics[sid]
            for need in guide.chosen_for:
                terms = frozenset(_stems(" ".join([need.text, *need.asks])))
                for t in terms:
                    self._in_needs[t].append((sid, len(self._needs[sid])))
                self._needs[sid].append(need)
                self._post(terms, sid, "need")
            self._post(_stems(" ".join(topic.keywords)), sid, "keywords")
            self._post(_stems(topic.summary), sid, "summary")
            self._post(_stems(" ".join(f.text for f in topic.facts)), sid, "facts")
        self._about = {key: frozenset(_stems(u.about)) for key, u in self.uncovered.items()}
        for key, terms in self._about.items():
            self._post(terms, key, "need")
        n = len(kb.choosing) + len(self.uncovered)
        self._idf = {s: math.log(1 + n / len(p)) for s, p in self._postings.items()}
        self._expanded = {s: self._expand(s) for s in {*self._postings, *SYNONYMS}}

    def _post(self, stems: set[str] | frozenset[str], key: str, field: str) -> None:
        weight = NEED_WEIGHTS[field]
        for s in stems:
            postings = self._postings[s]
            postings[key] = max(postings.get(key, 0.0), weight)

    @property
    def services(self) -> list[str]:
        return list(self._needs)

    def rank(self, polar: list[str], amounts: dict[Quantity, float]) -> list[Ranked]:
        """Every candidate, best first: the share of the question's information its knowledge
        holds, plus how much its two best-fitting needs cover; a limit the question breaks
        (a 4-hour job for Lambda, a GPU for Fargate) cuts a service's score."""
        content = [s for s in dict.fromkeys(polar) if s not in NOISE_STEMS and not s[:1].isdigit()]
        stems = [s for s in content if s in self._idf or s in SYNONYMS]
        weights = {s: self._idf.get(s, 1.0) for s in stems}
        present = _present(polar)
        said = self._phrases_in(present)
        for s in self._deciding(said):  # "needs GPUs" rules some out and decides the rest
            if s in weights:
                weights[s] *= _DECIDING
        unknown = UNKNOWN_WEIGHT * (len(content) - len(stems))  # words no service's text uses
        total = sum(weights.values()) + unknown or 1.0
        scores: dict[str, float] = defaultdict(float)
        for s in stems:
            share = weights[s] / total
            for key, w in self._expanded[s]:
                scores[key] += share * w
        hits: dict[str, dict[int, float]] = {}
        counts: dict[tuple[str, int], int] = defaultdict(int)
        for s in stems:
            weight = weights[s]
            for key, i in self._in_needs.get(s, ()):
                of_key = hits.setdefault(key, {})
                of_key[i] = of_key.get(i, 0.0) + weight
                counts[key, i] += 1
        asked = set(stems)
        ranked = [
            self._score(key, base, asked, weights, total, amounts, said, hits.get(key, {}), counts)
            for key, base in scores.items()
        ]
        return sorted(ranked, key=lambda r: (-r.score, r.key))

    def _expand(self, s: str) -> tuple[tuple[str, float], ...]:
        """A word's postings merged with its synonyms' (at a lower weight)."""
        own = dict(self._postings.get(s, {}))
        for syn in SYNONYMS.get(s, ()):
            for key, w in self._postings.get(syn, {}).items():
                own[key] = max(own.get(key, 0.0), w * SYNONYM_WEIGHT)
        return tuple(own.items())

    def _score(self, key, base, stems, weights, total, amounts, said, hits, counts) -> Ranked:
        if key in self.uncovered:
            shared = self._about[key] & stems
            cover = sum(weights[s] for s in shared) / total
            return Ranked(
                key, base + cover, uncovered=self.uncovered[key], words=len(shared), share=cover
            )
        fits = sorted(hits.items(), key=lambda x: (-x[1], x[0]))[:_BEST_NEEDS]
        cover = sum(hit for _, hit in fits) / total
        score = base + cover
        limit = self._breaks(key, amounts, said)
        if limit is not None:
            score *= _RULED_OUT
        needs = tuple(self._needs[key][i] for i, hit in fits if hit > 0)
        most = max((counts[key, i] for i, _ in fits), default=0)
        share = fits[0][1] / total if fits else 0.0
        return Ranked(key, score, needs, ruled_out=limit, words=most, share=share)

    def _phrases_in(self, present: str) -> frozenset[str]:
        """The limit phrases the question contains, each found once for every service."""
        return frozenset(seq for seq in self._phrases if f" {seq} " in present)

    def _deciding(self, said: frozenset[str]) -> set[str]:
        """The stems of limit phrases the question contains: the detail that decides it."""
        return {s for seq in said for s in seq.split()}

    def breaks(self, key: str, amounts: dict[Quantity, float], polar: list[str]) -> Limit | None:
        """The first limit of a service that the question's numbers or words break."""
        return self._breaks(key, amounts, self._phrases_in(_present(polar)))

    def _breaks(
        self, key: str, amounts: dict[Quantity, float], said: frozenset[str]
    ) -> Limit | None:
        for limit in self._limits.get(key, []):
            if any(amounts.get(q, 0.0) > most for q, most in limit.above.items()):
                return limit
            if any(0 < amounts.get(q, 0.0) < least for q, least in limit.below.items()):
                return limit
            if said and any(seq in said for seq in self._limit_terms[id(limit)]):
                return limit
        return None


def _present(polar: list[str]) -> str:
    """A question's content stems as one string, to look for a limit's phrase as a run."""
    return " " + " ".join(s for s in polar if s not in NOISE_STEMS) + " "


def _sequence(phrase: str) -> str:
    """A phrase's content stems in order, to find it as a run in a question."""
    return " ".join(s for s in polar_stems(words(phrase), NOISE) if s not in NOISE_STEMS)


def _stems(text: str) -> set[str]:
    return {s for s in polar_stems(words(text), NOISE) if s not in NOISE_STEMS} - {
        stem(w) for w in NOISE
    }
