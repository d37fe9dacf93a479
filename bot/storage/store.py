"""The SQL store's base: its engine, one-transaction reads and writes, and the error it raises."""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from typing import Any, ParamSpec, TypeVar

from sqlalchemy import Connection, Engine
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import DBAPIError, OperationalError

from bot.core.ports import DatabaseUnavailable

P = ParamSpec("P")
R = TypeVar("R")


def unavailable_as_error(method: Callable[P, R]) -> Callable[P, R]:
    """Turn a lost or refused connection into DatabaseUnavailable, which the bot answers politely."""

    @functools.wraps(method)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return method(*args, **kwargs)
        except OperationalError as exc:
            raise DatabaseUnavailable(str(exc.orig).splitlines()[0]) from exc
        except DBAPIError as exc:
            if exc.connection_invalidated:
                raise DatabaseUnavailable("connection lost") from exc
            raise

    return wrapper


class SqlStore:
    """An SQLAlchemy engine with the store's transactions; the query mixins build on it."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._insert: Callable[[Any], Any] = (
            sqlite_insert if engine.dialect.name == "sqlite" else pg_insert
        )
        # SQLite has one writer at a time: queueing this process's writers on a lock avoids the
        # busy handler's sleeping back-off (up to 100 ms a try) that a contended BEGIN IMMEDIATE gets.
        self._lock = threading.Lock() if engine.dialect.name == "sqlite" else None
        self._writer: Connection | None = None

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        if self._lock is None:
            with self.engine.begin() as conn:
                yield conn
            return
        with self._lock:
            # The lock admits one writer at a time, so they share one connection: a pool
            # checkout and return per write cost as much as the write itself.
            conn, self._writer = self._writer or self.engine.connect(), None
            try:
                with conn.begin():
                    yield conn
            except BaseException:
                conn.close()  # a failed connection is not reused; the next write opens a fresh one
                raise
            self._writer = conn

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            conn.execution_options(studybot_read=True)
            with conn.begin():
                yield conn

    def close(self) -> None:
        """Return the shared SQLite writer connection and close the engine's pool."""
        with self._lock or nullcontext():
            if self._writer is not None:
                self._writer.close()
                self._writer = None
        self.engine.dispose()
