"""Generated questions offer only distractors the knowledge says are false, mask every name, and the
audit catches each rule a question can break."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from bot.core import KnowledgeBase, load_knowledge
from bot.core.audit import HISTORY_WORDS, audit, audit_question
from bot.core.knowledge import Fact, Topic
from bot.core.masking import MASK, mask, names_in
from bot.core.questionbank import QuizQuestion, build_bank, generate_questions

SEED_SERVICES = ("docker", "ecs", "fargate", "ecr", "lambda", "api-gateway", "batch", "lightsail")


def _topic(tid: str, title: str, aliases: list[str], facts: list[Fact], **extra) -> Topic:
    return Topic(
        id=tid,
        kind="service",
        title=title,
        aliases=aliases,
        summary=f"{title}.",
        facts=facts,
        **extra,
    )


def _fact(fid: str, text: str, false_for: list[str] = ()) -> Fact:  # type: ignore[assignment]
    return Fact(
        id=fid,
        text=text,
        tags=["limits"],
        source="https://docs.aws.amazon.com/x",
        false_for=list(false_for),
    )


def test_every_generated_distractor_is_known_false_and_no_option_is_named(
    kb: KnowledgeBase,
) -> None:
    generated = generate_questions(kb)
    assert len(generated) >= 50
    for q in generated:
        fact = next(f for f in kb.topic(q.topic).facts if f.id == q.fact)
        assert set(q.option_topics[1:]) <= set(fact.false_for), q.id
        assert len(set(q.options)) == 4 and q.correct == 0 and MASK in q.prompt
        assert not any(names_in(q.prompt, kb.topic(t)) for t in q.option_topics), q.id


def test_every_service_is_a_distractor_somewhere(kb: KnowledgeBase) -> None:
    used = {t for q in generate_questions(kb) for t in q.option_topics[1:]}
    assert used == {t.id for t in kb.services}


def test_distractors_are_the_closest_known_false_services_not_id_order() -> None:
    facts = [_fact("a-limit", "Alpha runs jobs for 9 days.", ["beta", "gamma", "delta", "omega"])]
    topics = {
        "alpha": _topic("alpha", "Alpha", ["alpha"], facts, family=["containers"]),
        "beta": _topic("beta", "Beta", ["beta"], [_fact("b", "Beta.")], family=["servers"]),
        "gamma": _topic("gamma", "Gamma", ["gamma"], [_fact("g", "Gamma.")], family=["servers"]),
        "delta": _topic("delta", "Delta", ["delta"], [_fact("d", "Delta.")], family=["servers"]),
        "omega": _topic("omega", "Omega", ["omega"], [_fact("o", "Omega.")], family=["containers"]),
    }
    (question,) = generate_questions(KnowledgeBase(topics))
    assert "omega" in question.option_topics  # the only other container service, though last by id


def test_knowledge_with_few_annotations_makes_fewer_questions_never_wrong_ones() -> None:
    facts = [
        _fact("a1", "Alpha runs for 9 days.", ["beta", "gamma", "delta"]),
        _fact("a2", "Alpha runs for 7 days."),  # nothing known false: no question
        _fact("a3", "Alpha keeps 3 copies.", ["beta", "gamma"]),  # two known false: no question
    ]
    others = {
        n: _topic(n, n.title(), [n], [_fact(n[0], f"{n}.")]) for n in ("beta", "gamma", "delta")
    }
    kb = KnowledgeBase({"alpha": _topic("alpha", "Alpha", ["alpha"], facts), **others})
    assert [q.id for q in generate_questions(kb)] == ["gen-a1"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Write a Dockerfile to build it.", None),  # a compound word would garble or leak
        ("The docker CLI talks to dockerd.", None),
        ("Docker Hub is the default registry.", None),  # a tell: "___ Hub" names Docker
        ("Docker images are layered.", f"{MASK} images are layered."),
        ("Docker containers share a kernel.", f"{MASK} share a kernel."),
    ],
)
def test_masking_holds_for_compound_words_and_tells(kb: KnowledgeBase, text: str, expected) -> None:
    assert mask(text, kb.topic("docker")) == expected


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("AWS Batch is for batch processing.", f"{MASK} is for batch processing."),
        (
            "Batch retries a job; batch jobs are common.",
            f"{MASK} retries a job; batch jobs are common.",
        ),
    ],
)
def test_a_generic_word_is_masked_only_where_it_names_the_service(
    kb: KnowledgeBase, text: str, masked: str
) -> None:
    assert mask(text, kb.topic("batch")) == masked


def test_an_article_before_the_blank_does_not_hint_at_the_answer(kb: KnowledgeBase) -> None:
    prompts = [q.prompt for q in generate_questions(kb)]
    assert not [p for p in prompts if re.search(rf"\b[Aa]n? {re.escape(MASK)}", p)]


def test_the_shipped_bank_passes_the_audit_with_twenty_questions_per_seed_service(
    kb: KnowledgeBase,
) -> None:
    bank = build_bank(kb)
    assert audit(kb, bank) == []
    for service in SEED_SERVICES:
        assert len(bank.for_topics([service])) >= 20, service


def _bank_question(kb: KnowledgeBase, **changes) -> QuizQuestion:
    base = next(q for q in build_bank(kb).for_topics(["lambda"]) if q.generated)
    return replace(base, **changes)


@pytest.mark.parametrize(
    ("changes", "rule"),
    [
        (
            {"prompt": "Which service is this about?\n“AWS Lambda runs code.”"},
            "answer named in prompt",
        ),
        (
            {"prompt": "Which service is this about?\n“___ runs a function.”"},
            "answer named in prompt",
        ),
        ({"options": ("AWS Lambda", "AWS Lambda", "Amazon EC2", "AWS Batch")}, "options"),
        ({"option_topics": ("lambda", "lightsail", "ecr", "docker")}, "distractor also true"),
        ({"explanation": "It is Amazon EC2."}, "explanation contradicts answer"),
        ({"source": "https://medium.com/some-post"}, "source"),
        ({"explanation": "AWS Lambda: the older note is outdated."}, "history in text"),
    ],
)
def test_the_audit_names_the_rule_a_question_breaks(
    kb: KnowledgeBase, changes: dict, rule: str
) -> None:
    failures = list(audit_question(kb, _bank_question(kb, **changes)))
    assert rule in {f.rule for f in failures}, failures


def test_the_audit_passes_the_unchanged_question(kb: KnowledgeBase) -> None:
    assert list(audit_question(kb, _bank_question(kb))) == []


def test_yes_answer_with_a_no_explanation_is_caught(kb: KnowledgeBase) -> None:
    q = QuizQuestion(
        "q",
        "fargate",
        "Is it so?",
        ("Yes", "No", "Maybe", "Never"),
        0,
        "No: it is not.",
        "https://docs.aws.amazon.com/x",
    )
    assert [f.rule for f in audit_question(kb, q)] == ["explanation contradicts answer"]


@pytest.mark.parametrize(
    "text", ["The older note is outdated.", "Previously it was 512 MB.", "as the note says"]
)
def test_history_words_are_recognised(text: str) -> None:
    assert HISTORY_WORDS.search(text)


def test_no_fact_or_answer_text_discusses_older_notes(kb: KnowledgeBase) -> None:
    texts = [f.text for t in kb.topics.values() for f in t.facts]
    texts += [v for t in kb.topics.values() for d in t.dimensions for v in d.values.values()]
    texts += [q.explanation for q in kb.questions.values()] + [
        q.question for q in kb.questions.values()
    ]
    assert [t for t in texts if HISTORY_WORDS.search(t)] == []


def test_false_for_must_name_known_topics(tmp_path) -> None:
    (tmp_path / "a.yaml").write_text(
        "topics:\n  - id: alpha\n    kind: service\n    title: Alpha\n    aliases: [alpha]\n"
        "    summary: Alpha.\n    facts:\n      - id: a1\n        text: Alpha is fast.\n"
        "        tags: [limits]\n        source: https://docs.aws.amazon.com/x\n        false_for: [nope]\n"
    )
    with pytest.raises(Exception, match=r"fact 'a1': field false_for: unknown topic 'nope'"):
        load_knowledge(tmp_path)
