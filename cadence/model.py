"""The plan: people, teams, objectives, key results and KPIs, as immutable values.

Every other layer speaks these types; storage maps them to rows, plan files parse into
them, and the engine reads them. Keys are the stable identities a plan file gives, so a
re-imported plan can be matched to what is stored.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, time

from cadence.schedule import CadenceSpec, DigestTo
from cadence.units import Unit


class Direction(enum.StrEnum):
    """Whether a higher or a lower value is better."""

    UP = "up"
    DOWN = "down"


class MeasureKind(enum.StrEnum):
    KEY_RESULT = "kr"
    KPI = "kpi"


WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True, slots=True)
class Absence:
    """A span (inclusive) during which a person's delegate is asked instead."""

    start: date
    end: date

    def covers(self, day: date) -> bool:
        return self.start <= day <= self.end


# Where a person with no known timezone is asked: PRODUCT's 09:00 is then 09:00 UTC.
FALLBACK_ZONE = "UTC"


@dataclass(frozen=True, slots=True)
class Person:
    """A human who can own measures and be asked in chat.

    `timezone` is the plan's IANA zone, None when the plan sets none; `reported_timezone`
    is the one their chat platform last reported (Teams' localTimezone, Slack's users.info
    tz), filled in by storage and never read from or written to a plan file."""

    key: str
    name: str
    timezone: str | None = None
    email: str | None = None
    slack_id: str | None = None
    teams_id: str | None = None
    country: str | None = None
    subdivision: str | None = None
    working_days: frozenset[int] = frozenset({0, 1, 2, 3, 4})
    work_start: time = time(9, 0)
    work_end: time = time(17, 30)
    manager: str | None = None
    delegate: str | None = None
    away: tuple[Absence, ...] = ()
    reported_timezone: str | None = None

    @property
    def zone(self) -> str:
        """The zone the person is asked in: the plan's, else their chat platform's, else UTC."""
        return self.timezone or self.reported_timezone or FALLBACK_ZONE

    @property
    def zone_known(self) -> bool:
        """False when neither the plan nor a chat platform said where the person is."""
        return bool(self.timezone or self.reported_timezone)

    @property
    def reachable(self) -> bool:
        """True when the bot has at least one way to ask this person."""
        return bool(self.slack_id or self.teams_id or self.email)

    def is_away(self, day: date) -> bool:
        return any(a.covers(day) for a in self.away)


@dataclass(frozen=True, slots=True)
class Ladder:
    """The escalation ladder: each step is how many of the owner's working days after the
    prompt it comes; None switches the step off."""

    nudge: int | None = 1
    team: int | None = 2
    manager: int | None = 4


@dataclass(frozen=True, slots=True)
class Team:
    """A group with a channel per platform for escalations and digests."""

    key: str
    name: str
    managers: tuple[str, ...] = ()
    slack_channel: str | None = None
    teams_channel: str | None = None
    cadences: dict[str, CadenceSpec] = field(default_factory=dict)
    ladder: Ladder | None = None
    digest_to: DigestTo | None = None  # None: the plan's setting


@dataclass(frozen=True, slots=True)
class KeyResult:
    """A number that proves an objective; progress runs from baseline to target."""

    key: str
    title: str
    objective: str
    owner: str
    unit: Unit
    baseline: float | None
    target: float | None
    direction: Direction = Direction.UP
    weight: float = 1.0
    private: bool = False
    cadence: CadenceSpec | None = None

    kind = MeasureKind.KEY_RESULT


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Green/amber boundaries; past amber is red. Read in the KPI's direction."""

    green: float
    amber: float


@dataclass(frozen=True, slots=True)
class Kpi:
    """An ongoing health gauge with no end date."""

    key: str
    title: str
    team: str
    owner: str
    unit: Unit
    target: float | None
    thresholds: Thresholds | None
    direction: Direction = Direction.UP
    private: bool = False
    cadence: CadenceSpec | None = None

    kind = MeasureKind.KPI


Measure = KeyResult | Kpi


@dataclass(frozen=True, slots=True)
class Objective:
    """A qualitative destination for one quarter, owned by one person in one team."""

    key: str
    title: str
    team: str
    owner: str
    period: str
    key_results: tuple[KeyResult, ...] = ()
    private: bool = False


@dataclass(frozen=True, slots=True)
class Plan:
    """A whole plan as loaded from a file or from storage."""

    people: tuple[Person, ...] = ()
    teams: tuple[Team, ...] = ()
    objectives: tuple[Objective, ...] = ()
    kpis: tuple[Kpi, ...] = ()
    admins: tuple[str, ...] = ()
    cadences: dict[str, CadenceSpec] = field(default_factory=dict)
    ladder: Ladder = Ladder()
    digest_to: DigestTo = DigestTo.CHANNEL

    def measures(self) -> list[Measure]:
        """Every KR and KPI, KRs first in objective order."""
        krs: list[Measure] = [kr for o in self.objectives for kr in o.key_results]
        return krs + list(self.kpis)
