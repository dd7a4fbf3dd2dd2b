"""Turning answers into updates: check everything first, then write all of it or nothing."""

from __future__ import annotations

from dataclasses import dataclass

from bot.service.refusals import not_allowed, refuse
from bot.service.request import Request
from cadence.engine.lines import kpi_status, kr_progress
from cadence.model import KeyResult, Kpi, Measure
from cadence.permissions import may_update
from cadence.quantities import QuantityError, format_quantity, parse_quantity
from cadence.updates import Confidence, Source, Update
from cadence.views import Change, Status
from storage.update_repo import latest_updates, record_update

_CONFIDENCE = {
    Confidence.ON_TRACK: Status.ON_TRACK,
    Confidence.AT_RISK: Status.AT_RISK,
    Confidence.OFF_TRACK: Status.OFF_TRACK,
}


@dataclass(frozen=True, slots=True)
class Entry:
    """One measure's answer; value None means "no change" (re-confirm the last value)."""

    measure: Measure
    value: float | None
    confidence: Confidence | None = None
    comment: str | None = None
    blockers: str | None = None
    raw_text: str | None = None


def read_value(measure: Measure, text: str, *, decimal_comma: bool | None) -> float:
    """A typed value in the measure's unit, or a refusal quoting the problem."""
    try:
        return parse_quantity(text, measure.unit, decimal_comma=decimal_comma).value
    except QuantityError as error:
        raise refuse(
            "bad_value",
            f"{measure.title}: {error}.",
            "Nothing was recorded; send the value again.",
        ) from None


def record(
    request: Request, entries: list[Entry], *, source: Source, idempotency_key: str
) -> tuple[Change, ...]:
    """Record every entry in the request's transaction; a refusal rolls all of them back."""
    plan = request.snapshot.plan
    for entry in entries:
        if not may_update(plan, person=request.person.key, measure=entry.measure):
            raise not_allowed(entry.measure, request.person_named(entry.measure.owner))
    latest = latest_updates(request.session, [e.measure.key for e in entries])
    changes = []
    for entry in entries:
        measure, previous = entry.measure, latest.get(entry.measure.key)
        value = entry.value
        if value is None:
            if previous is None:
                raise refuse(
                    "no_value_yet",
                    f"“{measure.title}” has no value yet, so there is nothing to confirm.",
                    "Send its current value instead.",
                )
            value = previous.value
        period = request.period_for(measure)
        correction = previous is not None and previous.period == period
        update = Update(
            measure=measure.key,
            value=value,
            period=period,
            recorded_at=request.now,
            author=request.person.key,
            source=source,
            confidence=entry.confidence if isinstance(measure, KeyResult) else None,
            comment=entry.comment,
            blockers=entry.blockers,
            raw_text=entry.raw_text,
            no_change=entry.value is None,
            supersedes=previous.id if correction and previous else None,
        )
        stored = record_update(
            request.session, update, idempotency_key=f"{idempotency_key}:{measure.key}"
        )
        old = None if previous is None or stored.duplicate else previous.value
        changes.append(change_of(measure, stored.update, old, correction=correction))
    return tuple(changes)


def change_of(measure: Measure, update: Update, old: float | None, *, correction: bool) -> Change:
    """How an update reads in its confirmation: the value before and after, and the status."""
    if isinstance(measure, Kpi):
        status, progress = kpi_status(measure, update.value), None
    else:
        status = _CONFIDENCE.get(update.confidence) if update.confidence else None
        progress = kr_progress(measure, update.value)
    return Change(
        key=measure.key,
        title=measure.title,
        old=None if old is None else format_quantity(old, measure.unit),
        new=format_quantity(update.value, measure.unit),
        status=status,
        progress=progress,
        no_change=update.no_change,
        correction=correction and not update.no_change,
    )
