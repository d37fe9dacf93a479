"""The issue's targets on the notes this project started from (a copy of seed-notes.md): every
service and "Lambda vs Batch" imported, files that load, and at least 40 quiz questions that
hold by the notes' own truth marks."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.audit import audit
from bot.core.knowledge import KnowledgeBase, load_knowledge
from bot.core.questionbank import build_bank
from bot.notes.importer import import_notes, write_topics

SEED = Path(__file__).parents[1] / "data" / "seed-notes.md"
SERVICES = {"docker", "ecs", "fargate", "ecr", "lambda", "api-gateway", "batch", "lightsail"}


@pytest.fixture
def imported_kb(tmp_path: Path) -> KnowledgeBase:
    write_topics(import_notes(SEED.read_text(), SEED.name), tmp_path, SEED.name, force=False)
    return load_knowledge(tmp_path)


def test_seed_notes_import_meets_the_targets(imported_kb: KnowledgeBase) -> None:
    assert set(imported_kb.topics) == SERVICES | {"lambda-vs-batch"}
    bank = build_bank(imported_kb)
    assert bank.generated >= 40
    assert audit(imported_kb, bank) == []


def test_the_notes_place_every_line() -> None:
    assert import_notes(SEED.read_text(), SEED.name).unplaced == []


def test_the_comparison_rows_say_what_is_false_of_the_other_side(
    imported_kb: KnowledgeBase,
) -> None:
    no_limit = next(f for f in imported_kb.topic("batch").facts if f.text == "No time limit.")
    assert no_limit.false_for == ["lambda"]
    scaling = next(
        f for f in imported_kb.topic("lambda").facts if f.text == "Scaling is automated."
    )
    assert scaling.false_for == ["lightsail"]  # "no auto scaling" in Lightsail's notes
