"""The question bank: hand-written questions plus ones generated from knowledge-base facts."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from bot.core.knowledge import Fact, KnowledgeBase, Question, Topic
from bot.core.masking import MASK, mask, names_in
from bot.core.text import words

__all__ = ["MASK", "QuestionBank", "QuizQuestion", "build_bank", "generate_questions"]

USE_PENALTY = 0.25
"""How much closeness one earlier use as a distractor costs: spreads distractors over services."""


@dataclass(frozen=True)
class QuizQuestion:
    """A multiple-choice question ready to ask: 4 options, the index of the correct one, and why."""

    id: str
    topic: str
    prompt: str
    options: tuple[str, ...]
    correct: int
    explanation: str
    source: str
    difficulty: str = "medium"
    generated: bool = False
    fact: str | None = None
    """The fact a generated question was made from."""
    option_topics: tuple[str, ...] = ()
    """For a generated question, the topic each option names."""
    option_facts: tuple[str, ...] = ()
    """When the options are statements, the fact each one states ("topic/fact-id")."""


@dataclass(frozen=True)
class QuestionBank:
    """Every askable question by id, in a stable order."""

    questions: dict[str, QuizQuestion]

    @property
    def hand_written(self) -> int:
        return sum(not q.generated for q in self.questions.values())

    @property
    def generated(self) -> int:
        return sum(q.generated for q in self.questions.values())

    def get(self, question_id: str) -> QuizQuestion | None:
        return self.questions.get(question_id)

    def by_token(self, token: str) -> QuizQuestion | None:
        """The question whose opaque `token` a button carried back."""
        return next((q for q in self.questions.values() if question_token(q.id) == token), None)

    def for_topics(self, topics: Iterable[str]) -> list[QuizQuestion]:
        """Questions on the given topics (all questions when none are given), ordered by id."""
        wanted = set(topics)
        return [q for _, q in sorted(self.questions.items()) if not wanted or q.topic in wanted]


def question_token(question_id: str) -> str:
    """An opaque stand-in for a question id on a card: ids name topics ("gen-lambda-timeout"),
    and a button's value travels with the card before the reveal."""
    return hashlib.sha256(question_id.encode()).hexdigest()[:12]


def build_bank(kb: KnowledgeBase) -> QuestionBank:
    """Hand-written questions first; a generated one never replaces a hand-written id."""
    from bot.core.clozes import limit_questions  # both build on this module's types
    from bot.core.statements import statement_questions

    questions = {q.id: from_hand_written(q) for q in kb.questions.values()}
    for q in [*generate_questions(kb), *statement_questions(kb), *limit_questions(kb)]:
        questions.setdefault(q.id, q)
    return QuestionBank(questions)


def from_hand_written(q: Question) -> QuizQuestion:
    """A schema-checked knowledge question as an askable one."""
    return QuizQuestion(
        q.id,
        q.topic,
        q.question,
        tuple(q.options),
        q.correct_index,
        q.explanation,
        q.source,
        q.difficulty,
    )


def generate_questions(kb: KnowledgeBase) -> list[QuizQuestion]:
    """ "Which service is this about?" questions from facts whose `false_for` names at least three
    other services: only those are offered as distractors, the closest ones first."""
    services = {t.id: t for t in kb.services}
    closeness = topic_closeness(kb)
    used: Counter[str] = Counter()
    out = []
    for topic_id in sorted(services):
        for fact in services[topic_id].facts:
            question = _from_fact(services[topic_id], fact, services, closeness, used)
            if question:
                out.append(question)
    return out


def _from_fact(
    topic: Topic,
    fact: Fact,
    services: dict[str, Topic],
    closeness: dict[tuple[str, str], float],
    used: Counter[str],
) -> QuizQuestion | None:
    masked = mask(fact.text, topic)
    if masked is None:
        return None
    known_false = [
        services[t] for t in fact.false_for if t in services and not names_in(masked, services[t])
    ]
    if len(known_false) < 3:
        return None
    # Closest first, but a distractor already offered often yields to an equally close one, so
    # every service turns up somewhere; ties go by id, so the bank is the same on every start.
    ranked = sorted(
        known_false,
        key=lambda t: (-(closeness[topic.id, t.id] - USE_PENALTY * used[t.id]), t.id),
    )
    chosen = ranked[:3]
    used.update(t.id for t in chosen)
    return QuizQuestion(
        id=f"gen-{fact.id}",
        topic=topic.id,
        prompt=f"Which service is this about?\n“{_article(masked)}”",
        options=(topic.title, *(t.title for t in chosen)),
        correct=0,
        explanation=fact.text,
        source=fact.source,
        generated=True,
        fact=fact.id,
        option_topics=(topic.id, *(t.id for t in chosen)),
    )


def _article(masked: str) -> str:
    """ "An ___" would hint that the answer starts with a vowel: say "A(n) ___" instead."""
    return re.sub(rf"\b([Aa])n? {re.escape(MASK)}", rf"\1(n) {MASK}", masked)


def topic_closeness(kb: KnowledgeBase) -> dict[tuple[str, str], float]:
    """How alike two services are: a shared family counts 1, a comparison of the two 1, and the
    overlap of the words that describe them up to 1."""
    services = kb.services
    words = {t.id: _words(t) for t in services}
    compared = [set(t.compares) for t in kb.topics.values() if t.kind == "comparison"]
    out = {}
    for a in services:
        for b in services:
            shared = len(set(a.family) & set(b.family))
            paired = sum({a.id, b.id} <= c for c in compared)
            overlap = len(words[a.id] & words[b.id]) / (len(words[a.id] | words[b.id]) or 1)
            out[a.id, b.id] = shared + paired + overlap
    return out


def _words(topic: Topic) -> set[str]:
    return {w for w in words(" ".join([topic.summary, *topic.keywords])) if len(w) > 3}
