"""The Teams bot: remembers where people are, turns their activities into commands and
shows the command service's answer as cards."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from botbuilder.core import ActivityHandler, TurnContext
from botbuilder.core.teams import TeamsInfo
from botbuilder.schema import ActivityTypes
from jinja2 import Environment
from msrest.exceptions import ClientRequestError, HttpOperationError

from bot.service_api import CommandHandler
from bot.teams.cards import card_activity
from bot.teams.inbound import TeamsInputError, command_for
from bot.teams.references import (
    ConversationStore,
    base_conversation,
    channel_keys,
    person_keys,
    reference_for,
)
from cadence.outcomes import Outcome
from cadence.views import ErrorReply, View

log = logging.getLogger(__name__)

# Asks Teams for the sender's email: "" when the roster has none, None when Teams would
# not answer (so the question is asked again next time).
Roster = Callable[[TurnContext], Awaitable[str | None]]

_FAILED = ErrorReply(
    code="teams.failed",
    message="Something went wrong on my side and I could not finish that.",
    fix="Try again in a minute; if it keeps happening, tell your plan admin.",
)


async def roster_email(turn_context: TurnContext) -> str | None:
    """The sender's email from the Teams roster: "" when it has none, None when Teams
    would not answer."""
    sender = turn_context.activity.from_property
    try:
        member = await TeamsInfo.get_member(turn_context, sender.id)
    except (HttpOperationError, ClientRequestError) as error:
        log.warning("teams roster lookup failed for %s: %s", sender.id, error)
        return None
    return member.email or ""


class CadenceTeamsBot(ActivityHandler):
    """Translates activities into commands; holds no business rules."""

    def __init__(
        self,
        *,
        handler: CommandHandler,
        store: ConversationStore,
        env: Environment,
        roster: Roster = roster_email,
    ) -> None:
        self._handler = handler
        self._store = store
        self._env = env
        self._roster = roster

    async def on_turn(self, turn_context: TurnContext) -> None:
        """Every activity, with this adapter's one error handler around it: a person who
        sent a message hears that it failed; a failed install answers 500, so Teams retries."""
        try:
            await super().on_turn(turn_context)
        except Exception:
            activity = turn_context.activity
            log.exception(
                "teams %s activity %s in %s failed",
                activity.type,
                activity.id,
                activity.conversation.id if activity.conversation else None,
            )
            if activity.type != ActivityTypes.message:
                raise
            await self._send(turn_context, _FAILED)

    async def on_message_activity(self, turn_context: TurnContext) -> None:
        """A typed message or a card submit: one command, one answer."""
        email = await self._email(turn_context, fresh=False)
        await self._remember(turn_context, email)
        try:
            command = command_for(turn_context.activity, email=email)
        except TeamsInputError as error:
            await self._send(turn_context, ErrorReply("teams.input", error.message, error.fix))
            return
        await self._answer(turn_context, await self._handler.handle(command))

    async def on_conversation_update_activity(self, turn_context: TurnContext) -> None:
        """The app was installed for a person or a team, or members changed: remember where."""
        activity = turn_context.activity
        if any(m.id == activity.recipient.id for m in activity.members_removed or []):
            return  # uninstalled: the next delivery's 403 marks them unreachable
        personal = activity.conversation.conversation_type == "personal"
        email = await self._email(turn_context, fresh=True) if personal else None
        await self._remember(turn_context, email)

    async def on_installation_update_add(self, turn_context: TurnContext) -> None:
        """Teams' newer install event; same as the conversation update."""
        await self.on_conversation_update_activity(turn_context)

    async def _email(self, turn_context: TurnContext, *, fresh: bool) -> str | None:
        """The sender's roster email, asked of Teams once per user (and again on an
        install, when it may have changed), not on every message and card submit."""
        user_id = turn_context.activity.from_property.id
        if not fresh:
            known = await self._store.roster_email(user_id)
            if known is not None:
                return known or None
        found = await self._roster(turn_context)
        if found is not None:
            await self._store.keep_roster_email(user_id, found)
        return found or None

    async def _remember(self, turn_context: TurnContext, email: str | None) -> None:
        activity = turn_context.activity
        scope = activity.conversation.conversation_type
        if scope == "personal":
            keys = person_keys(activity.from_property, email)
        elif scope == "channel":
            keys = channel_keys(activity)
        else:
            return
        reference = reference_for(
            activity, conversation_id=base_conversation(activity.conversation.id)
        )
        await self._store.put_all(keys, reference)

    async def _answer(self, turn_context: TurnContext, outcome: Outcome) -> None:
        edit = outcome.prompt_edit
        if edit is not None:
            replacement = card_activity(edit.view, self._env)
            replacement.id = edit.platform_message_id
            await turn_context.update_activity(replacement)
            if outcome.reply == edit.view:
                return
        if outcome.reply is not None:
            charts = (outcome.chart_png,) if outcome.chart_png else ()
            await self._send(turn_context, outcome.reply, charts=charts)

    async def _send(
        self, turn_context: TurnContext, view: View, *, charts: tuple[bytes, ...] = ()
    ) -> None:
        await turn_context.send_activity(card_activity(view, self._env, charts=charts))
