"""Every shipped knowledge topic file loads; a broken file fails with a message saying where."""

from pathlib import Path

import pytest

from bot.core.knowledge import KnowledgeBase, KnowledgeError, default_knowledge_dir, load_knowledge

SERVICES = ("docker", "ecs", "fargate", "ecr", "lambda", "api-gateway", "batch", "lightsail")
COMPARISONS = {
    "lambda-vs-batch": {"lambda", "batch"},
    "ecs-vs-fargate": {"ecs", "fargate"},
    "fargate-vs-lambda": {"fargate", "lambda"},
    "ecr-vs-docker-hub": {"ecr", "docker"},
    "lightsail-vs-ec2": {"lightsail", "ec2"},
}
# The word that names each of the eight services in a title.
SERVICE_NAMES = {
    "docker": "docker",
    "ecs": "ecs",
    "fargate": "fargate",
    "ecr": "ecr",
    "lambda": "lambda",
    "api-gateway": "api gateway",
    "batch": "batch",
    "lightsail": "lightsail",
}


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge(default_knowledge_dir() / "topics")


def test_each_topic_lives_in_a_file_named_after_it(kb: KnowledgeBase) -> None:
    stems = sorted(path.stem for path in kb.files)
    assert stems == sorted(kb.topics)


@pytest.mark.parametrize("topic_id", [*SERVICES, "ec2"])
def test_service_topic_has_enough_facts_starting_with_an_overview(
    kb: KnowledgeBase, topic_id: str
) -> None:
    topic = kb.topic(topic_id)
    assert topic.kind == "service"
    assert len(topic.facts) >= 12
    assert "overview" in topic.facts[0].tags


@pytest.mark.parametrize("topic_id", SERVICES)
def test_service_title_names_no_other_service(kb: KnowledgeBase, topic_id: str) -> None:
    title = kb.topic(topic_id).title.lower()
    assert SERVICE_NAMES[topic_id] in title
    others = [name for key, name in SERVICE_NAMES.items() if key != topic_id and name in title]
    assert others == []


@pytest.mark.parametrize(("topic_id", "compared"), COMPARISONS.items())
def test_comparison_compares_the_right_topics(
    kb: KnowledgeBase, topic_id: str, compared: set[str]
) -> None:
    topic = kb.topic(topic_id)
    assert topic.kind == "comparison"
    assert set(topic.compares) == compared
    assert 6 <= len(topic.dimensions) <= 10
    assert 2 <= len(topic.advice) <= 4


def test_every_fact_and_dimension_cites_an_https_source(kb: KnowledgeBase) -> None:
    urls = kb.sources()
    assert urls
    assert [url for url in urls if not url.startswith("https://")] == []


def test_fact_texts_are_short_enough_to_quote(kb: KnowledgeBase) -> None:
    long = [f.id for t in kb.topics.values() for f in t.facts if len(f.text) > 300]
    assert long == []


def test_aliases_belong_to_one_topic_only(kb: KnowledgeBase) -> None:
    seen: dict[str, str] = {}
    clashes = []
    for topic in kb.topics.values():
        for alias in topic.aliases:
            if alias.lower() in seen:
                clashes.append((alias, seen[alias.lower()], topic.id))
            seen[alias.lower()] = topic.id
    assert clashes == []


BROKEN_TOPIC = """\
topics:
  - id: broken-topic
    kind: service
    title: Broken
    aliases: [broken]
    summary: A topic with one bad fact.
    facts:
      - id: broken-fact
        text: A fine sentence.
        tags: [overview, cooking]
        source: https://example.com/doc
"""

# `yes` unquoted is a YAML boolean; the schema must refuse it rather than store True.
BOOLEAN_TEXT = BROKEN_TOPIC.replace("A fine sentence.", "yes").replace("cooking", "concepts")

BOOLEAN_OPTION = """\
questions:
  - id: bool-question
    topic: lambda
    difficulty: easy
    question: Is Lambda serverless?
    options: [yes, "No", "Only on EC2", "Only on Fargate"]
    answer: "Yes"
    explanation: Lambda runs code without servers to manage.
    source: https://docs.aws.amazon.com/lambda/latest/dg/welcome.html
"""


@pytest.mark.parametrize(
    ("content", "entry", "field"),
    [
        (BROKEN_TOPIC, "topic 'broken-topic'", "field facts.0.tags.1"),
        (BOOLEAN_TEXT, "topic 'broken-topic'", "field facts.0.text"),
        (BOOLEAN_OPTION, "question 'bool-question'", "field options.0"),
    ],
    ids=["unknown-tag", "bool-fact-text", "bool-quiz-option"],
)
def test_invalid_file_error_names_file_entry_and_field(
    tmp_path: Path, content: str, entry: str, field: str
) -> None:
    bad = tmp_path / "broken.yaml"
    bad.write_text(content, encoding="utf-8")
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(tmp_path)
    message = str(info.value)
    assert str(bad) in message
    assert entry in message
    assert field in message


def test_a_yaml_syntax_error_names_the_file_line_and_column_in_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "broken.yaml"
    bad.write_text("topics:\n  - id: x\n   title: [\n", encoding="utf-8")
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(tmp_path)
    message = str(info.value)
    assert message.startswith(f"{bad}: YAML syntax error at line 3, column 4:")
    assert "<unicode string>" not in message and "\n" not in message


def test_a_question_with_an_unknown_topic_names_its_file(tmp_path: Path) -> None:
    extra = tmp_path / "extra"
    extra.mkdir()
    stray = extra / "stray.yaml"
    stray.write_text(
        BOOLEAN_OPTION.replace("options: [yes,", 'options: ["Yes",').replace(
            "topic: lambda", "topic: kubernetes"
        )
    )
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(default_knowledge_dir(), extra)
    message = str(info.value)
    assert message.startswith(f"{stray}: question 'bool-question': field topic:")
    assert "unknown topic 'kubernetes'" in message


VALID_TOPIC = BROKEN_TOPIC.replace("cooking", "concepts")
GUIDE_WITHOUT_TRIGGER = """\
choosing:
  service: broken-topic
  chosen_for:
    - text: A need.
      source: https://example.com/doc
  ruled_out:
    - text: A limit that never says when it applies.
      source: https://example.com/doc
"""
UNCOVERED_BAD_NEAR = """\
uncovered:
  - name: Amazon Nothing
    about: nothing at all
    near: [no-such-topic]
    source: https://example.com/doc
"""
UNCOVERED_NO_SOURCE = """\
uncovered:
  - name: Amazon Nothing
    about: nothing at all
"""


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (GUIDE_WITHOUT_TRIGGER, ["field choosing.ruled_out.0", "`above`, `below` or `when`"]),
        (UNCOVERED_BAD_NEAR, ["uncovered 'Amazon Nothing'", "unknown topic 'no-such-topic'"]),
        (UNCOVERED_NO_SOURCE, ["uncovered 'Amazon Nothing'", "field source"]),
    ],
    ids=["limit-without-trigger", "unknown-near-topic", "missing-source"],
)
def test_a_broken_guide_names_its_file_entry_and_field(
    tmp_path: Path, content: str, expected: list[str]
) -> None:
    (tmp_path / "topic.yaml").write_text(VALID_TOPIC, encoding="utf-8")
    (tmp_path / "guide.yaml").write_text(content, encoding="utf-8")
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(tmp_path)
    assert all(part in str(info.value) for part in expected), str(info.value)


def test_shipped_guides_load_with_the_topics() -> None:
    kb = load_knowledge(default_knowledge_dir())
    assert set(kb.choosing) == {*SERVICES, "ec2"}
    assert len(kb.uncovered) >= 30 and len(kb.concepts) >= 15
    assert all(u.source.startswith("https://") for u in kb.uncovered)
