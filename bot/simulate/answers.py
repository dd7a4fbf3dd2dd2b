"""What a simulated owner presses under a prompt: the same request the local page sends."""

from __future__ import annotations

import random
from typing import Any

from bot.simulate.owners import next_value
from cadence.model import KeyResult, Measure
from cadence.quantities import exact_quantity
from cadence.updates import Confidence
from cadence.views import CheckinPrompt, KpiReviewPrompt, QuarterClose, View

PROMPTS = (CheckinPrompt, KpiReviewPrompt, QuarterClose)


def answer_request(
    view: View,
    *,
    measures: dict[str, Measure],
    last: dict[str, float],
    client_id: str,
    rng: random.Random,
) -> dict[str, Any] | None:
    """The page request answering `view` (Save or Save grades); None if it asks nothing.

    `last` holds the values simulated owners gave before, and is updated with the new ones.
    """
    if isinstance(view, QuarterClose):
        grades = {
            f"grade.{o.key}": f"{_grade(o.suggested_grade, rng):.1f}" for o in view.objectives
        }
        note = {"action": "quarter.save", "comment": "Simulated quarter close."}
        return {"client_id": client_id, "prompt": view.prompt_key, **note, **grades}
    if not isinstance(view, CheckinPrompt | KpiReviewPrompt):
        return None
    body: dict[str, Any] = {"client_id": client_id, "action": "checkin.update"}
    for line in view.measures:
        measure = measures.get(line.key)
        if measure is None:
            continue
        value = next_value(measure, last=last.get(line.key), rng=rng)
        last[line.key] = value
        body[f"value.{line.key}"] = exact_quantity(value, measure.unit)
        if isinstance(measure, KeyResult):
            body[f"confidence.{line.key}"] = _confidence(rng).value
    body["prompt"] = view.prompt_key
    return body


def _grade(suggested: float | None, rng: random.Random) -> float:
    base = suggested if suggested is not None else rng.uniform(0.3, 0.8)
    return min(1.0, max(0.0, base + rng.uniform(-0.1, 0.1)))


def _confidence(rng: random.Random) -> Confidence:
    return rng.choices(
        [Confidence.ON_TRACK, Confidence.AT_RISK, Confidence.OFF_TRACK], weights=[6, 3, 1]
    )[0]
