"""Any text gets a reply: bad input, odd unicode, huge messages, and a property test over all text."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.core import Caller, ChannelRef, Player, StudyBot

BAD_INPUT = [
    "",
    "   \t  ",
    "\u200b\u200b\u200b",
    "\x00\x01\x02\x1b[31m",
    "\u202e\u202d\u2066",
    "ما هي خدمة لامدا",  # right-to-left text
    "😀" * 500,
    "lambda " * 7_000,  # ~50,000 characters
    "x" * 50_000,
    "?!?!?!",
    "<@U1> <@U2> <#C3>",
]


@pytest.mark.parametrize("text", BAD_INPUT, ids=range(len(BAD_INPUT)))
def test_bad_input_gets_a_clear_reply(bot: StudyBot, text: str) -> None:
    answer = bot.ask(text)
    assert answer.reply.text.strip()
    assert 0.0 <= answer.confidence <= 1.0
    if not text.strip() or not any(ch.isalnum() for ch in text):
        assert not answer.matched


def test_a_huge_message_about_lambda_is_still_answered(bot: StudyBot) -> None:
    assert bot.ask("what is lambda " + "please " * 10_000).topic == "lambda"


def test_empty_message_in_chat_asks_for_a_question(bot: StudyBot) -> None:
    caller = Caller(Player("terminal", "local", "amy"), ChannelRef("terminal", "local", "general"))
    reply = bot.handle(caller, "   ", datetime(2026, 1, 5, tzinfo=UTC))
    assert "question" in reply.text.lower() or "help" in reply.text.lower()


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(max_size=2_000))
def test_any_text_gets_a_json_answer(bot: StudyBot, text: str) -> None:
    data = bot.ask(text).as_json()
    assert set(data) == {
        "question",
        "matched",
        "topic",
        "title",
        "answer",
        "confidence",
        "suggestions",
    }
    assert isinstance(data["matched"], bool) and data["answer"]
    assert 0.0 <= data["confidence"] <= 1.0 and len(data["suggestions"]) <= 3
    assert (data["topic"] is None) == (not data["matched"])
    json.dumps(data)
