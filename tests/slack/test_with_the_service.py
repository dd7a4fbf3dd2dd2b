"""Slack end to end: signed requests through Bolt into the real command service.

Who may answer: Tom presses Priya's buttons and submits her form: each is refused with a
reply naming whose check-in it is, and nothing is recorded. Who acts comes from Slack's
verified user id; the buttons' values are the same for everyone. And App Home: Priya
answers her check-in from the Home tab, and the tab follows."""

import json
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer
from mock_slack import TOKEN, MockSlack
from requests_slack import SECRET, button, home_event, interaction, post, submission
from samples import kr
from slack_fakes import delivery
from sqlmodel import select

from bot.runtime.clock import ManualClock
from bot.runtime.sender import OutboxSender
from bot.service import CommandService
from bot.settings import Settings
from bot.slack.surface import build_slack
from bot.web import build_web_app
from cadence.planfile import load_plan
from cadence.view_codec import encode_view
from cadence.views import CheckinPrompt, PersonRef
from messages.slack_modal import checkin_modal
from storage.database import transaction
from storage.plan_repo import save_plan
from storage.tables import SnoozeRow, UpdateRow
from storage.tables.runtime import ActionRow, OutboxRow

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "plan.yaml"
NOW = datetime(2026, 11, 24, 10, tzinfo=UTC)  # Tuesday of ISO week 48
PRIYA, TOM = "U0SALES02", "U0SALES03"
ACV = replace(kr(0), key="acv", title="Lift average contract value", value=None, number=None)
VIEW = CheckinPrompt("p-acv", PersonRef("priya", "Priya Raman", slack_id=PRIYA), "2026-W48", (ACV,))


@pytest.fixture
async def slack():
    mock = MockSlack(
        users={
            PRIYA: {"id": PRIYA, "tz": "Asia/Kolkata", "profile": {"email": "priya@example.com"}},
            TOM: {"id": TOM, "tz": "America/New_York", "profile": {"email": "tom@example.com"}},
        }
    )
    await mock.start()
    yield mock
    await mock.close()


@pytest.fixture
def service(db):
    plan = load_plan(EXAMPLE).plan
    with transaction(db) as session:
        save_plan(session, plan, now=NOW)
        session.add(
            ActionRow(
                key="p-acv", kind="checkin", recipient_kind="person", recipient_key="priya",
                subject="priya", period="2026-W48", measure_keys=["acv"], state="sent",
                due_at=NOW, created_at=NOW, sent_at=NOW,
            )
        )  # fmt: skip
    return CommandService(engine=db, clock=ManualClock(NOW))


@pytest.fixture
async def surface_and_http(slack, service, env):
    settings = Settings(
        SLACK_BOT_TOKEN=TOKEN, SLACK_SIGNING_SECRET=SECRET, SLACK_API_URL=slack.api_url
    )
    surface = build_slack(settings, service, env=env)
    client = TestClient(TestServer(build_web_app([surface]), host="127.0.0.1", port=0))
    await client.start_server()
    yield surface, client
    await client.close()
    await surface.stop()


def written(db):
    with transaction(db) as session:
        return list(session.exec(select(UpdateRow))), list(session.exec(select(SnoozeRow)))


async def priyas_message(surface, slack):
    receipt = await surface.port.deliver(delivery(VIEW, address=PRIYA))
    (message,) = slack.history[receipt.channel]
    return receipt.channel, message


@pytest.mark.parametrize("action", ["checkin.no_change", "checkin.snooze"])
async def test_someone_elses_buttons_are_refused_and_record_nothing(
    db, slack, surface_and_http, action
):
    surface, http = surface_and_http
    channel, message = await priyas_message(surface, slack)
    click = button(
        action, message=message, channel=channel, user=TOM, response_url=slack.url("/respond/1")
    )
    assert (await post(http, click)).status == 200
    await slack.wait_for(lambda: slack.responses)
    (reply,) = slack.responses
    assert reply["response_type"] == "ephemeral"
    assert "Priya Raman's" in reply["text"] and "nothing was recorded" in reply["text"]
    assert slack.called("chat.update") == []
    assert written(db) == ([], [])
    assert slack.violations == []


async def test_someone_elses_update_button_opens_no_form(db, slack, surface_and_http):
    surface, http = surface_and_http
    channel, message = await priyas_message(surface, slack)
    click = button(
        "checkin.update",
        message=message,
        channel=channel,
        user=TOM,
        response_url=slack.url("/respond/1"),
    )
    await post(http, click)
    await slack.wait_for(lambda: slack.called("chat.postEphemeral"))
    (refusal,) = slack.called("chat.postEphemeral")
    assert refusal["user"] == TOM and "Priya Raman's" in refusal["text"]
    assert slack.called("views.open") == []
    # Priya's own click opens the form: the refusal was about Tom, not the prompt.
    mine = button(
        "checkin.update",
        message=message,
        channel=channel,
        user=PRIYA,
        trigger="t-priya",
        response_url=slack.url("/respond/2"),
    )
    await post(http, mine)
    await slack.wait_for(lambda: slack.called("views.open"))
    assert slack.called("views.open")[0]["trigger_id"] == "t-priya"
    assert written(db) == ([], [])


async def test_someone_elses_form_submission_is_refused_in_the_form(
    db, slack, surface_and_http, env
):
    _surface, http = surface_and_http
    modal = checkin_modal(VIEW, env)
    typed = {"value.0": {"value": {"type": "plain_text_input", "value": "$25K"}}}
    response = await post(http, submission(modal, typed, user=TOM))
    body = await response.json()
    assert body["response_action"] == "errors"
    (message,) = body["errors"].values()
    assert "Priya Raman's" in message
    assert written(db) == ([], [])
    # The same form from Priya records her value.
    response = await post(http, submission(modal, typed, user=PRIYA, view_id="V2"))
    assert response.status == 200 and await response.text() == ""
    (update,) = written(db)[0]
    assert (update.measure_key, update.value, update.author) == ("acv", 25_000, "priya")
    assert json.dumps(slack.violations) == "[]"


def stored_prompt(db, receipt) -> None:
    """The outbox row the prompt went out as, the way the sender leaves it."""
    with transaction(db) as session:
        session.add(
            OutboxRow(
                action_key="p-acv", kind="checkin", platform="slack", address=PRIYA,
                recipient_key="priya", payload=encode_view(VIEW), state="sent",
                next_attempt_at=NOW, created_at=NOW, sent_at=NOW,
                platform_message_id=receipt.platform_message_id, channel=receipt.channel,
            )
        )  # fmt: skip


async def test_home_update_answers_the_checkin_and_the_home_follows(db, slack, surface_and_http):
    surface, http = surface_and_http
    receipt = await surface.port.deliver(delivery(VIEW, address=PRIYA))
    stored_prompt(db, receipt)
    await post(http, home_event(user=PRIYA))
    await slack.wait_for(lambda: slack.called("views.publish"))
    before = slack.called("views.publish")[0]["view"]["blocks"]
    assert "Due now" in str(before) and "haven't recorded an update yet" in str(before)
    (update,) = [e for b in before if b["type"] == "actions" for e in b["elements"]]
    assert (update["action_id"], update["value"]) == ("checkin.update", "p-acv")

    click = {
        "type": "block_actions",
        "user": {"id": PRIYA, "team_id": "T1"},
        "api_app_id": "A1",
        "team": {"id": "T1"},
        "container": {"type": "view", "view_id": "VHOME"},
        "trigger_id": "t-home",
        "view": {"id": "VHOME", "type": "home", "blocks": before},
        "actions": [{**update, "block_id": "b1", "action_ts": "1700000500.000001"}],
    }
    await post(http, interaction(click))
    await slack.wait_for(lambda: slack.called("views.open"))
    modal = slack.called("views.open")[0]["view"]
    assert json.loads(modal["private_metadata"])["measures"] == ["acv"]

    typed = {"value.0": {"value": {"type": "plain_text_input", "value": "$26K"}}}
    response = await post(http, submission(modal, typed, user=PRIYA))
    assert response.status == 200 and await response.text() == ""
    await slack.wait_for(lambda: len(slack.called("views.publish")) == 2)
    (row,) = written(db)[0]
    assert (row.measure_key, row.value, row.author) == ("acv", 26_000, "priya")
    # The check-in message itself is turned into what was recorded, in its turn.
    assert slack.called("chat.update") == []
    await OutboxSender(db, {"slack": surface.port}, ManualClock(NOW)).drain()
    (edit,) = slack.called("chat.update")
    assert edit["ts"] == receipt.platform_message_id
    after = str(slack.called("views.publish")[1]["view"]["blocks"])
    due, rest = after.split("Up to date")
    assert "(acv)" in str(before).split("Up to date")[0] and "(acv)" not in due
    assert "(acv)" in rest and "(acv): $26,000 for the week of 23 Nov" in after
    assert slack.violations == []
