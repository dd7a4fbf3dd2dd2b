"""Example replies made from the recipient's own measures, for prompts and questions back."""

from __future__ import annotations

from collections.abc import Sequence

from cadence.model import MeasureKind
from cadence.quantities import format_quantity
from cadence.views import MeasureLine

_SAMPLE = 12.0


def example_value(line: MeasureLine) -> str:
    """A value as this measure takes it: its last value, else its target, else one in its unit."""
    for shown in (line.value, line.target):
        if shown is not None:
            return shown
    unit = line.unit
    high = unit.maximum if unit.maximum is not None else _SAMPLE
    return format_quantity(max(unit.minimum or 0.0, min(_SAMPLE, high)), unit)


def example_answer(line: MeasureLine, *, keyed: bool) -> str:
    """One measure's answer: the value, with a KR's confidence, after its key when `keyed`."""
    confidence = " on track" if line.kind is MeasureKind.KEY_RESULT else ""
    answer = f"{example_value(line)}{confidence}"
    return f"{line.key}: {answer}" if keyed else answer


def example_reply(lines: Sequence[MeasureLine]) -> str:
    """A whole reply: the bare answer for one measure; `key: answer; key: answer` for more,
    on one line, so it fits every surface (local mode's input is a single line)."""
    if len(lines) == 1:
        return example_answer(lines[0], keyed=False)
    return "; ".join(example_answer(line, keyed=True) for line in lines[:2])
