"""Previews: the message of one kind the engine would send to a person or a team channel,
built by the planners' own view builders from the state and `now` but without their
timing rules, so an admin can see what people will get before the bot is switched on."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from cadence.engine.context import Context
from cadence.engine.digest import build_digest, digest_destinations, digest_spec
from cadence.engine.groups import PromptGroup, prompt_groups
from cadence.engine.merged import Part, nudge_view, silent_owners_of, team_escalation_view
from cadence.engine.prompts import prompt_key, prompt_view
from cadence.engine.quarter_close import quarter_close_view
from cadence.engine.recipients import Asked, ask
from cadence.engine.silence import Anchor
from cadence.engine.state import ActionKind, EngineState
from cadence.model import MeasureKind, Person, Team
from cadence.periods import quarter
from cadence.views import (
    CheckinPrompt,
    Digest,
    KpiReviewPrompt,
    Nudge,
    QuarterClose,
    TeamEscalation,
)

_NOUNS = {
    ActionKind.CHECKIN: ("key results", "check-in", MeasureKind.KEY_RESULT),
    ActionKind.KPI_REVIEW: ("KPIs", "KPI review", MeasureKind.KPI),
}


class PreviewError(ValueError):
    """Why there is no message to preview: an unknown key, or nothing of that kind."""


def prompt(
    state: EngineState, now: datetime, person: str, *, kind: ActionKind
) -> CheckinPrompt | KpiReviewPrompt:
    """The check-in or KPI review the person (or their delegate) gets for the current
    period's measures still unscored."""
    ctx, owner = Context(state, now), find_person(state, person)
    group, asked = _due_group(ctx, owner, kind)
    return prompt_view(ctx, group, asked=asked, due=group.unscored(ctx))


def nudge(state: EngineState, now: datetime, person: str) -> Nudge:
    """The reminder that follows the person's check-in (else KPI review) while unanswered:
    for the prompt already sent, else for the one this period's schedule sends."""
    ctx, owner = Context(state, now), find_person(state, person)
    groups = [g for g in _current_groups(ctx) if g.owner.key == owner.key and g.unscored(ctx)]
    if not groups:
        raise PreviewError(
            f"{owner.name} has no unanswered check-in or KPI review this period, "
            "so there is no nudge to preview"
        )
    group, asked = groups[0], _asked(ctx, owner)
    due = group.unscored(ctx)
    sent = ctx.slots.get((group.kind, owner.key, group.period.key))
    anchor = (sent.sent_at or sent.due_at) if sent else group.scheduled
    key = sent.key if sent else prompt_key(group, asked=asked, due=due)
    return nudge_view(
        ctx, list(due), anchor=anchor, period=group.period.key, prompt_key=key, asked=asked
    )


def quarter_close(state: EngineState, now: datetime, person: str) -> QuarterClose:
    """The grading prompt for the person's ungraded objectives of the current quarter."""
    ctx, owner = Context(state, now), find_person(state, person)
    owned = [o for o in state.plan.objectives if o.owner == owner.key]
    if not owned:
        raise PreviewError(
            f"{owner.name} owns no objectives, so there is no quarter close to preview"
        )
    current = quarter(ctx.index.local_day(owner, now)).key
    open_ = [o for o in owned if o.period == current and o.key not in state.grades]
    if not open_:
        raise PreviewError(
            f"{owner.name} has no ungraded objective for {current}, "
            "so there is no quarter close to preview"
        )
    return quarter_close_view(ctx, owner, period=current, objectives=open_)


def escalation(state: EngineState, now: datetime, team: str) -> TeamEscalation:
    """The team-channel message naming every owner whose prompt this period is still
    unanswered; of several periods (weekly check-ins, monthly reviews), the fullest one."""
    ctx, found = Context(state, now), find_team(state, team)
    if not (found.slack_channel or found.teams_channel):
        raise PreviewError(
            f"{found.name} has no chat channel in the plan, so escalations have nowhere to go"
        )
    silent: dict[str, list[Part]] = defaultdict(list)
    for group in _current_groups(ctx):
        sent = ctx.slots.get((group.kind, group.owner.key, group.period.key))
        at = (sent.sent_at or sent.due_at) if sent else group.scheduled
        anchor = Anchor(at, sent)
        named = [i for i in group.unscored(ctx) if i.team == found.key]
        if named and anchor.at <= now:
            silent[group.period.key].append(Part(group, tuple(named), anchor))
    if not silent:
        raise PreviewError(
            f"every owner in {found.name} has answered what they were asked, "
            "so there is no escalation to preview"
        )
    period, parts = max(sorted(silent.items()), key=lambda item: len(item[1]))
    return team_escalation_view(found, period, silent_owners_of(ctx, parts))


def digest(state: EngineState, now: datetime, team: str) -> Digest:
    """This week's digest of the team as its channel gets it, or (when it goes to the
    managers only) as its first manager (or their delegate) does."""
    ctx, found = Context(state, now), find_team(state, team)
    managers = [ctx.index.people[k] for k in found.managers if k in ctx.index.people]
    if not managers:
        raise PreviewError(f"{found.name} has no manager, so nobody gets its digest")
    spec = digest_spec(ctx, found)
    period = ctx.index.period_at(spec.every, ctx.index.local_day(managers[0], now))
    in_channel, _ = digest_destinations(ctx, found)
    recipient = None if in_channel else _asked(ctx, managers[0]).person.key
    return build_digest(ctx, found, recipient=recipient, period=period.key)


def _due_group(ctx: Context, owner: Person, kind: ActionKind) -> tuple[PromptGroup, Asked]:
    """The owner's group of this kind for the current period with measures still to answer,
    and who is asked about it."""
    nouns, name, measure_kind = _NOUNS[kind]
    if not any(
        i.measure.owner == owner.key and i.measure.kind is measure_kind
        for i in ctx.index.measures.values()
    ):
        raise PreviewError(f"{owner.name} owns no {nouns}, so there is no {name} to preview")
    groups = [g for g in _current_groups(ctx) if g.kind is kind and g.owner.key == owner.key]
    if not groups:
        raise PreviewError(
            f"none of {owner.name}'s {nouns} is for the current period, "
            f"so there is no {name} to preview"
        )
    pending = [g for g in groups if g.unscored(ctx)]
    if not pending:
        raise PreviewError(
            f"{owner.name} has already updated every one of their {nouns} for "
            f"{groups[0].period.key}, so there is no {name} to preview"
        )
    return pending[0], _asked(ctx, owner)


def _current_groups(ctx: Context) -> list[PromptGroup]:
    """Prompt groups of the period each owner is in now that have a time to be asked,
    check-ins before KPI reviews, then the soonest to end first."""
    groups = prompt_groups(ctx, current_only=True)
    return sorted(
        groups, key=lambda g: (g.kind is not ActionKind.CHECKIN, g.period.end, g.period.key)
    )


def _asked(ctx: Context, person: Person) -> Asked:
    asked = ask(ctx, person, ctx.now)
    if asked is None:
        raise PreviewError(
            f"the bot cannot reach {person.name} or a delegate of theirs, "
            "so they are never sent anything"
        )
    return asked


def find_person(state: EngineState, key: str) -> Person:
    """The plan's person with this key."""
    found = next((p for p in state.plan.people if p.key == key), None)
    if found is None:
        example = f", like '{state.plan.people[0].key}'" if state.plan.people else ""
        raise PreviewError(
            f"no person '{key}' in the plan; use a key from the plan file's people{example}"
        )
    return found


def find_team(state: EngineState, key: str) -> Team:
    """The plan's team with this key."""
    found = next((t for t in state.plan.teams if t.key == key), None)
    if found is None:
        teams = ", ".join(t.key for t in state.plan.teams)
        raise PreviewError(f"no team '{key}'; the teams are: {teams}")
    return found
