"""The Friday manager digest and the quarter-close grading prompt."""

import re
from dataclasses import replace
from datetime import time, timedelta

from builders import at, kpi, kr, objective, person, plan, scored, state
from world import World, score

from cadence.calendar import local
from cadence.engine.state import ActionKind, ActionState, RecipientKind
from cadence.model import Team
from cadence.schedule import DigestTo
from cadence.updates import Confidence
from cadence.views import Digest, QuarterClose, Status
from messages.environment import build_environment
from messages.plain import render_text
from messages.slack import render_slack


def _plan():
    team = Team("t1", "Team One", managers=("boss",), slack_channel="C1")
    krs = [kr("k1", "ann"), kr("k2", "ann")]
    return plan(
        [person("ann", "Europe/Berlin", country="DE"), person("boss", "America/Los_Angeles")],
        [objective("o1", "ann", krs)],
        [kpi("green", "ann"), kpi("red", "ann")],
        teams=[team],
    )


def test_digest_on_friday_at_sixteen_on_the_managers_clock_answers_the_four_questions():
    history = (
        scored("k1", "2026-W49", value=8, confidence=Confidence.ON_TRACK, when="2026-12-01 10:00"),
        scored("k2", "2026-W49", value=2, confidence=Confidence.OFF_TRACK,
               blockers="Waiting on legal", when="2026-12-01 10:00"),
        scored("green", "2026-12", value=95, when="2026-12-01 10:00"),
        scored("red", "2026-12", value=40, when="2026-06-01 10:00", comment="Old news"),
    )  # fmt: skip
    start = at("2026-11-29 00:00")
    world = World(state(_plan(), *history, ever_updated=frozenset({"ann"}), active_since=start))
    world.run(start, at("2026-12-06 00:00"))
    (sent,) = world.sent_of(ActionKind.DIGEST)
    # In the team's channel, at 16:00 on the (first) manager's Friday (PST).
    assert (sent.recipient, sent.recipient_kind) == ("t1", RecipientKind.TEAM)
    assert sent.sent_at == at("2026-12-05 00:00")
    digest = next(p.view for p in world.planned if isinstance(p.view, Digest))
    assert digest.recipient is None  # nobody is greeted (or mentioned) in the channel
    assert [m.key for m in digest.going_well] == ["k1", "green"]
    assert [(m.key, m.status) for m in digest.not_going_well] == [
        ("k2", Status.OFF_TRACK),
        ("red", Status.RED),
    ]
    assert [m.key for m in digest.next_objectives] == ["red"]
    assert [(v.text, v.blocker) for v in digest.voices] == [("Waiting on legal", True)]
    assert [u.key for u in digest.unmoved] == ["red"]
    assert [s.key for s in digest.stale] == ["red"]
    assert digest.health.krs_scored == 1.0


def test_each_manager_of_each_team_gets_one_digest_per_week():
    teams = [
        Team("t1", "One", managers=("boss", "deputy")),
        Team("t2", "Two", managers=("boss",)),
    ]
    people = [person("boss"), person("deputy")]
    start = at("2026-11-29 00:00")
    world = World(state(plan(people, teams=teams), active_since=start))
    world.run(start, start + timedelta(days=14))
    digests = sorted((a.recipient, a.subject, a.period) for a in world.sent_of(ActionKind.DIGEST))
    assert digests == sorted(
        (r, t, w)
        for w in ("2026-W49", "2026-W50")
        for r, t in (("boss", "t1"), ("deputy", "t1"), ("boss", "t2"))
    )


def test_quarter_close_in_the_last_working_week_with_suggested_grades():
    history = (scored("k1", "2026-W52", value=10), scored("k2", "2026-W52", value=4))
    start = at("2026-12-20 00:00")
    world = World(state(_plan(), *history, active_since=start))
    world.run(start, at("2027-01-01 00:00"))
    (close,) = world.sent_of(ActionKind.QUARTER_CLOSE)
    # Berlin: 31, 30, 29, 28 Dec and (over the Christmas holidays) 24 Dec.
    assert close.sent_at == at("2026-12-24 08:00") and close.measures == ("o1",)
    view = next(p.view for p in world.planned if isinstance(p.view, QuarterClose))
    assert view.period == "2026-Q4"
    assert [(o.key, o.suggested_grade) for o in view.objectives] == [("o1", 0.7)]


def test_quarter_close_is_answered_when_graded():
    start = at("2026-12-24 07:00")
    world = World(state(_plan(), active_since=start))
    world.run(start, at("2026-12-24 09:00"))
    (close,) = world.sent_of(ActionKind.QUARTER_CLOSE)
    world.state = replace(world.state, grades={"o1": 0.6})
    decisions = world.tick(at("2026-12-24 10:00"))
    assert decisions.answered == (close.key,)


def _digests_of(manager, *, weeks, start, **team_fields):
    team = Team("t1", "Team One", managers=(manager.key,), **team_fields)
    p = plan([manager, person("ann")], [objective("o1", "ann", [kr("k1", "ann")])], teams=[team])
    world = World(state(p, active_since=at(start)))
    world.run(at(start), at(start) + timedelta(weeks=weeks), step=timedelta(minutes=30))
    assert all(a.state is not ActionState.MISSED for a in world.state.actions
               if a.kind is ActionKind.DIGEST)  # fmt: skip
    return [(a.period, local(manager, a.sent_at)) for a in world.sent_of(ActionKind.DIGEST)]


def test_a_manager_who_works_monday_to_thursday_gets_the_digest_on_thursday():
    four_days = person("boss", "Europe/London", working_days=frozenset({0, 1, 2, 3}))
    sent = _digests_of(four_days, weeks=3, start="2026-12-06 00:00")
    assert [(p, w.strftime("%a %H:%M")) for p, w in sent] == [
        ("2026-W50", "Thu 16:00"),
        ("2026-W51", "Thu 16:00"),
        ("2026-W52", "Thu 16:00"),
    ]


def test_a_manager_who_leaves_at_three_gets_it_an_hour_before():
    early = person("boss", "America/New_York", work_start=time(8), work_end=time(15))
    sent = _digests_of(early, weeks=2, start="2026-12-06 00:00")
    assert [w.strftime("%a %H:%M") for _, w in sent] == ["Fri 14:00", "Fri 14:00"]


def test_a_new_zealand_manager_gets_the_christmas_week_digest_before_the_holiday():
    auckland = person("boss", "Pacific/Auckland", country="NZ")
    sent = _digests_of(auckland, weeks=1, start="2026-12-20 00:00")
    assert [(p, w.strftime("%a %d %b %H:%M")) for p, w in sent] == [
        ("2026-W52", "Thu 24 Dec 16:00")
    ]


def _team_world(digest_to=None, *, plan_to=DigestTo.CHANNEL, unreachable=frozenset()):
    team = Team("t1", "Team One", managers=("boss", "deputy"), slack_channel="C1",
                digest_to=digest_to)  # fmt: skip
    people = [person("ann"), person("boss"), person("deputy")]
    p = plan(people, [objective("o1", "ann", [kr("k1", "ann")])], teams=[team], digest_to=plan_to)
    start = at("2026-11-29 00:00")
    world = World(state(p, active_since=start, unreachable=unreachable))
    world.run(start, at("2026-12-06 00:00"))
    return sorted((a.recipient_kind.value, a.recipient) for a in world.sent_of(ActionKind.DIGEST))


def test_the_digest_goes_where_the_plan_or_team_says():
    assert _team_world() == [("team", "t1")]
    assert _team_world(plan_to=DigestTo.MANAGERS) == [("person", "boss"), ("person", "deputy")]
    both = [("person", "boss"), ("person", "deputy"), ("team", "t1")]
    assert _team_world(DigestTo.BOTH, plan_to=DigestTo.MANAGERS) == both
    assert _team_world(DigestTo.CHANNEL, plan_to=DigestTo.MANAGERS) == [("team", "t1")]
    # A channel the bot cannot post in: the managers get it instead.
    managers = [("person", "boss"), ("person", "deputy")]
    assert _team_world(unreachable=frozenset({"t1"})) == managers


def test_in_the_channel_the_digest_mentions_nobody_but_silent_owners():
    team = Team("t1", "Team One", managers=("boss",), slack_channel="C1")
    people = [person("ann"), person("bea"), person("boss")]
    objectives = [objective("o1", "ann", [kr("k1", "ann"), kr("k2", "bea")])]
    start = at("2026-11-29 00:00")
    history = scored("k1", "2026-W49", comment="Two renewals", when="2026-11-30 10:00")
    s = state(plan(people, objectives, teams=[team]), history, ever_updated=frozenset({"ann"}),
              active_since=start)  # fmt: skip
    world = World(s)
    world.run(start, at("2026-12-06 00:00"), on_sent=_answer_only("ann"))
    view = next(p.view for p in world.planned if isinstance(p.view, Digest))
    assert [o.person.key for o in view.silent] == ["bea"]
    env = build_environment()
    blocks = str(render_slack(view, env)["blocks"])
    assert re.findall(r"<@(\w+)>", blocks) == ["UBEA"]
    assert "<!channel>" not in blocks and "<!here>" not in blocks
    assert render_text(view, env).splitlines()[2].startswith("Here is how Team One is doing")


def _answer_only(key):
    def answer(s, action, now):
        if action.kind is ActionKind.CHECKIN and action.subject == key:
            for measure in action.measures:
                s = score(s, measure, action.period, now)
        return s

    return answer
