"""Writing a Plan back to YAML, in the same format `load_plan` reads, so it loads back equal."""

from __future__ import annotations

from typing import Any

import yaml

from cadence.model import WEEKDAYS, KeyResult, Kpi, Ladder, Objective, Person, Plan, Team
from cadence.planfile.unit_spec import unit_text
from cadence.schedule import CadenceSpec, DigestTo

# libyaml's emitter writes the same text several times faster than PyYAML's.
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def dump_plan_yaml(plan: Plan) -> str:
    """The plan as YAML text; defaults are written out so the file says what it means."""
    document: dict[str, Any] = {}
    if plan.admins:
        document["admins"] = list(plan.admins)
    if plan.cadences:
        document["cadences"] = {name: _cadence(spec) for name, spec in plan.cadences.items()}
    if plan.ladder != Ladder():
        document["escalation"] = _ladder(plan.ladder)
    if plan.digest_to is not DigestTo.CHANNEL:
        document["digest"] = {"to": plan.digest_to.value}
    document["people"] = {p.key: _person(p) for p in plan.people}
    if plan.teams:
        document["teams"] = {t.key: _team(t) for t in plan.teams}
    if plan.objectives:
        document["objectives"] = [_objective(o) for o in plan.objectives]
    if plan.kpis:
        document["kpis"] = [_kpi(k) for k in plan.kpis]
    return yaml.dump(document, Dumper=_DUMPER, sort_keys=False, allow_unicode=True, width=100)


def _number(value: float) -> int | float:
    """Whole numbers as integers, for a file people read; every float still reads back equal."""
    return int(value) if value.is_integer() and abs(value) < 2**53 else value


def _present(fields: dict[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in fields.items() if value is not None}


def _cadence(spec: CadenceSpec) -> dict[str, Any]:
    return {
        "every": spec.every.value,
        "weekday": WEEKDAYS[spec.weekday],
        "hour": spec.hour,
        "minute": spec.minute,
    }


def _ladder(ladder: Ladder) -> dict[str, Any]:
    steps = {"nudge": ladder.nudge, "team": ladder.team, "manager": ladder.manager}
    return {name: "off" if days is None else days for name, days in steps.items()}


def _person(person: Person) -> dict[str, Any]:
    return _present({
        "name": person.name,
        "email": person.email,
        "slack_id": person.slack_id,
        "teams_id": person.teams_id,
        "timezone": person.timezone,  # the plan's own, never a zone a chat platform reported
        "country": person.country,
        "subdivision": person.subdivision,
        "working_days": [WEEKDAYS[d] for d in sorted(person.working_days)],
        "working_hours": f"{person.work_start:%H:%M}-{person.work_end:%H:%M}",
        "manager": person.manager,
        "delegate": person.delegate,
        "away": [{"from": a.start, "to": a.end} for a in person.away] or None,
    })  # fmt: skip


def _team(team: Team) -> dict[str, Any]:
    return _present({
        "name": team.name,
        "managers": list(team.managers) or None,
        "slack_channel": team.slack_channel,
        "teams_channel": team.teams_channel,
        "cadences": {n: _cadence(s) for n, s in team.cadences.items()} or None,
        "escalation": None if team.ladder is None else _ladder(team.ladder),
        "digest": None if team.digest_to is None else {"to": team.digest_to.value},
    })  # fmt: skip


def _objective(objective: Objective) -> dict[str, Any]:
    return {
        "key": objective.key,
        "title": objective.title,
        "team": objective.team,
        "owner": objective.owner,
        "period": objective.period,
        "private": objective.private,
        "key_results": [_key_result(kr) for kr in objective.key_results],
    }


def _key_result(kr: KeyResult) -> dict[str, Any]:
    return _present({
        "key": kr.key,
        "title": kr.title,
        "owner": kr.owner,
        "unit": unit_text(kr.unit),
        "baseline": None if kr.baseline is None else _number(kr.baseline),
        "target": None if kr.target is None else _number(kr.target),
        "direction": kr.direction.value,
        "weight": _number(kr.weight),
        "private": kr.private,
        "cadence": None if kr.cadence is None else _cadence(kr.cadence),
    })  # fmt: skip


def _kpi(kpi: Kpi) -> dict[str, Any]:
    thresholds = kpi.thresholds
    return _present({
        "key": kpi.key,
        "title": kpi.title,
        "team": kpi.team,
        "owner": kpi.owner,
        "unit": unit_text(kpi.unit),
        "target": None if kpi.target is None else _number(kpi.target),
        "thresholds": None if thresholds is None else {
            "green": _number(thresholds.green), "amber": _number(thresholds.amber)
        },
        "direction": kpi.direction.value,
        "private": kpi.private,
        "cadence": None if kpi.cadence is None else _cadence(kpi.cadence),
    })  # fmt: skip
