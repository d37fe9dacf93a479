"""Kinds of question beyond "what is X": described needs, concepts, uncovered services,
follow-ups and yes/no questions."""

from __future__ import annotations

import re
from dataclasses import replace

from bot.core.concepts import DEFINE_CUES, ConceptIndex
from bot.core.knowledge import Concept, Fact, KnowledgeBase, Topic, Uncovered
from bot.core.lookup import TopicLookup
from bot.core.names import NameIndex
from bot.core.needs import NeedIndex, quantities
from bot.core.query import Match, Query, is_subject
from bot.core.scenario import LEAVING, pick
from bot.core.text import stem, words
from bot.core.verdict import asks_capability, is_polar, verdict

_HOW_TO = re.compile(r"(?:\S+ ){0,2}how (?:do|can|should|would|to)\b")
_NAMED_OTHER = 0.6
_FOLLOW_UP_CUES = frozenset(
    "it its it's they them their theirs that this these those and also about".split()
)
_CONTRAST = frozenset("vs versus difference differences between".split())
_CHOOSING = frozenset("which should or choose pick better best instead whether".split())


class KindReader(TopicLookup):
    """Reads the question kinds that are not a named topic's overview or fact."""

    def __init__(self, kb: KnowledgeBase) -> None:
        super().__init__(kb)
        self._needs = NeedIndex(kb)
        self._concepts = ConceptIndex(kb.concepts)
        self._others = NameIndex.exact((u.name, [u.name, *u.aliases]) for u in kb.uncovered)
        self._uncovered = {u.name: u for u in kb.uncovered}

    def _named_as_context(
        self, question: str, cleaned: str, q: Query, services: list[str]
    ) -> Match | None:
        """ "cache responses before they reach our lambda backend" names Lambda as context: when
        no named service is the subject and another service's needs fit far better, that one."""
        if len(set(q.residual())) < 3 or any(is_subject(q, m.topic_id) for m in q.mentions):
            return None
        found = self._scenario(question, cleaned, q, services, strict=True)
        if found.topic is None or found.topic.id in services:
            return None
        return found

    def _about_other(self, q: Query) -> bool:
        """Whether an uncovered service is what the question is about ("what are step functions",
        "s3 pricing"), not plumbing in a need ("... its own iam permissions")."""
        return len(set(q.residual())) <= 3 or q.tokens[0] in DEFINE_CUES

    def _other_names(self, q: Query) -> list[str]:
        """Uncovered services the question names, outside the covered names it contains."""
        taken = {i for m in q.mentions for i in range(m.start, m.end)}
        q.other_mentions = [
            m
            for m in self._others.find(q.tokens, q.stems)
            if not set(range(m.start, m.end)) & taken
        ]
        return [m.topic_id for m in q.other_mentions]

    def _find_concepts(self, q: Query, services: list[str]) -> list[Concept]:
        """Concepts the question asks to have defined: "what is a cold start", "ecs task vs
        service", or a message made of a concept's name alone ("lambda layers")."""
        taken = {i for m in q.mentions if m.end - m.start > 1 for i in range(m.start, m.end)}
        found = self._concepts.find(q.tokens, q.stems, set(services), taken, self._distinctive)
        if not found and q.tokens[0] in DEFINE_CUES and len(q.residual()) == 1:
            # "what is a container": the message is the term alone, so even a word other
            # topics use too names the term to define
            found = self._concepts.find(q.tokens, q.stems, set(services), taken, _any_word)
        if not found:
            return []
        named = {s for c in found for n in c.names for s in map(stem, words(n))}
        own = self._own_names.get(found[0].topic, frozenset())
        rest = [s for s in q.residual() if s not in named and s not in own]
        if not rest:
            return found  # "lambda layers", "cold start?"
        defining = q.tokens[0] in DEFINE_CUES or any(t in _CONTRAST for t in q.tokens)
        how_to = _HOW_TO.match(" ".join(q.tokens)) is not None
        return found if (defining and len(rest) <= 2) or (how_to and len(rest) <= 1) else []

    def _distinctive(self, s: str) -> bool:
        return len(self._text.topics_with(s)) == 1

    def _concept(self, question: str, concepts: list[Concept]) -> Match:
        topic = self.kb.topics[concepts[0].topic]
        same = tuple(c for c in concepts if c.topic == topic.id)[:2]
        return Match(question, "concept", topic, 0.9, concepts=same)

    def _offers_choice(self, q: Query) -> bool:
        """Whether named services are offered as the options: "lambda or aws batch?"."""
        spans = sorted((m.start, m.end) for m in q.mentions)
        return any(
            any(t in ("or", "vs", "versus") for t in q.tokens[a_end:b_start])
            and b_start - a_end <= 3
            for (_, a_end), (b_start, _) in zip(spans, spans[1:], strict=False)
        )

    def _chooses_for_need(self, q: Query) -> bool:
        """ "should I use lambda or batch for a long job" asks to choose for a need; "lambda or
        batch?" and "lambda vs batch differences" ask for the comparison."""
        return any(t in _CHOOSING for t in q.tokens) and len(set(q.residual())) >= 2

    def _scenario(
        self,
        question: str,
        cleaned: str,
        q: Query,
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
        subject = next((m.topic_id for m in q.mentions if is_subject(q, m.topic_id)), None)
        leaving = any(t in LEAVING for t in q.tokens)
        chosen = pick(self._needs, ranked, services, subject, strict, leaving)
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

    def _follow_up(self, question: str, q: Query, topic_id: str) -> Match | None:
        """A question that names nothing, read as being about the previous topic, when it reads
        as a follow-up ("how is it priced?", "and its max memory?", "what about cold starts?")
        and one of the topic's facts (or rows, or concepts) answers it."""
        if not _FOLLOW_UP_CUES & set(q.tokens):
            return None
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

    def _yes_no(self, q: Query, cleaned: str, found: Match) -> Match:
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


def _any_word(_: str) -> bool:
    return True
