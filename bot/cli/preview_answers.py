"""Preview views that answer a person: `/metric` answers through the command service as
that person asks them, and the confirmation their latest update got."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine

from bot.runtime.clock import ManualClock
from bot.service import CommandService
from bot.service.lines import current_lines
from bot.service.recording import change_of
from bot.service.request import Request
from bot.service.snapshot import PlanSnapshot, ServicePlans
from cadence.commands import Actor, MetricCommand
from cadence.engine.index import PlanIndex
from cadence.engine.lines import person_ref
from cadence.engine.preview import PreviewError
from cadence.model import Person, Plan
from cadence.outcomes import Outcome
from cadence.updates import Source
from cadence.views import UpdateConfirmation
from storage.database import transaction
from storage.update_repo import history, latest_updates


def ask_metric(engine: Engine, now: datetime, *, actor: Actor, words: str) -> Outcome:
    """The service's answer to `/metric <words>` from the actor; asking records nothing."""
    service = CommandService(engine=engine, clock=ManualClock(now))
    return service.handle_now(MetricCommand(actor, words, Source.CLI, "cli:preview"))


def first_measure(plan: Plan, person: Person) -> str:
    """The key of the first measure the person owns, in plan order."""
    found = next((m.key for m in plan.measures() if m.owner == person.key), None)
    if found is None:
        raise PreviewError(f"{person.name} owns no measures; name one with --measure KEY")
    return found


def confirmation(engine: Engine, now: datetime, plan: Plan, person: Person) -> UpdateConfirmation:
    """The confirmation of the latest update to a measure the person owns, with what they
    still have due of the same kind, as the service writes it after an update."""
    snapshot = PlanSnapshot.of(plan, PlanIndex(plan))
    owned = [m for m in plan.measures() if m.owner == person.key]
    if not owned:
        raise PreviewError(
            f"{person.name} owns no measures, so there is no confirmation to preview"
        )
    with transaction(engine) as session:
        latest = latest_updates(session, [m.key for m in owned])
        if not latest:
            raise PreviewError(
                f"nothing has been recorded for {person.name}'s measures yet, "
                "so there is no confirmation to preview"
            )
        update = max(latest.values(), key=lambda u: u.id or 0)
        measure = next(m for m in owned if m.key == update.measure)
        earlier = history(session, measure.key, limit=2)[1:]
        change = change_of(
            measure,
            update,
            earlier[0].value if earlier else None,
            correction=update.supersedes is not None,
        )
        request = Request(session, snapshot, person, now, "", ServicePlans())
        # The update just confirmed counts for now, as it does in the service's confirmation.
        same_kind = [m for m in owned if m.kind is measure.kind and m.key != measure.key]
        still_due = tuple(line for line in current_lines(request, same_kind) if line.due)
    return UpdateConfirmation(person_ref(person), (change,), still_due)
