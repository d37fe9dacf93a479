"""Alembic migrations, shipped with studybot (in the wheel, or beside it in a checkout)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Connection, Engine, text

from bot.shipped import shipped_dir


def migrations_dir() -> Path:
    """The `migrations/` folder shipped with studybot, like `knowledge/`."""
    return shipped_dir("migrations")


def alembic_config(connection: Connection | None = None):  # type: ignore[no-untyped-def]
    """An Alembic Config that needs no alembic.ini: script location set here, connection passed in."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir()))
    cfg.attributes["connection"] = connection
    return cfg


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Apply migrations up to `revision`. On PostgreSQL an advisory lock lets replicas start together."""
    from alembic import command

    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(727274)"))
        command.upgrade(alembic_config(conn), revision)


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()
