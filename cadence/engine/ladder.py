"""The escalation ladder after a prompt: a nudge to the owner, a message in the team
channel, a direct message to the owner's manager, each once per measure and period and
each on its own working-day step (per plan, overridable per team, each switchable off).
When the ladder starts, and who is silent, is cadence.engine.silence's one rule.

A snooze stops the ladder until it ends; then one reminder goes out (whether or not the
nudge was sent or is switched off) and the later steps follow as they fall due.

What falls due for one recipient goes out as one message: one nudge naming every
unanswered measure of the owner's check-in and KPI review, one channel message and one
manager message naming every silent owner (cadence.engine.merged).
A direct message is planned only once its recipient can be messaged, so steps that came
while they were off work are merged into one message when their day starts.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from cadence.engine.context import Context
from cadence.engine.decisions import PlannedAction
from cadence.engine.groups import PromptGroup
from cadence.engine.index import MeasureInfo
from cadence.engine.merged import Part, channel_actions, manager_actions, reminder_actions
from cadence.engine.recipients import Asked, ask
from cadence.engine.silence import (
    Anchor,
    ladder_for,
    prompt_anchor,
    prompted,
    snooze_end,
    working_days_after,
)
from cadence.engine.state import ActionKind
from cadence.model import Ladder


@dataclass(slots=True)
class _Due:
    """What one tick found due, by recipient, before it is merged into messages."""

    reminders: dict[tuple[str, str], list[Part]] = field(default_factory=lambda: defaultdict(list))
    askers: dict[tuple[str, str], Asked] = field(default_factory=dict)
    channels: dict[str, list[Part]] = field(default_factory=lambda: defaultdict(list))
    managers: dict[str, list[Part]] = field(default_factory=lambda: defaultdict(list))


def plan_ladder(ctx: Context, groups: list[PromptGroup]) -> list[PlannedAction]:
    """Every nudge, reminder and escalation whose step has come for a still-unscored
    measure, merged per recipient."""
    due = _Due()
    for group in groups:
        anchor = prompt_anchor(ctx, group)
        if anchor is not None:
            _collect(ctx, group, anchor, due)
    found: list[PlannedAction] = []
    for slot, parts in sorted(due.reminders.items()):
        found += reminder_actions(ctx, parts, due.askers[slot])
    for team_key, parts in sorted(due.channels.items()):
        found += channel_actions(ctx, team_key, parts)
    for manager_key, parts in sorted(due.managers.items()):
        found += manager_actions(ctx, manager_key, parts)
    return found


def _collect(ctx: Context, group: PromptGroup, anchor: Anchor, due: _Due) -> None:
    """Add the group's share of every step that has come, on each team's ladder."""
    infos = prompted(ctx, group, anchor)
    until = snooze_end(ctx, group, anchor)
    if not infos or (until is not None and until > ctx.now):
        return  # answered, or snoozed: every step waits for the snooze to end
    by_team: dict[str, list[MeasureInfo]] = defaultdict(list)
    for info in infos:
        by_team[info.team].append(info)
    by_ladder: dict[Ladder, list[str]] = defaultdict(list)
    for team_key in sorted(by_team):
        by_ladder[ladder_for(ctx, team_key)].append(team_key)
    to_remind: list[MeasureInfo] = []
    for ladder, team_keys in by_ladder.items():  # the steps are worked out once a ladder
        reminding = until is not None or bool(
            ladder.nudge is not None and _nudge_due(ctx, group, anchor, ladder.nudge)
        )
        telling_team = ladder.team is not None and _due(ctx, group, anchor, ladder.team)
        telling_manager = ladder.manager is not None and _due(ctx, group, anchor, ladder.manager)
        for team_key in team_keys:
            team_infos = by_team[team_key]
            to_remind += team_infos if reminding else []
            if telling_team:
                named = _uncovered(ctx, ActionKind.TEAM_ESCALATION, group, team_infos)
                if named:
                    due.channels[team_key].append(Part(group, tuple(named), anchor))
            if telling_manager:
                named = _uncovered(ctx, ActionKind.MANAGER_ESCALATION, group, team_infos)
                for manager_key, of_manager in _by_manager(ctx, group, named).items():
                    due.managers[manager_key].append(Part(group, tuple(of_manager), anchor))
    kind = ActionKind.NUDGE if until is None else ActionKind.REMINDER
    named = _uncovered(ctx, kind, group, to_remind)
    asked = ask(ctx, group.owner, ctx.now) if named else None
    if asked is not None and asked.at <= ctx.now and asked.at < group.ends_at:
        slot = (asked.person.key, group.owner.key)  # one message per owner asked about
        due.reminders[slot].append(Part(group, tuple(named), anchor, reminder=until is not None))
        due.askers[slot] = asked


def _due(ctx: Context, group: PromptGroup, anchor: Anchor, days: int) -> bool:
    return working_days_after(ctx, group.owner, anchor.at, days) <= ctx.now


def _nudge_due(ctx: Context, group: PromptGroup, anchor: Anchor, days: int) -> bool:
    """The nudge step has come on the calendar of whoever the prompt went to."""
    if anchor.prompt is None:
        return False  # nobody was asked, so there is nothing to remind them of
    person = ctx.index.people.get(anchor.prompt.recipient, group.owner)
    return working_days_after(ctx, person, anchor.at, days) <= ctx.now


def _uncovered(
    ctx: Context, kind: ActionKind, group: PromptGroup, infos: list[MeasureInfo]
) -> list[MeasureInfo]:
    done = ctx.covered.get((kind, group.period.key), set())
    return [i for i in infos if i.measure.key not in done]


def _by_manager(
    ctx: Context, group: PromptGroup, infos: list[MeasureInfo]
) -> dict[str, list[MeasureInfo]]:
    """Who hears about each measure: the owner's own manager, else the first other
    manager of the measure's team."""
    found: dict[str, list[MeasureInfo]] = defaultdict(list)
    for info in infos:
        team = ctx.index.teams.get(info.team)
        candidates = [group.owner.manager, *(team.managers if team else ())]
        manager_key = next((k for k in candidates if k and k != group.owner.key), None)
        if manager_key in ctx.index.people:
            found[manager_key].append(info)
    return found
