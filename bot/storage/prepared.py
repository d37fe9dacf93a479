"""A statement compiled once for an engine and run on the driver's cursor, for the answer path."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, cast

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.expression import ClauseElement


class Prepared:
    """`statement` compiled for `engine`'s dialect, with its bind processors looked up once.

    A click is one tiny statement, and SQLAlchemy's per-execution work (execution context, parameter
    processing, result metadata) costs more than SQLite's insert. Here that work is done once: each
    run converts the values with the same type processors SQLAlchemy would use and hands the SQL to
    the cursor of the connection's current transaction. Driver errors are raised as SQLAlchemy's.
    """

    def __init__(self, statement: ClauseElement, engine: Engine) -> None:
        dialect = engine.dialect
        compiled = cast(SQLCompiler, statement.compile(dialect=dialect))
        self.sql = compiled.string
        self._binds: list[tuple[str, str, Callable[[Any], Any] | None]] = [
            (name, bind.key, bind.type.dialect_impl(dialect).bind_processor(dialect))
            for name, bind in compiled.binds.items()
        ]
        # Positional paramstyles (SQLite's qmark) repeat a bind used twice; named ones do not.
        self._order = compiled.positiontup
        self._error = dialect.loaded_dbapi.Error

    def params(self, values: Mapping[str, Any]) -> dict[str, Any] | list[Any]:
        """The driver's parameters for `values` (keyed by bind name)."""
        named = {
            name: process(values[key]) if process else values[key]
            for name, key, process in self._binds
        }
        return [named[name] for name in self._order] if self._order is not None else named

    def first(self, conn: Connection, values: Mapping[str, Any]) -> tuple[Any, ...] | None:
        """Run in `conn`'s transaction; the first row returned, or None."""
        params = self.params(values)
        cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        try:
            cursor.execute(self.sql, params)
            return cursor.fetchone()  # type: ignore[no-any-return]
        except self._error as exc:
            raise DBAPIError.instance(self.sql, params, exc, self._error) from exc
        finally:
            cursor.close()
