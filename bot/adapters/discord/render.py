"""Rendering a core Reply as a Discord message: plain content, or an embed with one button per choice."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import discord

from bot.adapters.discord.buttons import ChoiceButton
from bot.core import Reply

# Discord's hard limits; a longer field makes the whole send fail with 400.
CONTENT_LIMIT = 2000
TITLE_LIMIT = 256
DESCRIPTION_LIMIT = 4096
FIELD_LIMIT = 1024
FOOTER_LIMIT = 2048
BUTTON_LABEL_LIMIT = 80
BUTTONS_PER_MESSAGE = 25

COLOURS = {
    "answer": discord.Colour.blurple(),
    "quiz": discord.Colour.gold(),
    "reveal": discord.Colour.green(),
    "leaderboard": discord.Colour.purple(),
    "stats": discord.Colour.teal(),
    "error": discord.Colour.red(),
}


@dataclass(frozen=True)
class DiscordMessage:
    """A message ready to send: text, an optional embed and an optional view of buttons."""

    content: str | None = None
    embed: discord.Embed | None = None
    view: discord.ui.View | None = None

    def send_kwargs(self) -> dict[str, Any]:
        """Keyword arguments for `send`/`send_message`, leaving out what is absent."""
        kwargs: dict[str, Any] = {"content": self.content}
        if self.embed is not None:
            kwargs["embed"] = self.embed
        if self.view is not None:
            kwargs["view"] = self.view
        return kwargs

    def edit_kwargs(self) -> dict[str, Any]:
        """Keyword arguments for `edit`: what is absent is removed from the message (e.g. buttons)."""
        return {
            "content": self.content,
            "embeds": [self.embed] if self.embed is not None else [],
            "view": self.view,
        }


def to_discord_message(reply: Reply) -> DiscordMessage:
    """A plain reply becomes text; a titled one, a leaderboard or a quiz becomes an embed."""
    if reply.title is None and not reply.standings and not reply.choices and not reply.report:
        return DiscordMessage(content=_clip(reply.text, CONTENT_LIMIT))
    return DiscordMessage(embed=_embed(reply), view=_buttons(reply))


def _embed(reply: Reply) -> discord.Embed:
    embed = discord.Embed(
        title=_clip(reply.title, TITLE_LIMIT) if reply.title else None,
        description=_clip(_description(reply), DESCRIPTION_LIMIT),
        colour=COLOURS.get(reply.kind, discord.Colour.blurple()),
    )
    if reply.links:
        sources = "\n".join(f"[{link.label}]({link.url})" for link in reply.links)
        embed.add_field(name="Sources", value=_clip(sources, FIELD_LIMIT), inline=False)
    if reply.footer:
        embed.set_footer(text=_clip(reply.footer, FOOTER_LIMIT))
    return embed


def _description(reply: Reply) -> str:
    if reply.standings:
        return _standings_table(reply)
    if reply.lead is None and not reply.body:
        return _without_title(reply.text, reply.title)
    parts = [reply.lead] if reply.lead else []
    if reply.body:
        parts.append("\n".join(f"• {line}" for line in reply.body))
    if any(c.key for c in reply.choices):
        # Button labels are cut at 80 characters; the embed shows each option whole.
        parts.append("\n".join(f"**{c.key})** {c.label}" for c in reply.choices if c.key))
    return "\n\n".join(parts)


def _standings_table(reply: Reply) -> str:
    rows = [f"{'#':>3} {'player':<20} {'pts':>5} {'right':>7} {'streak':>6}"]
    for s in reply.standings:
        rows.append(
            f"{s.rank:>3} {_clip(s.user, 20):<20} {s.points:>5} "
            f"{f'{s.correct}/{s.answered}':>7} {s.streak:>6}"
        )
    lead = f"{reply.lead}\n" if reply.lead else ""
    return f"{lead}```\n" + _clip("\n".join(rows), DESCRIPTION_LIMIT - 200) + "\n```"


def _without_title(text: str, title: str | None) -> str:
    if title and text.startswith(title):
        return text[len(title) :].lstrip("\n")
    return text


def _buttons(reply: Reply) -> discord.ui.View | None:
    if not reply.choices and not reply.report:
        return None
    view = discord.ui.View(timeout=None)
    for choice in reply.choices[: BUTTONS_PER_MESSAGE - 1]:
        text = f"{choice.key}) {choice.label}" if choice.key else choice.label
        label = _clip(text, BUTTON_LABEL_LIMIT)
        view.add_item(ChoiceButton(choice.value, label=label))
    if reply.report:
        view.add_item(ChoiceButton(reply.report.value, label=reply.report.label))
    return view


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
