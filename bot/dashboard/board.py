"""Template contexts for the dashboard pages, formatted from the plan and its facts."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from bot.dashboard.paging import page_of
from bot.dashboard.source import DashboardSource, Loaded, MeasureFacts, TeamFacts
from bot.dashboard.sparkline import sparkline
from bot.dashboard.views import Figure, KpiRow, KrRow, Listed, ObjectiveBlock, TeamLine
from cadence.engine.index import PlanIndex
from cadence.model import KeyResult, Kpi, Objective
from cadence.quantities import format_quantity

TEAMS_PER_PAGE = 50
# An objective shows its key results, so a page of them is about as long as one of KPIs.
OBJECTIVES_PER_PAGE = 20
KPIS_PER_PAGE = 50
# A team of hundreds of stale measures shows the first ones and how many more there are.
LIST_LIMIT = 50
_CONFIDENCE = {"on_track": "on track", "at_risk": "at risk", "off_track": "off track"}


def overview_context(*, loaded: Loaded, source: DashboardSource, page: int) -> dict[str, Any]:
    """The whole plan: its health figures and a page of teams with their summary lines."""
    plan = loaded.plan
    teams = sorted(plan.teams, key=lambda t: t.name.lower())
    shown, pager = page_of(teams, page=page, size=TEAMS_PER_PAGE)
    lines = []
    for team in shown:
        summary = source.team_facts(loaded, team.key)
        objectives = [o for o in plan.objectives if o.team == team.key]
        lines.append(
            TeamLine(
                key=team.key,
                name=team.name,
                objectives=len(objectives),
                key_results=sum(len(o.key_results) for o in objectives),
                kpis=sum(1 for k in plan.kpis if k.team == team.key),
                scored=summary.scored,
                silent=len(summary.silent),
                red=summary.red,
            )
        )
    return {
        "as_of": stamp(loaded.now),
        "health": [Figure(label, value) for label, value in source.plan_health(loaded)],
        "teams": lines,
        "pager": pager,
    }


def team_context(
    *, loaded: Loaded, source: DashboardSource, team_key: str, objectives_page: int, kpis_page: int
) -> dict[str, Any] | None:
    """One team: a page of objectives with their KRs (the newest period first), a page of
    KPIs, and who or what needs attention."""
    plan, index = loaded.plan, loaded.index
    team = index.teams.get(team_key)
    if team is None:
        return None
    facts = source.team_facts(loaded, team_key)
    names = {p.key: p.name for p in plan.people}
    objectives = sorted(
        (o for o in plan.objectives if o.team == team_key), key=lambda o: _newest_first(loaded, o)
    )
    shown, objective_pager = page_of(
        objectives, page=objectives_page, size=OBJECTIVES_PER_PAGE, param="objectives"
    )
    kpis, kpi_pager = page_of(
        [k for k in plan.kpis if k.team == team_key],
        page=kpis_page,
        size=KPIS_PER_PAGE,
        param="kpis",
        keep=(("objectives", objective_pager.page),),
    )
    return {
        "as_of": stamp(loaded.now),
        "team": team,
        "period": ", ".join(dict.fromkeys(o.period for o in objectives)),
        "health": [Figure(label, value) for label, value in facts.health],
        "objectives": [
            ObjectiveBlock(
                key=o.key,
                title=o.title,
                owner=names.get(o.owner, o.owner),
                grade=_grade(facts.grades.get(o.key)),
                period=o.period,
                key_results=[_kr_row(kr, facts, names) for kr in o.key_results],
            )
            for o in shown
        ],
        "objective_pager": replace(objective_pager, keep=(("kpis", kpi_pager.page),)),
        "kpis": [_kpi_row(k, facts, names) for k in kpis],
        "kpi_pager": kpi_pager,
        "silent": _listed([names.get(key, key) for key in facts.silent]),
        "stale": _listed([_measure_line(key, index, names) for key in facts.stale]),
        "unmoved": _listed([_measure_line(key, index, names) for key in facts.unmoved]),
    }


def _newest_first(loaded: Loaded, objective: Objective) -> int:
    """Sorts an objective of a later period first; an unreadable period goes last."""
    period = loaded.index.objective_period(objective)
    return -period.start.toordinal() if period is not None else 0


def _kr_row(kr: KeyResult, facts: TeamFacts, names: dict[str, str]) -> KrRow:
    fact = facts.measures.get(kr.key, MeasureFacts())
    progress = fact.progress
    return KrRow(
        key=kr.key,
        title=kr.title,
        owner=names.get(kr.owner, kr.owner),
        current=_value(fact.history[-1] if fact.history else None, kr),
        target=_value(kr.target, kr),
        progress_pct=round((progress or 0.0) * 100),
        progress_text="no update yet" if progress is None else f"{progress:.0%}",
        confidence=_CONFIDENCE.get(fact.confidence or "", "—"),
        spark=sparkline(fact.history, target=kr.target),
    )


def _kpi_row(kpi: Kpi, facts: TeamFacts, names: dict[str, str]) -> KpiRow:
    fact = facts.measures.get(kpi.key, MeasureFacts())
    return KpiRow(
        key=kpi.key,
        title=kpi.title,
        owner=names.get(kpi.owner, kpi.owner),
        current=_value(fact.history[-1] if fact.history else None, kpi),
        target=_value(kpi.target, kpi),
        status=fact.status,
        spark=sparkline(fact.history, target=kpi.target, status=fact.status),
    )


def _value(value: float | None, measure: KeyResult | Kpi) -> str:
    return "—" if value is None else format_quantity(value, measure.unit)


def _grade(grade: float | None) -> str:
    return "not graded" if grade is None else f"{grade:.1f}"


def _measure_line(key: str, index: PlanIndex, names: dict[str, str]) -> str:
    info = index.measures.get(key)
    if info is None:
        return key
    return f"{info.measure.title} ({names.get(info.measure.owner, info.measure.owner)})"


def _listed(items: list[str]) -> Listed:
    return Listed(items[:LIST_LIMIT], max(0, len(items) - LIST_LIMIT))


def stamp(now: datetime) -> str:
    """The moment a page shows, as its footer says it."""
    return now.strftime("%Y-%m-%d %H:%M %Z")
