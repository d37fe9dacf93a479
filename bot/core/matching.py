"""Matching a free-text question to a topic, and to the fact or comparison row it asks for."""

from __future__ import annotations

import heapq
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Literal

from rapidfuzz import fuzz, process

from bot.core.concepts import DEFINE_CUES, ConceptIndex
from bot.core.knowledge import (
    Concept,
    Dimension,
    Fact,
    KnowledgeBase,
    Limit,
    Need,
    Topic,
    Uncovered,
)
from bot.core.names import Mention, NameIndex
from bot.core.needs import NeedIndex, quantities
from bot.core.scenario import asks_for_choice, pick
from bot.core.text import NEGATIONS, clean_message, polar_stems, stem, words
from bot.core.textindex import FIELD_WEIGHTS, TextIndex
from bot.core.verdict import asks_capability, is_polar, verdict
from bot.core.vocabulary import COMPARE_CUES, NOISE, NOISE_STEMS, SMALL_TALK, SYNONYMS, TAG_STEMS

MatchKind = Literal[
    "overview",
    "attribute",
    "compare",
    "scenario",
    "concept",
    "uncovered",
    "unknown",
    "smalltalk",
    "empty",
]

MAX_WORDS = 60
"""Questions that name a topic are matched on their first words: they are short."""
MAX_SCENARIO_WORDS = 200
"""A described scenario is read further (exam paragraphs run to 120 words), and no further."""

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
    needs: tuple[Need, ...] = ()
    rival: Topic | None = None
    rival_limit: Limit | None = None
    rival_note: str | None = None
    concepts: tuple[Concept, ...] = ()
    uncovered: Uncovered | None = None
    not_covered: tuple[str, ...] = ()
    verdict: str | None = None
    described: bool = False

    @property
    def matched(self) -> bool:
        return self.topic is not None or bool(self.compared)


_HOW_TO = re.compile(r"(?:\S+ ){0,2}how (?:do|can|should|would|to)\b")
_NAMED_OTHER = 0.6
_CHOOSING = frozenset("which should or choose pick better best instead whether".split())
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
    others: list[str] = field(default_factory=list)
    other_mentions: list[Mention] = field(default_factory=list)

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
        self._text = TextIndex(kb)
        self._pairs: dict[frozenset[str], str] = {}
        for topic in kb.topics.values():
            if topic.kind == "comparison":
                self._pairs.setdefault(frozenset(topic.compares), topic.id)
        self._own_names = {t.id: _name_stems(t) for t in kb.topics.values()}
        self._titles = {t.title: t.id for t in kb.topics.values() if t.kind == "service"}
        self._services = frozenset(self._titles.values())
        self._needs = NeedIndex(kb)
        self._concepts = ConceptIndex(kb.concepts)
        self._others = NameIndex.exact((u.name, [u.name, *u.aliases]) for u in kb.uncovered)
        self._uncovered = {u.name: u for u in kb.uncovered}
        known = self._text.vocabulary() | NOISE_STEMS
        self._names = NameIndex(kb.topics.values(), known)

    def match(self, question: str, context: str | None = None) -> Match:
        """The best reading of `question`; `kind == "unknown"` when nothing fits well enough.
        `context` is the topic the asker's previous question was about: a follow-up that names
        no service ("and its max memory?") is read as being about it."""
        cleaned = clean_message(question)
        tokens = words(cleaned)[:MAX_SCENARIO_WORDS]
        if not tokens:
            return Match(question, "empty", suggestions=self._suggest(""))
        scenario = asks_for_choice(cleaned, len({t for t in tokens if t not in NOISE}))
        if not scenario:
            tokens = tokens[:MAX_WORDS]
        if _DURATION.search(cleaned):
            tokens += ["duration", "time", "limit"]
        query = _Query(tokens, [stem(t) for t in tokens])
        query.mentions = self._names.find(query.tokens, query.stems)
        query.others = self._other_names(query)
        services = self._mentioned_services(query)
        return self._route(question, cleaned, query, services, scenario, context)

    def _route(
        self,
        question: str,
        cleaned: str,
        q: _Query,
        services: list[str],
        scenario: bool,
        context: str | None,
    ) -> Match:
        compares = len(services) >= 2 and self._wants_comparison(q, services)
        concepts = [] if scenario or compares else self._find_concepts(q, services)
        if concepts:
            return self._concept(question, concepts)
        if compares:
            if scenario or self._chooses_for_need(q):
                among = services if self._offers_choice(q) else None
                return self._scenario(question, cleaned, q, services, among=among)
            return self._comparison(question, q, services)
        if not services and q.others and not scenario:
            if self._about_other(q):
                return self._decline_uncovered(question, self._uncovered[q.others[0]])
            return self._scenario(question, cleaned, q, services)
        if scenario:
            return self._scenario(question, cleaned, q, services)
        if not services and context in self.kb.topics:
            followed = self._follow_up(question, q, context)
            if followed is not None:
                return followed
        found = self._single(question, cleaned, q, services)
        if services and found.topic is not None and found.topic.kind == "service":
            chosen = self._named_as_context(question, cleaned, q, services)
            if chosen is not None:
                return chosen
        if services and q.others and any(t in COMPARE_CUES for t in q.tokens):
            return replace(found, not_covered=tuple(dict.fromkeys(q.others)))
        if found.kind == "unknown" and len(set(q.residual())) >= 4:
            return self._scenario(question, cleaned, q, services, strict=True, fallback=found)
        return self._yes_no(q, cleaned, found)

    def _named_as_context(
        self, question: str, cleaned: str, q: _Query, services: list[str]
    ) -> Match | None:
        """ "cache responses before they reach our lambda backend" names Lambda as context: when
        no named service is the subject and another service's needs fit far better, that one."""
        if len(set(q.residual())) < 3 or any(_is_subject(q, m.topic_id) for m in q.mentions):
            return None
        found = self._scenario(question, cleaned, q, services, strict=True)
        if found.topic is None or found.topic.id in services:
            return None
        return found

    def _about_other(self, q: _Query) -> bool:
        """Whether an uncovered service is what the question is about ("what are step functions",
        "s3 pricing"), not plumbing in a need ("... its own iam permissions")."""
        return len(set(q.residual())) <= 3 or q.tokens[0] in DEFINE_CUES

    def _other_names(self, q: _Query) -> list[str]:
        """Uncovered services the question names, outside the covered names it contains."""
        taken = {i for m in q.mentions for i in range(m.start, m.end)}
        q.other_mentions = [
            m
            for m in self._others.find(q.tokens, q.stems)
            if not set(range(m.start, m.end)) & taken
        ]
        return [m.topic_id for m in q.other_mentions]

    def _side(self, topic: Topic, residual: list[str]) -> tuple[Fact, ...]:
        """One service's answer to a comparison with no card: its main fact on the asked aspect
        (its first pricing fact for "cheaper"), else its best-scoring fact."""
        words_ = set(residual) | {syn for s in residual for syn in SYNONYMS.get(s, ())}
        tag = next((t for t, stems in TAG_STEMS.items() if stems & words_), None)
        tagged = [f for f in topic.facts if tag in f.tags and "overview" not in f.tags]
        return tuple(tagged[:1]) or self._best_facts(topic, residual)[:1]

    def _find_concepts(self, q: _Query, services: list[str]) -> list[Concept]:
        """Concepts the question asks to have defined: "what is a cold start", "ecs task vs
        service", or a message made of a concept's name alone ("lambda layers")."""
        taken = {i for m in q.mentions if m.end - m.start > 1 for i in range(m.start, m.end)}
        found = self._concepts.find(q.tokens, q.stems, set(services), taken, self._distinctive)
        if not found:
            return []
        named = {s for c in found for n in c.names for s in map(stem, words(n))}
        own = self._own_names.get(found[0].topic, frozenset())
        rest = [s for s in q.residual() if s not in named and s not in own]
        if any(t in DEFINE_CUES for t in q.tokens) or not rest:
            return found
        how_to = _HOW_TO.match(" ".join(q.tokens)) is not None
        return found if how_to and len(rest) <= 1 else []  # "how do I write a dockerfile"

    def _distinctive(self, s: str) -> bool:
        return len(self._text.topics_with(s)) == 1

    def _concept(self, question: str, concepts: list[Concept]) -> Match:
        topic = self.kb.topics[concepts[0].topic]
        same = tuple(c for c in concepts if c.topic == topic.id)[:2]
        return Match(question, "concept", topic, 0.9, concepts=same)

    def _offers_choice(self, q: _Query) -> bool:
        """Whether named services are offered as the options: "lambda or aws batch?"."""
        spans = sorted((m.start, m.end) for m in q.mentions)
        return any(
            any(t in ("or", "vs", "versus") for t in q.tokens[a_end:b_start])
            and b_start - a_end <= 3
            for (_, a_end), (b_start, _) in zip(spans, spans[1:], strict=False)
        )

    def _chooses_for_need(self, q: _Query) -> bool:
        """ "should I use lambda or batch for a long job" asks to choose for a need; "lambda or
        batch?" and "lambda vs batch differences" ask for the comparison."""
        return any(t in _CHOOSING for t in q.tokens) and len(set(q.residual())) >= 2

    def _scenario(
        self,
        question: str,
        cleaned: str,
        q: _Query,
        services: list[str],
        strict: bool = False,
        fallback: Match | None = None,
        among: list[str] | None = None,
    ) -> Match:
        """The service whose needs the described scenario matches, services named only as
        context counting little; a need that belongs to an uncovered service is declined.
        `among`: the services a question offers as its choices ("lambda or batch for ...")."""
        named_spans = {i for m in q.mentions for i in range(m.start, m.end)}
        polar = [s for i, s in enumerate(q.polar) if i not in named_spans]
        ranked = self._needs.rank(polar, quantities(cleaned))
        named_others = {f"x:{name}" for name in q.others}
        ranked = [  # an uncovered service the question names is mostly plumbing
            replace(r, score=r.score * _NAMED_OTHER) if r.key in named_others else r for r in ranked
        ]
        if among:
            ranked = [r for r in ranked if r.key in among]
        subject = next((m.topic_id for m in q.mentions if _is_subject(q, m.topic_id)), None)
        chosen = pick(self._needs, ranked, services, subject, strict)
        if chosen.uncovered is not None:
            return self._decline_uncovered(question, chosen.uncovered, described=True)
        if chosen.service is None:
            if fallback is not None:
                return fallback
            return self._decline(question, cleaned, q, hint=chosen.near)
        rival = self.kb.topics[chosen.rival] if chosen.rival else None
        note = None
        if rival is not None and chosen.rival_limit is None:
            note = self._advice_on(chosen.service, rival)
        return Match(
            question,
            "scenario",
            self.kb.topics[chosen.service],
            chosen.confidence,
            needs=chosen.needs,
            rival=rival,
            rival_limit=chosen.rival_limit,
            rival_note=note,
        )

    def _advice_on(self, winner: str, rival: Topic) -> str | None:
        """The comparison card's advice on when to choose the rival instead, if there is one."""
        card = self._pairs.get(frozenset((winner, rival.id)))
        if card is None:
            return None
        name = rival.title.split(" (")[0].removeprefix("AWS ").removeprefix("Amazon ").lower()
        advice = self.kb.topics[card].advice
        return next((a for a in advice if a.lower().startswith(f"choose {name}")), None)

    def _decline_uncovered(self, question: str, other: Uncovered, described: bool = False) -> Match:
        near = tuple(self.kb.topics[t].title for t in other.near if t in self.kb.topics)
        suggestions = near or self._suggest("")
        return Match(
            question, "uncovered", suggestions=suggestions, uncovered=other, described=described
        )

    def _follow_up(self, question: str, q: _Query, topic_id: str) -> Match | None:
        """A question that names nothing, read as being about the previous topic, when one of
        its facts (or comparison rows, or concepts) answers it."""
        topic = self.kb.topics[topic_id]
        residual = q.residual()
        if topic.kind == "comparison":
            dim = self._best_dimension(topic, residual)
            return Match(question, "compare", topic, 0.7, lead_dimension=dim) if dim else None
        concepts = self._find_concepts(q, [topic_id])
        if concepts:
            return self._concept(question, concepts)
        facts = self._best_facts(topic, residual)
        if not facts:
            return None
        return self._yes_no(q, "", Match(question, "attribute", topic, 0.7, lead_facts=facts))

    def _yes_no(self, q: _Query, cleaned: str, found: Match) -> Match:
        """A yes/no question about one service leads with the fact that decides it: a limit it
        breaks ("can fargate use gpus": no GPUs), else the fact asked for, said yes or no."""
        topic = found.topic
        if topic is None or topic.kind != "service" or not is_polar(q.tokens):
            return found
        limit = self._needs.breaks(topic.id, quantities(cleaned), q.polar)
        if limit is not None:
            fact = Fact(id="limit", text=limit.text, tags=["limits"], source=limit.source)
            return replace(found, kind="attribute", lead_facts=(fact,), verdict="No")
        if not found.lead_facts:
            return found
        asked = q.residual(polar=True)
        can = asks_capability(q.tokens)
        said = [verdict(asked, f.text, can) for f in found.lead_facts]
        if "Yes" in said and "No" in said:  # "yes, from an image up to 10 GB; not any image"
            yes = found.lead_facts[said.index("Yes")]
            rest = tuple(f for f in found.lead_facts if f is not yes)
            return replace(found, lead_facts=(yes, *rest), verdict="Yes, with a condition")
        return replace(found, verdict=said[0])

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
        asked = tuple(f for t in compared for f in self._side(t, residual))
        return Match(question, "compare", None, 0.85, compared=compared, lead_facts=asked)

    def _single(self, question: str, cleaned: str, q: _Query, services: list[str]) -> Match:
        residual, polar = q.residual(), q.residual(polar=True)
        mentioned: dict[str, float] = {}
        subject = next((m.topic_id for m in q.mentions if _is_subject(q, m.topic_id)), None)
        lead = subject or (q.mentions[0].topic_id if q.mentions else None)
        for m in q.mentions:
            mentioned.setdefault(m.topic_id, m.score * (1.0 if m.topic_id == lead else 0.8))
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
        others = [s for m in q.mentions if m.topic_id != best_id for s in q.stems[m.start : m.end]]
        facts = self._best_facts(topic, residual + others) or self._best_facts(
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
