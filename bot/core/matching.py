"""Matching a free-text question to a topic, and to the fact or comparison row it asks for."""

from __future__ import annotations

import re
from dataclasses import replace

from bot.core.kinds import KindReader
from bot.core.knowledge import KnowledgeBase
from bot.core.names import NameIndex
from bot.core.needs import quantities
from bot.core.query import Match, MatchKind, Query, is_subject
from bot.core.scenario import LONG_QUESTION, asks_for_choice, split_options
from bot.core.text import NEGATIONS, clean_message, stem, words
from bot.core.textindex import FIELD_WEIGHTS
from bot.core.vocabulary import COMPARE_CUES, NOISE, NOISE_STEMS

__all__ = ["MAX_WORDS", "Match", "MatchKind", "Matcher"]

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
_CONTEXT_MIN = 0.6
_CONTEXT_MARGIN = 0.2


class Matcher(KindReader):
    """Finds the topic a question is about. Build once per knowledge base; `match` is read-only."""

    def __init__(self, kb: KnowledgeBase) -> None:
        super().__init__(kb)
        known = self._text.vocabulary() | NOISE_STEMS
        self._names = NameIndex(kb.topics.values(), known)

    def match(self, question: str, context: str | None = None) -> Match:
        """The best reading of `question`; `kind == "unknown"` when nothing fits well enough.
        `context` is the topic the asker's previous question was about: a follow-up that names
        no service ("and its max memory?") is read as being about it."""
        cleaned, options = split_options(clean_message(question))
        tokens = words(cleaned)[:MAX_SCENARIO_WORDS]
        if not tokens:
            return Match(question, "empty", suggestions=self._suggest(""))
        if options:
            return self._exam(question, cleaned, tokens, options)
        scenario = asks_for_choice(cleaned, len({t for t in tokens if t not in NOISE}))
        if not scenario:
            tokens = tokens[:MAX_WORDS]
        query = self._query(cleaned, tokens)
        services = self._mentioned_services(query)
        return self._route(question, cleaned, query, services, scenario, context)

    def _exam(self, question: str, stem_text: str, tokens: list[str], options: list[str]) -> Match:
        """An exam question with lettered options: the need is read from the stem alone, and
        when every option names a covered service, the answer is one of those services."""
        query = self._query(stem_text, tokens)
        named = [self._mentioned_services(self._query(o, words(o))) for o in options]
        among = [s for found in named for s in found] if all(named) else None
        return self._scenario(
            question, stem_text, query, self._mentioned_services(query), among=among
        )

    def _query(self, cleaned: str, tokens: list[str]) -> Query:
        if _asks_run_time(cleaned, tokens):
            tokens = [*tokens, "duration", "time", "limit"]
        query = Query(tokens, [stem(t) for t in tokens])
        query.mentions = self._names.find(query.tokens, query.stems)
        query.others = self._other_names(query)
        return query

    def _route(
        self,
        question: str,
        cleaned: str,
        q: Query,
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
                # Knowledge with no choosing guides (imported notes) still has the comparison.
                fallback = self._comparison(question, q, services)
                return self._scenario(
                    question, cleaned, q, services, among=among, fallback=fallback
                )
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

    def _mentioned_services(self, q: Query) -> list[str]:
        seen: list[str] = []
        for m in q.mentions:
            topic = self.kb.topics[m.topic_id]
            ids = topic.compares if topic.kind == "comparison" else [topic.id]
            seen.extend(i for i in ids if i not in seen)
        return seen

    def _wants_comparison(self, q: Query, services: list[str]) -> bool:
        if any(self.kb.topics[m.topic_id].kind == "comparison" for m in q.mentions):
            return True
        return any(t in COMPARE_CUES for t in q.tokens) or not q.residual()

    def _comparison(self, question: str, q: Query, services: list[str]) -> Match:
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

    def _single(self, question: str, cleaned: str, q: Query, services: list[str]) -> Match:
        residual, polar = q.residual(), q.residual(polar=True)
        mentioned: dict[str, float] = {}
        subject = next((m.topic_id for m in q.mentions if is_subject(q, m.topic_id)), None)
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

    def _asked_about(self, q: Query, topic_id: str) -> list[str]:
        """The words that may ask something of a named topic: all but noise and its core name, so
        "lightsail containers" asks about containers though it is one of Lightsail's names too.
        Used only when the words outside the names ask nothing ("lambda function timeout" does)."""
        own = self._own_names[topic_id]
        return [
            s
            for s, t in zip(q.stems, q.tokens, strict=True)
            if s not in own and t not in NOISE and s not in NOISE_STEMS and t not in NEGATIONS
        ]

    def _describe(self, question: str, cleaned: str, q: Query, polar: list[str]) -> Match:
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
        self, best_id: str, residual: list[str], q: Query, scores: dict[str, float]
    ) -> str | None:
        """ "Turn my lambda into a REST endpoint" names Lambda only as context: the need it describes
        is another service's (API Gateway), one whose own description involves the named service,
        and only when the named service is not the question's subject ("ecs launch types")."""
        topic = self.kb.topics[best_id]
        if len(set(residual)) < 2 or topic.kind != "service" or is_subject(q, best_id):
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


def _asks_run_time(cleaned: str, tokens: list[str]) -> bool:
    """Whether a length of time in the question asks about run-time limits: any in a short
    question ("is 20 minutes too long for lambda"), only a run time in a paragraph, where
    "kept for 14 days" or "every 30 days" is a retention or a schedule."""
    if not _DURATION.search(cleaned):
        return False
    short = len({t for t in tokens if t not in NOISE}) < LONG_QUESTION
    return short or "minutes" in quantities(cleaned)
