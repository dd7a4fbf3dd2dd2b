"""Who may record an update and who may see a measure (PRODUCT.md, "Who may do what")."""

from __future__ import annotations

from cadence.model import Kpi, Measure, Plan


def team_of(plan: Plan, measure: Measure) -> str:
    """The team a measure belongs to: a KPI's own, a KR's objective's."""
    if isinstance(measure, Kpi):
        return measure.team
    return next(o.team for o in plan.objectives if o.key == measure.objective)


def may_update(plan: Plan, *, person: str, measure: Measure) -> bool:
    """The owner, the owner's delegate, or a plan admin."""
    if person == measure.owner or person in plan.admins:
        return True
    owner = next((p for p in plan.people if p.key == measure.owner), None)
    return owner is not None and owner.delegate == person


def is_private(plan: Plan, measure: Measure) -> bool:
    """A measure is private when it, or the objective it proves, is marked private."""
    if measure.private or isinstance(measure, Kpi):
        return measure.private
    return any(o.private for o in plan.objectives if o.key == measure.objective)


def may_view(plan: Plan, *, person: str | None, measure: Measure) -> bool:
    """Anyone may see a public measure; a private one only its owner, its team and admins."""
    if not is_private(plan, measure):
        return True
    if person is None:
        return False
    if person == measure.owner or person in plan.admins:
        return True
    team_key = team_of(plan, measure)
    managers = next((t.managers for t in plan.teams if t.key == team_key), ())
    return person in managers or any(
        m.owner == person and team_of(plan, m) == team_key for m in plan.measures()
    )
