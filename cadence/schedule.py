"""How often a measure is asked about: the cadence spec and its defaults."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Every(enum.StrEnum):
    WEEK = "weekly"
    TWO_WEEKS = "biweekly"
    MONTH = "monthly"
    QUARTER = "quarterly"


@dataclass(frozen=True, slots=True)
class CadenceSpec:
    """When to ask, in the owner's local time. Monthly and quarterly cadences ask on the
    first working day of the period; weekday applies to weekly ones."""

    every: Every
    weekday: int = 0
    hour: int = 9
    minute: int = 0


class DigestTo(enum.StrEnum):
    """Where the weekly digest goes: the team's channel (by DM to the managers when the
    team has none, or the bot cannot post there), the managers by DM, or both."""

    CHANNEL = "channel"
    MANAGERS = "managers"
    BOTH = "both"


# Keys used in Plan.cadences / Team.cadences overrides.
CHECKIN = "checkin"
KPI_REVIEW = "kpi_review"
DIGEST = "digest"

DEFAULTS: dict[str, CadenceSpec] = {
    CHECKIN: CadenceSpec(Every.WEEK, weekday=0, hour=9),
    KPI_REVIEW: CadenceSpec(Every.MONTH, hour=9),
    DIGEST: CadenceSpec(Every.WEEK, weekday=4, hour=16),
}
