"""Where the digest goes, in plan files: `digest: {to: channel | managers | both}`."""

from cadence.planfile import dump_plan_yaml, load_yaml_text
from cadence.schedule import DigestTo

from .base import BASE, load


def _with(plan_lines: str = "", team_lines: str = "") -> str:
    text = BASE.replace("    managers: [ana]\n", "    managers: [ana]\n" + team_lines)
    return plan_lines + text


def test_plan_and_team_settings_are_read_and_default_to_the_channel():
    assert load(BASE).plan.digest_to is DigestTo.CHANNEL
    assert load(BASE).plan.teams[0].digest_to is None  # the plan's setting applies
    plan = load(_with("digest: {to: managers}\n", "    digest: {to: both}\n")).plan
    assert plan.digest_to is DigestTo.MANAGERS
    assert plan.teams[0].digest_to is DigestTo.BOTH


def test_a_bad_destination_is_refused_with_its_line():
    result = load_yaml_text(_with("digest: {to: slack}\n"))
    assert result.plan is None
    (error,) = result.errors
    assert error.line == 1
    assert "'slack' is not where a digest goes; use one of channel, managers, both" in error.message
    unknown = load_yaml_text(_with("", "    digest: {when: friday}\n"))
    assert unknown.plan is None and unknown.errors[0].line == 12


def test_a_team_without_a_channel_cannot_ask_for_the_channel():
    result = load_yaml_text(_with("", "    digest: {to: channel}\n"))
    assert result.plan is None
    (error,) = result.errors
    assert error.line == 12 and "has no slack_channel or teams_channel" in error.message
    with_channel = _with("", "    slack_channel: C0SALES\n    digest: {to: channel}\n")
    assert load(with_channel).plan.teams[0].digest_to is DigestTo.CHANNEL


def test_destinations_round_trip():
    plan = load(_with("digest: {to: both}\n", "    digest: {to: managers}\n")).plan
    assert load_yaml_text(dump_plan_yaml(plan)).plan == plan
    assert "digest" not in dump_plan_yaml(load(BASE).plan)
