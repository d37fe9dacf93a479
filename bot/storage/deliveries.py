"""Delivered platform event ids, shared by every replica, so a redelivery is dropped anywhere."""

from __future__ import annotations

from datetime import datetime
from typing import cast

from sqlalchemy import Table, delete

from bot.storage.models import Delivery
from bot.storage.store import SqlStore, unavailable_as_error

DL = cast(Table, Delivery.__table__)


class DeliveryQueries(SqlStore):
    """`QuizStore` methods for the event-id memory: one insert decides who saw it first."""

    @unavailable_as_error
    def remember_delivery(self, platform: str, event_id: str, now: datetime) -> bool:
        stmt = self._insert(DL).values(platform=platform, event_id=event_id[:128], seen_at=now)
        stmt = stmt.on_conflict_do_nothing(index_elements=["platform", "event_id"])
        with self._write() as conn:
            inserted = conn.execute(stmt.returning(DL.c.event_id)).first()
        return inserted is not None

    @unavailable_as_error
    def forget_deliveries(self, before: datetime) -> int:
        with self._write() as conn:
            gone = conn.execute(delete(DL).where(DL.c.seen_at < before).returning(DL.c.event_id))
            return len(gone.all())
