"""Saving and loading the plan. Import is an upsert by stable key: changed definitions are
rewritten, missing ones archived, and update history is never touched."""

from __future__ import annotations

import typing
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import bindparam, delete, insert, update
from sqlmodel import Session, SQLModel, select

from cadence.codec import from_data, to_data
from cadence.model import KeyResult, Kpi, MeasureKind, Objective, Person, Plan, Team
from storage.tables.plan import MeasureRow, ObjectiveRow, PersonRow, PlanSettingsRow, TeamRow
from storage.tables.runtime import UnreachableRow
from storage.zone_repo import reported_zones, with_reported_zones

Row = TypeVar("Row", bound=SQLModel)
_CHUNK = 500  # keys per IN list when archiving


@dataclass(frozen=True, slots=True)
class ImportSummary:
    """What an import changed, by stable key; a re-import of the same file changes nothing."""

    added: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    archived: tuple[str, ...] = ()
    restored: tuple[str, ...] = ()

    @property
    def untouched(self) -> bool:
        return not (self.added or self.changed or self.archived or self.restored)


class _Sync:
    """Upserts rows of one table and remembers what it did."""

    def __init__(self, session: Session, now: datetime) -> None:
        self.session, self.now = session, now
        self.added: list[str] = []
        self.changed: list[str] = []
        self.archived: list[str] = []
        self.restored: list[str] = []

    def table(self, model: type[Row], label: str, wanted: dict[str, dict[str, Any]]) -> None:
        """Insert, rewrite, restore and archive in bulk statements: a 33,000-measure plan
        re-imports without loading an ORM object per row."""
        table = model.__table__  # type: ignore[attr-defined]
        names = [c.name for c in table.columns if c.name not in ("key", "archived_at")]
        connection = self.session.connection()
        existing = {row.key: row for row in connection.execute(select(table))}
        inserts, rewrites = [], []
        for key, values in wanted.items():
            row = existing.get(key)
            if row is None:
                inserts.append({"key": key, "archived_at": None, **values})
                self.added.append(f"{label} {key}")
                continue
            differs = {name for name in names if getattr(row, name) != values[name]}
            if row.archived_at is not None:
                self.restored.append(f"{label} {key}")
            elif differs - {"position"}:
                self.changed.append(f"{label} {key}")
            if differs or row.archived_at is not None:
                rewrites.append({"match": key, "archived_at": None, **values})
        gone = [k for k, row in existing.items() if k not in wanted and row.archived_at is None]
        self.archived.extend(f"{label} {key}" for key in gone)
        if inserts:
            connection.execute(insert(table), inserts)
        if rewrites:
            statement = update(table).where(table.c.key == bindparam("match"))
            connection.execute(statement, rewrites)
        for start in range(0, len(gone), _CHUNK):
            keys = gone[start : start + _CHUNK]
            connection.execute(
                update(table).where(table.c.key.in_(keys)), {"archived_at": self.now}
            )

    def summary(self) -> ImportSummary:
        return ImportSummary(
            tuple(self.added), tuple(self.changed), tuple(self.archived), tuple(self.restored)
        )


def save_plan(
    session: Session, plan: Plan, *, now: datetime, source: str | None = None
) -> ImportSummary:
    """Make the stored plan equal `plan`; the caller's transaction makes it all-or-nothing."""
    sync = _Sync(session, now)
    sync.table(PersonRow, "person", {p.key: _person(p, i) for i, p in enumerate(plan.people)})
    sync.table(
        TeamRow,
        "team",
        {
            t.key: {"name": t.name, "position": i, "spec": to_data(t)}
            for i, t in enumerate(plan.teams)
        },
    )
    sync.table(
        ObjectiveRow, "objective", {o.key: _objective(o, i) for i, o in enumerate(plan.objectives)}
    )
    measures: dict[str, dict[str, Any]] = {}
    for objective in plan.objectives:
        for kr in objective.key_results:
            measures[kr.key] = _measure(kr, objective.team, objective.key, len(measures))
    for kpi in plan.kpis:
        measures[kpi.key] = _measure(kpi, kpi.team, None, len(measures))
    sync.table(MeasureRow, "measure", measures)
    summary = sync.summary()
    _forget_refusals(session, [*summary.changed, *summary.restored])
    settings = session.get(PlanSettingsRow, 1)
    spec = _plan_settings(plan)
    if settings is None:
        session.add(PlanSettingsRow(id=1, spec=spec, imported_at=now, source=source))
    elif settings.spec != spec or not summary.untouched:
        settings.spec, settings.source, settings.imported_at = spec, source, now
        session.add(settings)
    session.flush()
    return summary


def active_measure_keys(session: Session) -> set[str]:
    """The keys of the measures the stored plan holds now (archived ones left out)."""
    table = MeasureRow.__table__  # type: ignore[attr-defined]
    query = select(table.c.key).where(table.c.archived_at.is_(None))
    return {key for (key,) in session.connection().execute(query)}


def load_plan(session: Session) -> Plan | None:
    """The active plan, or None before the first import; each person carries the zone
    their chat platform reported (storage.zone_repo), which plan files never hold."""
    settings = session.get(PlanSettingsRow, 1)
    if settings is None:
        return None
    people = tuple(from_data(Person, spec) for (spec,) in _specs(session, PersonRow))
    teams = tuple(from_data(Team, spec) for (spec,) in _specs(session, TeamRow))
    krs: dict[str, list[KeyResult]] = {}
    kpis: list[Kpi] = []
    for spec, kind, objective in _specs(session, MeasureRow, "kind", "objective"):
        if kind == MeasureKind.KPI:
            kpis.append(from_data(Kpi, spec))
        else:
            krs.setdefault(objective or "", []).append(from_data(KeyResult, spec))
    objectives = tuple(
        replace(from_data(Objective, spec), key_results=tuple(krs.get(key, ())))
        for spec, key in _specs(session, ObjectiveRow, "key")
    )
    settings_fields = {
        name: from_data(_PLAN_HINTS[name], value)
        for name, value in settings.spec.items()
        if name in _PLAN_HINTS
    }
    plan = Plan(
        people=people, teams=teams, objectives=objectives, kpis=tuple(kpis), **settings_fields
    )
    return with_reported_zones(plan, reported_zones(session=session))


_LISTS = ("people", "teams", "objectives", "kpis")
_PLAN_HINTS = {
    name: hint for name, hint in typing.get_type_hints(Plan).items() if name not in _LISTS
}


def _plan_settings(plan: Plan) -> dict[str, Any]:
    return {name: to_data(getattr(plan, name)) for name in _PLAN_HINTS}


def _person(person: Person, position: int) -> dict[str, Any]:
    spec = to_data(person)
    del spec["reported_timezone"]  # not the plan's: reported_timezones holds it
    return {
        "position": position,
        "name": person.name,
        "email": person.email.lower() if person.email else None,
        "slack_id": person.slack_id,
        "teams_id": person.teams_id,
        "spec": spec,
    }


def _objective(objective: Objective, position: int) -> dict[str, Any]:
    spec = to_data(replace(objective, key_results=()))
    return {
        "team": objective.team,
        "owner": objective.owner,
        "period": objective.period,
        "position": position,
        "spec": spec,
    }


def _measure(
    measure: KeyResult | Kpi, team: str, objective: str | None, position: int
) -> dict[str, Any]:
    return {
        "kind": measure.kind.value,
        "title": measure.title,
        "objective": objective,
        "team": team,
        "owner": measure.owner,
        "position": position,
        "spec": to_data(measure),
    }


def _forget_refusals(session: Session, labels: list[str]) -> None:
    """A person or team whose entry changed may have a new address: let the platforms try
    them again instead of keeping an old refusal forever."""
    keys = [label.split(" ", 1)[1] for label in labels if label.startswith(("person ", "team "))]
    table = UnreachableRow.__table__  # type: ignore[attr-defined]
    for start in range(0, len(keys), _CHUNK):
        chunk = keys[start : start + _CHUNK]
        session.connection().execute(delete(table).where(table.c.person_key.in_(chunk)))


def _specs(session: Session, model: type[Row], *columns: str) -> Iterable[Any]:
    """Active rows' specs (and the named columns) as plain tuples, in plan order: the ORM's
    per-row objects would cost more than decoding the plan itself."""
    table = model.__table__  # type: ignore[attr-defined]
    query = (
        select(table.c.spec, *(table.c[name] for name in columns))
        .where(table.c.archived_at.is_(None))
        .order_by(table.c.position)
    )
    return session.connection().execute(query)
