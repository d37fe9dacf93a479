"""Players flag questions on a real database (SQLite and PostgreSQL): a question flagged by an admin
or by two people sits out the daily quiz of that workspace until an admin clears it."""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.core import Caller, ChannelRef, Player, StudyBot

MON = datetime(2024, 3, 4, 10, 0, tzinfo=UTC)
STUDYBOT = str(Path(sys.executable).with_name("studybot"))
_FRESH = itertools.count()


def who(user: str, *, admin: bool = False, channel: str = "C1", workspace: str = "T1") -> Caller:
    return Caller(
        Player("slack", workspace, user, user.title()),
        ChannelRef("slack", workspace, channel),
        admin,
    )


def posted_question(bot: StudyBot, caller: Caller, now: datetime = MON) -> str:
    reply = bot.handle(caller, "quiz", now)
    assert reply.kind == "quiz" and reply.quiz_id
    return bot.store.quiz(int(reply.quiz_id)).question_id  # type: ignore[union-attr]


def asked_in_new_channels(bot: StudyBot, count: int, workspace: str = "T1") -> set[str]:
    """The questions `count` channels never seen before get today."""
    return {
        posted_question(
            bot, who("admin", admin=True, channel=f"N{next(_FRESH)}", workspace=workspace)
        )
        for _ in range(count)
    }


def test_two_peoples_flags_withhold_a_question_until_an_admin_clears_it(bot: StudyBot) -> None:
    question = posted_question(bot, who("admin", admin=True))
    first = bot.handle(who("ann"), "quiz flag the answer is out of date", MON)
    assert first.private and "Thanks, flagged" in first.text and "one more person" in first.text
    assert bot.handle(who("ann"), "quiz flag still wrong", MON).text.startswith("You flagged this")
    assert question in asked_in_new_channels(bot, 40)  # one person's flag: still asked
    second = bot.handle(who("bob"), "quiz flag two right answers", MON)
    assert "kept out of the daily quiz" in second.text
    assert question not in asked_in_new_channels(bot, 40, workspace="T1")
    assert question in asked_in_new_channels(
        bot, 40, workspace="T2"
    )  # flags stay in their workspace

    listing = bot.handle(who("carl"), "quiz flags", MON)
    assert listing.private and f"{question} (2 flag(s), withheld)" in listing.text
    assert "Ann" in listing.text and "still wrong" in listing.text and "Bob" in listing.text
    refused = bot.handle(who("ann"), f"quiz unflag {question}", MON)
    assert refused.kind == "error"
    cleared = bot.handle(who("admin", admin=True), f"quiz unflag {question}", MON)
    assert cleared.text.startswith("Cleared 2 flag(s)")
    assert bot.handle(who("carl"), "quiz flags", MON).text == "No question is flagged here."
    assert question in asked_in_new_channels(bot, 40)


def test_an_admins_flag_withholds_at_once(bot: StudyBot) -> None:
    question = posted_question(bot, who("admin", admin=True))
    reply = bot.handle(who("admin", admin=True), "quiz flag wrong source", MON)
    assert "kept out of the daily quiz" in reply.text
    assert question not in asked_in_new_channels(bot, 40)


def test_the_report_button_on_the_reveal_flags_the_question(bot: StudyBot) -> None:
    question = posted_question(bot, who("admin", admin=True))
    reveal = bot.handle(who("admin", admin=True), "quiz reveal", MON)
    assert reveal.kind == "reveal" and reveal.report is not None
    receipt = bot.press(who("ann"), reveal.report.value, MON + timedelta(minutes=1))
    assert receipt.private and "Thanks, flagged" in receipt.text
    flags = bot.store.open_flags("slack", "T1")  # type: ignore[union-attr]
    assert [(f.question_id, f.player.user_id) for f in flags] == [(question, "ann")]
    assert bot.press(who("ann"), "flag:999999", MON).text == "That quiz no longer exists."


def test_flagging_needs_a_reason_and_a_quiz(bot: StudyBot) -> None:
    assert (
        bot.handle(who("ann"), "quiz flag wrong", MON).text == "There is no quiz here to flag yet."
    )
    posted_question(bot, who("admin", admin=True))
    assert "quiz flag <why>" in bot.handle(who("ann"), "quiz flag", MON).text
    assert bot.store.open_flags("slack", "T1") == []  # type: ignore[union-attr]


def test_studybot_quiz_flags_lists_them_from_the_shell(tmp_path: Path, quiz_kb) -> None:
    url = f"sqlite:///{tmp_path / 'flags.db'}"
    env = {**os.environ, "DATABASE_URL": url, "KNOWLEDGE_DIR": ""}
    chat = subprocess.run(
        [STUDYBOT, "chat", "--user", "ann"],
        input="quiz\nquiz flag the options overlap\n",
        capture_output=True, text=True, env=env, timeout=60,
    )  # fmt: skip
    assert "Thanks, flagged" in chat.stdout, chat.stdout + chat.stderr
    listed = subprocess.run(
        [STUDYBOT, "quiz", "flags", "--json"], capture_output=True, text=True, env=env, timeout=60
    )
    [row] = json.loads(listed.stdout)
    assert row["user"] == "ann" and row["reason"] == "the options overlap"
    assert row["admin"] is True and row["withheld"] is True  # the terminal's one user is its admin
    text = subprocess.run(
        [STUDYBOT, "quiz", "flags"], capture_output=True, text=True, env=env, timeout=60
    ).stdout
    assert "the options overlap" in text and "(1 flag(s), withheld)" in text
