"""The Teams surface the lead wires: its outbound port and its route on the shared app."""

from __future__ import annotations

import logging

from aiohttp import web
from botbuilder.integration.aiohttp import CloudAdapter
from botframework.connector.auth import BotFrameworkAuthentication
from jinja2 import Environment

from bot.runtime.clock import Clock
from bot.service_api import CommandHandler
from bot.settings import Settings
from bot.teams.auth import anonymous, authentication_for, refuses_everyone
from bot.teams.bot import CadenceTeamsBot, Roster, roster_email
from bot.teams.endpoint import DEV_WARNING, ROUTE, MessagesEndpoint
from bot.teams.port import TeamsPort
from bot.teams.references import ConversationStore

log = logging.getLogger(__name__)


class TeamsSurface:
    """Microsoft Teams: `.port` for the outbox sender, `.add_routes(app)` for the web app."""

    def __init__(self, *, port: TeamsPort, endpoint: MessagesEndpoint) -> None:
        self.port = port
        self._endpoint = endpoint

    def add_routes(self, app: web.Application) -> None:
        """Mount POST /api/messages."""
        app.router.add_post(ROUTE, self._endpoint.handle)


def build_teams(
    settings: Settings,
    handler: CommandHandler,
    store: ConversationStore,
    *,
    env: Environment,
    authentication: BotFrameworkAuthentication | None = None,
    roster: Roster = roster_email,
    clock: Clock | None = None,
) -> TeamsSurface:
    """The Teams surface for these settings; `authentication` and `roster` are for tests,
    `clock` reads a Retry-After date that comes without the response's own Date."""
    if anonymous(settings):
        log.warning(DEV_WARNING)
    auth = authentication or authentication_for(settings)
    adapter = CloudAdapter(auth)
    bot = CadenceTeamsBot(handler=handler, store=store, env=env, roster=roster)
    endpoint = MessagesEndpoint(
        adapter=adapter,
        authentication=auth,
        bot=bot,
        refuse_all=refuses_everyone(settings),
        anonymous=anonymous(settings),
    )
    port = TeamsPort(
        adapter=adapter, store=store, env=env, app_id=settings.microsoft_app_id, clock=clock
    )
    return TeamsSurface(port=port, endpoint=endpoint)
