"""Measures as they stand now, for answers: `due` is false once scored this period, and
for a key result whose quarter has ended (history, not something to answer)."""

from __future__ import annotations

from bot.service.request import Request
from cadence.engine.lines import measure_line
from cadence.model import KeyResult, Measure
from cadence.views import MeasureLine
from storage.history_repo import load_histories


def current_lines(request: Request, measures: list[Measure]) -> list[MeasureLine]:
    index = request.snapshot.index
    histories = load_histories(request.session, index, request.now, [m.key for m in measures])
    today = index.local_day(request.person, request.now)
    lines = []
    for measure in measures:
        info = index.measures[measure.key]
        record = histories.get(measure.key)
        open_now = index.is_active(info, today)
        due = open_now and (
            record is None or request.period_for(measure) not in record.scored_periods
        )
        objective = (
            info.objective.title if isinstance(measure, KeyResult) and info.objective else None
        )
        lines.append(measure_line(measure, record, due=due, objective=objective))
    return lines
