"""Local mode: a third chat platform whose workspace is a web page and whose inbox is a
table, on the same engine, outbox and command service as Slack and Teams."""

from __future__ import annotations

import jinja2
from sqlalchemy import Engine

from bot.local.inbox import LocalInbox
from bot.local.port import LocalPort
from bot.local.workspace import LocalSurface
from bot.runtime.clock import Clock
from bot.service_api import CommandHandler


def build_local(
    *, engine: Engine, handler: CommandHandler, clock: Clock, env: jinja2.Environment
) -> LocalSurface:
    """The local surface: `.port` for the outbox sender, `.add_routes(app)` for the page."""
    inbox = LocalInbox(engine=engine, handler=handler, clock=clock, env=env)
    return LocalSurface(inbox=inbox, port=LocalPort(engine=engine, clock=clock))


__all__ = ["LocalSurface", "build_local"]
