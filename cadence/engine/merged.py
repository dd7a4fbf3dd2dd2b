"""One message per recipient and moment: the parts of nudges, snooze reminders and
escalations that fall due together, merged into one nudge (or reminder), one channel
message per team and one direct message per manager, each with a deterministic key."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from cadence.calendar import local
from cadence.engine.context import Context
from cadence.engine.decisions import PlannedAction, action_key
from cadence.engine.groups import PromptGroup
from cadence.engine.index import MeasureInfo
from cadence.engine.lines import measure_line, measure_ref, person_ref
from cadence.engine.recipients import Asked, ask
from cadence.engine.silence import Anchor
from cadence.engine.state import ActionKind, RecipientKind
from cadence.model import Team
from cadence.periods import Period
from cadence.views import ManagerEscalation, Nudge, SilentOwner, TeamEscalation


@dataclass(frozen=True, slots=True)
class Part:
    """What one prompt group adds to a message: measures, the ladder's anchor, and
    whether it is a snooze's reminder."""

    group: PromptGroup
    infos: tuple[MeasureInfo, ...]
    anchor: Anchor
    reminder: bool = False


def clusters(parts: list[Part]) -> list[tuple[Period, list[Part]]]:
    """Parts that go out as one message, with the period it carries: the period ending
    first, and every part whose period holds that period's last day. A message's period
    thus names, for each measure, a day inside the period of its own cadence it is about
    (PlanIndex.action_periods), so exactly-once holds per measure and period."""
    rest = sorted(parts, key=lambda p: (p.group.period.end, p.group.period.key))
    found = []
    while rest:
        first = rest[0].group.period
        last_day = first.end - timedelta(days=1)
        found.append((first, [p for p in rest if last_day in p.group.period]))
        rest = [p for p in rest if last_day not in p.group.period]
    return found


def _keys(parts: list[Part]) -> tuple[str, ...]:
    return tuple(sorted({i.measure.key for p in parts for i in p.infos}))


def reminder_actions(ctx: Context, parts: list[Part], asked: Asked) -> list[PlannedAction]:
    """One nudge (or, after a snooze, reminder) per cluster of the owner's prompts."""
    found = []
    for period, cluster in clusters(parts):
        kind = ActionKind.REMINDER if any(p.reminder for p in cluster) else ActionKind.NUDGE
        keys = _keys(cluster)
        key = action_key(kind, asked.person.key, period.key, keys)
        if key in ctx.keys:
            continue
        prompts = {p.anchor.prompt.key for p in cluster if p.anchor.prompt is not None}
        # Its buttons answer the prompt it follows; a message about several prompts
        # answers for itself, since its own row lists every measure it names.
        prompt_key = prompts.pop() if len(prompts) == 1 else key
        owner = cluster[0].group.owner
        view = nudge_view(
            ctx,
            [i for p in cluster for i in p.infos],
            anchor=min(p.anchor.at for p in cluster),
            period=period.key,
            prompt_key=prompt_key,
            asked=asked,
        )
        found.append(
            PlannedAction(key, kind, asked.person.key, RecipientKind.PERSON, owner.key,
                          period.key, keys, asked.at, view)
        )  # fmt: skip
    return found


def nudge_view(
    ctx: Context,
    named: list[MeasureInfo],
    *,
    anchor: datetime,
    period: str,
    prompt_key: str,
    asked: Asked,
) -> Nudge:
    """The reminder about the `named` measures, asked about at `anchor`."""
    owner = asked.on_behalf_of or asked.person
    return Nudge(
        prompt_key=prompt_key,
        recipient=person_ref(asked.person),
        period=period,
        asked_on=local(owner, anchor).date(),
        measures=tuple(
            measure_line(i.measure, ctx.state.history.get(i.measure.key))
            for i in sorted(named, key=lambda i: i.measure.key)
        ),
        on_behalf_of=person_ref(asked.on_behalf_of) if asked.on_behalf_of else None,
    )


def silent_owners_of(ctx: Context, parts: list[Part]) -> tuple[SilentOwner, ...]:
    """Each owner the parts are about, once, with all their named measures, silent since
    their earliest anchor; by name."""
    by_owner: dict[str, list[Part]] = defaultdict(list)
    for part in parts:
        by_owner[part.group.owner.key].append(part)
    found = [
        SilentOwner(
            person=person_ref(of_owner[0].group.owner),
            measures=tuple(
                measure_ref(i.measure)
                for i in sorted(
                    {i.measure.key: i for p in of_owner for i in p.infos}.values(),
                    key=lambda i: i.measure.key,
                )
            ),
            days_silent=(ctx.now - min(p.anchor.at for p in of_owner)).days,
            unreachable=any(p.anchor.unreachable for p in of_owner),
        )
        for of_owner in by_owner.values()
    ]
    return tuple(sorted(found, key=lambda o: (o.person.name, o.person.key)))


def channel_actions(ctx: Context, team_key: str, parts: list[Part]) -> list[PlannedAction]:
    """One channel message per team naming every owner whose step has come."""
    team = ctx.index.teams.get(team_key)
    if team is None or not (team.slack_channel or team.teams_channel):
        return []
    found = []
    for period, cluster in clusters(parts):
        keys = _keys(cluster)
        key = action_key(ActionKind.TEAM_ESCALATION, team.key, period.key, keys)
        if key in ctx.keys:
            continue
        view = team_escalation_view(team, period.key, silent_owners_of(ctx, cluster))
        found.append(
            PlannedAction(key, ActionKind.TEAM_ESCALATION, team.key, RecipientKind.TEAM,
                          team.key, period.key, keys, ctx.now, view)
        )  # fmt: skip
    return found


def team_escalation_view(
    team: Team, period: str, owners: tuple[SilentOwner, ...] | list[SilentOwner]
) -> TeamEscalation:
    """The team-channel message naming the silent owners, by name."""
    ordered = sorted(owners, key=lambda o: (o.person.name, o.person.key))
    return TeamEscalation(team_name=team.name, period=period, silent=tuple(ordered))


def manager_actions(ctx: Context, manager_key: str, parts: list[Part]) -> list[PlannedAction]:
    """One direct message to the manager naming every one of their people whose manager
    step has come."""
    asked = ask(ctx, ctx.index.people[manager_key], ctx.now)
    if asked is None or asked.at > ctx.now:
        return []
    found = []
    for period, cluster in clusters(parts):
        keys = _keys(cluster)
        key = action_key(ActionKind.MANAGER_ESCALATION, asked.person.key, period.key, keys)
        if key in ctx.keys:
            continue
        owners = silent_owners_of(ctx, cluster)
        teams = dict.fromkeys(i.team for p in cluster for i in p.infos)
        view = ManagerEscalation(
            recipient=person_ref(asked.person),
            team_name=", ".join(
                ctx.index.teams[t].name if t in ctx.index.teams else t for t in sorted(teams)
            ),
            period=period.key,
            silent=owners,
        )
        subject = min(p.group.owner.key for p in cluster)
        found.append(
            PlannedAction(key, ActionKind.MANAGER_ESCALATION, asked.person.key,
                          RecipientKind.PERSON, subject, period.key, keys, asked.at, view)
        )  # fmt: skip
    return found
