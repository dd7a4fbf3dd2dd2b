"""Small plans and states for engine and health tests."""

from __future__ import annotations

from datetime import UTC, datetime

from cadence.engine.state import EngineState, MeasureHistory
from cadence.model import KeyResult, Kpi, Objective, Person, Plan, Team, Thresholds
from cadence.units import Unit


def at(text: str) -> datetime:
    """A UTC moment from 'YYYY-MM-DD HH:MM'."""
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def person(key: str, tz: str = "UTC", **fields) -> Person:
    fields.setdefault("slack_id", f"U{key.upper()}")
    return Person(key, key.title(), timezone=tz, **fields)


def kr(key: str, owner: str, objective: str = "o1", **fields) -> KeyResult:
    return KeyResult(key, f"KR {key}", objective, owner, Unit(), 0.0, 10.0, **fields)


def kpi(key: str, owner: str, team: str = "t1", **fields) -> Kpi:
    return Kpi(key, f"KPI {key}", team, owner, Unit(), 100.0, Thresholds(90.0, 70.0), **fields)


def objective(key: str, owner: str, krs, team: str = "t1", period: str = "2026-Q4") -> Objective:
    return Objective(key, f"Objective {key}", team, owner, period, tuple(krs))


def plan(people, objectives=(), kpis=(), teams=None, **fields) -> Plan:
    teams = teams or (Team("t1", "Team One", managers=("boss",), slack_channel="C1"),)
    return Plan(tuple(people), tuple(teams), tuple(objectives), tuple(kpis), **fields)


def scored(key: str, *periods: str, value: float = 5.0, when: str = "2026-11-23 10:00", **f):
    return MeasureHistory(key, value, at(when), at(when), frozenset(periods), **f)


def state(p: Plan, *histories: MeasureHistory, **fields) -> EngineState:
    return EngineState(p, {h.measure: h for h in histories}, **fields)
