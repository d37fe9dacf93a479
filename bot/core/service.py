"""StudyBot: the one entry point adapters call. It reads a message and decides the reply."""

from __future__ import annotations

from datetime import datetime

from bot.core.answers import Answer, compose
from bot.core.identity import Caller
from bot.core.knowledge import KnowledgeBase
from bot.core.matching import Matcher
from bot.core.replies import Reply
from bot.core.text import clean_message

HELP = """I answer questions about AWS compute and run the team's daily quiz.
• Ask anything: "what is Fargate", "lambda time limit?", "ecs vs fargate"
• quiz: today's question for this channel (posts it now if there is none)
• answer <A-D, 1-4 or text>: answer today's quiz (your first answer counts)
• quiz practice: a private question picked from what you got wrong before
• quiz reveal: reveal today's answer now (admins)
• leaderboard [week|month|all]: the standings
• stats: your points, rank, streaks and accuracy by topic
• config: show this channel's quiz settings; config <setting> <value> to change one (admins)
• help: this list"""


class StudyBot:
    """The platform-free bot: knowledge answers now; the quiz desk when a database is attached."""

    def __init__(self, kb: KnowledgeBase, matcher: Matcher | None = None) -> None:
        self.kb = kb
        self.matcher = matcher or Matcher(kb)

    def ask(self, question: str) -> Answer:
        """Answer a free-text question from the knowledge base, or decline plainly."""
        return compose(self.matcher.match(question), self.kb)

    def handle(self, caller: Caller, text: str, now: datetime) -> Reply:
        """Reply to one chat message: a command word, else a question."""
        message = clean_message(text)
        word = message.split(" ", 1)[0].casefold() if message else ""
        if word in ("help", "?", "commands"):
            return Reply(HELP, "help", title="studybot help")
        return self.ask(message).reply
