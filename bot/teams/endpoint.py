"""POST /api/messages: authenticate the activity with botbuilder, then run the bot.

Authentication runs before the bot sees anything, so a refused request changes nothing.
botframework signals a token it does not accept in several ways: PermissionError, PyJWT's
errors, a plain Exception (an endorsement or signing algorithm it does not take), an
IndexError (a key id the channel never published) and an AttributeError (a header it found
no identity in: another scheme, an issuer it does not trust). Each of those is a 401 here
rather than a 500 Teams would retry; anything else is a fault of ours and reaches the
server's error handling.
"""

from __future__ import annotations

import logging
from types import TracebackType
from typing import Any

import jwt
import requests
from aiohttp import web
from botbuilder.core import serializer_helper
from botbuilder.integration.aiohttp import CloudAdapter
from botbuilder.schema import Activity
from botframework.connector.auth import AuthenticateRequestResult, BotFrameworkAuthentication

from bot.teams.bot import CadenceTeamsBot

log = logging.getLogger(__name__)

ROUTE = "/api/messages"
DEV_WARNING = (
    "CADENCE_TEAMS_DEV is on and MICROSOFT_APP_ID is empty: /api/messages accepts "
    "UNAUTHENTICATED requests. Never run this way where anyone else can reach the port."
)
_AUTH = "botframework.connector.auth."
# botframework's token checks that raise a plain Exception, by their message.
_PLAIN_REFUSALS = frozenset(
    {"Could not validate endorsement key", "Token signing algorithm not in allowed list"}
)
# The other refusals, by the error and the botframework function it escapes from.
_REFUSED_IN = {
    (IndexError, _AUTH + "jwt_token_extractor", "_find"),
    (
        AttributeError,
        _AUTH + "_parameterized_bot_framework_authentication",
        "_jwt_token_validation_validate_auth_header",
    ),
}
_NOT_CONFIGURED = (
    "Teams is not configured: set MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD "
    "(or CADENCE_TEAMS_DEV=1 for local development)."
)


class MessagesEndpoint:
    """The Bot Framework messaging endpoint for one bot."""

    def __init__(
        self,
        *,
        adapter: CloudAdapter,
        authentication: BotFrameworkAuthentication,
        bot: CadenceTeamsBot,
        refuse_all: bool,
        anonymous: bool,
    ) -> None:
        self._adapter = adapter
        self._authentication = authentication
        self._bot = bot
        self._refuse_all = refuse_all
        self._anonymous = anonymous

    async def handle(self, request: web.Request) -> web.StreamResponse:
        """One inbound activity: 401 unless authenticated, 201 (or the invoke answer) after."""
        if self._refuse_all:
            return web.json_response({"error": _NOT_CONFIGURED}, status=401)
        if self._anonymous:
            log.warning(DEV_WARNING)
        activity = await _activity(request)
        result = await self._authenticate(activity, request.headers.get("Authorization"))
        invoke = await self._adapter.process_activity(result, activity, self._bot.on_turn)
        if invoke is None:
            return web.Response(status=201)
        return web.json_response(serializer_helper(invoke.body), status=invoke.status)

    async def _authenticate(
        self, activity: Activity, header: str | None
    ) -> AuthenticateRequestResult:
        try:
            return await self._authentication.authenticate_request(activity, header)
        except requests.RequestException as error:
            log.error("teams: cannot fetch the Bot Framework signing keys: %s", error)
            raise web.HTTPServiceUnavailable(text="signing keys unavailable") from error
        except Exception as error:
            if not refuses_the_token(error):
                raise
            log.warning(
                "teams: refused %s activity from %s: %s: %s",
                activity.type,
                activity.service_url,
                type(error).__name__,
                error,
            )
            raise web.HTTPUnauthorized(text="unauthorized") from error


def refuses_the_token(error: BaseException) -> bool:
    """Whether botframework raised this because the token is not one it accepts."""
    if isinstance(error, PermissionError | jwt.PyJWTError):
        return True
    if type(error) is Exception:
        return str(error) in _PLAIN_REFUSALS
    return (type(error), *_origin(error.__traceback__)) in _REFUSED_IN


def _origin(trace: TracebackType | None) -> tuple[str, str]:
    """The module and function an error was raised in."""
    if trace is None:
        return "", ""
    while trace.tb_next is not None:
        trace = trace.tb_next
    frame = trace.tb_frame
    return frame.f_globals.get("__name__", ""), frame.f_code.co_name


async def _activity(request: web.Request) -> Activity:
    if request.content_type != "application/json":
        raise web.HTTPUnsupportedMediaType(text="expected application/json")
    try:
        body: Any = await request.json()
    except ValueError as error:
        raise web.HTTPBadRequest(text="body is not JSON") from error
    if not isinstance(body, dict):
        raise web.HTTPBadRequest(text="body is not an activity")
    activity = Activity().deserialize(body)
    if not (activity.type and activity.conversation and activity.from_property):
        raise web.HTTPBadRequest(text="an activity needs a type, a conversation and a sender")
    return activity
