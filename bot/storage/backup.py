"""`studybot db backup`: a consistent copy of a live SQLite database through the online backup API."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy.engine import make_url


class BackupError(RuntimeError):
    """The database cannot be backed up this way (not SQLite, missing, or unwritable target)."""


def backup_sqlite(url: str, target: Path) -> int:
    """Copy the SQLite database at `url` to `target`; returns the number of pages copied."""
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend == "postgresql":
        raise BackupError("db backup works on a SQLite file; for PostgreSQL use pg_dump")
    if backend != "sqlite":
        raise BackupError(
            f"setting DATABASE_URL: {parsed.render_as_string(hide_password=True)} is not "
            "supported; studybot runs on SQLite or PostgreSQL"
        )
    if not parsed.database or parsed.database == ":memory:":
        raise BackupError("db backup works on a SQLite file, not an in-memory database")
    source_path = Path(parsed.database)
    if not source_path.is_file():
        raise BackupError(f"{source_path}: no such database")
    if target.resolve() == source_path.resolve():
        raise BackupError("the backup must go to another file")
    target.parent.mkdir(parents=True, exist_ok=True)
    existed = target.exists()
    pages = 0

    def progress(_status: int, _remaining: int, total: int) -> None:
        nonlocal pages
        pages = total

    source = sqlite3.connect(f"file:{source_path}?mode=ro", uri=True)
    try:
        with sqlite3.connect(target) as dest:
            source.backup(dest, pages=1024, progress=progress)
        dest.close()
    except sqlite3.Error as exc:
        if not existed:  # never leave an empty or partial copy that looks like a backup
            target.unlink(missing_ok=True)
        raise BackupError(f"backup failed: {exc}") from exc
    finally:
        source.close()
    return pages
