"""What a demanding reader notices: period keys, hints, keys, arrows, grades, blank lines."""

import re

import pytest
from samples import ANA, kpi, kr, views

from cadence.views import CheckinPrompt, KpiReviewPrompt, Nudge
from messages.plain import render_text
from messages.slack import render_slack
from messages.teams import render_teams

PERIOD_KEY = re.compile(r"\b\d{4}-(?:W\d\d|Q[1-4]|\d\d)\b")


@pytest.mark.parametrize("index", range(len(views(1))), ids=lambda i: type(views(1)[i]).__name__)
def test_no_message_shows_a_period_key(env, index):
    view = views(2)[index]
    words = [render_text(view, env), str(render_slack(view, env)), str(render_teams(view, env))]
    assert not [PERIOD_KEY.findall(w) for w in words if PERIOD_KEY.search(w)]


def test_periods_are_named_as_people_say_them(env):
    checkin, review, *_ = views(1)
    assert render_text(checkin, env).startswith("Check-in for the week of 5 Oct\n")
    assert render_text(review, env).startswith("KPI review for October 2026\n")
    assert "Closing Q4 2026" in render_text(views(1)[6], env)
    nudge = Nudge("p-1", ANA, "2026-W41+2", checkin.measures[0].last_updated, checkin.measures)
    assert "still open for the two weeks from 5 Oct." in render_text(nudge, env)


@pytest.mark.parametrize(
    ("period", "words"),
    [
        ("2026-W49", "it's time for this week's numbers"),
        ("2026-12", "it's time for this month's numbers"),
        ("2026-Q4", "it's time for this quarter's numbers"),
    ],
)
def test_a_kpi_review_is_worded_by_its_cadence(env, period, words):
    assert words in render_text(KpiReviewPrompt("p-2", ANA, period, (kpi(0),)), env)


def test_the_reply_hint_is_made_from_the_recipients_own_measures(env):
    one = render_text(CheckinPrompt("p-1", ANA, "2026-W41", (kr(0),)), env)
    assert 'You can also just reply here with the number, like "3 on track".' in one
    several = render_text(CheckinPrompt("p-1", ANA, "2026-W41", (kr(0), kr(1))), env)
    assert 'each key and value, like "deals-0: 3 on track; deals-1: 3 on track".' in several
    review = render_text(KpiReviewPrompt("p-2", ANA, "2026-10", (kpi(0),)), env)
    assert 'like "2.4%".' in review
    for text in (one, several, review):
        assert "one line each" not in text and "churn: 2.1%" not in text
        assert "deals: 3 on track" not in text


def test_keys_are_shown_where_a_reply_or_command_needs_them(env):
    one = render_text(CheckinPrompt("p-1", ANA, "2026-W41", (kr(0),)), env)
    assert "(deals-0)" not in one
    several = render_text(CheckinPrompt("p-1", ANA, "2026-W41", (kr(0), kr(1))), env)
    assert "region 0 (deals-0)" in several and "region 1 (deals-1)" in several
    mine = render_text(views(1)[9], env)
    assert "(deals-0)" in mine and "(churn-0)" in mine
    assert "  Key: deals-0\n" in render_text(views(1)[8], env)


def test_an_arrow_only_ever_means_old_to_new(env):
    prompt = render_text(views(1)[0], env)
    assert "3 · target 12" in prompt and "3 → 12" not in prompt
    assert "2.4% · target 2%" in render_text(views(1)[7], env)
    assert "region 0: 2 → 3" in render_text(views(1)[3], env)


def test_the_quarter_close_shows_the_suggested_grade_everywhere(env):
    close = views(1)[6]
    assert "Objective 0 · suggested grade 0.6" in render_text(close, env)
    assert "suggested grade 0.6" in str(render_slack(close, env)["blocks"])
    assert "suggested grade 0.6" in str(render_teams(close, env)["body"])


def test_plain_text_never_stacks_blank_lines(env):
    for view in views(2):
        assert "\n\n\n" not in render_text(view, env)
    assert render_text(views(1)[9], env).startswith("Your measures\n\nDue now\n")
