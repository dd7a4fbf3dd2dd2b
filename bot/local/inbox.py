"""What a person can do in the local workspace, apart from HTTP: read a conversation,
type, press a prompt's button. The page's routes and the simulator both call this, and
every action goes to the same command handler as Slack and Teams."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from typing import Any

from jinja2 import Environment
from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from bot.local import inbound
from bot.local.page import chart_field, directory_json, message_json, room_heading, version_of
from bot.local.rooms import BOT, TEAM, UnknownRoom, parse_room, person_room
from bot.local.waiting import waiting_channel, waiting_dm
from bot.runtime.clock import Clock
from bot.service.snapshot import ServicePlans
from bot.service_api import CommandHandler
from cadence.model import Plan
from cadence.outcomes import Outcome
from cadence.view_codec import ViewCodecError, decode_view, encode_view
from messages.charts import attached_charts, chart_png
from storage import local_repo
from storage.database import transaction

HISTORY = 100

Translate = Callable[[str, Mapping[str, Any]], inbound.PageCommand]


class LocalInbox:
    """The local chat: conversations read from the inbox, actions sent to the handler."""

    def __init__(
        self, *, engine: Engine, handler: CommandHandler, clock: Clock, env: Environment
    ) -> None:
        self._engine = engine
        self._handler = handler
        self._clock = clock
        self._env = env
        self._plans = ServicePlans()

    async def directory(self) -> dict[str, Any]:
        """Everyone who has a conversation: the plan's people and team channels."""
        return await asyncio.to_thread(self._directory)

    async def conversation(self, room: str, *, seen: str | None = None) -> dict[str, Any]:
        """A conversation's newest messages; only its version when the page has seen it."""
        return await asyncio.to_thread(self._conversation, room, seen)

    async def say(self, person: str, body: Mapping[str, Any]) -> dict[str, Any]:
        """Typed text from a person's DM: a reply to a prompt or a `/metric` command."""
        return await self._run(person, body, inbound.text_command, shown=True)

    async def act(self, person: str, body: Mapping[str, Any]) -> dict[str, Any]:
        """A button under a prompt in a person's DM, with what the form holds."""
        return await self._run(person, body, inbound.action_command, shown=False)

    async def chart(self, message_id: int, n: int) -> bytes | None:
        """The PNG of a bot message's `n`th chart; None when it has no such chart."""
        return await asyncio.to_thread(self._chart, message_id, n)

    def _plan(self) -> Plan | None:
        with transaction(self._engine) as session:
            snapshot = self._plans.snapshot(session)
        return snapshot.plan if snapshot else None

    def _directory(self) -> dict[str, Any]:
        plan = self._plan()
        with transaction(self._engine) as session:
            counts = local_repo.message_counts(session=session)
        return directory_json(plan, counts=counts)

    def _chart(self, message_id: int, n: int) -> bytes | None:
        with transaction(self._engine) as session:
            message = local_repo.get_message(session=session, message_id=message_id)
        if message is None or message.author != BOT:
            return None
        try:
            charts = attached_charts(decode_view(message.payload or {}))
        except ViewCodecError:
            return None
        return chart_png(charts[n]) if 0 <= n < len(charts) else None

    def _conversation(self, room: str, seen: str | None) -> dict[str, Any]:
        plan = self._plan()
        title, zone = room_heading(plan, room)
        with transaction(self._engine) as session:
            messages = local_repo.list_messages(session=session, conversation=room, limit=HISTORY)
        version = version_of(messages)
        if seen == version:
            return {"room": room, "version": version, "unchanged": True}
        names = {p.key: p.name for p in plan.people} if plan else {}
        body: dict[str, Any] = {
            "room": room,
            "title": title,
            "version": version,
            "messages": [message_json(m, names=names, zone=zone, env=self._env) for m in messages],
        }
        if not messages and plan is not None:
            body["waiting"] = self._waiting(plan, room)
        return body

    def _waiting(self, plan: Plan, room: str) -> dict[str, Any]:
        kind, key = parse_room(room)
        if kind == TEAM:
            return waiting_channel(plan, next(t for t in plan.teams if t.key == key))
        person = next(p for p in plan.people if p.key == key)
        with transaction(self._engine) as session:
            return waiting_dm(session, self._plans, person, self._clock.now())

    async def _run(
        self, person: str, body: Mapping[str, Any], translate: Translate, *, shown: bool
    ) -> dict[str, Any]:
        plan = await asyncio.to_thread(self._plan)
        if plan is None or not any(p.key == person for p in plan.people):
            raise UnknownRoom(f"'{person}' is not a person in the plan")
        command = translate(person, body)
        ref = command.idempotency_key
        answered = await asyncio.to_thread(self._answered_before, ref)
        if answered is not None:
            return {"reply_id": answered, "repeated": True}
        if shown:
            await asyncio.to_thread(self._keep_typed, person, ref, str(body["text"]).strip())
        outcome = await self._handler.handle(command)
        reply_id = await asyncio.to_thread(self._keep_outcome, outcome, person, ref)
        return {"reply_id": reply_id, "repeated": False}

    def _answered_before(self, ref: str) -> int | None:
        with transaction(self._engine) as session:
            reply = local_repo.find_by_request(session=session, request_ref=f"{ref}#out")
            return reply.id if reply else None

    def _keep_typed(self, person: str, ref: str, text: str) -> None:
        with transaction(self._engine) as session:
            _add_once(
                session,
                conversation=person_room(person),
                author=person,
                kind="text",
                at=self._clock.now(),
                text=text,
                request_ref=f"{ref}#in",
            )

    def _keep_outcome(self, outcome: Outcome, person: str, ref: str) -> int | None:
        """Edit the prompt in place and post the reply in the DM, in one transaction."""
        with transaction(self._engine) as session:
            edited, edit = None, outcome.prompt_edit
            if edit is not None and edit.platform_message_id.isdigit():
                edited = local_repo.replace_payload(
                    session=session,
                    message_id=int(edit.platform_message_id),
                    payload=encode_view(edit.view),
                    at=self._clock.now(),
                )
            # Like Teams: when the edited prompt already says it, no second message.
            said = edit is not None and edited is not None and outcome.reply == edit.view
            if outcome.reply is None or said:
                return edited.id if edited is not None else None
            return _add_once(
                session,
                conversation=person_room(person),
                author=BOT,
                kind="reply",
                at=self._clock.now(),
                payload={**encode_view(outcome.reply), **chart_field(outcome.chart_png)},
                request_ref=f"{ref}#out",
            )


def _add_once(session: Session, *, request_ref: str, **fields: Any) -> int | None:
    """Store a message for a page request once: the same request resent while the first
    was still being answered finds the first one's message instead."""
    try:
        with session.begin_nested():
            return local_repo.add_message(session=session, request_ref=request_ref, **fields).id
    except IntegrityError:
        earlier = local_repo.find_by_request(session=session, request_ref=request_ref)
        if earlier is None:
            raise
        return earlier.id
