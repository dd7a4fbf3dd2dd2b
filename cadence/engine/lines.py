"""How the engine names people and measures in views: refs, lines and a measure's status."""

from __future__ import annotations

from collections.abc import Mapping

from cadence.engine.state import MeasureHistory
from cadence.model import Direction, KeyResult, Kpi, Measure, Objective, Person
from cadence.quantities import format_quantity
from cadence.updates import Confidence
from cadence.views import MeasureLine, MeasureRef, PersonRef, Status

_CONFIDENCE_STATUS = {
    Confidence.ON_TRACK: Status.ON_TRACK,
    Confidence.AT_RISK: Status.AT_RISK,
    Confidence.OFF_TRACK: Status.OFF_TRACK,
}


def person_ref(person: Person) -> PersonRef:
    return PersonRef(person.key, person.name, person.slack_id, person.teams_id)


def measure_ref(measure: Measure) -> MeasureRef:
    return MeasureRef(measure.key, measure.title)


def kr_progress(kr: KeyResult, value: float | None) -> float | None:
    """(value - baseline) / (target - baseline), clamped to 0..1; None when undefined."""
    if value is None or kr.baseline is None or kr.target is None or kr.target == kr.baseline:
        return None
    return min(1.0, max(0.0, (value - kr.baseline) / (kr.target - kr.baseline)))


def objective_grade(objective: Objective, histories: Mapping[str, MeasureHistory]) -> float | None:
    """The suggested grade: the mean of the KRs' progress, weighted by each KR's weight
    (PRODUCT.md; 0.7 counts as success), over the KRs whose progress is defined; None when
    none is."""
    weighted = []
    for kr in objective.key_results:
        history = histories.get(kr.key)
        progress = kr_progress(kr, history.last_value if history else None)
        if progress is not None:
            weighted.append((progress, kr.weight))
    total = sum(w for _, w in weighted)
    if not total:
        return None
    # a mean of values in 0..1 is in 0..1; the clamp only absorbs float rounding
    return min(1.0, max(0.0, sum(p * w for p, w in weighted) / total))


def kpi_status(kpi: Kpi, value: float | None) -> Status | None:
    """Green, amber or red from the KPI's thresholds, read in its direction."""
    if value is None or kpi.thresholds is None:
        return None
    sign = 1.0 if kpi.direction is Direction.UP else -1.0
    if sign * value >= sign * kpi.thresholds.green:
        return Status.GREEN
    if sign * value >= sign * kpi.thresholds.amber:
        return Status.AMBER
    return Status.RED


def status(measure: Measure, history: MeasureHistory | None) -> Status | None:
    """A KPI's colour or a KR's last confidence."""
    if history is None:
        return None
    if isinstance(measure, Kpi):
        return kpi_status(measure, history.last_value)
    return _CONFIDENCE_STATUS.get(history.confidence) if history.confidence else None


def measure_line(
    measure: Measure,
    history: MeasureHistory | None,
    *,
    due: bool = True,
    objective: str | None = None,
) -> MeasureLine:
    """A measure as prompts and digests list it, values written in its unit; `objective`
    is the title of the objective a KR proves."""
    value = history.last_value if history else None
    at = history.last_recorded_at if history else None
    return MeasureLine(
        key=measure.key,
        title=measure.title,
        kind=measure.kind,
        unit=measure.unit,
        value=None if value is None else format_quantity(value, measure.unit),
        target=None if measure.target is None else format_quantity(measure.target, measure.unit),
        status=status(measure, history),
        progress=kr_progress(measure, value) if isinstance(measure, KeyResult) else None,
        trend=history.trend if history else (),
        due=due,
        last_updated=None if at is None else at.date(),
        objective=objective,
        number=value,
    )
