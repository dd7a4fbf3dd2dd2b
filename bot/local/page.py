"""The JSON the workspace page reads: who is in the plan, and what a conversation holds."""

from __future__ import annotations

import base64
import logging
from datetime import UTC, datetime
from html import escape
from typing import Any
from zoneinfo import ZoneInfo

from jinja2 import Environment

from bot.local.render import render_html
from bot.local.rooms import BOT, PERSON, UnknownRoom, parse_room
from cadence.model import Plan
from cadence.view_codec import ViewCodecError, decode_view
from messages.charts import attached_charts, chart_alt
from storage.tables.local import LocalMessage

log = logging.getLogger(__name__)

CHART = "chart_png"
_UNREADABLE = "(An older version of the bot wrote this message; it cannot be shown.)"


def directory_json(plan: Plan | None, *, counts: dict[str, int]) -> dict[str, Any]:
    """People and teams for the sidebar, with how many messages each conversation holds."""
    if plan is None:
        return {"people": [], "teams": [], "empty": "No plan is stored yet."}
    return {
        "people": [
            {"key": p.key, "name": p.name, "count": counts.get(f"person:{p.key}", 0)}
            for p in sorted(plan.people, key=lambda p: p.name.lower())
        ],
        "teams": [
            {"key": t.key, "name": t.name, "count": counts.get(f"team:{t.key}", 0)}
            for t in sorted(plan.teams, key=lambda t: t.name.lower())
        ],
    }


def room_heading(plan: Plan | None, room: str) -> tuple[str, ZoneInfo]:
    """A conversation's title and the zone its times are shown in; UnknownRoom if unknown."""
    try:
        kind, key = parse_room(room)
    except ValueError as error:
        raise UnknownRoom(str(error)) from None
    if kind == PERSON:
        person = next((p for p in plan.people if p.key == key), None) if plan else None
        if person is None:
            raise UnknownRoom(f"'{key}' is not a person in the plan")
        return person.name, ZoneInfo(person.zone)
    team = next((t for t in plan.teams if t.key == key), None) if plan else None
    if team is None:
        raise UnknownRoom(f"'{key}' is not a team in the plan")
    return f"# {team.name}", ZoneInfo("UTC")


def version_of(messages: list[LocalMessage]) -> str:
    """Changes whenever a message is added or edited, so the page redraws only then."""
    newest_edit = max((m.edited_at for m in messages if m.edited_at), default=None)
    return f"{messages[-1].id if messages else 0}/{len(messages)}/{newest_edit}"


def message_json(
    message: LocalMessage, *, names: dict[str, str], zone: ZoneInfo, env: Environment
) -> dict[str, Any]:
    """One message as the page draws it: HTML with every value escaped."""
    if message.author == BOT:
        html, author_name = _bot_html(message, env), "cadence-bot"
    else:
        html, author_name = escape(message.text or ""), names.get(message.author, message.author)
    return {
        "id": message.id,
        "kind": message.kind,
        "author": message.author,
        "author_name": author_name,
        "mine": message.author != BOT,
        "at": _aware(message.created_at).astimezone(zone).strftime("%a %d %b %H:%M %Z"),
        "edited": message.edited_at is not None,
        "html": html,
    }


def _bot_html(message: LocalMessage, env: Environment) -> str:
    payload = message.payload or {}
    try:
        view = decode_view(payload)
    except ViewCodecError as error:
        log.warning("local message %s no longer decodes: %s", message.id, error)
        return f'<p class="context">{_UNREADABLE}</p>'
    html = render_html(view, env)
    chart = payload.get(CHART)
    if isinstance(chart, str) and chart:
        html += f'<img class="chart" alt="trend chart" src="data:image/png;base64,{escape(chart)}">'
    for n, trend in enumerate(attached_charts(view)):
        # Drawn when the browser asks, not for every message delivered.
        src = f"/local/api/messages/{message.id}/charts/{n}.png"
        html += f'<img class="chart" alt="{escape(chart_alt(trend))}" src="{src}">'
    return html


def chart_field(png: bytes | None) -> dict[str, str]:
    """The payload field that carries a /metric chart along with its view."""
    return {CHART: base64.b64encode(png).decode("ascii")} if png else {}


def _aware(moment: datetime) -> datetime:
    # SQLite hands DateTime(timezone=True) back without its zone; the inbox stores UTC.
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
