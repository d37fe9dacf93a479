"""A fake Discord on 127.0.0.1: the REST routes studybot uses and a plain-JSON gateway.

Real discord.py talks to it through `DISCORD_API_BASE` (…/api/v10) and `DISCORD_GATEWAY_URL`. Every
REST call is recorded; tests push INTERACTION_CREATE events and read the callbacks they got."""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

TOKEN = "fake-discord-token.abc.def"
DISCORD_EPOCH_MS = 1420070400000
_seq = itertools.count(1)


def snowflake() -> int:
    """Time-based, as discord.py derives an interaction's age (and expiry) from its id."""
    return ((int(time.time() * 1000) - DISCORD_EPOCH_MS) << 22) | (next(_seq) % 4096)


APP_ID, GUILD_ID, CHANNEL_ID, BOT_ID, USER_ID = (snowflake() for _ in range(5))
BOT_USER = {
    "id": str(BOT_ID),
    "username": "studybot",
    "discriminator": "0",
    "avatar": None,
    "bot": True,
}


def json_response(data: Any, status: int = 200) -> web.Response:
    # discord.py parses a body only when Content-Type is exactly application/json (no charset).
    return web.Response(
        status=status, body=json.dumps(data).encode(), content_type="application/json"
    )


@dataclass
class Call:
    method: str
    path: str
    query: dict[str, str]
    body: Any
    at: float = field(default_factory=time.monotonic)
    message_id: int | None = None  # the message this call created or edited


class FakeDiscord:
    """REST + gateway for one guild with one text channel. Start with `await fake.start()`."""

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.identified = asyncio.Event()
        self.identify: dict[str, Any] | None = None
        self.messages: dict[int, dict[str, Any]] = {}
        self.forbidden: set[int] = set()  # channels whose posts are answered 403 Missing Access
        self.dms: dict[int, int] = {}  # DM channel id -> the user it talks to
        self._sockets: list[web.WebSocketResponse] = []
        self._seq = 0
        self._callbacks: dict[int, asyncio.Future[Call]] = {}
        self._originals: dict[str, int] = {}
        self._runner: web.AppRunner | None = None
        self.port = 0

    @property
    def api_base(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/v10"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gw"

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/gw", self._gateway)
        app.router.add_route("*", "/api/v10/{path:.*}", self._rest)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    async def stop(self) -> None:
        for ws in list(self._sockets):
            await ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    def calls_to(self, method: str, fragment: str) -> list[Call]:
        return [c for c in self.calls if c.method == method and fragment in c.path]

    async def reply_to(self, callback: Call, timeout: float = 15.0) -> Call:
        """The call that carried an interaction's reply: the callback itself (type 4), or the
        follow-up after a deferral (type 5)."""
        if callback.body["type"] != 5:
            return callback
        token = callback.path.strip("/").split("/")[2]
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            followups = [c for c in self.calls_to("POST", f"/webhooks/{APP_ID}/{token}")]
            if followups:
                return followups[0]
            await asyncio.sleep(0.02)
        raise AssertionError(f"no follow-up for the deferred interaction {callback.path}")

    # --- REST ------------------------------------------------------------------------------

    async def _rest(self, request: web.Request) -> web.Response:
        path = "/" + request.match_info["path"]
        call = Call(request.method, path, dict(request.query), await _body(request))
        self.calls.append(call)
        # Interaction callbacks and follow-ups authenticate with the interaction token instead.
        tokenless = path.startswith(("/interactions/", "/webhooks/"))
        if not tokenless and request.headers.get("Authorization") != f"Bot {TOKEN}":
            return json_response({"message": "401: Unauthorized", "code": 0}, 401)
        parts = path.strip("/").split("/")
        if parts[0] == "channels" and len(parts) > 1 and int(parts[1]) in self.forbidden:
            return json_response({"message": "Missing Access", "code": 50001}, 403)
        return json_response(self._answer(call))

    def _answer(self, call: Call) -> Any:
        parts = call.path.strip("/").split("/")
        if call.path == "/users/@me":
            return BOT_USER
        if call.path == "/users/@me/channels" and call.method == "POST":
            dm = snowflake()
            self.dms[dm] = int(call.body["recipient_id"])
            return {"id": str(dm), "type": 1, "recipients": [_user(self.dms[dm])]}
        if parts[0] == "users" and len(parts) == 2 and parts[1].isdigit():
            return _user(int(parts[1]))
        if call.path == "/oauth2/applications/@me":
            return _application()
        if call.path == "/gateway/bot":
            limit = {"total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": 1}
            return {"url": self.gateway_url, "shards": 1, "session_start_limit": limit}
        if parts[0] == "applications" and call.method == "PUT":
            return [{**c, "id": str(snowflake()), "application_id": str(APP_ID)} for c in call.body]
        if parts[0] == "interactions":
            return self._interaction_callback(call, int(parts[1]), parts[2])
        if parts[0] == "webhooks":
            return self._webhook(call, parts)
        if parts[0] == "channels" and len(parts) >= 3 and parts[2] == "messages":
            return self._channel_message(call, int(parts[1]), parts[3:])
        return {}

    def _interaction_callback(self, call: Call, interaction_id: int, token: str) -> Any:
        message = None
        data = call.body.get("data") or {}
        if call.body["type"] in (4, 5):
            message = self._store(CHANNEL_ID, data)
            self._originals[token] = call.message_id = int(message["id"])
        future = self._callbacks.get(interaction_id)
        if future is not None and not future.done():
            future.set_result(call)
        ephemeral = bool((data.get("flags") or 0) & 64)
        return {
            "interaction": {
                "id": str(interaction_id),
                "type": 2,
                "response_message_id": message["id"] if message else None,
                "response_message_loading": call.body["type"] == 5,
                "response_message_ephemeral": ephemeral,
            },
            "resource": {"type": call.body["type"], "message": message} if message else None,
        }

    def _webhook(self, call: Call, parts: list[str]) -> Any:
        if call.method == "POST":
            message = self._store(CHANNEL_ID, call.body)
            call.message_id = int(message["id"])
            return message
        original = self._originals.get(parts[2]) if parts[-1] == "@original" else None
        if call.method == "PATCH":
            call.message_id = original or int(parts[-1])
            return self._store(CHANNEL_ID, call.body, call.message_id)
        if call.method == "DELETE" and original is not None:
            self.messages.pop(original, None)
        return {}

    def _channel_message(self, call: Call, channel_id: int, rest: list[str]) -> Any:
        if call.method == "POST":
            return self._store(channel_id, call.body)
        if call.method == "PATCH" and rest:
            return self._store(channel_id, call.body, int(rest[0]))
        return {}

    def _store(self, channel_id: int, data: dict[str, Any], message_id: int | None = None) -> Any:
        message_id = message_id or snowflake()
        message = {
            **self.messages.get(message_id, {}),
            **{k: v for k, v in data.items() if k in ("content", "embeds", "components", "flags")},
        }
        message.update(
            id=str(message_id),
            channel_id=str(channel_id),
            author=BOT_USER,
            type=0,
            timestamp="2026-03-02T09:00:00+00:00",
            edited_timestamp=None,
            tts=False,
            mention_everyone=False,
            mentions=[],
            mention_roles=[],
            attachments=[],
            pinned=False,
        )
        message.setdefault("content", "")
        message.setdefault("embeds", [])
        message.setdefault("components", [])
        self.messages[message_id] = message
        return message

    # --- gateway ---------------------------------------------------------------------------

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self._sockets.append(ws)
        await ws.send_json({"op": 10, "d": {"heartbeat_interval": 41250}})
        async for msg in ws:
            if msg.type != WSMsgType.TEXT:
                break
            payload = json.loads(msg.data)
            if payload["op"] == 1:
                await ws.send_json({"op": 11})
            elif payload["op"] == 2:
                self.identify = payload["d"]
                await self._ready(ws)
                self.identified.set()
        self._sockets.remove(ws)
        return ws

    async def _ready(self, ws: web.WebSocketResponse) -> None:
        ready = {
            "v": 10,
            "user": BOT_USER,
            "guilds": [{"id": str(GUILD_ID), "unavailable": True}],
            "session_id": "fake-session",
            "resume_gateway_url": self.gateway_url,
            "application": {"id": str(APP_ID), "flags": 0},
        }
        if self.identify and "shard" in self.identify:
            ready["shard"] = self.identify["shard"]
        await self._send(ws, "READY", ready)
        await self._send(ws, "GUILD_CREATE", _guild())

    async def _send(self, ws: web.WebSocketResponse, event: str, data: Any) -> None:
        self._seq += 1
        await ws.send_json({"op": 0, "t": event, "s": self._seq, "d": data})

    async def interact(self, kind: int, data: dict[str, Any], **extra: Any) -> Call:
        """Push an INTERACTION_CREATE and wait (at most 3 s, Discord's limit) for its callback."""
        interaction_id = snowflake()
        future: asyncio.Future[Call] = asyncio.get_running_loop().create_future()
        self._callbacks[interaction_id] = future
        payload = {
            "id": str(interaction_id),
            "application_id": str(APP_ID),
            "type": kind,
            "token": f"itoken{interaction_id}",
            "version": 1,
            "guild_id": str(GUILD_ID),
            "channel_id": str(CHANNEL_ID),
            "channel": _channel(),
            "member": _member(extra.pop("permissions", "0"), extra.pop("user_id", USER_ID)),
            "app_permissions": str(2**41 - 1),
            "locale": "en-US",
            "guild_locale": "en-US",
            "entitlements": [],
            "authorizing_integration_owners": {"0": str(GUILD_ID)},
            "context": 0,
            "attachment_size_limit": 10 * 1024 * 1024,
            "data": data,
            **extra,
        }
        for ws in self._sockets:
            await self._send(ws, "INTERACTION_CREATE", payload)
        return await asyncio.wait_for(future, 3.0)

    async def slash(self, sub: str, **options: str) -> Call:
        """`/study <sub> name:value …`"""
        opts = [{"name": k, "type": 3, "value": v} for k, v in options.items()]
        data = {
            "id": str(snowflake()),
            "name": "study",
            "type": 1,
            "guild_id": str(GUILD_ID),
            "options": [{"name": sub, "type": 1, "options": opts}],
        }
        return await self.interact(2, data)

    async def click(self, message_id: int, custom_id: str, user_id: int = USER_ID) -> Call:
        """Click a button on a message this fake stored, as `user_id`."""
        data = {"custom_id": custom_id, "component_type": 2}
        return await self.interact(3, data, message=self.messages[message_id], user_id=user_id)


async def _body(request: web.Request) -> Any:
    if not request.can_read_body:
        return None
    if request.content_type.startswith("multipart/"):
        form = await request.post()
        return json.loads(str(form["payload_json"]))
    return await request.json()


def _application() -> dict[str, Any]:
    return {
        "id": str(APP_ID),
        "name": "studybot",
        "description": "",
        "icon": None,
        "bot_public": True,
        "bot_require_code_grant": False,
        "owner": BOT_USER,
        "verify_key": "0" * 64,
        "flags": 0,
        "interactions_endpoint_url": None,
    }


def _channel() -> dict[str, Any]:
    return {
        "id": str(CHANNEL_ID),
        "type": 0,
        "name": "general",
        "guild_id": str(GUILD_ID),
        "position": 0,
        "permission_overwrites": [],
    }


def _member(permissions: str, user_id: int = USER_ID) -> dict[str, Any]:
    name = "alice" if user_id == USER_ID else f"user{user_id}"
    user = {"id": str(user_id), "username": name, "discriminator": "0", "avatar": None}
    return {
        "user": user,
        "roles": [],
        "joined_at": "2026-01-01T00:00:00+00:00",
        "deaf": False,
        "mute": False,
        "flags": 0,
        "permissions": permissions,
    }


def _guild() -> dict[str, Any]:
    everyone = {
        "id": str(GUILD_ID),
        "name": "@everyone",
        "permissions": "0",
        "position": 0,
        "color": 0,
        "hoist": False,
        "managed": False,
        "mentionable": False,
    }
    return {
        "id": str(GUILD_ID),
        "name": "Study Group",
        "icon": None,
        "owner_id": str(USER_ID),
        "roles": [everyone],
        "channels": [_channel()],
        "members": [],
        "member_count": 2,
        "features": [],
        "emojis": [],
        "stickers": [],
        "unavailable": False,
    }


def _user(user_id: int) -> dict[str, Any]:
    return {"id": str(user_id), "username": f"user{user_id}", "discriminator": "0", "avatar": None}
