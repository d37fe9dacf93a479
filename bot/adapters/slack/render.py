"""Block Kit for the core's neutral replies: answers, quiz cards, reveals, standings, App Home."""

from __future__ import annotations

import re
from typing import Any

from bot.core import Choice, Reply, Standing

Block = dict[str, Any]

QUIZ_ACTION_PREFIX = "quiz_answer_"
QUIZ_ACTION = re.compile(rf"^{QUIZ_ACTION_PREFIX}\d+$")
REPORT_ACTION = "quiz_report"

# Slack's limits: header text, section text, button label, blocks per message and per view.
HEADER_MAX = 150
SECTION_MAX = 3000
BUTTON_MAX = 75
MESSAGE_BLOCKS_MAX = 50
VIEW_BLOCKS_MAX = 100
_USER_ID = re.compile(r"^[UW][A-Z0-9]{6,}$")


def to_slack_blocks(reply: Reply) -> list[Block]:
    """The reply as Block Kit: title, the asked-for fact first, more facts, buttons, sources."""
    blocks: list[Block] = []
    if reply.title:
        blocks.append(_header(reply.title))
    if reply.lead or reply.body or reply.standings:
        if reply.lead:
            blocks += _sections(_BOLD.sub(r"*\1*", escape(reply.lead)))
        if reply.body:
            blocks += _sections("\n".join(f"• {escape(line)}" for line in reply.body))
        if reply.standings:
            blocks += _sections(standings_text(reply.standings))
    else:
        blocks += _sections(escape(_without_title(reply)))
    if reply.choices:
        blocks.append(_buttons(reply))
    if reply.report:
        blocks.append(_report_button(reply.report))
    if reply.links:
        sources = " · ".join(f"<{link.url}|{escape(link.label)}>" for link in reply.links)
        blocks.append(_context(f"Sources: {sources}"))
    if reply.footer:
        blocks.append(_context(escape(reply.footer)))
    return blocks[:MESSAGE_BLOCKS_MAX]


def to_slack_message(reply: Reply) -> dict[str, Any]:
    """Keyword arguments for chat.postMessage, chat.update and respond: blocks and text fallback."""
    return {"text": reply.text, "blocks": to_slack_blocks(reply)}


def home_view(stats: Reply, leaderboard: Reply) -> Block:
    """The App Home tab: the viewer's own stats and streak, then the workspace leaderboard."""
    blocks = [*to_slack_blocks(stats), {"type": "divider"}, *to_slack_blocks(leaderboard)]
    return {"type": "home", "blocks": blocks[:VIEW_BLOCKS_MAX]}


def standings_text(standings: tuple[Standing, ...]) -> str:
    """One line per rank, points first, so the column of numbers reads like a table."""
    lines = []
    for row in standings:
        who = f"<@{row.user}>" if _USER_ID.match(row.user) else escape(row.user)
        lines.append(
            f"`{row.rank:>2}.` *{row.points} pts*  {who}  "
            f"({row.correct}/{row.answered} right, streak {row.streak})"
        )
    return "\n".join(lines)


_BOLD = re.compile(r"\*\*(.+?)\*\*")
"""The core's **bold** (Markdown, as Discord shows it) is *bold* in Slack's mrkdwn."""


def escape(text: str) -> str:
    """Slack mrkdwn control characters as entities, so a fact never turns into a mention or link."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _without_title(reply: Reply) -> str:
    """The plain text minus what other blocks show: the title, and the options on buttons."""
    text = reply.text
    if reply.title and text.startswith(reply.title):
        text = text[len(reply.title) :].lstrip(":\n ")
    options = {f"{c.key}) {c.label}" for c in reply.choices}
    kept = [line for line in text.split("\n") if line.strip() not in options]
    return "\n".join(kept).strip() or reply.text


def _header(title: str) -> Block:
    return {"type": "header", "text": {"type": "plain_text", "text": _cut(title, HEADER_MAX)}}


def _sections(text: str) -> list[Block]:
    """Sections of at most SECTION_MAX characters each, split at line ends where possible."""
    chunks: list[str] = []
    current = ""
    for line in text.split("\n"):
        while len(line) > SECTION_MAX:
            chunks.append(line[:SECTION_MAX])
            line = line[SECTION_MAX:]
        if current and len(current) + 1 + len(line) > SECTION_MAX:
            chunks.append(current)
            current = line
        else:
            current = f"{current}\n{line}" if current else line
    if current.strip():
        chunks.append(current)
    return [{"type": "section", "text": {"type": "mrkdwn", "text": chunk}} for chunk in chunks]


def _buttons(reply: Reply) -> Block:
    buttons = [
        {
            "type": "button",
            "action_id": f"{QUIZ_ACTION_PREFIX}{i}",
            "text": {"type": "plain_text", "text": _cut(button_label(c), BUTTON_MAX)},
            "value": c.value,
        }
        for i, c in enumerate(reply.choices)
    ]
    block: Block = {"type": "actions", "elements": buttons}
    if reply.quiz_id:
        block["block_id"] = _cut(f"quiz:{reply.quiz_id}", 255)
    return block


def button_label(choice: Choice) -> str:
    """ "B) 15 minutes" for a quiz option; a keyless choice ("Full table") shows its label alone."""
    return f"{choice.key}) {choice.label}" if choice.key else choice.label


def _report_button(report: Choice) -> Block:
    button = {
        "type": "button",
        "action_id": REPORT_ACTION,
        "text": {"type": "plain_text", "text": _cut(report.label, BUTTON_MAX)},
        "value": report.value,
    }
    return {"type": "actions", "elements": [button]}


def _context(text: str) -> Block:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": _cut(text, SECTION_MAX)}]}


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
