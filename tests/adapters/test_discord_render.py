"""to_discord_message: the neutral Reply as content, embed and persistent buttons, within Discord's limits."""

from __future__ import annotations

import pytest

from bot.adapters.discord import ChoiceButton, to_discord_message
from bot.core import Choice, Link, Reply, Standing

QUIZ = Reply(
    "Which service runs containers without servers?\nA) EC2\nB) Fargate\nC) Batch\nD) Lightsail",
    "quiz",
    title="Daily quiz",
    lead="Which service runs containers without servers?",
    choices=tuple(
        Choice(key, label, f"q:2026-03-02:general:{i}")
        for i, (key, label) in enumerate(
            zip("ABCD", ("EC2", "Fargate", "Batch", "Lightsail"), strict=True)
        )
    ),
    quiz_id="2026-03-02:general",
)


def test_a_plain_reply_is_just_content() -> None:
    message = to_discord_message(Reply("Recorded: B.", "receipt", private=True))
    assert message.content == "Recorded: B."
    assert message.embed is None and message.view is None
    assert set(message.send_kwargs()) == {"content"}


def test_an_answer_is_an_embed_with_lead_body_sources_and_footer() -> None:
    reply = Reply(
        "whole text",
        "answer",
        title="AWS Lambda",
        lead="Lambda runs up to 15 minutes.",
        body=("It scales per request.", "It bills per ms."),
        links=(Link("docs", "https://docs.aws.amazon.com/lambda/"),),
        footer="Ask me about its limits.",
    )
    embed = to_discord_message(reply).embed
    assert embed is not None
    assert embed.title == "AWS Lambda"
    assert embed.description == (
        "Lambda runs up to 15 minutes.\n\n• It scales per request.\n• It bills per ms."
    )
    assert embed.fields[0].value == "[docs](https://docs.aws.amazon.com/lambda/)"
    assert embed.footer.text == "Ask me about its limits."


def test_a_quiz_has_one_persistent_button_per_choice_carrying_its_value() -> None:
    message = to_discord_message(QUIZ)
    assert message.view is not None and message.view.timeout is None
    buttons = [item for item in message.view.children if isinstance(item, ChoiceButton)]
    assert [b.item.label for b in buttons] == ["A) EC2", "B) Fargate", "C) Batch", "D) Lightsail"]
    assert [b.custom_id for b in buttons] == [f"sb:{c.value}" for c in QUIZ.choices]
    assert message.view.is_persistent()


def test_an_edit_without_choices_removes_the_buttons() -> None:
    reveal = Reply("The answer was B) Fargate.", "reveal", title="Daily quiz: answer")
    kwargs = to_discord_message(reveal).edit_kwargs()
    assert kwargs["view"] is None
    assert len(kwargs["embeds"]) == 1


def test_a_leaderboard_is_a_monospaced_table() -> None:
    reply = Reply(
        "text",
        "leaderboard",
        title="Leaderboard: this week",
        standings=(Standing(1, "alice", 30, 3, 3, 3), Standing(2, "bob", 10, 1, 3, 0)),
    )
    description = to_discord_message(reply).embed.description
    assert description.startswith("```") and description.endswith("```")
    lines = description.strip("`\n").splitlines()
    assert lines[1].split() == ["1", "alice", "30", "3/3", "3"]
    assert lines[2].split() == ["2", "bob", "10", "1/3", "0"]


def test_long_text_is_clipped_to_discord_limits() -> None:
    huge = "x" * 10_000
    assert len(to_discord_message(Reply(huge)).content) == 2000
    embed = to_discord_message(Reply(huge, "answer", title="t" * 300, lead=huge)).embed
    assert len(embed.title) == 256 and len(embed.description) == 4096
    long_label = Reply("q", "quiz", title="q", choices=(Choice("A", "y" * 200, "v"),))
    assert len(to_discord_message(long_label).view.children[0].item.label) == 80


def test_a_value_too_long_for_a_custom_id_is_refused() -> None:
    with pytest.raises(ValueError, match="too long"):
        ChoiceButton("v" * 98)
    assert ChoiceButton("v" * 97).custom_id == "sb:" + "v" * 97
