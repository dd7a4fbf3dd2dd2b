"""Units a measure is counted in, and the values each unit allows."""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass


class UnitKind(enum.StrEnum):
    NUMBER = "number"
    COUNT = "count"
    PERCENT = "percent"
    CURRENCY = "currency"
    DURATION = "duration"
    RATIO = "ratio"


@dataclass(frozen=True, slots=True)
class Unit:
    """A unit with optional bounds. Durations are held in hours, percents as 0-100."""

    kind: UnitKind = UnitKind.NUMBER
    currency: str | None = None
    minimum: float | None = None
    maximum: float | None = None

    def check(self, value: float) -> str | None:
        """Why a value makes no sense in this unit, or None when it fits."""
        if math.isnan(value) or math.isinf(value):
            return "must be a finite number"
        if self.kind is UnitKind.COUNT and (value < 0 or value != int(value)):
            return "must be a whole number of zero or more"
        if self.kind in (UnitKind.DURATION, UnitKind.RATIO) and value < 0:
            return "cannot be negative"
        if self.minimum is not None and value < self.minimum:
            return f"must be at least {self.minimum:g}"
        if self.maximum is not None and value > self.maximum:
            return f"must be at most {self.maximum:g}"
        return None
