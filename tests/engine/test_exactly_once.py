"""Exactly-once intent: re-deciding plans nothing twice, downtime catches up once, and a
prompt whose period is over is recorded as missed, never sent late."""

from collections import Counter
from datetime import timedelta

from builders import at, kpi, kr, objective, person, plan, state
from hypothesis import given, settings
from hypothesis import strategies as st
from world import World, apply, score

from cadence.engine.decide import decide
from cadence.engine.state import ActionKind, ActionState
from cadence.model import Absence, Team

START = at("2026-11-29 00:00")


def _state(**fields):
    week_two = Absence(START.date() + timedelta(days=8), START.date() + timedelta(days=12))
    people = [
        person("ann", "Europe/Berlin", country="DE", manager="boss"),
        person("bob", "America/Los_Angeles", country="US", delegate="cy",
               away=(week_two,)),
        person("cy", "Asia/Tokyo", country="JP"),
        person("boss", "Australia/Lord_Howe"),
    ]  # fmt: skip
    objectives = [
        objective("o1", "ann", [kr("a1", "ann"), kr("a2", "ann")]),
        objective("o2", "bob", [kr("b1", "bob", "o2"), kr("c1", "cy", "o2")]),
    ]
    teams = [Team("t1", "Team One", managers=("boss",), slack_channel="C1")]
    p = plan(people, objectives, [kpi("p1", "ann"), kpi("p2", "cy")], teams=teams)
    return state(p, active_since=START, **fields)


def test_downtime_catches_up_with_one_prompt_and_no_instant_nudge():
    world = World(_state())
    world.tick(START)
    back = at("2026-12-02 13:00")  # Wednesday, 14:00 in Berlin
    decisions = world.tick(back)
    ann = [p for p in decisions.planned if p.recipient == "ann"]
    assert [(p.kind, p.due_at) for p in ann] == [
        (ActionKind.CHECKIN, back),
        (ActionKind.KPI_REVIEW, back),
    ]
    world.run(back + timedelta(minutes=30), at("2026-12-03 14:00"))
    # A working day later both prompts are still open: one nudge names all of it.
    (nudge,) = [a for a in world.sent_of(ActionKind.NUDGE) if a.subject == "ann"]
    assert nudge.sent_at == at("2026-12-03 13:00")
    assert nudge.measures == ("a1", "a2", "p1")
    assert len([a for a in world.sent_of(ActionKind.CHECKIN) if a.subject == "ann"]) == 1


def test_a_nudge_about_two_prompts_answers_for_itself_and_is_never_repeated():
    world = World(_state())
    world.tick(START)
    world.run(at("2026-12-02 13:00"), at("2026-12-05 00:00"))
    (planned,) = [p for p in world.planned if p.kind is ActionKind.NUDGE and p.subject == "ann"]
    # Its buttons answer its own row, which lists the check-in's KRs and the KPI review's KPI.
    assert planned.view.prompt_key == planned.key
    assert planned.period == "2026-W49"  # the period ending first; the KPI's is 2026-12
    assert [m.key for m in planned.view.measures] == ["a1", "a2", "p1"]
    world.run(at("2026-12-05 00:00"), at("2026-12-12 00:00"))
    assert [a.key for a in world.sent_of(ActionKind.NUDGE) if "p1" in a.measures] == [planned.key]


def test_nobody_gets_two_reminders_or_escalations_at_the_same_moment():
    world = World(_state())
    world.run(START, START + timedelta(days=35), step=timedelta(hours=1))
    at_once = Counter(
        (a.recipient, a.sent_at)
        for a in world.sent
        if a.kind in (ActionKind.NUDGE, ActionKind.MANAGER_ESCALATION, ActionKind.TEAM_ESCALATION)
    )
    assert at_once and max(at_once.values()) == 1


def test_prompt_whose_period_ended_in_downtime_is_missed_not_sent():
    world = World(_state())
    world.tick(START)
    decisions = world.tick(at("2026-12-07 09:00"))  # the next Monday
    w49 = [p for p in decisions.planned if p.period == "2026-W49"]
    assert w49 and {p.state for p in w49} == {ActionState.MISSED}
    assert not [a for a in world.sent if a.period == "2026-W49"]


def test_sent_unanswered_prompt_is_missed_when_its_period_ends():
    world = World(_state())
    world.run(START, at("2026-12-07 00:00"))
    (ann,) = [a for a in world.sent_of(ActionKind.CHECKIN) if a.subject == "ann"]
    states = {a.key: a.state for a in world.state.actions}
    assert states[ann.key] is ActionState.MISSED


def test_unsent_prompt_is_cancelled_once_answered_elsewhere():
    world = World(_state())
    late = at("2026-12-02 20:00")  # 21:00 in Berlin: planned for tomorrow morning
    decisions = world.tick(late)
    (prompt,) = [
        p for p in decisions.planned if p.subject == "ann" and p.kind is ActionKind.CHECKIN
    ]
    assert prompt.due_at == at("2026-12-03 08:00")
    for key in prompt.measures:
        world.state = score(world.state, key, prompt.period, late)
    assert prompt.key in world.tick(late + timedelta(minutes=15)).cancelled


def test_answered_prompt_is_marked_answered():
    world = World(_state())
    world.run(START, at("2026-11-30 09:00"))
    (prompt,) = [a for a in world.sent_of(ActionKind.CHECKIN) if a.subject == "ann"]
    for key in prompt.measures:
        world.state = score(world.state, key, prompt.period, at("2026-11-30 09:00"))
    assert world.tick(at("2026-11-30 09:30")).answered == (prompt.key,)


def test_a_simulated_month_sends_each_prompt_once_per_owner_and_period():
    world = World(_state())
    world.run(START, START + timedelta(days=35), step=timedelta(hours=1))
    slots = [(a.kind, a.subject, a.period) for a in world.sent if a.kind in {
        ActionKind.CHECKIN, ActionKind.KPI_REVIEW, ActionKind.QUARTER_CLOSE}]  # fmt: skip
    assert len(slots) == len(set(slots))
    nudged = [(m, a.period) for a in world.sent_of(ActionKind.NUDGE) for m in a.measures]
    assert len(nudged) == len(set(nudged))
    keys = [a.key for a in world.state.actions]
    assert len(keys) == len(set(keys))


@settings(max_examples=40, deadline=None)
@given(
    minutes=st.lists(st.integers(0, 60 * 24 * 40), min_size=1, max_size=6),
    answered=st.sets(st.sampled_from(["a1", "a2", "b1", "c1", "p1", "p2"])),
)
def test_deciding_again_on_the_applied_state_changes_nothing(minutes, answered):
    s = _state()
    for offset in sorted(minutes):
        now = START + timedelta(minutes=offset)
        for key in answered:
            s = score(s, key, "2026-W49", now)
        s = apply(s, decide(s, now))
        assert decide(s, now).empty
