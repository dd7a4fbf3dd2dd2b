"""A whole quarter, played tick by tick: owners in Auckland, New York, Kolkata, London and
Lord Howe (a 30-minute DST shift), from September to December 2026, across the southern
clocks going forward and the northern ones going back."""

from dataclasses import replace
from datetime import date, timedelta

import pytest
from builders import at, kr, objective, person, plan, state
from world import World, score

from cadence.calendar import (
    add_working_days,
    is_working_day,
    local,
    next_messageable,
    next_working_day,
)
from cadence.engine.state import ActionKind
from cadence.health import plan_health
from cadence.periods import iso_week
from cadence.views import ManagerEscalation, TeamEscalation

OWNERS = {
    "nz": ("Pacific/Auckland", "NZ"),
    "ny": ("America/New_York", "US"),
    "in": ("Asia/Kolkata", "IN"),
    "uk": ("Europe/London", "GB"),
    "lh": ("Australia/Lord_Howe", "AU"),
}
ANSWERING = {"nz", "in", "lh"}
START, END = at("2026-08-30 12:00"), at("2026-11-29 12:00")  # 13 ISO weeks, W36 to W48
REMINDERS = {ActionKind.NUDGE, ActionKind.REMINDER}
LADDER = REMINDERS | {ActionKind.TEAM_ESCALATION, ActionKind.MANAGER_ESCALATION}


def _world() -> World:
    people = [person(k, zone, country=c, manager="boss") for k, (zone, c) in OWNERS.items()]
    objectives = [
        objective(f"o-{key}-{q}", key, [kr(f"{key}-{q}", key, f"o-{key}-{q}")], period=q)
        for key in OWNERS
        for q in ("2026-Q3", "2026-Q4")
    ]
    return World(state(plan([*people, person("boss")], objectives), active_since=START))


def _answer(s, action, now):
    if action.kind is ActionKind.CHECKIN and action.subject in ANSWERING:
        for measure in action.measures:
            s = score(s, measure, action.period, now + timedelta(minutes=20))
        s = replace(s, ever_updated=s.ever_updated | {action.subject})
    return s


@pytest.fixture(scope="module")
def quarter() -> World:
    world = _world()
    world.run(START, END, step=timedelta(minutes=15), on_sent=_answer)
    return world


def test_every_owner_is_asked_once_a_week_at_nine_on_the_first_working_day(quarter):
    people = {p.key: p for p in quarter.state.plan.people}
    for key in OWNERS:
        owner = people[key]
        asked = [a for a in quarter.sent_of(ActionKind.CHECKIN) if a.subject == key]
        weeks = [a.period for a in asked]
        assert len(weeks) == len(set(weeks)) == 13, key
        for action in asked:
            monday = iso_week(local(owner, action.sent_at).date()).start
            wall = local(owner, action.sent_at)
            assert wall.date() == next_working_day(owner, monday), (key, action.period)
            assert (wall.hour, wall.minute) == (9, 0), (key, action.period, wall)


def test_nobody_is_messaged_outside_their_working_time(quarter):
    people = {p.key: p for p in quarter.state.plan.people}
    for action in quarter.sent:
        who = people.get(action.recipient)
        if who is None:
            continue  # a team channel has no working hours
        wall = local(who, action.sent_at)
        assert is_working_day(who, wall.date()), action
        assert who.work_start <= wall.time() < who.work_end, action


def _named(world, action) -> set[str]:
    """Everyone a sent nudge, reminder or escalation is about."""
    view = next(p.view for p in world.planned if p.key == action.key)
    if isinstance(view, TeamEscalation | ManagerEscalation):
        return {o.person.key for o in view.silent}
    return {action.subject}


def test_owners_who_answer_are_never_nudged_or_escalated(quarter):
    reminded = {a.subject for a in quarter.sent if a.kind in REMINDERS}
    assert reminded and reminded.isdisjoint(ANSWERING)
    chased = set().union(*(_named(quarter, a) for a in quarter.sent if a.kind in LADDER))
    assert chased == set(OWNERS) - ANSWERING


def test_silent_owners_reach_their_manager_four_working_days_after_each_prompt(quarter):
    people = {p.key: p for p in quarter.state.plan.people}
    boss = people["boss"]
    for key in set(OWNERS) - ANSWERING:
        owner = people[key]
        for prompt in (a for a in quarter.sent_of(ActionKind.CHECKIN) if a.subject == key):
            deadline = add_working_days(owner, prompt.sent_at, 4)
            if local(owner, deadline).date() > date(2026, 11, 28):
                continue  # after the last week played
            (dm,) = [
                e for e in quarter.sent_of(ActionKind.MANAGER_ESCALATION)
                if prompt.measures[0] in e.measures
                and e.sent_at > prompt.sent_at + timedelta(days=1)
                and e.sent_at - prompt.sent_at < timedelta(days=8)
            ]  # fmt: skip
            # On the deadline, or (it is a DM) at the manager's first working moment after.
            expected = next_messageable(boss, deadline)
            assert expected <= dm.sent_at <= expected + timedelta(minutes=15), (key, prompt.period)
            assert key in _named(quarter, dm)


def test_health_at_the_end_of_the_quarter_names_the_silent_owners(quarter):
    health = plan_health(quarter.state, END)
    assert {o.person.key for o in health.silent} == set(OWNERS) - ANSWERING


def test_silent_owners_reach_the_team_channel_within_two_working_days_every_week(quarter):
    people = {p.key: p for p in quarter.state.plan.people}
    for key in set(OWNERS) - ANSWERING:
        owner = people[key]
        for prompt in (a for a in quarter.sent_of(ActionKind.CHECKIN) if a.subject == key):
            escalations = [
                e for e in quarter.sent_of(ActionKind.TEAM_ESCALATION)
                if e.period == prompt.period and prompt.measures[0] in e.measures
            ]  # fmt: skip
            if local(owner, prompt.sent_at).date() + timedelta(days=4) > date(2026, 11, 28):
                continue  # the quarter's last week ends before its escalation is due
            (escalation,) = escalations
            day = local(owner, prompt.sent_at).date()
            for _ in range(2):
                day = next_working_day(owner, day + timedelta(days=1))
            assert escalation.sent_at <= local(owner, prompt.sent_at).replace(
                year=day.year, month=day.month, day=day.day
            ) + timedelta(minutes=15), (key, prompt.period)


def test_a_day_of_downtime_sends_what_fell_due_once_when_the_bot_returns():
    world = _world()
    world.run(START, at("2026-09-06 12:00"), step=timedelta(minutes=15), on_sent=_answer)
    sent_before = len(world.sent)
    # Down from Sunday noon to Tuesday noon UTC: every Monday 09:00 passes unseen.
    world.run(at("2026-09-08 12:00"), at("2026-09-13 12:00"), on_sent=_answer)
    week = [a for a in world.sent[sent_before:] if a.kind is ActionKind.CHECKIN]
    assert sorted(a.subject for a in week) == sorted(OWNERS)
    assert all(a.period.endswith("W37") for a in week)
