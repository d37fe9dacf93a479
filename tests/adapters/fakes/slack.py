"""A fake Slack on 127.0.0.1: the Web API methods studybot calls, response_url webhooks, and the
Socket Mode WebSocket. Every request is recorded with its parsed body so tests assert on blocks."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode

from aiohttp import WSMsgType, web
from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse

from bot.settings import Settings

BOT_TOKEN = "xoxb-fake-bot-token-1234567890"
APP_TOKEN = "xapp-fake-app-token-0987654321"
SIGNING_SECRET = "fake-signing-secret-for-tests"
TEAM = "T0TEAM"
BOT_USER = "UBOT"


@dataclass
class Call:
    path: str
    headers: dict[str, str]
    body: dict[str, Any]


@dataclass
class FakeSlack:
    """Start with `await fake.start()` inside the test's loop; `base_url` is the Web API base."""

    admins: set[str] = field(default_factory=set)
    errors: dict[str, str] = field(default_factory=dict)  # path -> Slack error to answer once
    rate_limit_once: set[str] = field(default_factory=set)  # paths answered 429 the first time
    calls: list[Call] = field(default_factory=list)
    # bot token -> its workspace; OAuth installs add theirs (oauth.v2.access)
    tokens: dict[str, str] = field(default_factory=lambda: {BOT_TOKEN: TEAM})
    codes: dict[str, str] = field(default_factory=dict)  # OAuth code -> the workspace installing
    frames: list[dict[str, Any]] = field(default_factory=list)  # what the app sent over the socket
    revoked: set[str] = field(default_factory=set)  # tokens answered invalid_auth from now on
    socket_url: str | None = None  # what apps.connections.open hands out (default: our /link)
    delay: float = 0.0  # seconds users.info takes to answer (a slow Slack)
    _ts: int = 0
    _runner: web.AppRunner | None = None
    _sockets: list[web.WebSocketResponse] = field(default_factory=list)
    _connected: asyncio.Event = field(default_factory=asyncio.Event)
    port: int = 0

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/"

    @property
    def response_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/webhook/{TEAM}/B1/xyz"

    async def start(self) -> FakeSlack:
        app = web.Application()
        app.router.add_get("/link", self._socket)
        app.router.add_route("*", "/api/{method}", self._api)
        app.router.add_post("/webhook/{rest:.*}", self._webhook)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return self

    async def drop_sockets(self) -> None:
        """Close every Socket Mode connection, as Slack does when a token is revoked."""
        for ws in self._sockets:
            await ws.close()

    async def stop(self) -> None:
        await self.drop_sockets()
        if self._runner:
            await self._runner.cleanup()

    # ---- what tests read

    def to(self, path: str) -> list[Call]:
        """The recorded calls to one path, e.g. "chat.postMessage" or "webhook"."""
        return [c for c in self.calls if c.path == path]

    async def wait_for(self, path: str, count: int = 1, timeout: float = 5.0) -> list[Call]:
        """Bolt answers Slack first and runs listeners after, so the calls arrive a moment later."""
        deadline = time.monotonic() + timeout
        while len(self.to(path)) < count:
            if time.monotonic() > deadline:
                seen = [c.path for c in self.calls]
                raise AssertionError(f"expected {count} call(s) to {path}, saw {seen}")
            await asyncio.sleep(0.01)
        return self.to(path)

    # ---- Socket Mode

    async def connected(self, timeout: float = 5.0) -> None:
        await asyncio.wait_for(self._connected.wait(), timeout)

    async def push(self, envelope: dict[str, Any]) -> None:
        await self._sockets[-1].send_json(envelope)

    async def ack_for(self, envelope_id: str, timeout: float = 5.0) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while True:
            for frame in self.frames:
                if frame.get("envelope_id") == envelope_id:
                    return frame
            if time.monotonic() > deadline:
                raise AssertionError(f"no ack for {envelope_id}; frames: {self.frames}")
            await asyncio.sleep(0.01)

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self._sockets.append(ws)
        await ws.send_json({"type": "hello", "num_connections": 1})
        self._connected.set()
        async for msg in ws:
            if msg.type == WSMsgType.TEXT:
                self.frames.append(json.loads(msg.data))
        return ws

    # ---- Web API

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        body = await _parse(request)
        self.calls.append(Call(method, dict(request.headers), body))
        if self.delay and method == "users.info":
            await asyncio.sleep(self.delay)
        if method in self.rate_limit_once:
            self.rate_limit_once.discard(method)
            return web.json_response(
                {"ok": False, "error": "ratelimited"}, status=429, headers={"Retry-After": "0"}
            )
        if method == "oauth.v2.access":
            return web.json_response(self._install(body))
        token = request.headers.get("Authorization", "").removeprefix("Bearer ")
        known = token == APP_TOKEN if method == "apps.connections.open" else token in self.tokens
        if not known or token in self.revoked:
            return web.json_response({"ok": False, "error": "invalid_auth"})
        if method in self.errors:
            return web.json_response({"ok": False, "error": self.errors.pop(method)})
        return web.json_response(self._answer(method, body, self.tokens.get(token, "")))

    def _install(self, body: dict[str, Any]) -> dict[str, Any]:
        """oauth.v2.access: a code from `codes` becomes a bot token for its workspace."""
        team = self.codes.pop(str(body.get("code")), None)
        if team is None:
            return {"ok": False, "error": "invalid_code"}
        token = f"xoxb-{team}-installed"
        self.tokens[token] = team
        return {
            "ok": True,
            "app_id": "A1",
            "access_token": token,
            "token_type": "bot",
            "scope": "app_mentions:read,chat:write,commands",
            "bot_user_id": BOT_USER,
            "team": {"id": team, "name": f"Team {team}"},
            "enterprise": None,
            "is_enterprise_install": False,
            "authed_user": {"id": "UINSTALLER"},
        }

    def token_of(self, call: Call) -> str:
        """The workspace whose token made `call`."""
        return self.tokens.get(call.headers.get("Authorization", "").removeprefix("Bearer "), "")

    def _answer(self, method: str, body: dict[str, Any], team: str) -> dict[str, Any]:
        if method == "auth.test":
            return {"ok": True, "user_id": BOT_USER, "bot_id": "BBOT", "team_id": team}
        if method == "chat.postMessage":
            self._ts += 1
            return {"ok": True, "channel": body["channel"], "ts": f"1700000000.{self._ts:06d}"}
        if method == "chat.update":
            return {"ok": True, "channel": body["channel"], "ts": body["ts"]}
        if method == "chat.postEphemeral":
            return {"ok": True, "message_ts": "1700000001.000001"}
        if method == "users.info":
            user = body["user"]
            profile = {"display_name": f"name-{user}"}
            return {
                "ok": True,
                "user": {"id": user, "is_admin": user in self.admins, "profile": profile},
            }
        if method == "apps.connections.open":
            return {"ok": True, "url": self.socket_url or f"ws://127.0.0.1:{self.port}/link"}
        return {"ok": True}

    async def _webhook(self, request: web.Request) -> web.Response:
        self.calls.append(Call("webhook", dict(request.headers), await _parse(request)))
        return web.Response(text="ok")


async def _parse(request: web.Request) -> dict[str, Any]:
    raw = await request.text()
    if "json" in request.headers.get("Content-Type", ""):
        return {**request.query, **(json.loads(raw) if raw else {})}
    body: dict[str, Any] = {**request.query, **dict(parse_qsl(raw))}
    for key in ("blocks", "view"):
        if isinstance(body.get(key), str):
            body[key] = json.loads(body[key])
    return body


# ---- signed requests, as Slack sends them


def signature(body: str, timestamp: str, secret: str = SIGNING_SECRET) -> str:
    base = f"v0:{timestamp}:{body}".encode()
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


def signed_headers(
    body: str, content_type: str, *, age: float = 0, secret: str = SIGNING_SECRET
) -> dict[str, str]:
    ts = str(int(time.time() - age))
    return {
        "content-type": content_type,
        "x-slack-request-timestamp": ts,
        "x-slack-signature": signature(body, ts, secret),
    }


def event_body(event: dict[str, Any], event_id: str = "Ev1") -> str:
    return json.dumps(
        {
            "token": "legacy",
            "team_id": TEAM,
            "api_app_id": "A1",
            "type": "event_callback",
            "event_id": event_id,
            "event_time": int(time.time()),
            "authorizations": [{"team_id": TEAM, "user_id": BOT_USER, "is_bot": True}],
            "event": event,
        }
    )


def mention(
    text: str, *, user: str = "U1", channel: str = "C1", ts: str = "1.0", **extra: Any
) -> dict:
    return {
        "type": "app_mention",
        "user": user,
        "text": f"<@{BOT_USER}> {text}",
        "channel": channel,
        "ts": ts,
        "event_ts": ts,
        "team": TEAM,
        **extra,
    }


def direct_message(
    text: str, *, user: str = "U1", channel: str = "D1", ts: str = "2.0", **extra: Any
) -> dict:
    return {
        "type": "message",
        "channel_type": "im",
        "user": user,
        "text": text,
        "channel": channel,
        "ts": ts,
        "event_ts": ts,
        "team": TEAM,
        **extra,
    }


def command_fields(
    text: str, response_url: str, *, user: str = "U1", channel: str = "C1"
) -> dict[str, str]:
    return {
        "token": "legacy",
        "team_id": TEAM,
        "team_domain": "team",
        "channel_id": channel,
        "channel_name": "general",
        "user_id": user,
        "user_name": "someone",
        "command": "/study",
        "text": text,
        "api_app_id": "A1",
        "response_url": response_url,
        "trigger_id": "t1",
    }


def command_body(text: str, response_url: str, **kw: Any) -> str:
    return urlencode(command_fields(text, response_url, **kw))


def action_payload(
    value: str,
    response_url: str,
    *,
    index: int = 1,
    user: str = "U2",
    channel: str = "C1",
    ts: str = "1700000000.000001",
    action_id: str | None = None,
) -> dict[str, Any]:
    return {
        "type": "block_actions",
        "team": {"id": TEAM, "domain": "team"},
        "user": {"id": user, "team_id": TEAM},
        "api_app_id": "A1",
        "token": "legacy",
        "container": {"type": "message", "message_ts": ts, "channel_id": channel},
        "trigger_id": "t2",
        "channel": {"id": channel, "name": "general"},
        "message": {"type": "message", "ts": ts, "text": "quiz"},
        "response_url": response_url,
        "actions": [
            {
                "type": "button",
                "action_id": action_id or f"quiz_answer_{index}",
                "block_id": "quiz:1",
                "value": value,
                "action_ts": "1700000002.000001",
            }
        ],
    }


def action_body(value: str, response_url: str, **kw: Any) -> str:
    return urlencode({"payload": json.dumps(action_payload(value, response_url, **kw))})


# ---- settings and dispatch through a bolt app

JSON = "application/json"
FORM = "application/x-www-form-urlencoded"


def slack_settings(fake: FakeSlack, **overrides: object) -> Settings:
    """Settings pointing at the fake, from these values only (no environment, no .env)."""
    values: dict[str, object] = {
        "slack_bot_token": BOT_TOKEN,
        "slack_app_token": APP_TOKEN,
        "slack_signing_secret": SIGNING_SECRET,
        "slack_api_url": fake.base_url,
        "studybot_admins": "",
        **overrides,
    }
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


async def send(app: AsyncApp, body: str, content_type: str, **headers: str) -> BoltResponse:
    all_headers = {**signed_headers(body, content_type), **headers}
    return await app.async_dispatch(AsyncBoltRequest(body=body, headers=all_headers))


async def send_event(
    app: AsyncApp, event: dict, event_id: str = "Ev1", **headers: str
) -> BoltResponse:
    return await send(app, event_body(event, event_id), JSON, **headers)


async def slash(app: AsyncApp, fake: FakeSlack, text: str, **kw: str) -> BoltResponse:
    return await send(app, command_body(text, fake.response_url, **kw), FORM)


async def click(app: AsyncApp, fake: FakeSlack, value: str, **kw: Any) -> BoltResponse:
    return await send(app, action_body(value, fake.response_url, **kw), FORM)
