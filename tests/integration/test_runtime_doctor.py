"""`studybot doctor`: each check passes on a good setup and fails with the fix on a broken one."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from sqlalchemy import text

from bot.doctor import Check, diagnose, report
from bot.settings import Settings
from bot.storage.engine import make_engine
from bot.storage.migrate import upgrade

GOOD_SLACK, GOOD_APP, GOOD_DISCORD = "xoxb-good", "xapp-good", "good.discord.token"


class FakePlatforms(BaseHTTPRequestHandler):
    """Slack's auth.test and apps.connections.open, Discord's /users/@me: good tokens only."""

    def do_POST(self) -> None:
        token = self.headers.get("Authorization", "").removeprefix("Bearer ")
        if self.path.endswith("/auth.test"):
            ok = token == GOOD_SLACK
            self._json(
                200, {"ok": ok, "team": "Acme"} if ok else {"ok": False, "error": "invalid_auth"}
            )
        elif self.path.endswith("/apps.connections.open"):
            ok = token == GOOD_APP
            self._json(
                200, {"ok": ok, "url": "wss://x"} if ok else {"ok": False, "error": "not_authed"}
            )
        else:
            self._json(404, {})

    def do_GET(self) -> None:
        if self.headers.get("Authorization") == f"Bot {GOOD_DISCORD}":
            self._json(200, {"id": "1", "username": "studybot"})
        else:
            self._json(401, {"message": "401: Unauthorized", "code": 0})

    def _json(self, status: int, body: dict[str, object]) -> None:
        raw = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def platforms() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakePlatforms)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def settings(tmp_path: Path, **values: object) -> Settings:
    values.setdefault("database_url", f"sqlite:///{tmp_path / 'studybot.db'}")
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


def by_name(checks: list[Check]) -> dict[str, Check]:
    return {c.name: c for c in checks}


def test_a_good_setup_passes_every_check(tmp_path: Path, platforms: str) -> None:
    good = settings(
        tmp_path,
        slack_bot_token=GOOD_SLACK,
        slack_app_token=GOOD_APP,
        slack_api_url=platforms + "/api/",
        discord_token=GOOD_DISCORD,
        discord_api_base=platforms + "/api/v10",
    )
    upgrade(make_engine(good.database_url))
    checks = diagnose(good)
    lines: list[str] = []

    assert report(checks, lines.append) == 0
    assert [c.status for c in checks] == ["ok"] * 7
    assert "Discord accepts DISCORD_TOKEN (bot studybot)" in by_name(checks)["discord"].detail
    assert lines[-1] == "doctor: all good"


def test_rejected_tokens_fail_with_where_to_get_good_ones(tmp_path: Path, platforms: str) -> None:
    bad = settings(
        tmp_path,
        slack_bot_token="xoxb-revoked",
        slack_app_token=GOOD_APP,
        slack_api_url=platforms + "/api/",
        discord_token="stale.discord.token",
        discord_api_base=platforms + "/api/v10",
    )
    checks = diagnose(bad)
    failed = [c for c in checks if c.status == "FAIL"]

    assert [c.name for c in failed] == ["slack", "discord"]
    assert "invalid_auth" in failed[0].detail and "OAuth & Permissions" in failed[0].fix
    assert "401" in failed[1].detail and "Developer Portal" in failed[1].fix
    assert report(checks, lambda _: None) == 1
    assert all(
        "xoxb-revoked" not in c.render() and "stale.discord" not in c.render() for c in checks
    )


def test_quick_makes_no_network_calls(tmp_path: Path) -> None:
    offline = settings(
        tmp_path,
        discord_token="any.discord.token",
        discord_api_base="http://127.0.0.1:9/api/v10",
    )
    assert "discord" not in by_name(diagnose(offline, quick=True))


def test_an_unreachable_database_fails_with_the_fix(tmp_path: Path) -> None:
    checks = by_name(diagnose(settings(tmp_path, database_url="postgresql://bot:pw@127.0.0.1:9/x")))

    assert checks["database"].status == "FAIL"
    assert "pw" not in checks["database"].detail
    assert "DATABASE_URL" in checks["database"].fix
    assert "migrations" not in checks


def test_a_fresh_database_is_fine_because_the_bot_migrates_it_at_start(tmp_path: Path) -> None:
    checks = by_name(diagnose(settings(tmp_path), quick=True))
    assert checks["migrations"].status == "warn"
    assert "applies migrations when it starts" in checks["migrations"].detail
    assert report(list(checks.values()), lambda _: None) == 0


def test_a_database_migrated_by_a_newer_release_fails(tmp_path: Path) -> None:
    newer = settings(tmp_path)
    engine = make_engine(newer.database_url)
    upgrade(engine)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    engine.dispose()
    check = by_name(diagnose(newer, quick=True))["migrations"]

    assert check.status == "FAIL" and "9999_future" in check.detail
    assert "release that matches" in check.fix


def test_a_token_without_its_partner_setting_fails(tmp_path: Path) -> None:
    check = by_name(diagnose(settings(tmp_path, slack_bot_token="xoxb-1"), quick=True))["settings"]
    assert check.status == "FAIL" and "SLACK_APP_TOKEN" in check.detail


def test_broken_knowledge_names_the_file(tmp_path: Path) -> None:
    extra = tmp_path / "kb"
    extra.mkdir()
    (extra / "broken.yaml").write_text("topics: [\n")
    check = by_name(diagnose(settings(tmp_path, knowledge_dir=extra), quick=True))["knowledge"]
    assert check.status == "FAIL" and "broken.yaml" in check.detail
