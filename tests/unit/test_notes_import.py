"""`kb import` from markdown notes: topics, names, facts, comparisons and what is false of what."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core import KnowledgeBase, StudyBot
from bot.core.questionbank import build_bank
from bot.notes.importer import Imported, NotesError, import_notes

NOTES = Path(__file__).parents[1] / "data" / "storage-notes.md"


@pytest.fixture(scope="module")
def imported() -> Imported:
    return import_notes(NOTES.read_text(), NOTES.name)


@pytest.fixture(scope="module")
def kb(imported: Imported) -> KnowledgeBase:
    return KnowledgeBase(topics={t.id: t for t in imported.topics})


def test_a_topic_per_heading_and_a_comparison_per_vs_heading(kb: KnowledgeBase) -> None:
    assert set(kb.topics) == {"s3", "ebs", "efs", "ebs-vs-efs"}
    assert kb.topic("ebs-vs-efs").compares == ["ebs", "efs"]


@pytest.mark.parametrize(
    ("topic", "names"),
    [
        ("s3", {"S3", "Simple Storage Service", "Amazon Simple Storage Service"}),
        ("ebs", {"EBS", "Elastic Block Store"}),
    ],
)
def test_aliases_come_from_the_heading(kb: KnowledgeBase, topic: str, names: set[str]) -> None:
    assert names <= set(kb.topic(topic).aliases)


def test_odd_markdown_reads_as_plain_text(kb: KnowledgeBase) -> None:
    texts = [f.text for f in kb.topic("s3").facts]
    assert kb.topic("s3").summary.startswith("Object storage for any amount of data.")
    assert "Stores objects in buckets, see the S3 docs." in texts  # emphasis and link dropped
    classes = next(t for t in texts if t.startswith("Storage classes"))
    assert "S3 Standard for frequent access" in classes  # a code span, nested under its bullet
    assert "rarely read archives" in classes
    assert not any("*" in t or "](" in t or "`" in t for t in texts)


def test_facts_carry_the_notes_section_as_source(kb: KnowledgeBase) -> None:
    assert {f.source for f in kb.topic("efs").facts} == {
        "storage-notes.md#elastic-file-system-efs",
        "storage-notes.md#ebs-vs-efs",
    }
    assert all(f.tags for t in kb.topics.values() for f in t.facts)


def test_table_rows_become_dimensions_and_contradictions(kb: KnowledgeBase) -> None:
    comparison = kb.topic("ebs-vs-efs")
    access = next(d for d in comparison.dimensions if d.name == "Access")
    assert access.values["efs"] == "Thousands of instances at once"
    ebs_access = next(f for f in kb.topic("ebs").facts if f.text.startswith("Access:"))
    assert ebs_access.false_for == ["efs"]
    assert comparison.advice == ["Use EFS when many instances share the same files"]


def test_nothing_is_false_of_a_topic_the_notes_never_contrast(kb: KnowledgeBase) -> None:
    assert not any("s3" in f.false_for for t in kb.topics.values() for f in t.facts)


def test_reports_what_it_could_not_place(imported: Imported) -> None:
    assert any("notes for the storage part" in u for u in imported.unplaced)
    assert any(u.startswith("Glossary:") for u in imported.unplaced)


@pytest.mark.parametrize(
    ("question", "topic", "kind", "says"),
    [
        ("what is s3", "s3", "overview", "Object storage"),
        ("elastic blok store", "ebs", "overview", "Block storage"),
        ("ebs max volume size", "ebs", "attribute", "64 TiB"),
        ("how is efs priced", "efs", "attribute", "Pay per GB"),
        ("ebs vs efs", "ebs-vs-efs", "compare", "NFS file system"),
        ("shared nfs file system for many instances", "efs", "overview", "NFS"),
    ],
)
def test_answers_from_imported_knowledge(
    kb: KnowledgeBase, question: str, topic: str, kind: str, says: str
) -> None:
    bot = StudyBot(kb)
    match = bot.matcher.match(question)
    assert (match.topic.id if match.topic else None, match.kind) == (topic, kind)
    assert says in bot.ask(question).reply.text[:400]


def test_declines_what_the_notes_do_not_cover(kb: KnowledgeBase) -> None:
    assert not StudyBot(kb).ask("what is the best pizza topping").matched


def test_quiz_questions_have_one_right_answer_by_the_notes(kb: KnowledgeBase) -> None:
    bank = build_bank(kb)
    made = [q for q in bank.questions.values() if q.id.startswith(("true-", "untrue-"))]
    assert len(made) >= 6
    for q in made:
        topic = kb.topic(q.topic)
        own = {f.text for f in topic.facts}
        false = {f.text for t in kb.topics.values() for f in t.facts if topic.id in f.false_for}
        right, *wrong = q.options
        assert len(set(q.options)) == 4 and q.correct == 0
        if q.id.startswith("true-"):
            assert q.explanation in own and all(w in false for w in wrong)
        else:
            assert right in false and all(w in own for w in wrong)


def test_no_headings_is_refused() -> None:
    with pytest.raises(NotesError, match="no headings"):
        import_notes("just some text\n- and a bullet\n", "plain.md")


_LINES = [
    "# Notes",
    "## Alpha (AL)",
    "## Beta: the second one",
    "### Pricing",
    "## Alpha vs Beta",
    "## Gamma vs Delta",
    "- Alpha",
    "- Beta",
    "  - no time limit",
    "  - time limit",
    "- Runs *fast* with `code` and [a link](https://example.com)",
    "1. first step",
    "| | Alpha | Beta |",
    "|---|---|---|",
    "| Speed | fast | slow |",
    "| Broken row |",
    "Plain paragraph. Second sentence!",
    "```",
    "code block",
    "> a quote",
    "",
]


@given(st.lists(st.sampled_from(_LINES), max_size=25))
@settings(max_examples=150, deadline=None)
def test_any_notes_import_to_valid_knowledge_or_one_clear_error(lines: list[str]) -> None:
    try:
        imported = import_notes("\n".join(lines), "fuzz.md")
    except NotesError as exc:
        assert "\n" not in str(exc)
        return
    ids = {t.id for t in imported.topics}
    for t in imported.topics:
        assert set(t.compares) <= ids
        assert all(set(f.false_for) <= ids - {t.id} for f in t.facts)
    kb = KnowledgeBase(topics={t.id: t for t in imported.topics})
    build_bank(kb)
    StudyBot(kb).ask("alpha vs beta speed")


@pytest.mark.parametrize(
    ("notes", "topics"),
    [
        # aspects under each service: "Pricing" repeats, so the services are the topics
        (
            "# Lambda\n- Serverless functions\n## Pricing\n- Pay per request\n"
            "# Batch\n- Jobs on EC2\n## Pricing\n- No extra charge\n",
            {"lambda", "batch"},
        ),
        # categories above the services: the level where the bullets are holds the topics
        (
            "# Notes\n## Compute\nWhat we studied.\n### Lambda\n- Functions\n### Batch\n- Jobs\n"
            "## Storage\n### S3\n- Objects\n",
            {"lambda", "batch", "s3"},
        ),
    ],
    ids=["aspects-below", "categories-above"],
)
def test_nested_headings_find_the_topic_level(notes: str, topics: set[str]) -> None:
    imported = import_notes(notes, "nested.md")
    assert {t.id for t in imported.topics} == topics


def test_an_aspect_heading_folds_into_its_topic() -> None:
    imported = import_notes(
        "# Lambda\n- Functions\n## Pricing\n- Pay per request\n# Batch\n- Jobs\n## Pricing\n- Free\n",
        "n.md",
    )
    lam = next(t for t in imported.topics if t.id == "lambda")
    assert "Pricing: Pay per request." in [f.text for f in lam.facts]
    assert "pricing" in next(f for f in lam.facts if f.text.startswith("Pricing")).tags


@pytest.mark.parametrize(
    ("name", "source"),
    [("our notes.md", "our%20notes.md#alpha"), ("NOTES", "NOTES#alpha")],
)
def test_any_notes_file_name_makes_a_valid_source(name: str, source: str) -> None:
    (topic,) = import_notes("## Alpha\n- a fact\n", name).topics
    assert topic.facts[0].source == source
