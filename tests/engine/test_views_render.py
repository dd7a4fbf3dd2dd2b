"""Every view the engine plans survives the outbox codec and renders within the limits
of Slack, Teams and plain text, including an owner with many measures."""

import sys
from datetime import timedelta
from pathlib import Path

import pytest
from builders import at, kpi, kr, objective, person, plan, state
from world import World

from cadence.model import Team
from cadence.view_codec import decode_view, encode_view
from messages.environment import build_environment
from messages.plain import render_text
from messages.slack import render_slack
from messages.teams import render_teams

sys.path.insert(0, str(Path(__file__).parents[1] / "rendering"))
from validate import slack_message, teams_card


@pytest.fixture(scope="module")
def planned():
    start = at("2026-12-13 00:00")
    many = [kr(f"k{i:02d}", "ann", "o1") for i in range(60)]
    others = [objective(f"o{i}", f"p{i}", [kr(f"q{i}", f"p{i}", f"o{i}")]) for i in range(2, 30)]
    people = [person("ann", manager="boss"), person("boss")] + [
        person(f"p{i}") for i in range(2, 30)
    ]
    kpis = [kpi(f"m{i}", "ann") for i in range(40)]
    team = Team("t1", "Team One", managers=("boss",), slack_channel="C1", teams_channel="T1")
    p = plan(people, [objective("o1", "ann", many), *others], kpis, teams=[team])
    world = World(state(p, active_since=start))
    world.run(start, start + timedelta(days=21), step=timedelta(hours=1))
    return world.planned


def test_every_kind_is_covered(planned):
    kinds = {type(p.view).__name__ for p in planned}
    assert kinds >= {"CheckinPrompt", "KpiReviewPrompt", "Nudge", "TeamEscalation",
                     "ManagerEscalation", "QuarterClose", "Digest"}  # fmt: skip


def test_views_survive_the_outbox_codec(planned):
    assert all(decode_view(encode_view(p.view)) == p.view for p in planned)


def test_every_planned_view_renders_within_platform_limits(planned, card_schema):
    env = build_environment()
    largest = {}
    for action in planned:
        payload = encode_view(action.view)
        kind = type(action.view)
        if len(str(payload)) > len(str(largest.get(kind, ""))):
            largest[kind] = payload
    for payload in largest.values():
        view = decode_view(payload)
        slack_message(render_slack(view, env))
        teams_card(render_teams(view, env), card_schema)
        assert render_text(view, env).strip()
