import pytest
from samples import ANA, silent, views
from validate import slack_message, teams_card

from cadence.model import MeasureKind
from cadence.quantities import LARGEST
from cadence.units import Unit, UnitKind
from cadence.views import KpiReviewPrompt, MeasureLine, SilentAnswer
from messages.plain import render_text
from messages.slack import render_slack
from messages.teams import render_teams

KINDS = [type(v).__name__ for v in views(1)]


def test_every_view_kind_has_a_sample():
    from cadence import views as module

    assert set(KINDS) == {t.__name__ for t in module.View.__args__}


@pytest.mark.parametrize("n", [1, 3, 60, 500])
@pytest.mark.parametrize("index", range(len(KINDS)), ids=KINDS)
def test_every_kind_renders_validly_on_every_surface(env, card_schema, index, n):
    view = views(n)[index]
    slack_message(render_slack(view, env))
    teams_card(render_teams(view, env), card_schema)
    text = render_text(view, env)
    assert text.strip() and "None" not in text


@pytest.mark.parametrize("index", range(len(KINDS)), ids=KINDS)
def test_long_lists_are_summarised_with_a_count(env, index):
    """Every list is shown in full or ends in a note saying how many were left out."""
    view = views(500)[index]
    for words in (str(render_slack(view, env)["blocks"]), str(render_teams(view, env)["body"])):
        if type(view).__name__ in ("HelpAnswer", "ErrorReply", "Snoozed", "Notice"):
            assert "more" not in words
        else:
            assert "…and " in words or "499" in words


def test_slack_packs_silent_owners_into_few_sections_and_points_past_the_rest(env):
    """500 silent owners fit one Slack message (23 did, one section each); 5,000 do not,
    and the note says where to see them all, not /metric silent, which is this answer."""
    answer = SilentAnswer("Sales", tuple(silent(i) for i in range(500)))
    blocks = render_slack(answer, env)["blocks"]
    shown = str(blocks)
    assert all(f"<@U{i:06d}>" in shown for i in range(1, 500)) and "…and" not in shown
    assert all(len(b["text"]["text"]) <= 3000 for b in blocks if b["type"] == "section")
    many = render_slack(SilentAnswer("Sales", tuple(silent(i) for i in range(5000))), env)
    slack_message(many)
    (note,) = [b for b in many["blocks"] if "…and" in str(b)]
    text = note["elements"][0]["text"]
    assert "more people: the dashboard and “cadence-bot health” list everyone" in text
    left_out = int(text.split("…and ")[1].split()[0])
    assert str(many["blocks"]).count("<@U") + left_out == 5000


def test_sixty_measures_keep_the_buttons_and_say_how_many_were_left_out(env, card_schema):
    prompt = views(60)[0]
    blocks = render_slack(prompt, env)["blocks"]
    assert blocks[-1]["type"] == "actions"
    shown = sum(1 for b in blocks if b["type"] == "section" and "Close enterprise" in str(b))
    note = next(b for b in blocks if "…and" in str(b))
    left_out = int(str(note).split("…and ")[1].split()[0])
    assert shown + left_out == 60
    card = render_teams(prompt, card_schema and env)
    inputs = [i for i in card["body"] if i["type"] == "Input.Number"]
    assert 0 < len(inputs) < 60
    assert str(60 - len(inputs)) in str(card["body"])


def test_plain_text_leaves_nothing_out(env):
    text = render_text(views(500)[4], env)
    assert "Person Number 499" in text and "…and" not in text


def test_checkin_buttons_carry_the_prompt_key(env):
    actions = render_slack(views(2)[0], env)["blocks"][-1]["elements"]
    assert [(a["action_id"], a["value"]) for a in actions] == [
        ("checkin.update", "p-1"),
        ("checkin.no_change", "p-1"),
        ("checkin.snooze", "p-1"),
    ]


def test_teams_card_is_the_form(env):
    card = render_teams(views(2)[0], env)
    body = card["body"]
    numbers = [i for i in body if i["type"] == "Input.Number"]
    assert [n["id"] for n in numbers] == ["value.deals-0", "value.deals-1"]
    assert (numbers[0]["min"], numbers[0]["max"]) == (0, LARGEST)
    choices = [i for i in body if i["type"] == "Input.ChoiceSet"]
    assert [c["value"] for c in choices[0]["choices"]] == ["on_track", "at_risk", "off_track"]
    assert any(i["type"] == "Input.Text" and i["id"] == "comment" for i in body)
    submits = body[-1]["actions"]
    assert [(s["title"], s["data"]) for s in submits] == [
        ("Save", {"action": "checkin.update", "prompt": "p-1"}),
        ("No change", {"action": "checkin.no_change", "prompt": "p-1"}),
        ("Snooze until tomorrow", {"action": "checkin.snooze", "prompt": "p-1"}),
    ]
    assert "associatedInputs" not in submits[0] and submits[1]["associatedInputs"] == "none"


def test_kpis_get_no_confidence_question(env):
    card = render_teams(views(2)[1], env)
    assert not [i for i in card["body"] if i["type"] == "Input.ChoiceSet"]


def test_quarter_close_asks_the_question_and_grades_zero_to_one(env):
    text = render_text(views(2)[6], env)
    assert "are we still serving the goal, or just the number?" in text
    card = render_teams(views(2)[6], env)
    grades = [i for i in card["body"] if i["type"] == "Input.Number"]
    assert [(g["min"], g["max"]) for g in grades] == [(0, 1), (0, 1)]


def test_digest_answers_the_four_questions(env):
    text = render_text(views(3)[7], env)
    for question in (
        "What is going well",
        "What is not",
        "What can we do about it",
        "Is there anything we should be tracking that we are not?",
        "next quarter's objective",
        "Waiting to hear from",
        "Plan health",
    ):
        assert question in text
    assert "Blocked on Close enterprise deals in region 0, from Ana Souza" in text


def test_a_teams_number_field_says_its_unit_and_shows_the_last_value_as_digits(env):
    """An owner typing 1.2 for $1.2M would record $1.20: the field says USD and 1050000."""
    lines = (
        MeasureLine(
            "mrr", "Monthly recurring revenue", MeasureKind.KPI,
            Unit(UnitKind.CURRENCY, currency="USD"), "$1.05M", number=1_050_000.0,
        ),
        MeasureLine(
            "first-response", "First response time", MeasureKind.KPI,
            Unit(UnitKind.DURATION), "1 h 10 min", number=70 / 60,
        ),
        MeasureLine(
            "attrition", "Attrition", MeasureKind.KPI, Unit(UnitKind.PERCENT), "9%", number=9.0
        ),
        MeasureLine(
            "nps", "Net promoter score", MeasureKind.KPI,
            Unit(UnitKind.NUMBER, minimum=-100, maximum=100),
        ),
    )  # fmt: skip
    card = render_teams(KpiReviewPrompt("p-2", ANA, "2026-12", lines), env)
    fields = {
        i["id"]: (i["label"], i.get("placeholder"), i["min"], i["max"])
        for i in card["body"]
        if i["type"] == "Input.Number"
    }
    assert fields == {
        "value.mrr": (
            "Monthly recurring revenue (USD)",
            "Last time: 1050000",
            0 - LARGEST,
            LARGEST,
        ),
        "value.first-response": ("First response time (hours)", "Last time: 1.1667", 0, LARGEST),
        "value.attrition": ("Attrition (%)", "Last time: 9", -LARGEST, LARGEST),
        "value.nps": ("Net promoter score", None, -100, 100),
    }
    modal_words = render_text(KpiReviewPrompt("p-2", ANA, "2026-12", lines), env)
    assert "$1.05M" in modal_words and "1050000" not in modal_words
