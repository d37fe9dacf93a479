"""`studybot doctor`: checks settings, database, migrations, knowledge and tokens; prints the fix for each failure."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from bot.settings import Settings

Status = Literal["ok", "warn", "FAIL"]
TIMEOUT = 10.0
DISCORD_API = "https://discord.com/api/v10"


@dataclass(frozen=True)
class Check:
    """One line of the report; a failure carries the fix."""

    status: Status
    name: str
    detail: str
    fix: str = ""

    def render(self) -> str:
        line = f"{self.status:<5} {self.name}: {self.detail}"
        return line + (f"\n      fix: {self.fix}" if self.fix else "")


def diagnose(settings: Settings, *, quick: bool = False) -> list[Check]:
    """Every check in order; `quick` leaves out the calls to Slack and Discord (the HEALTHCHECK)."""
    checks = [check_settings(settings), check_knowledge(settings)]
    database = check_database(settings.database_url)
    checks.append(database)
    if database.status == "ok":
        checks.append(check_migrations(settings.database_url))
    if not quick:
        checks.extend(check_tokens(settings))
    return checks


def report(checks: list[Check], echo: Callable[[str], None]) -> int:
    """Print the checks and a summary; the exit code (1 when anything failed)."""
    for check in checks:
        echo(check.render())
    failed = sum(c.status == "FAIL" for c in checks)
    echo(
        f"doctor: {failed} problem{'s' if failed != 1 else ''} found"
        if failed
        else "doctor: all good"
    )
    return 1 if failed else 0


def invalid_setting(name: str, message: str) -> Check:
    """The check for a setting that does not parse (or a `.env` line that does not)."""
    if name.startswith("file "):
        return Check(
            "FAIL",
            "settings",
            f"{name.removeprefix('file ')}: {message}",
            "write the line as NAME=value (close any quote), or delete it",
        )
    return Check(
        "FAIL",
        "settings",
        f"{name}: {message}",
        f"correct {name} in the environment or .env (.env.example documents every setting)",
    )


def check_settings(settings: Settings) -> Check:
    """Settings parse (the caller proved that) and each platform with a token has what it needs."""
    from bot.platforms import StartError, choose_platforms

    try:
        platforms = choose_platforms(settings)
    except StartError as exc:
        name = str(exc).split(":", 1)[0].removeprefix("setting ")
        return Check("FAIL", "settings", str(exc), f"set {name}, or unset the token it goes with")
    mode = f" ({settings.slack_mode} mode)" if "slack" in platforms else ""
    return Check("ok", "settings", f"platforms: {', '.join(platforms)}{mode}")


def check_knowledge(settings: Settings) -> Check:
    """The shipped knowledge and KNOWLEDGE_DIR load and validate."""
    from bot.core import KnowledgeError, load_knowledge

    try:
        kb = load_knowledge(*settings.knowledge_folders)
    except KnowledgeError as exc:
        return Check(
            "FAIL", "knowledge", str(exc), "fix the named file and field (`studybot kb check DIR`)"
        )
    from bot.core.questionbank import build_bank

    bank = build_bank(kb)
    return Check(
        "ok",
        "knowledge",
        f"{len(kb.topics)} topics, {len(bank.questions)} quiz questions "
        f"({bank.hand_written} hand-written, {bank.generated} generated from facts)",
    )


def check_database(url: str) -> Check:
    """The database at DATABASE_URL answers."""
    problem = ping_database(url)
    shown = display_url(url)
    if problem is None:
        return Check("ok", "database", f"{shown} answers")
    return Check(
        "FAIL",
        "database",
        f"{shown}: {problem}",
        "check DATABASE_URL (sqlite:///path/file.db, or postgresql://user:pass@host:5432/db), that "
        "the server runs and accepts this user, and that a SQLite file's folder is writable",
    )


def ping_database(url: str) -> str | None:
    """None when `SELECT 1` works at `url`, else why not, in one line."""
    from sqlalchemy import text

    from bot.storage.engine import make_engine

    try:
        engine = make_engine(url, **_connect_timeout(url))
    except Exception as exc:
        return _one_line(exc)
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:
        return _one_line(exc)
    finally:
        engine.dispose()
    return None


def check_migrations(url: str) -> Check:
    """Where the database's schema stands against this release's newest migration."""
    from alembic.script import ScriptDirectory

    from bot.storage.engine import make_engine
    from bot.storage.migrate import alembic_config, current_revision

    engine = make_engine(url, **_connect_timeout(url))
    try:
        current = current_revision(engine)
    except Exception as exc:
        return Check(
            "FAIL", "migrations", _one_line(exc), "check the database user may read tables"
        )
    finally:
        engine.dispose()
    scripts = ScriptDirectory.from_config(alembic_config())
    heads = set(scripts.get_heads())
    if current in heads:
        return Check("ok", "migrations", f"at head ({current})")
    pending = "empty database" if current is None else f"at {current}, head is {', '.join(heads)}"
    known = current is None or _known_revision(scripts, current)
    if known:
        return Check("warn", "migrations", f"{pending}; studybot applies migrations when it starts")
    return Check(
        "FAIL",
        "migrations",
        f"database is at {current}, which this studybot does not know (a newer release migrated it)",
        "run the studybot release that matches the database, or restore a backup taken before",
    )


def check_tokens(settings: Settings) -> Iterator[Check]:
    """Each platform with a token set accepts it."""
    if settings.slack_bot_token:
        yield _slack(settings, "SLACK_BOT_TOKEN", settings.slack_bot_token.get_secret_value())
    if settings.slack_app_token and settings.slack_mode == "socket":
        yield _slack(settings, "SLACK_APP_TOKEN", settings.slack_app_token.get_secret_value())
    if settings.discord_token:
        yield _discord(settings, settings.discord_token.get_secret_value())


def _slack(settings: Settings, name: str, token: str) -> Check:
    # The app-level token cannot call auth.test; apps.connections.open only hands out a URL.
    method = "apps.connections.open" if name == "SLACK_APP_TOKEN" else "auth.test"
    url = settings.slack_api_url.rstrip("/") + "/" + method
    fix = (
        "copy the xapp- App-Level Token (scope connections:write) from the app's Basic Information page"
        if name == "SLACK_APP_TOKEN"
        else "copy the xoxb- Bot User OAuth Token from the app's OAuth & Permissions page "
        "(reinstall the app if it was revoked)"
    )
    try:
        status, body = _request("POST", url, {"Authorization": f"Bearer {token}"})
    except OSError as exc:
        return Check("FAIL", "slack", f"{url} unreachable: {_one_line(exc)}", "check SLACK_API_URL")
    if status == 200 and body.get("ok"):
        who = (
            f"team {body.get('team', body.get('team_id', '?'))}" if method == "auth.test" else "ok"
        )
        return Check("ok", "slack", f"Slack accepts {name} ({who})")
    return Check("FAIL", "slack", f"Slack refused {name}: {body.get('error', status)}", fix)


def _discord(settings: Settings, token: str) -> Check:
    url = (settings.discord_api_base or DISCORD_API).rstrip("/") + "/users/@me"
    try:
        status, body = _request("GET", url, {"Authorization": f"Bot {token}"})
    except OSError as exc:
        return Check(
            "FAIL", "discord", f"{url} unreachable: {_one_line(exc)}", "check DISCORD_API_BASE"
        )
    if status == 200:
        return Check(
            "ok", "discord", f"Discord accepts DISCORD_TOKEN (bot {body.get('username', '?')})"
        )
    return Check(
        "FAIL",
        "discord",
        f"Discord refused DISCORD_TOKEN ({status})",
        "reset the token on the Developer Portal's Bot page and set DISCORD_TOKEN to it",
    )


def _request(method: str, url: str, headers: dict[str, str]) -> tuple[int, dict[str, object]]:
    request = urllib.request.Request(
        url, method=method, headers={**headers, "User-Agent": "studybot-doctor"}
    )
    if method == "POST":
        request.add_header("Content-Type", "application/x-www-form-urlencoded")
        request.data = b""
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310
            return response.status, _json(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, _json(exc.read())


def _json(raw: bytes) -> dict[str, object]:
    try:
        value = json.loads(raw or b"{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _known_revision(scripts: object, revision: str) -> bool:
    from alembic.util import CommandError

    try:
        return scripts.get_revision(revision) is not None  # type: ignore[attr-defined]
    except CommandError:
        return False


def _connect_timeout(url: str) -> dict[str, object]:
    return {"connect_args": {"connect_timeout": 5}} if url.startswith("postgres") else {}


def display_url(url: str) -> str:
    """DATABASE_URL with any password hidden."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return "DATABASE_URL"


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0] if text else ''}".rstrip(": ")
