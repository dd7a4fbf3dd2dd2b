"""Properties over random owners: zones (with 30-minute DST), countries, working days."""

from datetime import timedelta

from builders import at, kr, objective, person, plan, state
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from world import World, score

from cadence.calendar import is_working_day, local
from cadence.engine.state import ActionKind, RecipientKind

PLACES = [
    ("Pacific/Auckland", "NZ"),
    ("America/New_York", "US"),
    ("Asia/Kolkata", "IN"),
    ("Europe/London", "GB"),
    ("Australia/Lord_Howe", "AU"),
    ("Asia/Tokyo", "JP"),
]
# 2026-W40 and W41: Lord Howe (+30 min) and Auckland move their clocks on 4 and 27 Sep/Oct.
START, END = at("2026-09-27 00:00"), at("2026-10-11 12:00")

LADDER = {
    ActionKind.NUDGE,
    ActionKind.REMINDER,
    ActionKind.TEAM_ESCALATION,
    ActionKind.MANAGER_ESCALATION,
}
owners = st.lists(
    st.tuples(
        st.sampled_from(PLACES),
        st.frozensets(st.integers(0, 6), min_size=2),
        st.booleans(),
    ),
    min_size=1,
    max_size=4,
)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(owners=owners)
def test_prompts_come_once_per_period_in_working_time_and_silence_is_escalated(owners):
    people, objectives, answering = [], [], set()
    for i, ((zone, country), days, answers) in enumerate(owners):
        key = f"p{i}"
        people.append(person(key, zone, country=country, working_days=days, manager="boss"))
        for quarter in ("2026-Q3", "2026-Q4"):
            o = f"{key}-{quarter}"
            objectives.append(objective(o, key, [kr(f"{o}-k", key, o)], period=quarter))
        if answers:
            answering.add(key)

    def answer(s, action, now):
        if action.kind is ActionKind.CHECKIN and action.subject in answering:
            for m in action.measures:
                s = score(s, m, action.period, now)
        return s

    world = World(state(plan([*people, person("boss")], objectives), active_since=START))
    world.run(START, END, step=timedelta(minutes=30), on_sent=answer)
    by_key = {p.key: p for p in world.state.plan.people}
    for action in world.sent:
        if action.recipient_kind is RecipientKind.PERSON:
            who = by_key[action.recipient]
            wall = local(who, action.sent_at)
            assert is_working_day(who, wall.date()), action
            assert who.work_start <= wall.time() < who.work_end, action
    views = {a.key: a.view for a in world.planned}
    checkins = [(a.subject, a.period) for a in world.sent_of(ActionKind.CHECKIN)]
    assert len(checkins) == len(set(checkins))
    for p in people:
        ladder = [a for a in world.sent if a.kind in LADDER and (
            p.key in [o.person.key for o in getattr(views[a.key], "silent", ())]
            or a.subject == p.key
        )]  # fmt: skip
        escalated = {
            m for a in world.sent_of(ActionKind.TEAM_ESCALATION) for m in a.measures
            if m.startswith(f"{p.key}-")
        }  # fmt: skip
        if p.key in answering:
            assert ladder == [] and not escalated
        else:
            first_week = [a for a in world.sent_of(ActionKind.CHECKIN)
                          if a.subject == p.key and a.period == "2026-W40"]  # fmt: skip
            assert not first_week or first_week[0].measures[0] in escalated
