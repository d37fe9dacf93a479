"""Migrations and models agree, on SQLite and PostgreSQL; `studybot db upgrade` applies them."""

from __future__ import annotations

import os
import subprocess
import sys

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from bot.storage.engine import make_engine
from bot.storage.migrate import alembic_config, current_revision, migrations_dir, upgrade
from bot.storage.models import Base

HEAD = ScriptDirectory.from_config(alembic_config()).get_current_head()


def test_migrations_create_exactly_the_models(db_url: str) -> None:
    engine = make_engine(db_url)
    upgrade(engine)
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(ctx, Base.metadata)
    engine.dispose()
    assert diff == []


def test_upgrade_twice_is_harmless_and_records_head(db_url: str) -> None:
    engine = make_engine(db_url)
    upgrade(engine)
    upgrade(engine)
    assert current_revision(engine) == HEAD
    engine.dispose()


def test_migrations_are_found_beside_the_package() -> None:
    assert (migrations_dir() / "env.py").is_file()


def test_db_upgrade_command(tmp_path) -> None:
    db = tmp_path / "cli.db"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}"}
    done = subprocess.run(
        [sys.executable, "-m", "bot", "db", "upgrade"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert HEAD and HEAD in done.stdout
    assert current_revision(make_engine(f"sqlite:///{db}")) == HEAD
