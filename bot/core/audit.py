"""The quiz audit: every question and fact checked against the rules that keep the quiz honest."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlparse

from bot.core.clozes import limit_failures
from bot.core.knowledge import KnowledgeBase, Topic
from bot.core.masking import names_in, names_of, tells_in
from bot.core.questionbank import QuestionBank, QuizQuestion
from bot.core.statements import statement_failures
from bot.core.text import fold

AWS_HOSTS = frozenset({"docs.aws.amazon.com", "aws.amazon.com"})
DOCKER_HOSTS = frozenset({"docs.docker.com"})
NOTES_SECTION = re.compile(r"[\w.%-]+#[\w-]*")
"""A section of a team's notes ("notes.md#aws-lambda"); the shipped knowledge's test holds it
to https documentation pages."""
HISTORY_WORDS = re.compile(
    r"\b(?:older (?:note|notes|text|pricing)|outdated|the (?:seed )?notes?\b|previously|"
    r"no longer)",
    re.I,
)


@dataclass(frozen=True)
class Failure:
    """One broken rule: which question (or fact), which rule, and what was found."""

    item: str
    rule: str
    detail: str

    def __str__(self) -> str:
        return f"{self.item}: {self.rule}: {self.detail}"


def audit(kb: KnowledgeBase, bank: QuestionBank) -> list[Failure]:
    """Every failure in the bank and the facts, in a stable order; empty when all is well."""
    failures = [f for q in bank.for_topics(()) for f in audit_question(kb, q)]
    return failures + [f for f in audit_facts(kb)]


def audit_question(kb: KnowledgeBase, q: QuizQuestion) -> Iterator[Failure]:
    """The rules one question must keep."""
    yield from _options(q)
    yield from _named_in_prompt(kb, q)
    yield from _distractors(kb, q)
    yield from _explanation(kb, q)
    # A statement question's source is its answer's fact, which may belong to another topic.
    owner = q.option_facts[q.correct].partition("/")[0] if q.option_facts else q.topic
    yield from _source(q.id, q.source, owner)
    if HISTORY_WORDS.search(q.explanation):
        yield Failure(q.id, "history in text", "the explanation talks about older notes")


def audit_facts(kb: KnowledgeBase) -> Iterator[Failure]:
    """Facts state what is true today, with an official source."""
    for topic in kb.topics.values():
        for fact in topic.facts:
            if HISTORY_WORDS.search(fact.text):
                found = HISTORY_WORDS.search(fact.text)
                yield Failure(fact.id, "history in text", f"says {found.group(0)!r}")  # type: ignore[union-attr]
            yield from _source(fact.id, fact.source, topic.id)
        for dim in topic.dimensions:
            for side, value in dim.values.items():
                if HISTORY_WORDS.search(value):
                    yield Failure(f"{topic.id}: {dim.name} ({side})", "history in text", value)


def answer_topic(kb: KnowledgeBase, q: QuizQuestion) -> Topic | None:
    """The service the correct option names, when the option is just a service's name."""
    if q.option_topics:
        return kb.topics.get(q.option_topics[q.correct])
    return _named_by(kb, q.options[q.correct])


def _named_by(kb: KnowledgeBase, option: str) -> Topic | None:
    wanted = fold(re.sub(r"\s*\([^)]*\)", "", option))
    for topic in kb.services:
        if wanted in {fold(n) for n in names_of(topic)}:
            return topic
    return None


def _options(q: QuizQuestion) -> Iterator[Failure]:
    distinct = {fold(o.strip()) for o in q.options}
    if len(q.options) != 4 or len(distinct) != 4 or not 0 <= q.correct < len(q.options):
        yield Failure(q.id, "options", "the answer must be exactly one of four distinct options")


def _named_in_prompt(kb: KnowledgeBase, q: QuizQuestion) -> Iterator[Failure]:
    answer = answer_topic(kb, q)
    if answer is not None and (names_in(q.prompt, answer) or tells_in(q.prompt, answer)):
        yield Failure(q.id, "answer named in prompt", f"the prompt names {answer.title}")
    for topic_id in q.option_topics:
        other = kb.topics.get(topic_id)
        if other is not None and other is not answer and names_in(q.prompt, other):
            yield Failure(q.id, "option named in prompt", f"the prompt names {other.title}")


def _distractors(kb: KnowledgeBase, q: QuizQuestion) -> Iterator[Failure]:
    if not q.generated:
        return
    if q.option_facts or q.id.startswith("limit-"):  # statement and limit questions (notes import)
        check = statement_failures if q.option_facts else limit_failures
        yield from (Failure(q.id, "distractor also true", p) for p in check(kb, q))
        return
    topic = kb.topics.get(q.topic)
    fact = next((f for f in topic.facts if f.id == q.fact), None) if topic else None
    if fact is None:
        yield Failure(q.id, "distractor also true", "the fact it was made from is gone")
        return
    for i, topic_id in enumerate(q.option_topics):
        if i != q.correct and topic_id not in fact.false_for:
            yield Failure(
                q.id, "distractor also true", f"{topic_id} is not known to be wrong ({fact.id})"
            )


def _explanation(kb: KnowledgeBase, q: QuizQuestion) -> Iterator[Failure]:
    answer = fold(q.options[q.correct]).strip(" .")
    said = fold(q.explanation).lstrip(" \"'")
    for yes, no in (("yes", "no"), ("no", "yes")):
        if answer == yes and re.match(rf"{no}\b", said):
            yield Failure(q.id, "explanation contradicts answer", f"answer {yes!r}, says {no!r}")
    topic = answer_topic(kb, q)
    if topic is not None and not names_in(q.explanation, topic):
        yield Failure(q.id, "explanation contradicts answer", f"never names {topic.title}")


def _source(item: str, url: str, topic_id: str) -> Iterator[Failure]:
    if NOTES_SECTION.fullmatch(url):  # knowledge imported from a team's notes cites the notes
        return
    host = urlparse(url).hostname or ""
    allowed = AWS_HOSTS | (DOCKER_HOSTS if topic_id.startswith("docker") else frozenset())
    if urlparse(url).scheme != "https" or host not in allowed:
        yield Failure(item, "source", f"{url} is not an official documentation page")
