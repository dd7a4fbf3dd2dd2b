"""The escalation ladder in plan files: per plan and per team, steps moved or off."""

from cadence.model import Ladder
from cadence.planfile import dump_plan_yaml, load_yaml_text

from .base import BASE, load


def _with(plan_lines: str = "", team_lines: str = "") -> str:
    text = BASE.replace("    managers: [ana]\n", "    managers: [ana]\n" + team_lines)
    return plan_lines + text


def test_plan_and_team_ladders_are_read_over_the_defaults():
    plan = load(_with("escalation: {team: 3, manager: off}\n",
                      "    escalation:\n      nudge: off\n")).plan  # fmt: skip
    assert plan.ladder == Ladder(nudge=1, team=3, manager=None)
    assert plan.teams[0].ladder == Ladder(nudge=None, team=2, manager=4)


def test_a_plan_without_a_ladder_keeps_the_default_and_teams_inherit():
    plan = load(BASE).plan
    assert plan.ladder == Ladder() and plan.teams[0].ladder is None


def test_bad_steps_are_refused_with_the_line():
    result = load_yaml_text(_with("escalation: {nudge: soon, boss: 2}\n"))
    assert result.plan is None
    messages = [(e.line, e.message) for e in result.errors]
    assert (1, "unknown field 'boss'") in [(line, m.split(";")[0]) for line, m in messages]
    assert any("'soon' is not a number of working days (0-20) or off" in m for _, m in messages)


def test_ladders_round_trip():
    plan = load(_with("escalation: {manager: off}\n", "    escalation: {team: 5}\n")).plan
    assert load_yaml_text(dump_plan_yaml(plan)).plan == plan
