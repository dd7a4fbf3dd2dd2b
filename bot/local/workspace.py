"""The local workspace web routes: the page, its conversations, and what a person does there."""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable, Mapping
from pathlib import Path
from typing import Any

from aiohttp import web

from bot.local.inbound import LocalInputError
from bot.local.inbox import LocalInbox
from bot.local.port import LocalPort
from bot.local.rooms import UnknownRoom

log = logging.getLogger(__name__)

STATIC = Path(__file__).parent / "static"


class LocalSurface:
    """The local chat platform: `port` delivers the outbox into the inbox, and the routes
    serve `/` and `/local/...` for people to read and answer it."""

    def __init__(self, *, inbox: LocalInbox, port: LocalPort) -> None:
        self.inbox = inbox
        self.port = port

    def add_routes(self, app: web.Application) -> None:
        """Register the page, its static files and its JSON API on the shared app."""
        app.router.add_get("/", self._index)
        app.router.add_static("/local/static/", STATIC)
        app.router.add_get("/local/api/directory", self._directory)
        app.router.add_get("/local/api/conversations/{room}", self._room)
        app.router.add_get(r"/local/api/messages/{message:\d+}/charts/{n:\d+}.png", self._chart)
        app.router.add_post("/local/api/people/{person}/say", self._say)
        app.router.add_post("/local/api/people/{person}/act", self._act)

    async def _index(self, _request: web.Request) -> web.StreamResponse:
        return web.FileResponse(STATIC / "index.html")

    async def _directory(self, _request: web.Request) -> web.Response:
        return web.json_response(await self.inbox.directory())

    async def _room(self, request: web.Request) -> web.Response:
        try:
            body = await self.inbox.conversation(
                request.match_info["room"], seen=request.query.get("seen")
            )
        except UnknownRoom as error:
            return _error(404, str(error))
        return web.json_response(body)

    async def _chart(self, request: web.Request) -> web.Response:
        png = await self.inbox.chart(
            int(request.match_info["message"]), int(request.match_info["n"])
        )
        if png is None:
            return _error(404, "no such chart")
        # A digest is never edited, so its charts never change.
        headers = {"Cache-Control": "private, max-age=31536000, immutable"}
        return web.Response(body=png, content_type="image/png", headers=headers)

    async def _say(self, request: web.Request) -> web.Response:
        return await _post(request, self.inbox.say)

    async def _act(self, request: web.Request) -> web.Response:
        return await _post(request, self.inbox.act)


Action = Callable[[str, Mapping[str, Any]], Awaitable[dict[str, Any]]]


async def _post(request: web.Request, action: Action) -> web.Response:
    """Read the JSON body, run the action as the person in the path, say what went wrong."""
    try:
        body = await request.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        return _error(400, "the request body must be JSON")
    if not isinstance(body, dict):
        return _error(400, "the request body must be a JSON object")
    try:
        return web.json_response(await action(request.match_info["person"], body))
    except UnknownRoom as error:
        return _error(404, str(error))
    except LocalInputError as error:
        return _error(400, str(error))
    except Exception:
        log.exception("local %s for %s failed", request.path, request.match_info["person"])
        return _error(500, "Something went wrong on my side; the terminal shows what.")


def _error(status: int, message: str) -> web.Response:
    return web.json_response({"error": message}, status=status)
