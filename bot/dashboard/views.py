"""What the dashboard templates show: plain rows, already formatted, built by board.py."""

from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup


@dataclass(frozen=True, slots=True)
class Figure:
    """One plan-health number with its label."""

    label: str
    value: str


@dataclass(frozen=True, slots=True)
class Listed:
    """The first names of a long list, and how many were left out."""

    items: list[str]
    more: int = 0


@dataclass(frozen=True, slots=True)
class TeamLine:
    """A team's row on the overview."""

    key: str
    name: str
    objectives: int
    key_results: int
    kpis: int
    scored: str
    silent: int
    red: int


@dataclass(frozen=True, slots=True)
class KrRow:
    """A key result with its latest value, progress toward target, confidence and trend."""

    key: str
    title: str
    owner: str
    current: str
    target: str
    progress_pct: int
    progress_text: str
    confidence: str
    spark: Markup


@dataclass(frozen=True, slots=True)
class ObjectiveBlock:
    """An objective with its grade and its key results."""

    key: str
    title: str
    owner: str
    grade: str
    period: str
    key_results: list[KrRow] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class KpiRow:
    """A KPI with its latest value, status colour and trend against target."""

    key: str
    title: str
    owner: str
    current: str
    target: str
    status: str | None
    spark: Markup
