"""The bolt app: Slack events, the /study command and quiz buttons translated into core calls."""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Awaitable, Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from typing import Any, Protocol

from aiohttp import web
from slack_bolt.async_app import AsyncApp
from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler
from slack_sdk.web.async_client import AsyncWebClient

from bot.adapters.inflight import InFlight
from bot.adapters.livecards import CardPacing, LiveCards
from bot.adapters.slack.connection import TokenWatch
from bot.adapters.slack.guards import Seen, drop_redeliveries, refuse_while_closing
from bot.adapters.slack.home import (
    HOME_WORDS,
    SETTINGS_ACTION,
    SETTINGS_VIEW,
    home_with_buttons,
    modal_error,
    read_settings,
    settings_modal,
)
from bot.adapters.slack.oauth import register_removal
from bot.adapters.slack.people import People, slack_error
from bot.adapters.slack.publisher import SlackPublisher
from bot.adapters.slack.render import QUIZ_ACTION, REPORT_ACTION, to_slack_message
from bot.core import Caller, Reply
from bot.settings import Settings

COMMAND = "/study"
EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"
NO_ACCESS = ("not_in_channel", "channel_not_found")
DEDUPE_WITHIN = 1.0
"""Seconds the event-id check may take before this process's memory decides: Slack wants an ack in 3."""
NOT_IN_CHANNEL = "I can't post here yet: invite me with `/invite @studybot`, then try again."

Health = Callable[[], Awaitable[object]]
log = logging.getLogger(__name__)


class StudyCore(Protocol):
    """What the adapter needs from `bot.core.StudyBot`."""

    def handle(self, caller: Caller, text: str, now: datetime) -> Reply: ...

    def press(self, caller: Caller, value: str, now: datetime) -> Reply: ...

    def record_post(self, quiz_id: str, message_ref: str) -> object: ...

    def live_card(self, quiz_id: str, now: datetime) -> object: ...

    def configure(
        self, caller: Caller, changes: Sequence[tuple[str, str]], now: datetime
    ) -> Reply: ...

    def quiz_topics(self) -> list[str]: ...

    def claim_thread(self, quiz_id: str, now: datetime) -> Reply | None: ...


async def always_ok() -> bool:
    return True


def build_client(settings: Settings) -> AsyncWebClient:
    """The Web API client: `SLACK_API_URL` as its base, 429s retried after Retry-After, refusals
    of the token noted for the watch."""
    token = settings.slack_bot_token.get_secret_value() if settings.slack_bot_token else None
    client = AsyncWebClient(token=token, base_url=settings.slack_api_url)
    client.retry_handlers.append(AsyncRateLimitErrorRetryHandler(max_retry_count=2))
    client.retry_handlers.append(TokenWatch())
    return client


def build_slack_app(
    bot: StudyCore,
    settings: Settings,
    *,
    client: AsyncWebClient | None = None,
    health: Health | None = None,
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    oauth: AsyncOAuthSettings | None = None,
    inflight: InFlight | None = None,
    pacing: CardPacing | None = None,
) -> AsyncApp:
    """The bolt AsyncApp for studybot. Its `server(port=settings.port)` web app also serves
    GET /healthz (200 while `await health()` is truthy, else 503) beside POST /slack/events.
    With `oauth` (bot.adapters.slack.oauth) it serves many workspaces, each with its own token.
    Every listener is counted in `inflight`; once it is closing, new requests get 503.
    `pacing`: the clock and timer of the live card's coalesced edits (tests pass fakes)."""
    client = client or build_client(settings)
    inflight = inflight or InFlight()
    secret = settings.slack_signing_secret
    bolt_log = logging.getLogger("bot.adapters.slack.bolt")
    if not any(isinstance(f, _NoTokenWarning) for f in bolt_log.filters):
        bolt_log.addFilter(_NoTokenWarning())
    app = AsyncApp(
        client=client,
        signing_secret=secret.get_secret_value() if secret else "",
        logger=bolt_log,
        oauth_settings=oauth,
    )
    app.middleware(refuse_while_closing(inflight))
    app.middleware(drop_redeliveries(_first_delivery(bot, clock)))
    handlers = SlackHandlers(bot, client, People(client, settings.admin_ids), clock)
    handlers.cards.pacing = pacing or handlers.cards.pacing
    handlers.register(app)
    if oauth is not None and oauth.installation_store is not None:
        register_removal(app, oauth.installation_store, bot)
    for listener in app._async_listeners:
        listener.ack_function = inflight.track(listener.ack_function)  # type: ignore[attr-defined]
    server = app.server(port=settings.port, path=EVENTS_PATH, host=settings.host)
    server.web_app.router.add_get(HEALTH_PATH, _health_view(health or always_ok, inflight))
    return app


class _NoTokenWarning(logging.Filter):
    """bolt reads SLACK_BOT_TOKEN from the environment by itself and then warns, on every start,
    that the client we pass wins over it; the client does carry that same token."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "`token` will be unused" not in record.getMessage()


def _first_delivery(bot: StudyCore, clock: Callable[[], datetime]) -> Callable[[str], Any]:
    """Whether an event id is new: in the database (shared by replicas) when the bot has one,
    else (or while it is down or slow) in this process's memory. It runs before Slack's 3 s ack,
    so the database gets DEDUPE_WITHIN seconds; a failure processes the event, never drops it."""
    local = Seen()
    remember = getattr(bot, "first_delivery", None)
    # Its own threads: checks stuck on a hung database must not take the ones the handlers use.
    pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="slack-event-ids")

    async def first(event_id: str) -> bool:
        if remember is not None:
            loop = asyncio.get_running_loop()
            job = loop.run_in_executor(pool, remember, "slack", event_id, clock())
            try:
                return bool(await asyncio.wait_for(job, DEDUPE_WITHIN))
            except TimeoutError:
                log.warning(
                    "event-id memory slower than %ss; %s judged by this process",
                    DEDUPE_WITHIN,
                    event_id,
                )
            except Exception as exc:
                log.warning(
                    "event-id memory unavailable (%s); %s judged by this process", exc, event_id
                )
        return local.first(event_id)

    return first


def _health_view(
    health: Health, inflight: InFlight
) -> Callable[[web.Request], Awaitable[web.Response]]:
    async def view(_: web.Request) -> web.Response:
        ok = not inflight.closing and bool(await health())
        return web.json_response({"ok": ok}, status=200 if ok else 503)

    return view


class SlackHandlers:
    """One listener per Slack surface. Each acks first (Slack gives up after 3 s), builds the
    Caller, calls one core method off the event loop, and delivers the Reply."""

    def __init__(
        self, bot: StudyCore, client: AsyncWebClient, people: People, clock: Callable[[], datetime]
    ) -> None:
        self.bot, self.client, self.people, self.clock = bot, client, people, clock
        self.publisher = SlackPublisher(client)
        self.messages = Seen()
        self.cards = LiveCards(bot, self.publisher.edit, clock)

    def register(self, app: AsyncApp) -> None:
        app.event("app_mention")(self.on_mention)
        app.event("message")(self.on_message)
        app.event("app_home_opened")(self.on_home)
        app.command(COMMAND)(self.on_command)
        app.action(QUIZ_ACTION)(self.on_press)
        app.action(REPORT_ACTION)(self.on_press)
        app.action(re.compile(f"^({'|'.join(HOME_WORDS)})$"))(self.on_home_button)
        app.action(SETTINGS_ACTION)(self.on_settings)
        app.view(SETTINGS_VIEW)(self.on_settings_saved)

    # Each listener takes bolt's `client`: the one holding this workspace's token (one bot may
    # serve many workspaces, installed by OAuth).
    async def on_mention(
        self, body: dict[str, Any], event: dict[str, Any], client: AsyncWebClient
    ) -> None:
        if event.get("bot_id") or not event.get("user"):  # another bot, or an app, mentioned us
            return
        await self._answer_message(body, event, client)

    async def on_message(
        self, body: dict[str, Any], event: dict[str, Any], client: AsyncWebClient
    ) -> None:
        # Only plain direct messages: edits, deletions and joins carry a subtype, other bots a
        # bot_id, and channel messages are ours only through app_mention.
        if event.get("subtype") or event.get("bot_id") or event.get("channel_type") != "im":
            return
        await self._answer_message(body, event, client)

    async def _answer_message(
        self, body: dict[str, Any], event: dict[str, Any], client: AsyncWebClient
    ) -> None:
        # A mention in a DM arrives as both app_mention and message.im; answer whichever is first.
        if not self.messages.first(f"{event.get('channel')}:{event.get('ts')}"):
            return
        team = body.get("team_id") or event.get("team") or ""
        caller = await self.people.caller(team, event["user"], event["channel"], client)
        reply = await self._handle(caller, event.get("text") or "")
        in_channel = event.get("channel_type") != "im"
        # A channel mention is answered in a thread under it (a quiz card stays top level).
        top = event.get("ts") if in_channel and reply.kind != "quiz" else None
        thread = event.get("thread_ts") or top
        publisher = SlackPublisher(client)
        if reply.private and in_channel:
            await publisher.whisper(caller.channel, event["user"], reply, thread_ts=thread)
        else:
            await self._publish(caller, reply, thread, publisher)
        await self.cards.changed(reply, publisher.edit)  # after the answer: nobody waits for it

    async def on_command(
        self, ack: Any, command: dict[str, Any], respond: Any, client: AsyncWebClient
    ) -> None:
        await ack()
        caller = await self.people.caller(
            command["team_id"], command["user_id"], command["channel_id"], client
        )
        publisher = SlackPublisher(client)
        reply = await self._handle(caller, command.get("text") or "")
        if reply.private:
            await respond(response_type="ephemeral", **to_slack_message(reply))
        elif reply.kind == "quiz":
            # A quiz goes out as a bot message, not a response_url reply, so the reveal can edit it.
            try:
                await self._publish(caller, reply, None, publisher)
            except SlackApiError as exc:
                error = slack_error(exc)
                log.info("posting the quiz failed: %s", error)
                text = (
                    NOT_IN_CHANNEL if error in NO_ACCESS else f"Slack refused the quiz ({error})."
                )
                await respond(response_type="ephemeral", text=text)
        else:
            await self._reveal(caller, reply, publisher)
            await respond(response_type="in_channel", **to_slack_message(reply))
        await self.cards.changed(reply, publisher.edit)

    async def on_press(
        self,
        ack: Any,
        body: dict[str, Any],
        action: dict[str, Any],
        respond: Any,
        client: AsyncWebClient,
    ) -> None:
        await ack()
        channel = (body.get("channel") or {}).get("id") or body["container"].get("channel_id", "")
        team = (body.get("team") or {}).get("id") or body["user"].get("team_id", "")
        caller = await self.people.caller(team, body["user"]["id"], channel, client)
        reply = await asyncio.to_thread(self.bot.press, caller, action["value"], self.clock())
        if body.get("response_url"):
            # The response_url reaches the clicker even where the bot is no channel member.
            message = to_slack_message(reply)
            await respond(response_type="ephemeral", replace_original=False, **message)
        else:
            await SlackPublisher(client).whisper(caller.channel, body["user"]["id"], reply)
        # The count on the card, after the clicker's receipt.
        await self.cards.changed(reply, SlackPublisher(client).edit)

    async def on_home(
        self, body: dict[str, Any], event: dict[str, Any], client: AsyncWebClient
    ) -> None:
        if event.get("tab", "home") != "home":
            return
        await self._publish_home(body.get("team_id") or "", event["user"], client)

    async def _publish_home(self, team: str, user: str, client: AsyncWebClient) -> None:
        caller = await self.people.caller(team, user, "", client)
        now = self.clock()
        stats, board = await asyncio.to_thread(
            lambda: (
                self.bot.handle(caller, "stats", now),
                self.bot.handle(caller, "leaderboard", now),
            )
        )
        view = home_with_buttons(stats, board, admin=caller.is_admin)
        await client.views_publish(user_id=user, view=view)

    async def on_home_button(
        self, ack: Any, body: dict[str, Any], action: dict[str, Any], client: AsyncWebClient
    ) -> None:
        """Quiz me, Practice, Leaderboard: answered in the person's DM with the app."""
        await ack()
        user, team = body["user"]["id"], (body.get("team") or {}).get("id", "")
        opened = await client.conversations_open(users=user)
        caller = await self.people.caller(team, user, opened["channel"]["id"], client)
        reply = await self._handle(caller, HOME_WORDS[action["action_id"]])
        await self._publish(caller, reply, None, SlackPublisher(client))

    async def on_settings(self, ack: Any, body: dict[str, Any], client: AsyncWebClient) -> None:
        """The admin's "Quiz settings" button opens the settings modal."""
        await ack()
        team = (body.get("team") or {}).get("id", "")
        caller = await self.people.caller(team, body["user"]["id"], "", client)
        if caller.is_admin:
            topics = await asyncio.to_thread(self.bot.quiz_topics)
            await client.views_open(trigger_id=body["trigger_id"], view=settings_modal(topics))

    async def on_settings_saved(
        self, ack: Any, body: dict[str, Any], view: dict[str, Any], client: AsyncWebClient
    ) -> None:
        """The modal's Save: the same core call as `config`; a refusal is shown in the modal."""
        channel, changes = read_settings(view)
        if not changes:
            await ack(response_action="errors", errors={"time": "Fill in at least one setting."})
            return
        team = (body.get("team") or {}).get("id", "") or body["user"].get("team_id", "")
        caller = await self.people.caller(team, body["user"]["id"], channel, client)
        reply = await asyncio.to_thread(self.bot.configure, caller, changes, self.clock())
        if reply.kind == "error":
            await ack(response_action="errors", errors=modal_error(reply.text))
            return
        await ack()
        await self._publish_home(team, body["user"]["id"], client)

    async def _handle(self, caller: Caller, text: str) -> Reply:
        return await asyncio.to_thread(self.bot.handle, caller, _strip_mention(text), self.clock())

    async def _publish(
        self, caller: Caller, reply: Reply, thread: str | None, publisher: SlackPublisher
    ) -> None:
        await self._reveal(caller, reply, publisher)
        ref = await publisher.post(caller.channel, reply, thread_ts=thread)
        if reply.kind == "quiz" and reply.quiz_id and not reply.private:
            await asyncio.to_thread(self.bot.record_post, reply.quiz_id, ref)

    async def _reveal(self, caller: Caller, reply: Reply, publisher: SlackPublisher) -> None:
        """A reveal also edits the quiz card it answers, so the card shows the answer in place,
        and opens the discussion thread under it (once: the scheduler will not repeat it)."""
        ref = reply.extra.get("message_ref") if reply.kind == "reveal" else None
        if not ref:
            return
        try:
            await publisher.edit(caller.channel, ref, reply)
            thread = await asyncio.to_thread(
                self.bot.claim_thread, reply.quiz_id or "", self.clock()
            )
            if thread is not None:
                await publisher.thread(caller.channel, ref, thread)
        except SlackApiError as exc:
            log.warning("editing quiz message or posting its thread failed: %s", slack_error(exc))


_LEADING_MENTION = re.compile(r"^\s*<@[A-Z0-9]+(?:\|[^>]*)?>\s*")


def _strip_mention(text: str) -> str:
    return _LEADING_MENTION.sub("", text, count=1)
