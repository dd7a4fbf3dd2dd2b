"""decide(): from the engine state and `now`, every action that is due and every change
to actions already written. Pure and deterministic: the same state and `now` give the
same decisions, and applying them then deciding again gives nothing new."""

from __future__ import annotations

from datetime import datetime

from cadence.engine.context import Context
from cadence.engine.decisions import Decisions
from cadence.engine.digest import plan_digests
from cadence.engine.groups import prompt_groups
from cadence.engine.index import PlanIndex
from cadence.engine.ladder import plan_ladder
from cadence.engine.lifecycle import settle
from cadence.engine.prompts import plan_prompts
from cadence.engine.quarter_close import plan_quarter_close
from cadence.engine.state import EngineState


def decide(state: EngineState, now: datetime, *, index: PlanIndex | None = None) -> Decisions:
    """What one tick at `now` plans, marks missed, answered or cancelled. Pass `index` to
    reuse plan lookups across ticks while the plan is unchanged."""
    ctx = Context(state, now, index)
    groups = prompt_groups(ctx)
    planned = plan_prompts(ctx, groups) + plan_ladder(ctx, groups)
    planned += plan_quarter_close(ctx) + plan_digests(ctx)
    missed, answered, cancelled = settle(ctx)
    unique = {a.key: a for a in planned}
    return Decisions(tuple(unique.values()), tuple(missed), tuple(answered), tuple(cancelled))
