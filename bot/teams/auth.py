"""Who may call /api/messages: botbuilder's JWT validation, configured from settings.

botbuilder reads an empty app id as "authentication disabled" and then accepts anonymous
requests. So without MICROSOFT_APP_ID the endpoint refuses everything, unless the explicit
development switch is on.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import SimpleNamespace

from botbuilder.integration.aiohttp import ConfigurationBotFrameworkAuthentication
from botframework.connector.auth import (
    BotFrameworkAuthentication,
    ServiceClientCredentialsFactory,
)

from bot.settings import Settings

# Endpoint overrides botbuilder's configuration understands; setting any of them switches
# it from the public-cloud constants to exactly these (tests point them at 127.0.0.1).
ENDPOINT_NAMES = frozenset(
    {
        "TO_BOT_FROM_CHANNEL_OPENID_METADATA_URL",
        "TO_BOT_FROM_CHANNEL_TOKEN_ISSUER",
        "TO_BOT_FROM_EMULATOR_OPENID_METADATA_URL",
        "TO_CHANNEL_FROM_BOT_LOGIN_URL",
        "TO_CHANNEL_FROM_BOT_OAUTH_SCOPE",
        "CALLER_ID",
    }
)


def authentication_for(
    settings: Settings,
    *,
    endpoints: Mapping[str, str] | None = None,
    credentials: ServiceClientCredentialsFactory | None = None,
) -> BotFrameworkAuthentication:
    """botbuilder's authentication for our app id; endpoints and credentials for tests."""
    unknown = set(endpoints or {}) - ENDPOINT_NAMES
    if unknown:
        raise ValueError(f"unknown Bot Framework endpoint settings: {sorted(unknown)}")
    password = settings.microsoft_app_password
    # The attribute names botbuilder's ConfigurationBotFrameworkAuthentication reads.
    configuration = SimpleNamespace(
        APP_ID=settings.microsoft_app_id or None,
        APP_PASSWORD=password.get_secret_value() if password else None,
        APP_TENANTID=settings.microsoft_app_tenant_id,
        APP_TYPE=settings.microsoft_app_type,
        **(endpoints or {}),
    )
    return ConfigurationBotFrameworkAuthentication(configuration, credentials_factory=credentials)


def refuses_everyone(settings: Settings) -> bool:
    """No app id and no development switch: botbuilder would let anyone in, so nobody is."""
    return not settings.microsoft_app_id and not settings.teams_dev


def anonymous(settings: Settings) -> bool:
    """The development switch without an app id: requests are not authenticated at all."""
    return not settings.microsoft_app_id and settings.teams_dev
