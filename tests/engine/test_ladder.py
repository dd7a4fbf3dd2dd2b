"""Nudges and escalations: once per measure and period, on each step's working day."""

from dataclasses import replace
from datetime import date, time

from builders import at, kpi, kr, objective, person, plan, state
from world import World, apply, score

from cadence.engine.decide import decide
from cadence.engine.snooze import snooze_until, snoozed_view
from cadence.engine.state import ActionKind, ActionState
from cadence.health import plan_health
from cadence.model import Absence, Ladder, Team
from cadence.views import CheckinPrompt, ManagerEscalation, Nudge, Snoozed, TeamEscalation
from messages.environment import build_environment
from messages.plain import render_text

WEEK = (at("2026-11-29 00:00"), at("2026-12-06 00:00"))  # Sunday to Sunday, 2026-W49


def _world(*people, ladder=None, team_ladder=None, **state_fields):
    owners = [p for p in people if p.key != "boss"]
    team = Team("t1", "Team One", managers=("boss",), slack_channel="C1", ladder=team_ladder)
    objectives = [
        objective(f"o-{o.key}", o.key, [kr(f"{o.key}-a", o.key, f"o-{o.key}"),
                                        kr(f"{o.key}-b", o.key, f"o-{o.key}")])
        for o in owners
    ]  # fmt: skip
    extra = {"ladder": ladder} if ladder else {}
    everyone = [*people, person("boss", "UTC")] if "boss" not in {p.key for p in people} else people
    p = plan(everyone, objectives, teams=[team], **extra)
    return World(state(p, active_since=WEEK[0], **state_fields))


def _timeline(world):
    return [(a.kind, a.recipient, a.sent_at) for a in world.sent if a.kind is not ActionKind.DIGEST]


def test_silent_owner_climbs_the_whole_ladder_once():
    world = _world(person("ann", "Europe/Berlin", manager="boss"))
    world.run(*WEEK)
    assert _timeline(world) == [
        (ActionKind.CHECKIN, "ann", at("2026-11-30 08:00")),
        (ActionKind.NUDGE, "ann", at("2026-12-01 08:00")),
        (ActionKind.TEAM_ESCALATION, "t1", at("2026-12-02 08:00")),
        (ActionKind.MANAGER_ESCALATION, "boss", at("2026-12-04 09:00")),  # boss's 09:00 UTC
    ]
    team = next(p.view for p in world.planned if isinstance(p.view, TeamEscalation))
    assert [(o.person.key, [m.key for m in o.measures]) for o in team.silent] == [
        ("ann", ["ann-a", "ann-b"])
    ]
    manager = next(p.view for p in world.planned if isinstance(p.view, ManagerEscalation))
    assert [(o.person.key, [m.key for m in o.measures], o.days_silent) for o in manager.silent] == [
        ("ann", ["ann-a", "ann-b"], 4)
    ]


def test_an_answer_stops_the_ladder():
    def answer_after_the_nudge(s, action, now):
        if action.kind is ActionKind.NUDGE:
            for key in action.measures:
                s = score(s, key, action.period, now)
        return s

    world = _world(person("ann"))
    world.run(*WEEK, on_sent=answer_after_the_nudge)
    assert [k for k, _, _ in _timeline(world)] == [ActionKind.CHECKIN, ActionKind.NUDGE]


def test_partial_answer_nudges_only_what_is_left_and_only_once():
    def answer_one(s, action, now):
        if action.kind is ActionKind.CHECKIN:
            s = score(s, "ann-a", action.period, now)
        return s

    world = _world(person("ann"), ladder=Ladder(nudge=1, team=None, manager=None))
    world.run(*WEEK, on_sent=answer_one)
    (nudge,) = world.sent_of(ActionKind.NUDGE)
    assert nudge.measures == ("ann-b",)
    view = next(p.view for p in world.planned if isinstance(p.view, Nudge))
    assert view.asked_on == date(2026, 11, 30) and view.prompt_key.startswith("checkin:ann:")


def test_team_can_move_or_switch_off_steps():
    world = _world(person("ann"), team_ladder=Ladder(nudge=None, team=3, manager=None))
    world.run(*WEEK)
    assert [(k, t) for k, _, t in _timeline(world)] == [
        (ActionKind.CHECKIN, at("2026-11-30 09:00")),
        (ActionKind.TEAM_ESCALATION, at("2026-12-03 09:00")),
    ]


def _snooze(world, *, at_moment):
    """Ann presses Snooze on her check-in at `at_moment`, as the command service records it."""
    (prompt,) = world.sent_of(ActionKind.CHECKIN)
    owner = next(p for p in world.state.plan.people if p.key == "ann")
    until = snooze_until(owner, at_moment, period=prompt.period, owner=owner)
    world.state = replace(world.state, snoozes={("ann", prompt.key): until})
    return prompt, until


def test_snooze_holds_the_ladder_and_its_reminder_replaces_the_nudge():
    world = _world(person("ann", manager="boss"))
    world.run(WEEK[0], at("2026-11-30 10:00"))
    prompt, until = _snooze(world, at_moment=at("2026-11-30 10:00"))
    assert until == at("2026-12-01 10:00")
    world.run(at("2026-11-30 10:00"), WEEK[1])
    assert _timeline(world) == [
        (ActionKind.CHECKIN, "ann", at("2026-11-30 09:00")),
        (ActionKind.REMINDER, "ann", at("2026-12-01 10:00")),  # no nudge at 09:00 before it
        (ActionKind.TEAM_ESCALATION, "t1", at("2026-12-02 09:00")),
        (ActionKind.MANAGER_ESCALATION, "boss", at("2026-12-04 09:00")),
    ]
    reminder = next(p for p in world.planned if p.kind is ActionKind.REMINDER)
    assert isinstance(reminder.view, Nudge) and reminder.view.prompt_key == prompt.key
    assert reminder.measures == ("ann-a", "ann-b")


def test_a_snooze_after_the_nudge_still_brings_its_reminder_and_holds_the_channel():
    world = _world(person("ann", manager="boss"))
    world.run(WEEK[0], at("2026-12-01 11:00"))
    _snooze(world, at_moment=at("2026-12-01 11:00"))
    world.run(at("2026-12-01 11:00"), WEEK[1])
    assert _timeline(world) == [
        (ActionKind.CHECKIN, "ann", at("2026-11-30 09:00")),
        (ActionKind.NUDGE, "ann", at("2026-12-01 09:00")),
        # The channel step (Wednesday 09:00) waits for the snooze to end.
        (ActionKind.REMINDER, "ann", at("2026-12-02 11:00")),
        (ActionKind.TEAM_ESCALATION, "t1", at("2026-12-02 11:00")),
        (ActionKind.MANAGER_ESCALATION, "boss", at("2026-12-04 09:00")),
    ]


def test_with_the_nudge_switched_off_a_snooze_still_reminds_once():
    world = _world(person("ann"), ladder=Ladder(nudge=None, team=2, manager=None))
    world.run(WEEK[0], at("2026-11-30 10:00"))
    _snooze(world, at_moment=at("2026-11-30 10:00"))
    world.run(at("2026-11-30 10:00"), WEEK[1])
    assert [(k, t) for k, _, t in _timeline(world)] == [
        (ActionKind.CHECKIN, at("2026-11-30 09:00")),
        (ActionKind.REMINDER, at("2026-12-01 10:00")),
        (ActionKind.TEAM_ESCALATION, at("2026-12-02 09:00")),
    ]


def test_an_answer_during_the_snooze_stops_everything():
    world = _world(person("ann", manager="boss"))
    world.run(WEEK[0], at("2026-11-30 10:00"))
    (prompt,) = world.sent_of(ActionKind.CHECKIN)
    _snooze(world, at_moment=at("2026-11-30 10:00"))
    world.run(at("2026-11-30 10:00"), at("2026-12-01 08:00"))
    for key in prompt.measures:
        world.state = score(world.state, key, prompt.period, at("2026-12-01 08:00"))
    world.run(at("2026-12-01 08:00"), WEEK[1])
    assert [k for k, _, _ in _timeline(world)] == [ActionKind.CHECKIN]


def test_a_snooze_that_would_end_after_the_period_is_refused():
    friday = at("2026-12-04 10:00")
    owner = person("ann")
    assert snooze_until(owner, friday, period="2026-W49", owner=owner) is None
    assert snooze_until(owner, friday, period="2026-12", owner=owner) == at("2026-12-07 09:00")


def test_the_snooze_answer_names_the_day_and_time_on_the_owners_clock():
    aroha = person("aroha", "Pacific/Auckland", country="NZ")
    monday_ten = at("2026-11-22 21:00")  # Monday 23 November, 10:00 in Auckland
    until = snooze_until(aroha, monday_ten, period="2026-W48", owner=aroha)
    view = snoozed_view(aroha, until=until, now=monday_ten)
    assert view == Snoozed(date(2026, 11, 24), time(10), tomorrow=True)
    text = render_text(view, build_environment())
    assert "tomorrow, Tuesday, at 10:00" in text
    friday = snoozed_view(aroha, until=at("2026-11-29 20:00"), now=at("2026-11-26 21:00"))
    assert "on Mon 30 Nov at 09:00" in render_text(friday, build_environment())


def test_delegate_is_asked_while_the_owner_is_away():
    away = person("ann", away=(Absence(date(2026, 11, 28), date(2026, 12, 6)),), delegate="dan")
    world = _world(
        away, person("dan", "Asia/Tokyo"), ladder=Ladder(nudge=1, team=None, manager=None)
    )
    world.run(*WEEK)
    prompts = [p for p in world.planned if p.kind is ActionKind.CHECKIN and p.subject == "ann"]
    (prompt,) = prompts
    # Ann's Monday 09:00 is 18:00 in Tokyo: Dan is asked at his next 09:00.
    assert prompt.recipient == "dan" and prompt.due_at == at("2026-12-01 00:00")
    assert isinstance(prompt.view, CheckinPrompt) and prompt.view.on_behalf_of.key == "ann"
    (nudge,) = [a for a in world.sent_of(ActionKind.NUDGE) if a.subject == "ann"]
    assert nudge.recipient == "dan" and nudge.sent_at == at("2026-12-02 00:00")
    assert "ann" not in {a.recipient for a in world.sent}


def test_owner_without_delegate_is_asked_when_back():
    away = person("ann", away=(Absence(date(2026, 11, 30), date(2026, 12, 1)),))
    world = _world(away, ladder=Ladder(nudge=None, team=None, manager=None))
    world.run(*WEEK)
    assert [a.sent_at for a in world.sent_of(ActionKind.CHECKIN)] == [at("2026-12-02 09:00")]


def test_an_owner_the_platform_refuses_is_escalated_that_week_as_unreachable():
    world = _world(person("ann", manager="boss"), ladder=Ladder(nudge=1, team=2, manager=None))
    monday = at("2026-11-30 09:00")
    world.state = apply(world.state, decide(world.state, monday))
    (prompt,) = [a for a in world.state.actions if a.kind is ActionKind.CHECKIN]
    # Teams answers 403 MessageWritesBlocked: the sender marks Ann unreachable and closes
    # the prompt as missed, never sent.
    refused = tuple(
        replace(a, state=ActionState.MISSED) if a.key == prompt.key else a
        for a in world.state.actions
    )
    world.state = replace(world.state, actions=refused, unreachable=frozenset({"ann"}))
    world.run(at("2026-11-30 09:30"), WEEK[1])
    assert _timeline(world) == [(ActionKind.TEAM_ESCALATION, "t1", at("2026-12-02 09:00"))]
    view = next(p.view for p in world.planned if isinstance(p.view, TeamEscalation))
    (silent,) = view.silent
    assert silent.unreachable and [m.key for m in silent.measures] == ["ann-a", "ann-b"]
    text = render_text(view, build_environment())
    assert "can't reach" in text and "without an answer" not in text
    (health,) = plan_health(world.state, at("2026-12-02 10:00")).silent
    assert health.person.key == "ann" and health.unreachable


def test_unreachable_owner_is_escalated_without_being_asked():
    world = _world(
        person("ann", slack_id=None),
        ladder=Ladder(nudge=1, team=2, manager=None),
        unreachable=frozenset({"ann"}),
    )
    world.run(*WEEK)
    assert [(k, r, t) for k, r, t in _timeline(world)] == [
        (ActionKind.TEAM_ESCALATION, "t1", at("2026-12-02 09:00"))
    ]


def test_owners_of_one_team_share_one_channel_message_per_step():
    world = _world(person("ann"), person("bob"), ladder=Ladder(nudge=None, team=2, manager=None))
    world.run(*WEEK)
    (escalation,) = world.sent_of(ActionKind.TEAM_ESCALATION)
    assert escalation.measures == ("ann-a", "ann-b", "bob-a", "bob-b")


def test_working_hours_hold_back_a_late_nudge():
    owner = person("ann", work_start=time(9), work_end=time(10))
    world = _world(owner, ladder=Ladder(nudge=1, team=None, manager=None))
    world.run(*WEEK)
    assert [a.sent_at for a in world.sent_of(ActionKind.NUDGE)] == [at("2026-12-01 09:00")]


def test_owner_with_measures_in_two_teams_gets_one_nudge_and_their_manager_one_dm():
    teams = [Team(t, t.upper(), managers=("boss",), slack_channel=f"C-{t}") for t in ("t1", "t2")]
    objectives = [
        objective("o1", "ann", [kr("x", "ann", "o1")], team="t1"),
        objective("o2", "ann", [kr("y", "ann", "o2")], team="t2"),
    ]
    p = plan([person("ann", manager="boss"), person("boss")], objectives, teams=teams)
    world = World(state(p, active_since=WEEK[0]))
    world.run(*WEEK)
    assert [a.measures for a in world.sent_of(ActionKind.NUDGE)] == [("x", "y")]
    assert [a.measures for a in world.sent_of(ActionKind.MANAGER_ESCALATION)] == [("x", "y")]
    channels = sorted((a.recipient, a.measures) for a in world.sent_of(ActionKind.TEAM_ESCALATION))
    assert channels == [("t1", ("x",)), ("t2", ("y",))]


def test_a_manager_gets_one_message_about_every_owner_whose_step_came_overnight():
    # 1 February 2027 is a Monday and the first working day: check-in and KPI review at once.
    people = [
        person("ann", "Europe/Berlin", manager="boss"),
        person("bob", "America/Los_Angeles", manager="boss"),
        person("boss", "Pacific/Auckland"),
    ]
    objectives = [
        objective("oa", "ann", [kr("ann-k", "ann", "oa")], period="2027-Q1"),
        objective("ob", "bob", [kr("bob-k", "bob", "ob")], period="2027-Q1"),
    ]
    p = plan(people, objectives, [kpi("ann-p", "ann")])
    world = World(state(p, active_since=at("2027-01-31 00:00")))
    world.run(at("2027-01-31 00:00"), at("2027-02-08 00:00"))
    # Ann's Friday 09:00 is 21:00 in Auckland, Bob's 06:00 on Saturday: one message, Monday.
    (manager,) = world.sent_of(ActionKind.MANAGER_ESCALATION)
    assert (manager.recipient, manager.sent_at) == ("boss", at("2027-02-07 20:00"))
    view = next(p.view for p in world.planned if isinstance(p.view, ManagerEscalation))
    assert [(o.person.key, [m.key for m in o.measures]) for o in view.silent] == [
        ("ann", ["ann-k", "ann-p"]),
        ("bob", ["bob-k"]),
    ]
    assert "2 of your people" in render_text(view, build_environment())
    nudges = [(a.subject, a.measures) for a in world.sent_of(ActionKind.NUDGE)]
    assert sorted(nudges) == [("ann", ("ann-k", "ann-p")), ("bob", ("bob-k",))]
