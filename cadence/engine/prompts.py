"""Check-in and KPI review prompts: one message per owner and period listing every
measure still unscored, sent once when due, recorded as missed when its period ended first.

A weekly check-in and a monthly KPI review due at the same minute (a Monday that is the
month's first working day) stay two messages: they ask for different periods, close at
different ends and are answered (and edited in place) on their own, so one form never
records two periods at once. What follows them does merge: one nudge, one channel
message, one manager message (cadence.engine.merged)."""

from __future__ import annotations

from cadence.engine.context import Context
from cadence.engine.decisions import PlannedAction, action_key
from cadence.engine.groups import PromptGroup
from cadence.engine.index import MeasureInfo
from cadence.engine.lines import measure_line, person_ref
from cadence.engine.recipients import Asked, ask
from cadence.engine.state import ActionKind, ActionState, RecipientKind
from cadence.views import CheckinPrompt, KpiReviewPrompt


def plan_prompts(ctx: Context, groups: list[PromptGroup]) -> list[PlannedAction]:
    """A prompt for every group that is due now and has no prompt yet."""
    found = []
    for group in groups:
        slot = (group.kind, group.owner.key, group.period.key)
        if slot in ctx.slots:
            continue
        if not ctx.in_force(group.scheduled, open_until=group.ends_at):
            continue
        due = group.unscored(ctx)
        if not due:
            continue
        asked = ask(ctx, group.owner, group.scheduled)
        if asked is None or asked.at > ctx.now:
            continue  # nobody can be asked yet: a holiday, the weekend, before hours
        asked = ask(ctx, group.owner, ctx.now)
        if asked is None:
            continue
        missed = asked.at >= group.ends_at
        if missed and not ctx.in_force(group.scheduled):
            continue  # switched on too late in the period to ask: not the owner's silence
        key = prompt_key(group, asked=asked, due=due)
        if key in ctx.keys:
            continue
        view = prompt_view(ctx, group, asked=asked, due=due, key=key)
        found.append(
            PlannedAction(
                key=key,
                kind=group.kind,
                recipient=asked.person.key,
                recipient_kind=RecipientKind.PERSON,
                subject=group.owner.key,
                period=group.period.key,
                measures=tuple(line.key for line in view.measures),
                due_at=group.scheduled if missed else asked.at,
                view=view,
                state=ActionState.MISSED if missed else ActionState.PLANNED,
            )
        )
    return found


def prompt_key(group: PromptGroup, *, asked: Asked, due: tuple[MeasureInfo, ...]) -> str:
    """The identity of the prompt asking `asked.person` about the `due` measures."""
    keys = tuple(sorted(m.measure.key for m in due))
    return action_key(group.kind, asked.person.key, group.period.key, keys)


def prompt_view(
    ctx: Context,
    group: PromptGroup,
    *,
    asked: Asked,
    due: tuple[MeasureInfo, ...],
    key: str | None = None,
) -> CheckinPrompt | KpiReviewPrompt:
    """The check-in or KPI review asking `asked.person` about the `due` measures; `key`
    is its prompt_key when the caller has it already."""
    lines = tuple(
        measure_line(
            m.measure,
            ctx.state.history.get(m.measure.key),
            objective=m.objective.title if m.objective else None,
        )
        for m in sorted(due, key=lambda m: m.measure.key)
    )
    view_type = CheckinPrompt if group.kind is ActionKind.CHECKIN else KpiReviewPrompt
    return view_type(
        prompt_key=key or prompt_key(group, asked=asked, due=due),
        recipient=person_ref(asked.person),
        period=group.period.key,
        measures=lines,
        on_behalf_of=person_ref(asked.on_behalf_of) if asked.on_behalf_of else None,
    )
