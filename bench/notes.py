"""Notes benchmark: the dev questions answered from knowledge imported from the seed notes alone,
next to the shipped (curated) knowledge and two baselines over the same imported text."""

from __future__ import annotations

import os
import time
from pathlib import Path

from bench.evaluation import default_dev_set, load_cases
from bench.lookup import accuracy_by_kind, best_threshold, bm25_baseline, wratio_baseline
from bot.core import KnowledgeBase, StudyBot, load_knowledge
from bot.core.knowledge import default_knowledge_dir
from bot.core.questionbank import build_bank
from bot.notes.importer import import_notes, read_notes

_QUIZ_KINDS = ("true-", "untrue-", "limit-", "gen-")
KINDS = ["direct", "typo", "alias", "describe", "attribute", "compare", "oos", "all"]


def seed_notes(dev_set: Path) -> Path:
    """`../shared/reference/seed-notes.md`, beside the eval folder that holds the dev set."""
    return dev_set.resolve().parents[1] / "reference" / "seed-notes.md"


def imported_knowledge(notes: Path) -> KnowledgeBase:
    """The knowledge `studybot kb import NOTES` writes, built in memory (same code path)."""
    imported = import_notes(read_notes(notes), notes.name)
    return KnowledgeBase(topics={t.id: t for t in imported.topics})


def main() -> None:
    dev_set = Path(os.environ.get("LOOKUP_DEV_SET", default_dev_set()))
    cases = load_cases(dev_set)
    notes = Path(os.environ.get("SEED_NOTES", seed_notes(dev_set)))
    notes_kb = imported_knowledge(notes)
    shipped = load_knowledge(default_knowledge_dir())
    wr, bm = wratio_baseline(notes_kb), bm25_baseline(notes_kb)
    wr_t = best_threshold(wr, [float(x) for x in range(0, 101, 5)], cases)
    bm_t = best_threshold(bm, [x / 2 for x in range(0, 41)], cases)
    systems = {
        "studybot, imported notes": StudyBot(notes_kb),
        "studybot, shipped knowledge": StudyBot(shipped),
    }
    lookups = {name: (lambda q, b=bot: b.ask(q).as_json()) for name, bot in systems.items()}
    lookups[f"BM25 notes text (t={bm_t:g})"] = bm(bm_t)
    lookups[f"WRatio notes titles (t={wr_t:g})"] = wr(wr_t)
    print(
        f"Notes: {len(cases)} dev questions answered from {notes.name} imported alone "
        f"({len(notes_kb.topics)} topics, {sum(len(t.facts) for t in notes_kb.topics.values())} "
        "facts) vs the shipped knowledge"
    )
    print(f"{'system':32}" + "".join(f"{k:>10}" for k in KINDS))
    for name, lookup in lookups.items():
        acc = accuracy_by_kind(lookup, cases)
        cells = "".join(f"{acc[k][0]:>5}/{acc[k][1]:<4}" for k in KINDS if k in acc)
        pct = 100 * acc["all"][0] / acc["all"][1]
        print(f"{name:32}{cells}  {pct:5.1f}%")
    bank = build_bank(notes_kb)
    kinds = {k: sum(q.id.startswith(k) for q in bank.questions.values()) for k in _QUIZ_KINDS}
    print(
        f"Quiz questions generated from the imported notes: {bank.generated} "
        f"({', '.join(f'{n} {k}' for k, n in kinds.items())})"
    )
    start = time.perf_counter()
    imported_knowledge(notes)
    print(f"Import of {notes.name}: {(time.perf_counter() - start) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
