"""The question bank: hand-written questions plus ones generated from knowledge-base facts."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from bot.core.knowledge import Fact, KnowledgeBase, Question, Topic
from bot.core.text import fold

MASK = "___"
SKIPPED_TAGS = frozenset({"history"})
_NUMBER = re.compile(r"\d[\d,.]*")


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

    def for_topics(self, topics: Iterable[str]) -> list[QuizQuestion]:
        """Questions on the given topics (all questions when none are given), ordered by id."""
        wanted = set(topics)
        return [q for _, q in sorted(self.questions.items()) if not wanted or q.topic in wanted]


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
    """ "Which service …?" questions from facts whose distinguishing phrases belong to one service only."""
    services = sorted(kb.services, key=lambda t: t.id)
    corpus = {t.id: _topic_text(t) for t in services}
    out = []
    for topic in services:
        for fact in topic.facts:
            question = _from_fact(topic, fact, services, corpus)
            if question:
                out.append(question)
    return out


def _from_fact(
    topic: Topic, fact: Fact, services: list[Topic], corpus: dict[str, str]
) -> QuizQuestion | None:
    if SKIPPED_TAGS & set(fact.tags):
        return None
    masked = mask_names(fact.text, topic)
    if masked is None:
        return None
    distractors = [
        t for t in services if t.id != topic.id and _could_not_be(t, fact, masked, corpus)
    ]
    if len(distractors) < 3:
        return None
    # The first three in id order: stable across restarts, and the quiz shuffles the options anyway.
    options = (topic.title, *(t.title for t in distractors[:3]))
    return QuizQuestion(
        id=f"gen-{fact.id}",
        topic=topic.id,
        prompt=f"Which service is this about?\n“{masked}”",
        options=options,
        correct=0,
        explanation=fact.text,
        source=fact.source,
        generated=True,
    )


def mask_names(text: str, topic: Topic) -> str | None:
    """`text` with every name of `topic` replaced by ___, or None if it never names it (or still does)."""
    names = sorted({topic.title, *topic.aliases, _short_name(topic)}, key=len, reverse=True)
    pattern = re.compile(r"\b(?:AWS |Amazon )?(?:" + "|".join(map(re.escape, names)) + r")\b", re.I)
    masked, count = pattern.subn(MASK, text)
    short = fold(_short_name(topic))
    if count == 0 or re.search(rf"\b{re.escape(short)}\b", fold(masked)):
        return None
    return masked


def _short_name(topic: Topic) -> str:
    return re.sub(r"^(AWS|Amazon)\s+", "", topic.title)


def _could_not_be(other: Topic, fact: Fact, masked: str, corpus: dict[str, str]) -> bool:
    """True when nothing in `other`'s own facts says what the fact says (so it is surely wrong)."""
    text = corpus[other.id]
    names = [fold(n) for n in (other.title, _short_name(other), *other.aliases)]
    if any(re.search(rf"\b{re.escape(n)}\b", fold(masked)) for n in names):
        return False  # the statement names it, so it is not a fair distractor
    phrases = [fold(k) for k in fact.keywords] + _NUMBER.findall(masked)
    return not any(p and p in text for p in phrases)


def _topic_text(topic: Topic) -> str:
    parts = [topic.summary, *topic.keywords]
    parts += [f.text + " " + " ".join(f.keywords) for f in topic.facts]
    return fold(" ".join(parts))
