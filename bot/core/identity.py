"""Who is talking and where: opaque platform identities, never display names."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ChannelRef:
    """A channel: (platform, workspace, channel id). Workspace is a Slack team id or a Discord guild id."""

    platform: str
    workspace: str
    channel_id: str


@dataclass(frozen=True)
class Scope:
    """Where one process posts: a platform, and the workspaces it holds tokens for there (None:
    every workspace). Processes sharing a database claim only their own workspaces' channels."""

    platform: str
    workspaces: frozenset[str] | None = None

    @classmethod
    def of(cls, scope: Scope | str) -> Scope:
        """A scope from a platform name (every workspace) or a scope."""
        return scope if isinstance(scope, Scope) else cls(scope)

    def holds(self, channel: ChannelRef) -> bool:
        return channel.platform == self.platform and (
            self.workspaces is None or channel.workspace in self.workspaces
        )


@dataclass(frozen=True)
class Player:
    """A person: (platform, workspace, user id). `name` is for display only and never a key."""

    platform: str
    workspace: str
    user_id: str
    name: str = ""

    @property
    def display(self) -> str:
        return self.name or self.user_id


@dataclass(frozen=True)
class Caller:
    """One message's context: who sent it, in which channel, and whether they may administer it."""

    player: Player
    channel: ChannelRef
    is_admin: bool = False
