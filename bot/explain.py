"""Start-up failures as one line: what is wrong and what to do (the traceback only at LOG_LEVEL=DEBUG).

Every command goes through `explain`, so a new failure is taught here once, not in each command.
"""

from __future__ import annotations

import re

GENERIC_FIX = "set LOG_LEVEL=DEBUG to see the traceback"
DB_FIX = "check DATABASE_URL (sqlite:///path/file.db or postgresql://user@host:5432/db)"
SQLITE_WRITE_ERRORS = ("unable to open database file", "readonly database", "read-only")


def explain(exc: BaseException, database_url: str = "") -> str:
    """One line naming the problem and the fix; unknown failures keep their type and first line."""
    for rule in (_settings, _knowledge, _migrations, _database_url, _database, _files, _platforms):
        line = rule(exc, _shown(database_url))
        if line:
            return line
    return f"{_first_line(exc)} ({GENERIC_FIX})"


def _settings(exc: BaseException, url: str) -> str | None:
    from bot.platforms import StartError

    own = isinstance(exc, StartError) or type(exc).__name__ in ("SlackRefused", "SlackConfigError")
    return str(exc) if own else None


def _knowledge(exc: BaseException, url: str) -> str | None:
    from bot.core import KnowledgeError

    if isinstance(exc, KnowledgeError):
        return f"knowledge: {exc} (fix it, then check with `studybot kb check DIR`; KNOWLEDGE_DIR names your extra folder)"
    return None


def _migrations(exc: BaseException, url: str) -> str | None:
    m = re.search(r"Can't locate revision identified by '([^']+)'", str(exc))
    if m is None:
        return None
    return (
        f"database {url} is at revision {m.group(1)}, which this studybot does not know (a newer "
        "release migrated it): run that release, or restore a backup taken before the upgrade"
    )


def _database_url(exc: BaseException, url: str) -> str | None:
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError

    text = str(exc)
    if isinstance(exc, ArgumentError) and "parse" in text:
        return f"setting DATABASE_URL: not a database URL; {DB_FIX}"
    driver = isinstance(exc, NoSuchModuleError) or (
        isinstance(exc, ModuleNotFoundError) and exc.name in {"MySQLdb", "pymysql", "cx_Oracle"}
    )
    if driver:
        return (
            f"setting DATABASE_URL: {url} is not supported; studybot runs on SQLite or PostgreSQL"
        )
    return None


def _database(exc: BaseException, url: str) -> str | None:
    from sqlalchemy.exc import DBAPIError

    if not isinstance(exc, DBAPIError):
        return None
    cause = str(exc.orig).strip().splitlines()[0] if exc.orig else _first_line(exc)
    if "file is not a database" in cause:
        return (
            f"database {url} is not a SQLite database; point DATABASE_URL at a studybot "
            "database or at a new file"
        )
    if url.startswith("sqlite") and any(s in cause for s in SQLITE_WRITE_ERRORS):
        return (
            f"database {url} cannot be opened for writing ({cause}); make its folder writable "
            "or point DATABASE_URL somewhere that is"
        )
    return f"database {url} unavailable: {cause}; start the server or {DB_FIX}"


def _files(exc: BaseException, url: str) -> str | None:
    if not isinstance(exc, OSError) or not getattr(exc, "filename", None):
        return None
    reason = exc.strerror or type(exc).__name__
    return (
        f"cannot create {exc.filename} ({reason}); make the data folder writable or point "
        "DATABASE_URL at a writable path"
    )


def _platforms(exc: BaseException, url: str) -> str | None:
    if type(exc).__name__ == "LoginFailure":
        return (
            "Discord refused DISCORD_TOKEN: reset the token on the Developer Portal's Bot page "
            "and set DISCORD_TOKEN to it"
        )
    if type(exc).__module__.startswith("aiohttp") and "connect" in str(exc).casefold():
        return f"{_first_line(exc)}: check the network and DISCORD_API_BASE / SLACK_API_URL"
    return None


def _shown(url: str) -> str:
    if not url:
        return "DATABASE_URL"
    from bot.doctor import display_url

    return display_url(url)


def _first_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {lines[0]}" if lines else type(exc).__name__
