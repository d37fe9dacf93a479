"""The held-out set (`tests/fixtures/heldout-scenarios.jsonl`): questions written by a helper
before reading the choosing guides, scored with the eval README's rules; a row with `context`
is a follow-up asked by the same person right after that context question."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from bench.evaluation import Case, judge
from bot.core import StudyBot
from bot.core.identity import Caller, ChannelRef, Player

HELDOUT = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "heldout-scenarios.jsonl"
NOW = datetime(2026, 1, 1, tzinfo=UTC)


def load_rows(path: Path = HELDOUT) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def case(row: dict) -> Case:
    return Case(row["question"], row["expect"], row.get("kind", "scenario"), row.get("must", []))


def studybot_asker(bot: StudyBot) -> Callable[[dict], dict]:
    """Each row asked by a new person, so only a row's own context can be followed up."""
    count = iter(range(10**9))

    def ask(row: dict) -> dict:
        who = f"u{next(count)}"
        caller = Caller(Player("bench", "w", who), ChannelRef("bench", "w", "c"))
        if row.get("context"):
            bot.ask(row["context"], caller, NOW)
        return bot.ask(row["question"], caller, NOW).as_json()

    return ask


def score(ask: Callable[[dict], dict], rows: list[dict]) -> dict[str, tuple[int, int, list[str]]]:
    """Right answers per group (and "all"), with the questions missed."""
    tally: dict[str, list] = defaultdict(lambda: [0, 0, []])
    for row in rows:
        good = judge(case(row), ask(row))
        for group in (row.get("group", "all"), "all"):
            tally[group][0] += good
            tally[group][1] += 1
            if not good:
                tally[group][2].append(row["question"][:70])
    return {k: (v[0], v[1], v[2]) for k, v in tally.items()}
