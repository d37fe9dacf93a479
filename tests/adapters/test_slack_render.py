"""Block Kit rendering of the core's replies: what a Slack user sees, within Slack's limits."""

from __future__ import annotations

import json

import pytest

from bot.adapters.slack import home_view, to_slack_blocks, to_slack_message
from bot.adapters.slack.render import QUIZ_ACTION
from bot.core import Choice, Link, Reply, Standing, StudyBot


def test_an_answer_puts_the_asked_for_fact_first_then_more_facts_then_sources(bot: StudyBot):
    reply = bot.ask("lambda timeout").reply
    blocks = to_slack_blocks(reply)
    assert [b["type"] for b in blocks[:3]] == ["header", "section", "section"]
    assert blocks[0]["text"]["text"] == reply.title
    assert blocks[1]["text"]["text"] == reply.lead
    assert "15 minutes" in blocks[1]["text"]["text"]
    assert blocks[2]["text"]["text"].startswith("• ")
    sources = [b for b in blocks if b["type"] == "context" and "Sources" in json.dumps(b)]
    assert sources and reply.links[0].url in json.dumps(sources)


def test_quiz_has_one_button_per_option_matched_by_the_action_pattern():
    choices = tuple(Choice(k, f"option {k}", f"quiz-7:{k}") for k in "ABCD")
    text = "Daily quiz\nPick one\n" + "\n".join(f"  {c.key}) {c.label}" for c in choices)
    reply = Reply(text, "quiz", title="Daily quiz", choices=choices, quiz_id="7")
    blocks = to_slack_blocks(reply)
    [actions] = [b for b in blocks if b["type"] == "actions"]
    ids = [e["action_id"] for e in actions["elements"]]
    assert ids == ["quiz_answer_0", "quiz_answer_1", "quiz_answer_2", "quiz_answer_3"]
    assert all(QUIZ_ACTION.match(i) for i in ids)
    assert [e["value"] for e in actions["elements"]] == [c.value for c in choices]
    # The options are on the buttons, so the question text does not repeat them.
    section_text = json.dumps([b for b in blocks if b["type"] == "section"])
    assert "Pick one" in section_text and "option A" not in section_text


def test_long_labels_and_titles_are_cut_to_slack_limits():
    long = "x" * 400
    reply = Reply(long, "quiz", title=long, choices=(Choice("A", long, "v"),))
    blocks = to_slack_blocks(reply)
    assert len(blocks[0]["text"]["text"]) == 150
    [actions] = [b for b in blocks if b["type"] == "actions"]
    assert len(actions["elements"][0]["text"]["text"]) == 75


def test_long_text_is_split_into_sections_under_3000_characters():
    reply = Reply("\n".join(f"line {i} " + "y" * 90 for i in range(100)), "help")
    sections = [b for b in to_slack_blocks(reply) if b["type"] == "section"]
    assert len(sections) > 1
    assert all(len(s["text"]["text"]) <= 3000 for s in sections)
    assert "line 99" in sections[-1]["text"]["text"]


@pytest.mark.parametrize("text", ["<!channel> hi", "a <@U123> b", "<http://evil|click>", "x & y"])
def test_fact_text_cannot_ping_people_or_smuggle_links(text: str):
    reply = Reply(text, "answer", title="T", lead=text, body=(text,))
    rendered = json.dumps(to_slack_blocks(reply))
    assert "<!channel>" not in rendered and "<@U123>" not in rendered and "<http" not in rendered


def test_source_links_are_real_slack_links():
    reply = Reply(
        "t", "answer", title="T", lead="l", links=(Link("docs.aws", "https://docs.aws/x"),)
    )
    assert "<https://docs.aws/x|docs.aws>" in json.dumps(to_slack_blocks(reply))


def test_leaderboard_is_one_line_per_rank_with_mentions_for_slack_ids():
    rows = (Standing(1, "U0123ABCD", 30, 9, 10, 4), Standing(2, "Dana", 12, 4, 10, 0))
    reply = Reply("Leaderboard", "leaderboard", title="This week", standings=rows)
    [section] = [b for b in to_slack_blocks(reply) if b["type"] == "section"]
    lines = section["text"]["text"].split("\n")
    assert len(lines) == 2
    assert "<@U0123ABCD>" in lines[0] and "30 pts" in lines[0] and "streak 4" in lines[0]
    assert "Dana" in lines[1] and "12 pts" in lines[1]


def test_plain_reply_keeps_its_text_and_the_fallback_text():
    reply = Reply("I don't know that one.", "unknown")
    message = to_slack_message(reply)
    assert message["text"] == "I don't know that one."
    assert message["blocks"] == [
        {"type": "section", "text": {"type": "mrkdwn", "text": "I don't know that one."}}
    ]


def test_home_view_has_stats_then_leaderboard():
    stats = Reply("You: 5 points", "stats", title="Your stats", lead="5 points, streak 2")
    board = Reply(
        "b", "leaderboard", title="Leaderboard", standings=(Standing(1, "U0AAAAAAA", 5, 1, 1, 2),)
    )
    view = home_view(stats, board)
    assert view["type"] == "home"
    kinds = [b["type"] for b in view["blocks"]]
    assert kinds.index("divider") > 0
    headers = [b["text"]["text"] for b in view["blocks"] if b["type"] == "header"]
    assert headers == ["Your stats", "Leaderboard"]
