"""Runtime settings, read from the environment once in `main` and passed down."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

APP_TYPES = ("MultiTenant", "SingleTenant")


class Settings(BaseSettings):
    """Every knob the bot has, with the platform-native variable names."""

    model_config = SettingsConfigDict(env_file=None, extra="ignore", populate_by_name=True)

    database_url: str = Field(
        default="sqlite:///cadence.db", validation_alias="CADENCE_DATABASE_URL"
    )
    host: str = Field(default="127.0.0.1", validation_alias="CADENCE_HOST")
    port: int = Field(default=8080, ge=0, le=65535, validation_alias="CADENCE_PORT")
    plan_file: Path | None = Field(default=None, validation_alias="CADENCE_PLAN")
    tick_seconds: int = Field(default=60, ge=1, le=3600, validation_alias="CADENCE_TICK_SECONDS")

    slack_bot_token: SecretStr | None = Field(default=None, validation_alias="SLACK_BOT_TOKEN")
    slack_signing_secret: SecretStr | None = Field(
        default=None, validation_alias="SLACK_SIGNING_SECRET"
    )
    slack_app_token: SecretStr | None = Field(default=None, validation_alias="SLACK_APP_TOKEN")
    slack_api_url: str = Field(default="https://slack.com/api/", validation_alias="SLACK_API_URL")

    microsoft_app_id: str | None = Field(default=None, validation_alias="MICROSOFT_APP_ID")
    microsoft_app_password: SecretStr | None = Field(
        default=None, validation_alias="MICROSOFT_APP_PASSWORD"
    )
    microsoft_app_tenant_id: str | None = Field(
        default=None, validation_alias="MICROSOFT_APP_TENANT_ID"
    )
    microsoft_app_type: str = Field(default="MultiTenant", validation_alias="MICROSOFT_APP_TYPE")
    teams_dev: bool = Field(default=False, validation_alias="CADENCE_TEAMS_DEV")
    dashboard_token: SecretStr | None = Field(
        default=None, validation_alias="CADENCE_DASHBOARD_TOKEN"
    )

    @field_validator("database_url")
    @classmethod
    def _known_database(cls, url: str) -> str:
        if not url.startswith(("sqlite:", "postgresql:", "postgresql+psycopg:", "postgres:")):
            raise ValueError("must be a sqlite:/// or postgresql:// URL")
        if url.startswith("postgres:"):
            return "postgresql+psycopg:" + url.removeprefix("postgres:")
        if url.startswith("postgresql:"):
            return "postgresql+psycopg:" + url.removeprefix("postgresql:")
        return url

    @field_validator("microsoft_app_type")
    @classmethod
    def _known_app_type(cls, written: str) -> str:
        by_word = {kind.lower(): kind for kind in APP_TYPES}
        if written.lower() not in by_word:
            raise ValueError(f"must be {' or '.join(APP_TYPES)}, not '{written}'")
        return by_word[written.lower()]

    @model_validator(mode="after")
    def _consistent(self) -> Settings:
        """Credentials that make no sense together are refused at start, instead of the bot
        quietly running local mode or starting on a platform it cannot authenticate to."""
        problems = []
        if self.slack_bot_token and not (self.slack_signing_secret or self.slack_app_token):
            problems.append(
                "SLACK_BOT_TOKEN is set, but neither SLACK_SIGNING_SECRET (HTTP mode) nor "
                "SLACK_APP_TOKEN (Socket Mode) is: set one of them"
            )
        if not self.slack_bot_token and (self.slack_signing_secret or self.slack_app_token):
            given = "SLACK_SIGNING_SECRET" if self.slack_signing_secret else "SLACK_APP_TOKEN"
            problems.append(f"{given} is set without SLACK_BOT_TOKEN: set the bot token too")
        problems += _slack_token_mixups(self.slack_bot_token, self.slack_app_token)
        if self.microsoft_app_id and not self.microsoft_app_password:
            problems.append(
                "MICROSOFT_APP_ID is set without MICROSOFT_APP_PASSWORD (the bot's client "
                "secret): set it too"
            )
        if (
            self.microsoft_app_id
            and self.microsoft_app_type == "SingleTenant"
            and not self.microsoft_app_tenant_id
        ):
            problems.append(
                "MICROSOFT_APP_TYPE is SingleTenant, which needs MICROSOFT_APP_TENANT_ID "
                "(the Azure tenant the bot is registered in)"
            )
        if problems:
            raise ValueError("\n".join(problems))
        return self

    @property
    def slack_enabled(self) -> bool:
        """A bot token with a way in: the signing secret (HTTP) or an app token (Socket
        Mode, which needs no signing secret: nothing reaches the bot over HTTP)."""
        return self.slack_bot_token is not None and (
            self.slack_signing_secret is not None or self.slack_app_token is not None
        )

    @property
    def teams_enabled(self) -> bool:
        return bool(self.microsoft_app_id) or self.teams_dev

    @property
    def platforms(self) -> tuple[str, ...]:
        """The chat platforms this run serves, in the order recipients are tried."""
        enabled = (("slack", self.slack_enabled), ("teams", self.teams_enabled))
        return tuple(name for name, on in enabled if on) or ("local",)

    @property
    def local_mode(self) -> bool:
        """No chat credentials: serve the local workspace instead."""
        return not (self.slack_enabled or self.teams_enabled)


def _slack_token_mixups(bot: SecretStr | None, app: SecretStr | None) -> list[str]:
    """Tokens in each other's place, named by their public prefix only (never the secret):
    an app-level token cannot call the Web API, and a bot token cannot open Socket Mode."""
    problems = []
    bot_token = bot.get_secret_value() if bot else ""
    app_token = app.get_secret_value() if app else ""
    if bot_token.startswith("xapp-"):
        problems.append(
            "SLACK_BOT_TOKEN holds an app-level token (xapp-…): put it in SLACK_APP_TOKEN, "
            "and the Bot User OAuth Token (xoxb-…, OAuth & Permissions) in SLACK_BOT_TOKEN"
        )
    elif bot_token.startswith("xoxp-"):
        problems.append(
            "SLACK_BOT_TOKEN holds a user token (xoxp-…): use the Bot User OAuth Token "
            "(xoxb-…, OAuth & Permissions)"
        )
    if app_token and not app_token.startswith("xapp-"):
        prefix = app_token.split("-", 1)[0][:5]
        problems.append(
            f"SLACK_APP_TOKEN must be an app-level token (xapp-…), not one starting "
            f"'{prefix}-': create one with the connections:write scope under Basic "
            "Information, App-Level Tokens"
        )
    return problems
