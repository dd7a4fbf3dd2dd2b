"""Quarter close in Slack: Grade opens a modal with one grade per objective, whose
submission goes to the service as grades; Snooze snoozes the prompt."""

import json

import pytest
from requests_slack import button, post, submission
from samples import ANA, kr
from slack_fakes import sent_prompt

from cadence.commands import SnoozePrompt, SubmitValues
from cadence.outcomes import Outcome
from cadence.updates import Source
from cadence.views import Change, ErrorReply, ObjectiveGrade, QuarterClose, UpdateConfirmation

CLOSE = QuarterClose(
    "q-1",
    ANA,
    "2026-Q4",
    (
        ObjectiveGrade("grow", "Grow the pipeline", 0.6, (kr(0), kr(1))),
        ObjectiveGrade("keep", "Keep customers", None, (kr(2),)),
    ),
)
GRADED = UpdateConfirmation(ANA, (Change("grow", "Grow the pipeline", None, "0.7"),))


async def open_grades(http, slack, surface, view=CLOSE):
    receipt, message = await sent_prompt(surface, slack, view)
    click = button(
        "quarter.save",
        message=message,
        channel=receipt.channel,
        response_url=slack.url("/respond/1"),
    )
    assert (await post(http, click)).status == 200
    await slack.wait_for(lambda: slack.called("views.open"))
    return receipt, slack.called("views.open")[0]["view"]


async def test_the_grade_button_opens_a_modal_with_a_grade_per_objective(
    http, slack, service, surface
):
    _receipt, modal = await open_grades(http, slack, surface)
    assert modal["title"]["text"] == "Quarter close"
    assert json.loads(modal["private_metadata"])["measures"] == ["grade.grow", "grade.keep"]
    labels = [b["label"]["text"] for b in modal["blocks"] if b["type"] == "input"]
    assert labels[:2] == ["Grade for Grow the pipeline", "Grade for Keep customers"]
    assert "Suggested: 0.6" in json.dumps(modal["blocks"])
    assert slack.violations == [] and service.answers() == [] and service.recorded == 0


async def test_submitted_grades_go_to_the_service_as_grades_with_the_lesson(
    http, slack, service, surface
):
    _receipt, modal = await open_grades(http, slack, surface)
    service.answer = lambda c: Outcome(GRADED, recorded=1)
    typed = {
        "value.0": {"value": {"type": "plain_text_input", "value": "0.7"}},
        "value.1": {"value": {"type": "plain_text_input", "value": ""}},
        "comment": {"comment": {"type": "plain_text_input", "value": "Too many deals at once"}},
    }
    response = await post(http, submission(modal, typed))
    assert response.status == 200 and await response.text() == ""
    await slack.wait_for(lambda: slack.called("chat.postMessage")[1:])
    (command,) = service.answers()
    assert isinstance(command, SubmitValues) and command.prompt_key == "q-1"
    assert command.source is Source.SLACK_MODAL
    (grade,) = command.inputs
    assert (grade.measure_key, grade.text, grade.comment) == (
        "grade.grow",
        "0.7",
        "Too many deals at once",
    )
    assert "0.7" in slack.called("chat.postMessage")[1]["text"]
    assert slack.violations == []


async def test_a_grade_out_of_range_keeps_the_modal_open(http, slack, service, surface):
    _receipt, modal = await open_grades(http, slack, surface)
    service.answer = lambda c: Outcome(
        ErrorReply("bad_grade", "Grow the pipeline: 7 is above 1.", "A grade is from 0 to 1.")
    )
    typed = {"value.0": {"value": {"type": "plain_text_input", "value": "7"}}}
    body = await (await post(http, submission(modal, typed))).json()
    assert body["response_action"] == "errors"
    assert body["errors"] == {"value.0": "Grow the pipeline: 7 is above 1. A grade is from 0 to 1."}
    assert service.recorded == 0


async def test_snooze_at_quarter_close_snoozes_the_prompt(http, slack, service, surface):
    receipt, message = await sent_prompt(surface, slack, CLOSE)
    service.answer = lambda c: Outcome(ErrorReply("snooze.ok", "Snoozed until tomorrow.", ""))
    click = button(
        "quarter.snooze",
        message=message,
        channel=receipt.channel,
        response_url=slack.url("/respond/2"),
    )
    await post(http, click)
    await slack.wait_for(lambda: slack.responses)
    (command,) = service.commands
    assert isinstance(command, SnoozePrompt) and command.prompt_key == "q-1"


@pytest.mark.parametrize("objectives", [1, 5, 12])
async def test_the_message_and_the_modal_stay_within_slack_limits(http, slack, surface, objectives):
    many = QuarterClose(
        "q-9",
        ANA,
        "2026-Q4",
        tuple(
            ObjectiveGrade(f"o{i}", f"Objective {i} " * 8, 0.5, (kr(0), kr(1), kr(2)))
            for i in range(objectives)
        ),
    )
    _receipt, modal = await open_grades(http, slack, surface, many)
    assert modal["blocks"]
    assert slack.violations == []
