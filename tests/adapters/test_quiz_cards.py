"""No quiz card gives its answer away before the reveal: not on Slack (Block Kit), not on Discord
(embed and buttons), not in the terminal. Every question of the shipped bank is rendered."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from bot.adapters.discord import to_discord_message
from bot.adapters.slack import to_slack_blocks
from bot.core import Caller, ChannelRef, KnowledgeBase, Player, Reply, StudyBot
from bot.core.audit import answer_topic
from bot.core.daily import already_posted_reply, quiz_reply
from bot.core.masking import names_in
from bot.core.ports import QuizRecord
from bot.core.questionbank import QuizQuestion, build_bank
from bot.storage.engine import make_engine
from bot.storage.migrate import upgrade
from bot.storage.repository import SqlQuizStore

NOW = datetime(2026, 3, 3, 9, 0, tzinfo=UTC)


def _record(q: QuizQuestion, quiz_id: int = 41) -> QuizRecord:
    channel = ChannelRef("slack", "T1", "C1")
    return QuizRecord(
        quiz_id, channel, date(2026, 3, 3), q.id, q.topic, q.prompt, q.options, q.correct,
        q.explanation, q.source, NOW, NOW + timedelta(hours=8), NOW,
    )  # fmt: skip


def _renderings(reply: Reply) -> dict[str, str]:
    discord = to_discord_message(reply)
    buttons = [i.item.to_component_dict() for i in discord.view.children] if discord.view else []  # type: ignore[attr-defined]
    return {
        "slack": json.dumps(to_slack_blocks(reply), ensure_ascii=False),
        "discord": json.dumps([discord.embed.to_dict() if discord.embed else {}, buttons]),
        "terminal": reply.text,
    }


def _without(text: str, *parts: str) -> str:
    for part in sorted(parts, key=len, reverse=True):
        text = text.replace(part, " ").replace(json.dumps(part)[1:-1], " ")
    return text


def _assert_gives_nothing_away(kb: KnowledgeBase, q: QuizQuestion, reply: Reply) -> None:
    answer = answer_topic(kb, q)
    topic_id = re.compile(rf"(?<![\w-]){re.escape(q.topic)}(?![\w-])", re.I)
    for platform, card in _renderings(reply).items():
        beside_options = _without(card, *q.options)
        if answer is not None:
            assert not names_in(beside_options, answer), (q.id, platform, answer.title)
        around_question = _without(beside_options, q.prompt, *q.prompt.split("\n"))
        assert not topic_id.search(around_question), (q.id, platform)
        assert q.id not in card, (q.id, platform)


@pytest.fixture(scope="module")
def questions(kb: KnowledgeBase) -> list[QuizQuestion]:
    return build_bank(kb).for_topics(())


def test_no_daily_card_names_its_topic_or_answer(kb: KnowledgeBase, questions) -> None:
    for q in questions:
        _assert_gives_nothing_away(kb, q, quiz_reply(_record(q)))
        _assert_gives_nothing_away(kb, q, already_posted_reply(_record(q)))


def test_the_title_is_the_date_only() -> None:
    q = QuizQuestion("x", "lightsail", "Which?", ("A", "B", "C", "D"), 0, "", "https://x")
    assert quiz_reply(_record(q)).title == "Quiz of Tue 2026-03-03"


def test_the_check_itself_catches_a_card_that_names_the_topic(kb: KnowledgeBase, questions) -> None:
    q = next(q for q in questions if q.generated and q.topic == "lightsail")
    reply = quiz_reply(_record(q))
    leaky = Reply(reply.text, "quiz", title=f"{reply.title} ({q.topic})", choices=reply.choices)
    with pytest.raises(AssertionError):
        _assert_gives_nothing_away(kb, q, leaky)


def test_practice_and_posted_cards_through_the_bot_give_nothing_away(
    kb: KnowledgeBase, tmp_path: Path
) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'cards.db'}")
    upgrade(engine)
    bot = StudyBot(kb, store=SqlQuizStore(engine))
    for n in range(12):
        caller = Caller(Player("slack", "T1", f"U{n}", f"u{n}"), ChannelRef("slack", "T1", f"C{n}"))
        for words in ("quiz", "quiz practice"):
            reply = bot.handle(caller, words, NOW)
            assert reply.kind == "quiz", reply.text
            shown = {c.label for c in reply.choices}
            q = next(
                q
                for q in bot.bank.for_topics(())
                if set(q.options) == shown and q.prompt == reply.lead
            )
            _assert_gives_nothing_away(kb, q, reply)
    bot.close()
