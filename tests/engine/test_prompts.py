"""Check-in and KPI review prompts over simulated weeks, in several timezones."""

from datetime import time, timedelta

import pytest
from builders import at, kpi, kr, objective, person, plan, state
from world import World, score

from cadence.engine.decide import decide
from cadence.engine.state import ActionKind, ActionState
from cadence.model import Team
from cadence.schedule import CHECKIN, CadenceSpec, Every
from cadence.views import CheckinPrompt, KpiReviewPrompt


def answer_everything(s, action, now):
    """Owners who reply as soon as they are asked."""
    for key in action.measures:
        s = score(s, key, action.period, now)
    return s


def _world(*people, krs_by_owner=None, kpis=(), teams=None, **fields):
    krs_by_owner = krs_by_owner or {p.key: 2 for p in people}
    objectives = [
        objective(f"o-{owner}", owner, [kr(f"{owner}-{i}", owner, f"o-{owner}") for i in range(n)])
        for owner, n in krs_by_owner.items()
    ]
    return World(state(plan([*people, person("boss")], objectives, kpis, teams, **fields)))


def test_each_owner_gets_one_prompt_at_nine_local_listing_all_their_krs():
    world = _world(person("tok", "Asia/Tokyo"), person("la", "America/Los_Angeles"),
                   person("ber", "Europe/Berlin"))  # fmt: skip
    world.run(at("2026-11-29 00:00"), at("2026-12-06 00:00"), on_sent=answer_everything)
    checkins = world.sent_of(ActionKind.CHECKIN)
    assert {(a.recipient, a.sent_at) for a in checkins} == {
        ("tok", at("2026-11-30 00:00")),
        ("ber", at("2026-11-30 08:00")),
        ("la", at("2026-11-30 17:00")),
    }
    assert all(len(a.measures) == 2 for a in checkins)
    others = [a.kind for a in world.sent if a.kind is not ActionKind.CHECKIN]
    assert others == [ActionKind.DIGEST]  # the boss's Friday digest; nobody nudged or escalated


def test_dst_week_keeps_nine_local():
    world = _world(person("ber", "Europe/Berlin"), person("la", "America/Los_Angeles"))
    world.run(at("2026-10-18 00:00"), at("2026-11-08 00:00"), on_sent=answer_everything)
    sent = sorted((a.recipient, a.sent_at) for a in world.sent_of(ActionKind.CHECKIN))
    assert sent == [
        ("ber", at("2026-10-19 07:00")),
        ("ber", at("2026-10-26 08:00")),  # Berlin left summer time on 25 Oct
        ("ber", at("2026-11-02 08:00")),
        ("la", at("2026-10-19 16:00")),
        ("la", at("2026-10-26 16:00")),
        ("la", at("2026-11-02 17:00")),  # Los Angeles left it on 1 Nov
    ]


def test_public_holiday_on_monday_moves_the_prompt_to_tuesday():
    owner = person("la", "America/Los_Angeles", country="US")
    q3 = objective("o", "la", [kr("k", "la", "o")], period="2026-Q3")
    world = World(state(plan([owner, person("boss")], [q3])))
    world.run(at("2026-09-06 00:00"), at("2026-09-13 00:00"), on_sent=answer_everything)
    assert [a.sent_at for a in world.sent_of(ActionKind.CHECKIN)] == [at("2026-09-08 16:00")]


def test_non_working_days_and_later_hours_are_respected():
    tue_to_sat = person("ts", "UTC", working_days=frozenset({1, 2, 3, 4, 5}))
    late = person("late", "UTC", work_start=time(11))
    world = _world(tue_to_sat, late)
    world.run(at("2026-11-29 00:00"), at("2026-12-06 00:00"), on_sent=answer_everything)
    assert sorted((a.recipient, a.sent_at) for a in world.sent_of(ActionKind.CHECKIN)) == [
        ("late", at("2026-11-30 11:00")),
        ("ts", at("2026-12-01 09:00")),
    ]


def test_kpi_review_on_the_first_working_day_of_the_month():
    owner = person("k", "Europe/Berlin", country="DE")
    p = plan([owner, person("boss")], kpis=[kpi("p1", "k"), kpi("p2", "k")])
    world = World(state(p, active_since=at("2026-12-28 00:00")))
    world.run(at("2026-12-28 00:00"), at("2027-01-09 00:00"), on_sent=answer_everything)
    december, review = world.sent_of(ActionKind.KPI_REVIEW)
    assert december.period == "2026-12"  # still open at switch-on: asked at once
    assert review.sent_at == at("2027-01-04 08:00")  # 1 Jan is a holiday, 2-3 a weekend
    assert review.period == "2027-01" and review.measures == ("p1", "p2")


def test_switching_on_mid_period_asks_about_the_open_period_only():
    owner = person("k", "Europe/Berlin", country="DE")
    p = plan([owner, person("boss")], kpis=[kpi("p1", "k")])
    late = World(state(p, active_since=at("2026-12-31 17:00")))  # 18:00 Berlin: after hours
    late.run(at("2026-12-31 17:00"), at("2027-01-02 00:00"))
    assert late.sent_of(ActionKind.KPI_REVIEW) == []
    assert all(a.state is not ActionState.MISSED for a in late.state.actions)
    mid = World(state(p, active_since=at("2026-12-16 10:00")))
    mid.run(at("2026-12-16 10:00"), at("2026-12-17 00:00"))
    (review,) = mid.sent_of(ActionKind.KPI_REVIEW)
    assert (review.period, review.sent_at) == ("2026-12", at("2026-12-16 10:00"))


def test_cadence_overrides_per_team_and_measure():
    team = Team("t1", "Team One", managers=("boss",), slack_channel="C1",
                cadences={CHECKIN: CadenceSpec(Every.WEEK, weekday=2, hour=10)})  # fmt: skip
    fortnightly = CadenceSpec(Every.TWO_WEEKS, weekday=0, hour=9)
    owner = person("o")
    krs = [kr("weekly", "o", "ob"), kr("pair", "o", "ob", cadence=fortnightly)]
    world = World(state(plan([owner, person("boss")], [objective("ob", "o", krs)], teams=[team])))
    world.run(at("2026-11-29 00:00"), at("2026-12-13 00:00"), on_sent=answer_everything)
    sent = [(a.measures, a.sent_at) for a in world.sent_of(ActionKind.CHECKIN)]
    assert sorted(sent, key=lambda s: s[1]) == [
        (("pair",), at("2026-11-30 09:00")),
        (("weekly",), at("2026-12-02 10:00")),
        (("weekly",), at("2026-12-09 10:00")),
    ]


def test_prompt_views_list_the_due_measures_and_who_is_asked():
    world = _world(person("ann"), kpis=[kpi("p1", "ann")])
    world.run(at("2026-11-30 00:00"), at("2026-11-30 10:00"))
    sent = [p for p in world.planned if p.state is ActionState.PLANNED]
    views = {type(p.view): p.view for p in sent}
    checkin, review = views[CheckinPrompt], views[KpiReviewPrompt]
    assert checkin.recipient.key == "ann" and checkin.on_behalf_of is None
    assert [m.key for m in checkin.measures] == ["ann-0", "ann-1"]
    assert checkin.measures[0].objective == "Objective o-ann"
    assert checkin.prompt_key == next(p.key for p in world.planned if p.view is checkin)
    assert review.period == "2026-11"  # due while the bot was off: sent once now
    missed = {p.period for p in world.planned if p.state is ActionState.MISSED}
    assert missed == {"2026-W48", "2026-10"}  # last periods' prompts are never sent late
    assert review.measures[0].target == "100"


def test_measures_scored_before_the_prompt_are_not_asked_again():
    world = _world(person("ann"))
    world.state = score(world.state, "ann-0", "2026-W49", at("2026-11-30 07:00"))
    world.run(at("2026-11-30 08:00"), at("2026-11-30 10:00"))
    (checkin,) = world.sent_of(ActionKind.CHECKIN)
    assert checkin.measures == ("ann-1",)


def test_naive_now_is_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        decide(state(plan([])), at("2026-11-30 08:00").replace(tzinfo=None))


def test_krs_of_another_quarter_are_not_asked():
    owner = person("ann")
    later = objective("next", "ann", [kr("n1", "ann", "next")], period="2027-Q1")
    world = World(state(plan([owner, person("boss")], [later])))
    world.run(at("2026-11-30 00:00"), at("2026-11-30 00:00") + timedelta(days=3))
    assert world.sent_of(ActionKind.CHECKIN) == []


def test_a_team_checkin_day_the_owner_does_not_work_moves_inside_the_week():
    team = Team("t1", "Team One", managers=("boss",), slack_channel="C1",
                cadences={CHECKIN: CadenceSpec(Every.WEEK, weekday=4, hour=9)})  # fmt: skip
    mon_to_thu = person("o", "Europe/London", working_days=frozenset({0, 1, 2, 3}))
    krs = [kr("k", "o", "ob")]
    p = plan([mon_to_thu, person("boss")], [objective("ob", "o", krs)], teams=[team])
    world = World(state(p, active_since=at("2026-11-29 00:00")))
    world.run(at("2026-11-29 00:00"), at("2026-12-13 00:00"), on_sent=answer_everything)
    assert [(a.period, a.sent_at) for a in world.sent_of(ActionKind.CHECKIN)] == [
        ("2026-W49", at("2026-12-03 09:00")),  # Thursday: Friday is not a working day
        ("2026-W50", at("2026-12-10 09:00")),
    ]
    assert not [a for a in world.state.actions if a.state is ActionState.MISSED]
