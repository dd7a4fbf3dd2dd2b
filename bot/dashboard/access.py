"""The optional dashboard access token: `?token=` once sets a cookie; without it, 401."""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable

from aiohttp import web

COOKIE = "cadence_dashboard"

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def guarded(handler: Handler, *, token: str | None) -> Handler:
    """Wrap a dashboard handler so it answers only a request carrying the token."""
    if not token:
        return handler

    async def check(request: web.Request) -> web.StreamResponse:
        offered = request.query.get("token")
        if offered is not None and hmac.compare_digest(offered.encode(), token.encode()):
            # Redirect to the same page without the token so it does not linger in history.
            query = {k: v for k, v in request.query.items() if k != "token"}
            response = web.HTTPFound(request.rel_url.with_query(query))
            response.set_cookie(COOKIE, token, httponly=True, samesite="Lax", path="/dashboard")
            raise response
        cookie = request.cookies.get(COOKIE, "")
        if cookie and hmac.compare_digest(cookie.encode(), token.encode()):
            return await handler(request)
        raise web.HTTPUnauthorized(
            text="This dashboard needs its access link (a URL with ?token=...).",
        )

    return check
