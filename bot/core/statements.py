"""Quiz questions from what the knowledge says is true and false of a topic (`Fact.false_for`).

"Which of these is true of X?" offers one of X's facts and three statements the knowledge says are
false of X; "Which of these is NOT true of X?" offers one such statement and three of X's facts.
Either way exactly one option is right by the knowledge itself, never by a guess from word overlap.
"""

from __future__ import annotations

from collections.abc import Iterator

from bot.core.knowledge import Fact, KnowledgeBase, Topic
from bot.core.masking import MASK, mask, names_in, tells_in
from bot.core.questionbank import QuizQuestion
from bot.core.text import fold

MAX_OPTION_CHARS = 120
SKIPPED_TAGS = frozenset({"history"})

Statement = tuple[Topic, Fact, str]
"""Whose fact it is, the fact, and its text as an option (its owner's names masked)."""


def statement_questions(kb: KnowledgeBase) -> list[QuizQuestion]:
    """Every true-of / not-true-of question the knowledge's `false_for` marks allow."""
    services = sorted(kb.services, key=lambda t: t.id)
    false_of: dict[str, list[Statement]] = {t.id: [] for t in services}
    for owner in services:
        for stmt in _statements(owner):
            for other in stmt[1].false_for:
                if other in false_of:
                    false_of[other].append(stmt)
    out: list[QuizQuestion] = []
    for topic in services:
        true = list(_statements(topic))
        # A wording the knowledge calls both true and false of the topic is left out of both.
        both = {fold(s[2]) for s in true} & {fold(s[2]) for s in false_of[topic.id]}
        wrong = _distinct(false_of[topic.id], both)
        true = _distinct(true, both)
        out += _true_of(topic, true, wrong) + _not_true_of(topic, true, wrong)
    return out


def _statements(topic: Topic) -> Iterator[Statement]:
    for fact in topic.facts:
        if SKIPPED_TAGS & set(fact.tags):
            continue
        text = mask_own(fact.text, topic)
        if text is not None and len(text) <= MAX_OPTION_CHARS:
            yield topic, fact, text


def _distinct(statements: list[Statement], excluded: set[str]) -> list[Statement]:
    """One statement per wording, none whose wording is also on the other side."""
    seen: dict[str, Statement] = {}
    for stmt in statements:
        key = fold(stmt[2])
        if key not in excluded and key not in seen:
            seen[key] = stmt
    return list(seen.values())


def _true_of(topic: Topic, true: list[Statement], wrong: list[Statement]) -> list[QuizQuestion]:
    if len(wrong) < 3:
        return []
    questions = []
    for i, stmt in enumerate(true):
        _, fact, text = stmt
        picked = [wrong[(i + k) % len(wrong)] for k in range(3)]
        questions.append(
            QuizQuestion(
                id=f"true-{fact.id}",
                topic=topic.id,
                prompt=_prompt("Which of these is true of", topic, [text, *(p[2] for p in picked)]),
                options=(text, *(p[2] for p in picked)),
                correct=0,
                explanation=fact.text,
                source=fact.source,
                generated=True,
                option_facts=_refs([stmt, *picked]),
            )
        )
    return questions


def _not_true_of(topic: Topic, true: list[Statement], wrong: list[Statement]) -> list[QuizQuestion]:
    if len(true) < 3:
        return []
    questions = []
    for j, stmt in enumerate(wrong):
        owner, fact, text = stmt
        picked = [true[(j + k) % len(true)] for k in range(3)]
        questions.append(
            QuizQuestion(
                id=f"untrue-{topic.id}-{fact.id}",
                topic=topic.id,
                prompt=_prompt(
                    "Which of these is NOT true of", topic, [text, *(p[2] for p in picked)]
                ),
                options=(text, *(p[2] for p in picked)),
                option_facts=_refs([stmt, *picked]),
                correct=0,
                explanation=(
                    f"“{fact.text}” is said of {owner.title}; "
                    f"what is said of {topic.title} contradicts it."
                ),
                source=fact.source,
                generated=True,
            )
        )
    return questions


def _prompt(ask: str, topic: Topic, options: list[str]) -> str:
    blank = f" ({MASK} stands for it)" if any(MASK in o for o in options) else ""
    return f"{ask} {topic.title}?{blank}"


def _refs(statements: list[Statement]) -> tuple[str, ...]:
    return tuple(f"{owner.id}/{fact.id}" for owner, fact, _ in statements)


def statement_failures(kb: KnowledgeBase, q: QuizQuestion) -> list[str]:
    """Why a true-of / NOT-true-of question breaks the truth model (empty when it holds): the
    right option must be true of the topic (its own fact, or for NOT: a fact false of it) and
    every other option the opposite, by the knowledge as it stands now."""
    facts = [_fact(kb, ref) for ref in q.option_facts]
    if len(facts) != len(q.options) or any(f is None for f in facts):
        return ["an option's fact is gone from the knowledge"]
    negated = q.prompt.startswith("Which of these is NOT")
    problems = []
    for i, (owner, fact) in enumerate(f for f in facts if f is not None):
        holds = owner == q.topic and q.topic not in fact.false_for
        refuted = q.topic in fact.false_for and owner != q.topic
        right = refuted if negated else holds
        wrong = holds if negated else refuted
        if (i == q.correct and not right) or (i != q.correct and not wrong):
            problems.append(
                f"option {i + 1} ({fact.id}) is not known to be {'right' if i == q.correct else 'wrong'}"
            )
    return problems


def _fact(kb: KnowledgeBase, ref: str) -> tuple[str, Fact] | None:
    owner, _, fact_id = ref.partition("/")
    topic = kb.topics.get(owner)
    fact = next((f for f in topic.facts if f.id == fact_id), None) if topic else None
    return (owner, fact) if fact else None


def mask_own(text: str, topic: Topic) -> str | None:
    """`text` with its own topic's names masked (so an option does not say whose it is); None when
    they cannot be masked cleanly (a compound word, a tell-tale word)."""
    if names_in(text, topic) or tells_in(text, topic):
        return mask(text, topic)
    return text
