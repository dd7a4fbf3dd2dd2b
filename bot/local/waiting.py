"""What an empty conversation says instead of nothing: in a DM, when the bot will next ask
the person (from the engine's own schedule) and whether they can check in now; in a team
channel, when silence would be posted there."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session

from bot.service.next_prompt import next_prompt_lines
from bot.service.snapshot import ServicePlans
from cadence.engine.on_request import early_prompts
from cadence.engine.state import PROMPT_KINDS, ActionState
from cadence.engine.upcoming import next_prompts
from cadence.model import Person, Plan, Team

# What the page posts for its "Check in now" button: the command every platform knows.
CHECK_IN = "/metric checkin"


def waiting_dm(
    session: Session, plans: ServicePlans, person: Person, now: datetime
) -> dict[str, Any]:
    """The person's coming prompts, and the command that sends them now when one is due."""
    snapshot = plans.snapshot(session)
    state = plans.engine_state(session, now)
    if snapshot is None or state is None:
        return {"lines": []}
    if not any(i.measure.owner == person.key for i in snapshot.index.measures.values()):
        return {"lines": [f"{person.name} owns no measures, so the bot has nothing to ask them."]}
    upcoming = next_prompts(state, now, person.key, index=snapshot.index)
    lines = next_prompt_lines(upcoming, person, now=now, to_owner=False)
    queued = any(
        a.kind in PROMPT_KINDS and a.subject == person.key and a.state is ActionState.PLANNED
        for a in state.actions
    )
    due = queued or bool(early_prompts(state, now, person.key, index=snapshot.index))
    return {"lines": lines, "check_in": CHECK_IN if due else None}


def waiting_channel(plan: Plan, team: Team) -> dict[str, Any]:
    """When the team channel hears from the bot, by the team's escalation ladder."""
    ladder = team.ladder or plan.ladder
    if ladder.team is None:
        return {"lines": [f"The bot posts nothing here: {team.name}'s ladder has no team step."]}
    days = f"{ladder.team} working day{'s' * (ladder.team != 1)}"
    return {
        "lines": [
            f"Nothing here yet: an owner in {team.name} who leaves a check-in unanswered for "
            f"{days} is named here."
        ]
    }
