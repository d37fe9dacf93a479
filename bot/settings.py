"""Settings: read once from the environment (and an optional `.env`) by the CLI, then passed down."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")


class Settings(BaseSettings):
    """Every setting studybot reads. `.env.example` documents each with its default."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    database_url: str = Field(
        "sqlite:///data/studybot.db", description="SQLAlchemy URL or postgresql://"
    )
    knowledge_dir: Path | None = Field(
        None, description="extra knowledge files, beside the shipped ones"
    )
    knowledge_dirs: str = Field(
        "", description="folders separated by colons that replace the shipped knowledge"
    )
    studybot_admins: str = Field("", description="comma-separated user ids that are always admins")
    log_level: str | None = Field(
        None, description="unset: INFO, or WARNING in an interactive terminal chat"
    )
    log_format: Literal["text", "json"] = "text"

    slack_bot_token: SecretStr | None = None
    slack_app_token: SecretStr | None = None
    slack_signing_secret: SecretStr | None = None
    slack_client_id: str | None = None
    slack_client_secret: SecretStr | None = None
    slack_mode: Literal["socket", "http"] = "socket"
    slack_api_url: str = "https://slack.com/api/"
    host: str = "127.0.0.1"
    port: int = Field(3000, ge=1, le=65535)

    discord_token: SecretStr | None = None
    discord_guild_id: int | None = None
    discord_api_base: str | None = None
    discord_gateway_url: str | None = None
    discord_shards: int | None = Field(None, ge=1)

    @field_validator(
        "slack_bot_token",
        "slack_app_token",
        "slack_signing_secret",
        "slack_client_id",
        "slack_client_secret",
        "discord_token",
        "knowledge_dir",
        "discord_guild_id",
        "discord_api_base",
        "discord_gateway_url",
        "discord_shards",
        "log_level",
        mode="before",
    )
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, value: str | None) -> str | None:
        if value is not None and value.strip().upper() not in LOG_LEVELS:
            raise ValueError(f"{value!r} is not one of {', '.join(LOG_LEVELS)}")
        return value.strip().upper() if value else None

    @property
    def admin_ids(self) -> frozenset[str]:
        return frozenset(x.strip() for x in self.studybot_admins.split(",") if x.strip())

    @property
    def knowledge_folders(self) -> list[Path]:
        """`KNOWLEDGE_DIRS` (else the shipped knowledge), then `KNOWLEDGE_DIR`."""
        from bot.core.knowledge import default_knowledge_dir

        chosen = [Path(p) for p in self.knowledge_dirs.split(":") if p.strip()]
        extra = [self.knowledge_dir] if self.knowledge_dir else []
        return [*(chosen or [default_knowledge_dir()]), *extra]


def env_file_problems(path: Path = Path(".env")) -> list[str]:
    """The lines of `path` that do not parse (python-dotenv would skip them with a warning)."""
    from dotenv.parser import parse_stream

    if not path.is_file():
        return []
    with path.open(encoding="utf-8") as stream:
        return [
            f"{path} line {b.original.line}: cannot parse {b.original.string.strip()!r}"
            for b in parse_stream(stream)
            if b.error
        ]
