from datetime import UTC, datetime

from builders import at, kpi, kr, objective, person, plan, scored, state
from hypothesis import given, settings
from hypothesis import strategies as st

from cadence.engine.state import (
    ActionKind,
    ActionRecord,
    ActionState,
    RecipientKind,
)
from cadence.health import plan_health
from cadence.model import MeasureKind, Team

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


def _sent(kind, owner, period, measures, when, *, state=ActionState.SENT):
    return ActionRecord(
        key=f"{kind}:{owner}:{period}", kind=kind, recipient=owner,
        recipient_kind=RecipientKind.PERSON, subject=owner, period=period,
        measures=tuple(measures), state=state, due_at=at(when),
        sent_at=at(when) if state is not ActionState.MISSED else None,
    )  # fmt: skip


def test_an_owner_is_silent_from_the_escalation_deadline_until_they_answer():
    monday = _sent(ActionKind.CHECKIN, "bob", "2026-W48", ["k2", "k3"], "2026-11-23 09:00")
    base = dict(ever_updated=frozenset({"ann", "bob", "cy"}), actions=(monday,))
    before = state(_plan(), scored("k2", "2026-W47"), **base)
    # The channel step is two working days after the prompt: Wednesday 09:00.
    assert plan_health(before, at("2026-11-25 08:59")).silent == ()
    silent = plan_health(before, NOW).silent
    assert [(o.person.key, [m.key for m in o.measures], o.days_silent) for o in silent] == [
        ("bob", ["k2", "k3"], 3)
    ]
    assert plan_health(before, NOW).figures.silent_owners == 1
    answered = state(_plan(), scored("k2", "2026-W48"), scored("k3", "2026-W48"), **base)
    assert plan_health(answered, NOW).silent == ()


def test_an_owner_escalated_weeks_ago_who_answers_since_is_not_silent():
    """The audit's repro: escalated in W45, answered W46 to W48."""
    old = [
        _sent(ActionKind.CHECKIN, "bob", "2026-W45", ["k2"], "2026-11-02 09:00",
              state=ActionState.MISSED),
        _sent(ActionKind.TEAM_ESCALATION, "bob", "2026-W45", ["k2"], "2026-11-04 09:00"),
        _sent(ActionKind.MANAGER_ESCALATION, "bob", "2026-W45", ["k2"], "2026-11-06 09:00"),
    ]  # fmt: skip
    weekly = [
        _sent(ActionKind.CHECKIN, "bob", w, ["k2"], f"2026-11-{d} 09:00")
        for w, d in (("2026-W46", "09"), ("2026-W47", "16"), ("2026-W48", "23"))
    ]
    s = state(
        _plan(),
        scored("k1", "2026-W48"),
        scored("k2", "2026-W46", "2026-W47", "2026-W48"),
        scored("k3", "2026-W48"),
        ever_updated=frozenset({"ann", "bob", "cy"}),
        actions=(*old, *weekly),
    )
    health = plan_health(s, NOW)
    assert health.figures.krs_scored == 1.0
    assert health.figures.silent_owners == 0 and health.silent == ()


def test_a_missed_prompt_of_a_reachable_owner_is_not_their_silence_but_a_refused_one_is():
    missed = _sent(ActionKind.CHECKIN, "bob", "2026-W48", ["k2"], "2026-11-23 09:00",
                   state=ActionState.MISSED)  # fmt: skip
    base = dict(ever_updated=frozenset({"ann", "bob", "cy"}), actions=(missed,))
    assert plan_health(state(_plan(), **base), NOW).silent == ()
    refused = state(_plan(), unreachable=frozenset({"bob"}), **base)
    (bob,) = plan_health(refused, NOW).silent
    assert bob.person.key == "bob" and bob.unreachable and bob.days_silent == 3


def test_never_updated_owner_is_listed_with_all_measures():
    s = state(_plan(), ever_updated=frozenset({"ann", "bob"}))
    (cy,) = plan_health(s, NOW).silent
    assert cy.never_updated and cy.days_silent is None
    assert [m.key for m in cy.measures] == ["p1"]


def test_empty_plan_has_no_shares():
    h = plan_health(state(plan([])), datetime(2026, 1, 1, tzinfo=UTC)).figures
    assert h.kpis_scored is None and h.krs_scored is None and h.owners_ever_updated is None
    assert h.measures_per_objective_mean is None and h.stale_measures == 0


shares = ("kpis_scored", "krs_scored", "objectives_graded", "owners_ever_updated")


@st.composite
def plans_with_history(draw):
    """A random small plan over two teams, with random updates, sent prompts and grades."""
    owners = [f"o{i}" for i in range(draw(st.integers(1, 4)))]
    teams = st.sampled_from(["t1", "t2"])
    objectives = []
    for i in range(draw(st.integers(0, 4))):
        krs = [kr(f"k{i}-{j}", draw(st.sampled_from(owners)), f"ob{i}")
               for j in range(draw(st.integers(0, 6)))]  # fmt: skip
        quarter = draw(st.sampled_from(["2026-Q3", "2026-Q4"]))
        objectives.append(objective(f"ob{i}", owners[0], krs, draw(teams), quarter))
    kpis = [kpi(f"p{i}", draw(st.sampled_from(owners)), draw(teams))
            for i in range(draw(st.integers(0, 4)))]  # fmt: skip
    measures = [m for o in objectives for m in o.key_results] + kpis
    histories = [
        scored(m.key, *draw(st.sets(st.sampled_from(["2026-W47", "2026-W48", "2026-11"]))),
               when=f"2026-11-{draw(st.integers(1, 26)):02d} 10:00")
        for m in measures
        if draw(st.booleans())
    ]  # fmt: skip
    prompts = []
    for owner in owners:
        for kind, period, sent in (
            (ActionKind.CHECKIN, "2026-W48", draw(st.sampled_from(["23", "25", "26"]))),
            (ActionKind.KPI_REVIEW, "2026-11", "02"),
        ):
            wanted = MeasureKind.KEY_RESULT if kind is ActionKind.CHECKIN else MeasureKind.KPI
            asked = [m.key for m in measures if m.owner == owner and m.kind is wanted]
            if asked and draw(st.booleans()):
                prompts.append(_sent(kind, owner, period, asked, f"2026-11-{sent} 09:00"))
    p = plan(
        [person(k) for k in owners] + [person("boss")],
        objectives,
        kpis,
        teams=[Team("t1", "One", managers=("boss",)), Team("t2", "Two", managers=("boss",))],
    )
    return state(
        p,
        *histories,
        ever_updated=frozenset(draw(st.sets(st.sampled_from(owners)))),
        actions=tuple(prompts),
        grades={o.key: 0.7 for o in objectives if draw(st.booleans())},
    )


@settings(max_examples=60, deadline=None)
@given(s=plans_with_history())
def test_health_figures_are_shares_and_counts_that_agree(s):
    whole = plan_health(s, NOW)
    teams = [plan_health(s, NOW, team=t) for t in ("t1", "t2")]
    for health in (whole, *teams):
        figures = health.figures
        for name in shares:
            value = getattr(figures, name)
            assert value is None or 0.0 <= value <= 1.0, (name, value)
        assert figures.silent_owners == len(health.silent)
        assert figures.stale_measures == len(health.stale)
        if figures.measures_per_objective_max is not None:
            assert 0 <= figures.measures_per_objective_mean <= figures.measures_per_objective_max
        assert len({o.person.key for o in health.silent}) == len(health.silent)
        assert all(o.measures for o in health.silent)
    # every measure is in one team: the teams' stale lists split the plan's
    assert sorted(m.key for h in teams for m in h.stale) == sorted(m.key for m in whole.stale)
    assert {o.person.key for h in teams for o in h.silent} == {o.person.key for o in whole.silent}
