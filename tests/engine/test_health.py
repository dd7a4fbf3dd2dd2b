from datetime import UTC, datetime

from builders import at, kpi, kr, objective, person, plan, scored, state

from cadence.engine.state import (
    ActionKind,
    ActionRecord,
    ActionState,
    RecipientKind,
)
from cadence.health import plan_health

NOW = at("2026-11-26 12:00")  # Thursday of 2026-W48, in November, in 2026-Q4


def _plan():
    people = [person("ann"), person("bob"), person("cy"), person("boss")]
    objectives = [
        objective("o1", "ann", [kr("k1", "ann"), kr("k2", "bob")]),
        objective("o2", "bob", [kr("k3", "bob")], team="t2"),
        objective("old", "ann", [kr("k9", "ann", objective="old")], period="2026-Q3"),
    ]
    return plan(people, objectives, [kpi("p1", "cy"), kpi("p2", "ann", team="t2")])


def test_figures_for_the_whole_plan():
    s = state(
        _plan(),
        scored("k1", "2026-W48"),
        scored("k2", "2026-W47", when="2026-11-17 10:00"),
        scored("p1", "2026-11"),
        ever_updated=frozenset({"ann", "bob"}),
        grades={"old": 0.7},
    )
    h = plan_health(s, NOW).figures
    assert h.krs_scored == 1 / 3  # k9's objective is last quarter's, so not counted
    assert h.kpis_scored == 1 / 2
    assert h.objectives_graded == 1.0
    assert h.owners_ever_updated == 2 / 3
    assert h.measures_per_objective_mean == 4 / 3
    assert h.measures_per_objective_max == 2
    # k3 and p2 were never updated; k2's last update is 9 days old on a weekly cadence.
    assert h.stale_measures == 3
    assert h.silent_owners == 1  # cy never updated


def test_one_team_counts_only_its_measures_and_objectives():
    s = state(_plan(), scored("k3", "2026-W48"), ever_updated=frozenset({"bob"}))
    result = plan_health(s, NOW, team="t2")
    assert result.figures.krs_scored == 1.0
    assert result.figures.kpis_scored == 0.0
    assert result.figures.objectives_graded is None
    assert result.figures.owners_ever_updated == 1 / 2
    assert [m.key for m in result.stale] == ["p2"]
    assert [(o.person.key, o.never_updated) for o in result.silent] == [("ann", True)]


def test_escalated_unscored_measure_makes_a_silent_owner_until_scored():
    escalation = ActionRecord(
        key="e1",
        kind=ActionKind.TEAM_ESCALATION,
        recipient="t1",
        recipient_kind=RecipientKind.TEAM,
        subject="bob",
        period="2026-W48",
        measures=("k2",),
        state=ActionState.SENT,
        due_at=at("2026-11-25 09:00"),
    )
    base = dict(ever_updated=frozenset({"ann", "bob", "cy"}), actions=(escalation,))
    silent = plan_health(state(_plan(), scored("k2", "2026-W47"), **base), NOW).silent
    assert [(o.person.key, [m.key for m in o.measures], o.days_silent) for o in silent] == [
        ("bob", ["k2"], 3)
    ]
    answered = state(_plan(), scored("k2", "2026-W48"), **base)
    assert plan_health(answered, NOW).silent == ()


def test_never_updated_owner_is_listed_with_all_measures():
    s = state(_plan(), ever_updated=frozenset({"ann", "bob"}))
    (cy,) = plan_health(s, NOW).silent
    assert cy.never_updated and cy.days_silent is None
    assert [m.key for m in cy.measures] == ["p1"]


def test_empty_plan_has_no_shares():
    h = plan_health(state(plan([])), datetime(2026, 1, 1, tzinfo=UTC)).figures
    assert h.kpis_scored is None and h.krs_scored is None and h.owners_ever_updated is None
    assert h.measures_per_objective_mean is None and h.stale_measures == 0
