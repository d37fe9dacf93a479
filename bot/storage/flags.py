"""Question flags in SQL: who reported which question and why, until an admin clears them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Row, select, update

from bot.core.identity import Player
from bot.core.ports import QuestionFlag
from bot.storage.store import SqlStore, unavailable_as_error
from bot.storage.tables import FL


class FlagQueries(SqlStore):
    """`QuizStore` methods for flags; a person has at most one open flag per question."""

    @unavailable_as_error
    def flag_question(self, flag: QuestionFlag) -> bool:
        """Record the flag; False (and the reason updated) when this person's flag is open already."""
        p = flag.player
        mine = [
            FL.c.question_id == flag.question_id,
            FL.c.platform == p.platform,
            FL.c.workspace == p.workspace,
            FL.c.user_id == p.user_id,
            FL.c.cleared_at.is_(None),
        ]
        with self._write() as conn:
            found = conn.execute(select(FL.c.id).where(*mine)).first()
            if found is not None:
                conn.execute(update(FL).where(FL.c.id == found.id).values(reason=flag.reason))
                return False
            conn.execute(
                FL.insert().values(
                    question_id=flag.question_id,
                    platform=p.platform,
                    workspace=p.workspace,
                    user_id=p.user_id,
                    user_name=p.name,
                    is_admin=flag.is_admin,
                    reason=flag.reason,
                    flagged_at=flag.flagged_at,
                )
            )
            return True

    @unavailable_as_error
    def open_flags(self, platform: str | None, workspace: str | None) -> list[QuestionFlag]:
        """Open flags of one workspace, or of all when platform and workspace are None."""
        query = select(FL).where(FL.c.cleared_at.is_(None)).order_by(FL.c.flagged_at, FL.c.id)
        if platform is not None:
            query = query.where(FL.c.platform == platform, FL.c.workspace == workspace)
        with self._read() as conn:
            return [_flag(row) for row in conn.execute(query)]

    @unavailable_as_error
    def clear_flags(
        self, platform: str, workspace: str, question_id: str, by: str, now: datetime
    ) -> int:
        where = [
            FL.c.platform == platform,
            FL.c.workspace == workspace,
            FL.c.question_id == question_id,
            FL.c.cleared_at.is_(None),
        ]
        with self._write() as conn:
            done = conn.execute(update(FL).where(*where).values(cleared_at=now, cleared_by=by))
            return done.rowcount


def _flag(row: Row) -> QuestionFlag:
    player = Player(row.platform, row.workspace, row.user_id, row.user_name)
    return QuestionFlag(row.question_id, player, row.is_admin, row.reason, row.flagged_at)
