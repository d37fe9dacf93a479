"""Alembic environment: runs on the connection studybot passes in, or on alembic.ini's URL."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from bot.storage.engine import make_engine
from bot.storage.models import Base

config = context.config
target_metadata = Base.metadata


def run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def main() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        run(connection)
        return
    engine = make_engine(config.get_main_option("sqlalchemy.url") or "sqlite:///data/studybot.db")
    with engine.begin() as conn:
        run(conn)


main()
