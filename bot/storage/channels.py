"""Channel schedules in SQL: each channel's quiz settings, and which channels post daily."""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Connection, Table, and_, false, or_, select, true, update

from bot.core.identity import ChannelRef, Scope
from bot.core.schedule import ChannelConfig
from bot.storage.store import SqlStore, unavailable_as_error
from bot.storage.tables import CH, CHANNEL_KEYS, channel_is, channel_keys, config_values, to_config


class ChannelQueries(SqlStore):
    """`QuizStore` methods for channel settings."""

    @unavailable_as_error
    def channel_config(self, channel: ChannelRef) -> ChannelConfig | None:
        with self._read() as conn:
            row = conn.execute(select(CH).where(*channel_is(channel))).first()
        return to_config(row) if row else None

    @unavailable_as_error
    def save_channel_config(self, channel: ChannelRef, cfg: ChannelConfig) -> None:
        values = config_values(cfg)
        with self._write() as conn:
            stmt = self._insert(CH).values(**channel_keys(channel), **values)
            conn.execute(stmt.on_conflict_do_update(index_elements=CHANNEL_KEYS, set_=values))

    @unavailable_as_error
    def scheduled_channels(
        self, scopes: Collection[Scope]
    ) -> list[tuple[ChannelRef, ChannelConfig]]:
        query = select(CH).where(CH.c.enabled.is_(True), in_scopes(CH, scopes))
        with self._read() as conn:
            rows = conn.execute(query.order_by(CH.c.id)).all()
        return [(ChannelRef(r.platform, r.workspace, r.channel_id), to_config(r)) for r in rows]

    @unavailable_as_error
    def disable_workspace(self, platform: str, workspace: str) -> int:
        """Turn off every daily quiz of a workspace that removed the bot; how many were on."""
        stmt = update(CH).where(
            CH.c.platform == platform, CH.c.workspace == workspace, CH.c.enabled.is_(True)
        )
        with self._write() as conn:
            return int(conn.execute(stmt.values(enabled=False)).rowcount)


def in_scopes(table: Table, scopes: Collection[Scope]) -> ColumnElement[bool]:
    """Rows of `table` (with platform and workspace columns) inside one of `scopes`."""
    return or_(
        false(),
        *(
            and_(
                table.c.platform == s.platform,
                true() if s.workspaces is None else table.c.workspace.in_(sorted(s.workspaces)),
            )
            for s in scopes
        ),
    )


def channel_pk(
    conn: Connection, insert: Callable[[Any], Any], channel: ChannelRef, now: datetime
) -> int:
    """The channel's row id; a channel without one gets default settings, not on the daily
    schedule: only an admin puts a channel there (a quiz anyone asks for only creates the row)."""
    pk = conn.execute(select(CH.c.id).where(*channel_is(channel))).scalar()
    if pk is None:
        cfg = ChannelConfig(enabled=False)
        stmt = insert(CH).values(**channel_keys(channel), **config_values(cfg))
        conn.execute(stmt.on_conflict_do_nothing(index_elements=CHANNEL_KEYS))
        pk = conn.execute(select(CH.c.id).where(*channel_is(channel))).scalar_one()
    return int(pk)
