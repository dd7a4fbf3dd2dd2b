"""The escalation ladder after a prompt: a nudge to the owner, a message in the team
channel, a direct message to the owner's manager, each once per measure and period and
each on its own working-day step (per plan, overridable per team, each switchable off).
When the ladder starts, and who is silent, is cadence.engine.silence's one rule."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from cadence.calendar import local, next_messageable
from cadence.engine.context import Context
from cadence.engine.decisions import PlannedAction, action_key
from cadence.engine.groups import PromptGroup
from cadence.engine.index import MeasureInfo
from cadence.engine.lines import measure_line, measure_ref, person_ref
from cadence.engine.recipients import Asked, ask
from cadence.engine.silence import Anchor, ladder_for, prompt_anchor, prompted, working_days_after
from cadence.engine.state import ActionKind, RecipientKind
from cadence.model import Ladder, Person, Team
from cadence.views import ManagerEscalation, Nudge, SilentOwner, TeamEscalation


def plan_ladder(ctx: Context, groups: list[PromptGroup]) -> list[PlannedAction]:
    """Every nudge and escalation whose step has come for a still-unscored measure: at most
    one nudge per prompt, one channel message per team and one DM per manager and owner."""
    found: list[PlannedAction] = []
    silent: dict[tuple[str, str], list[SilentOwner]] = defaultdict(list)
    for group in groups:
        anchor = prompt_anchor(ctx, group)
        if anchor is None:
            continue
        prompt_key = anchor.prompt.key if anchor.prompt else None
        recipient = anchor.prompt.recipient if anchor.prompt else None
        by_team: dict[str, list[MeasureInfo]] = defaultdict(list)
        for info in prompted(ctx, group, anchor):
            by_team[info.team].append(info)
        by_ladder: dict[Ladder, list[str]] = defaultdict(list)
        for team_key in sorted(by_team):
            by_ladder[ladder_for(ctx, team_key)].append(team_key)
        to_nudge: list[MeasureInfo] = []
        to_manager: list[MeasureInfo] = []
        for ladder, team_keys in by_ladder.items():
            nudging = bool(
                ladder.nudge is not None
                and prompt_key
                and recipient
                and _nudge_due(ctx, recipient, prompt_key, group.owner, anchor.at, ladder.nudge)
            )
            telling_team = ladder.team is not None and _step_due(
                ctx, group.owner, anchor.at, ladder.team
            )
            telling_manager = ladder.manager is not None and _step_due(
                ctx, group.owner, anchor.at, ladder.manager
            )
            for team_key in team_keys:
                infos = by_team[team_key]
                to_nudge += infos if nudging else []
                to_manager += infos if telling_manager else []
                if telling_team:
                    named = _uncovered(ctx, ActionKind.TEAM_ESCALATION, group, infos)
                    if named:
                        owner = silent_owner(ctx, group, named, anchor)
                        silent[(team_key, group.period.key)].append(owner)
        if to_nudge and prompt_key:
            found += _nudge(ctx, group, to_nudge, anchor, prompt_key)
        if to_manager:
            found += _manager(ctx, group, to_manager, anchor)
    for (team_key, period), owners in sorted(silent.items()):
        found += _team(ctx, team_key, period, owners)
    return found


def _step_due(ctx: Context, owner: Person, anchor: datetime, days: int) -> bool:
    return working_days_after(ctx, owner, anchor, days) <= ctx.now


def _uncovered(
    ctx: Context, kind: ActionKind, group: PromptGroup, infos: list[MeasureInfo]
) -> list[MeasureInfo]:
    done = ctx.covered.get((kind, group.period.key), set())
    return [i for i in infos if i.measure.key not in done]


def _nudge_due(
    ctx: Context, recipient: str, prompt_key: str, owner: Person, anchor: datetime, days: int
) -> bool:
    """The nudge step has come on the prompt recipient's calendar, and any snooze is over."""
    person = ctx.index.people.get(recipient, owner)
    due = working_days_after(ctx, person, anchor, days)
    snoozed = ctx.state.snoozes.get((recipient, prompt_key))
    if snoozed is not None:
        due = max(due, next_messageable(person, snoozed))
    return due <= ctx.now


def _nudge(
    ctx: Context, group: PromptGroup, infos: list[MeasureInfo], anchor: Anchor, prompt_key: str
) -> list[PlannedAction]:
    """One reminder naming the prompt's measures not yet nudged, before the period ends."""
    named = _uncovered(ctx, ActionKind.NUDGE, group, infos)
    asked = ask(ctx, group.owner, ctx.now)
    if not named or asked is None or asked.at >= group.ends_at:
        return []
    keys = tuple(sorted(i.measure.key for i in named))
    key = action_key(ActionKind.NUDGE, asked.person.key, group.period.key, keys)
    if key in ctx.keys:
        return []
    view = nudge_view(ctx, group, named, anchor=anchor.at, prompt_key=prompt_key, asked=asked)
    return [
        PlannedAction(key, ActionKind.NUDGE, asked.person.key, RecipientKind.PERSON,
                      group.owner.key, group.period.key, keys, asked.at, view)
    ]  # fmt: skip


def nudge_view(
    ctx: Context,
    group: PromptGroup,
    named: list[MeasureInfo],
    *,
    anchor: datetime,
    prompt_key: str,
    asked: Asked,
) -> Nudge:
    """The reminder about the `named` measures of the prompt `prompt_key` sent at `anchor`."""
    return Nudge(
        prompt_key=prompt_key,
        recipient=person_ref(asked.person),
        period=group.period.key,
        asked_on=local(group.owner, anchor).date(),
        measures=tuple(
            measure_line(i.measure, ctx.state.history.get(i.measure.key))
            for i in sorted(named, key=lambda i: i.measure.key)
        ),
        on_behalf_of=person_ref(asked.on_behalf_of) if asked.on_behalf_of else None,
    )


def silent_owner(
    ctx: Context, group: PromptGroup, named: list[MeasureInfo], anchor: Anchor
) -> SilentOwner:
    """The group's owner as an escalation names them, with the `named` measures: silent
    since the anchor, or never asked because the bot cannot reach them."""
    return SilentOwner(
        person=person_ref(group.owner),
        measures=tuple(measure_ref(i.measure) for i in sorted(named, key=lambda i: i.measure.key)),
        days_silent=(ctx.now - anchor.at).days,
        unreachable=anchor.unreachable,
    )


def _team(
    ctx: Context, team_key: str, period: str, owners: list[SilentOwner]
) -> list[PlannedAction]:
    """One channel message per team and period naming every owner whose step has come."""
    team = ctx.index.teams.get(team_key)
    if team is None or not (team.slack_channel or team.teams_channel):
        return []
    keys = tuple(sorted(m.key for o in owners for m in o.measures))
    key = action_key(ActionKind.TEAM_ESCALATION, team.key, period, keys)
    if key in ctx.keys:
        return []
    view = team_escalation_view(team, period, owners)
    return [
        PlannedAction(key, ActionKind.TEAM_ESCALATION, team.key, RecipientKind.TEAM,
                      team.key, period, keys, ctx.now, view)
    ]  # fmt: skip


def team_escalation_view(team: Team, period: str, owners: list[SilentOwner]) -> TeamEscalation:
    """The team-channel message naming the silent owners, by name."""
    ordered = sorted(owners, key=lambda o: (o.person.name, o.person.key))
    return TeamEscalation(team_name=team.name, period=period, silent=tuple(ordered))


def _manager(
    ctx: Context, group: PromptGroup, infos: list[MeasureInfo], anchor: Anchor
) -> list[PlannedAction]:
    """One direct message per manager about this owner's unanswered measures: the owner's
    own manager, else (per measure) the first other manager of the measure's team."""
    by_manager: dict[str, list[MeasureInfo]] = defaultdict(list)
    for info in _uncovered(ctx, ActionKind.MANAGER_ESCALATION, group, infos):
        team = ctx.index.teams.get(info.team)
        candidates = [group.owner.manager, *(team.managers if team else ())]
        manager_key = next((k for k in candidates if k and k != group.owner.key), None)
        if manager_key in ctx.index.people:
            by_manager[manager_key].append(info)
    found = []
    for manager_key, named in sorted(by_manager.items()):
        asked = ask(ctx, ctx.index.people[manager_key], ctx.now)
        if asked is None:
            continue
        keys = tuple(sorted(i.measure.key for i in named))
        key = action_key(ActionKind.MANAGER_ESCALATION, asked.person.key, group.period.key, keys)
        if key in ctx.keys:
            continue
        teams = dict.fromkeys(i.team for i in named)
        names = ", ".join(ctx.index.teams[t].name if t in ctx.index.teams else t for t in teams)
        view = ManagerEscalation(
            recipient=person_ref(asked.person),
            owner=person_ref(group.owner),
            team_name=names,
            period=group.period.key,
            asked_on=local(group.owner, anchor.at).date(),
            measures=tuple(
                measure_ref(i.measure) for i in sorted(named, key=lambda i: i.measure.key)
            ),
        )
        found.append(
            PlannedAction(key, ActionKind.MANAGER_ESCALATION, asked.person.key,
                          RecipientKind.PERSON, group.owner.key, group.period.key, keys,
                          asked.at, view)
        )  # fmt: skip
    return found
