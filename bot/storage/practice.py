"""Practice in SQL: each person's spaced-repetition cards, and the questions they got wrong."""

from __future__ import annotations

from sqlalchemy import select

from bot.core.identity import Player
from bot.core.ports import PracticeCard
from bot.storage.store import SqlStore, unavailable_as_error
from bot.storage.tables import AN, PC, QZ, player_is, player_keys


class PracticeQueries(SqlStore):
    """`QuizStore` methods for practice; nothing here touches the scores."""

    @unavailable_as_error
    def practice_cards(self, player: Player) -> list[PracticeCard]:
        query = select(PC).where(*player_is(PC, player)).order_by(PC.c.due, PC.c.question_id)
        with self._read() as conn:
            return [
                PracticeCard(r.question_id, r.card, r.due, r.pending) for r in conn.execute(query)
            ]

    @unavailable_as_error
    def save_practice_card(self, player: Player, card: PracticeCard) -> None:
        values = {"card": card.card_json, "due": card.due, "pending": card.pending}
        keys = player_keys(player)
        stmt = self._insert(PC).values(**keys, question_id=card.question_id, **values)
        with self._write() as conn:
            conn.execute(
                stmt.on_conflict_do_update(index_elements=[*keys, "question_id"], set_=values)
            )

    @unavailable_as_error
    def missed_questions(self, player: Player) -> list[str]:
        query = (
            select(QZ.c.question_id)
            .select_from(AN.join(QZ))
            .where(*player_is(AN, player), AN.c.correct.is_(False), QZ.c.revealed_at.is_not(None))
            .order_by(AN.c.id)
        )
        with self._read() as conn:
            return list(dict.fromkeys(conn.execute(query).scalars()))
