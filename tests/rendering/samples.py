"""Realistic view models for every message kind, plus long and hostile variants."""

from __future__ import annotations

from datetime import date, time

from cadence.model import MeasureKind
from cadence.units import Unit, UnitKind
from cadence.views import (
    Change,
    CheckinPrompt,
    Digest,
    ErrorReply,
    HealthAnswer,
    HealthFigures,
    HealthWarning,
    HelpAnswer,
    HistoryLine,
    HomeAnswer,
    KpiReviewPrompt,
    ManagerEscalation,
    MeasureLine,
    MeasureRef,
    MetricAnswer,
    MineAnswer,
    Notice,
    Nudge,
    ObjectiveGrade,
    PersonRef,
    QuarterClose,
    RecentUpdate,
    SilentAnswer,
    SilentOwner,
    Snoozed,
    StaleMeasure,
    Status,
    TeamEscalation,
    TrendChart,
    UnmovedMeasure,
    UpdateConfirmation,
    Voice,
    WaitingPrompt,
)

ANA = PersonRef("ana", "Ana Souza", slack_id="U0ANA", teams_id="29:ana-aad")
BEN = PersonRef("ben", "Ben Okafor", slack_id="U0BEN", teams_id="29:ben-aad")
NO_IDS = PersonRef("cy", "Cy Local")
MONDAY = date(2026, 10, 5)


def kr(i: int, *, title: str | None = None, status: Status | None = Status.ON_TRACK) -> MeasureLine:
    """A key result counted in deals."""
    return MeasureLine(
        key=f"deals-{i}",
        title=title or f"Close enterprise deals in region {i}",
        kind=MeasureKind.KEY_RESULT,
        unit=Unit(UnitKind.COUNT),
        value="3",
        number=3.0,
        target="12",
        status=status,
        progress=0.25,
        trend=(1.0, 2.0, 2.0, 3.0),
        last_updated=date(2026, 9, 28),
        objective="Grow enterprise revenue",
    )


def kpi(i: int, *, title: str | None = None, status: Status | None = Status.RED) -> MeasureLine:
    """A KPI in percent."""
    return MeasureLine(
        key=f"churn-{i}",
        title=title or f"Monthly churn, segment {i}",
        kind=MeasureKind.KPI,
        unit=Unit(UnitKind.PERCENT),
        value="2.4%",
        number=2.4,
        target="2%",
        status=status,
        trend=(1.9, 2.1, 2.4),
    )


def silent(i: int, person: PersonRef | None = None) -> SilentOwner:
    """An owner silent for three days."""
    owner = person or PersonRef(
        f"p{i}", f"Person Number {i}", slack_id=f"U{i:06d}", teams_id=f"29:{i}"
    )
    return SilentOwner(
        owner,
        (MeasureRef(f"m{i}", f"Measure {i}"),),
        days_silent=3,
        never_updated=i % 7 == 0,
        unreachable=i % 5 == 4,
    )


def stale(i: int) -> StaleMeasure:
    """A measure last touched in August."""
    return StaleMeasure(f"s{i}", f"Stale measure {i}", BEN, date(2026, 8, 3))


HEALTH = HealthFigures(0.27, 0.5, 0.1, 0.236, 2.4, 6, stale_measures=4, silent_owners=3)


def views(
    n: int = 3, *, person: PersonRef = ANA, title: str | None = None, text: str = "Waiting on legal"
) -> list:
    """One view of every kind; n sets the length of every list in them."""
    krs = tuple(kr(i, title=title) for i in range(n))
    kpis = tuple(kpi(i, title=title) for i in range(n))
    refs = tuple(MeasureRef(m.key, m.title) for m in krs)
    owners = tuple(silent(i, person if i == 0 else None) for i in range(n))
    return [
        CheckinPrompt("p-1", person, "2026-W41", krs, on_behalf_of=BEN),
        KpiReviewPrompt("p-2", person, "2026-10", kpis),
        Nudge("p-1", person, "2026-W41", MONDAY, krs),
        UpdateConfirmation(
            person,
            tuple(Change(m.key, m.title, "2", "3", Status.AT_RISK, 0.25) for m in krs),
            still_due=kpis,
        ),
        TeamEscalation("Sales", "2026-Q4", owners, tuple(stale(i) for i in range(n))),
        ManagerEscalation(BEN, "Sales", "2026-Q4", owners),
        QuarterClose(
            "q-1",
            person,
            "2026-Q4",
            tuple(
                ObjectiveGrade(f"o{i}", title or f"Objective {i}", 0.6, krs[:3]) for i in range(n)
            ),
        ),
        Digest(
            BEN,
            "Sales",
            "2026-Q4",
            going_well=krs,
            not_going_well=kpis,
            voices=tuple(Voice(person, r, text, blocker=i % 2 == 0) for i, r in enumerate(refs)),
            silent=owners,
            stale=tuple(stale(i) for i in range(n)),
            unmoved=tuple(
                UnmovedMeasure(f"u{i}", f"Unmoved {i}", BEN, "40", date(2026, 7, 1))
                for i in range(n)
            ),
            next_objectives=kpis,
            health=HEALTH,
            charts=tuple(
                TrendChart(
                    k.key,
                    k.title,
                    k.unit,
                    k.trend,
                    target=2.0,
                    green=2.0,
                    amber=3.0,
                    higher_is_better=False,
                )
                for k in kpis[:3]
            ),
        ),
        MetricAnswer(
            krs[0],
            person,
            tuple(HistoryLine(date(2026, 9, i % 28 + 1), "3", person.name, text) for i in range(n)),
            chart_url="https://files.example.com/chart.png",
        ),
        MineAnswer(person, krs + tuple(kpi(i, status=None) for i in range(n))),
        SilentAnswer("Sales", owners, tuple(stale(i) for i in range(n))),
        HealthAnswer(
            "Sales", HEALTH, tuple(HealthWarning(f"o{i}", text, strong=i == 0) for i in range(n))
        ),
        HelpAnswer(),
        ErrorReply("update.forbidden", text, "Ask the owner or a plan admin to record it."),
        Snoozed(MONDAY, time(9, 30), tomorrow=True),
        Notice(text, "I'll ask again tomorrow."),
        HomeAnswer(
            person,
            krs + tuple(kpi(i, status=None) for i in range(n)),
            tuple(
                RecentUpdate(f"k-{i}", text, f"{i}", "2026-W48", MONDAY, no_change=i == 1)
                for i in range(n)
            ),
            tuple(WaitingPrompt(f"p-{i}", "kpi_review", "2026-11") for i in range(min(n, 5))),
        ),
    ]
