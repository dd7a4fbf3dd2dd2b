"""App Home: my measures, what is due, my recent updates and the check-in's Update button,
published when I open the tab and again after I record an update."""

from datetime import date

from requests_slack import dm_event, home_event, interaction, post, submission
from samples import ANA, kr
from slack_fakes import answered, recorded

from cadence.commands import OpenForm, OpenHome
from cadence.outcomes import Outcome
from cadence.views import ErrorReply, HomeAnswer, RecentUpdate, WaitingPrompt

RECENT = tuple(
    RecentUpdate(f"deals-{n}", f"Deals {n}", str(n), "2026-W48", date(2026, 11, 24 - n % 7))
    for n in range(10)
)


def home_click(value: str = "p-1") -> tuple[str, str]:
    """The Update button on the Home tab: a block_actions from a view, not a message."""
    return interaction(
        {
            "type": "block_actions",
            "team": {"id": "T1", "domain": "acme"},
            "user": {"id": "U0ANA", "username": "ana", "team_id": "T1"},
            "api_app_id": "A1",
            "container": {"type": "view", "view_id": "VHOME"},
            "trigger_id": "t-home",
            "view": {"id": "VHOME", "type": "home", "blocks": [], "private_metadata": ""},
            "actions": [
                {
                    "action_id": "checkin.update",
                    "block_id": "b1",
                    "value": value,
                    "type": "button",
                    "action_ts": "1700000500.000001",
                }
            ],
        }
    )


async def test_opening_home_shows_due_measures_recent_updates_and_update(http, slack, service):
    service.answer = lambda c: Outcome(
        HomeAnswer(ANA, (kr(0), kr(1)), RECENT, (WaitingPrompt("p-1", "checkin", "2026-W48"),))
    )
    assert (await post(http, home_event())).status == 200
    await slack.wait_for(lambda: slack.called("views.publish"))
    assert isinstance(service.commands[0], OpenHome)
    (call,) = slack.called("views.publish")
    assert call["user_id"] == "U0ANA" and call["view"]["type"] == "home"
    shown = str(call["view"]["blocks"])
    assert "Due now" in shown and "Your recent updates" in shown
    assert all(f"Deals {n}" in shown for n in range(10))
    assert "*Deals 3* (deals-3): 3 for the week of 23 Nov · Sat 21 Nov" in shown
    buttons = [e for b in call["view"]["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert [(b["action_id"], b["value"]) for b in buttons] == [("checkin.update", "p-1")]
    assert slack.violations == []


async def test_a_home_without_a_waiting_prompt_offers_checkin_instead(http, slack, service):
    service.answer = lambda c: Outcome(HomeAnswer(ANA, (kr(0),), (), ()))
    await post(http, home_event())
    await slack.wait_for(lambda: slack.called("views.publish"))
    blocks = slack.called("views.publish")[0]["view"]["blocks"]
    assert "actions" not in [b["type"] for b in blocks]
    assert "/metric checkin" in str(blocks)
    assert "haven't recorded an update yet" in str(blocks)


async def test_the_messages_tab_publishes_nothing(http, slack, service):
    await post(http, home_event(tab="messages", event_id="EvTab"))
    await post(http, home_event(event_id="EvHome2"))
    await slack.wait_for(lambda: slack.called("views.publish"))
    assert len(service.commands) == 1


async def test_update_on_the_home_opens_the_checkin_modal_the_service_gives(http, slack, service):
    assert (await post(http, home_click())).status == 200
    await slack.wait_for(lambda: slack.called("views.open"))
    (asked,) = service.commands
    assert isinstance(asked, OpenForm) and asked.prompt_key == "p-1"
    (call,) = slack.called("views.open")
    assert call["trigger_id"] == "t-home" and call["view"]["title"]["text"] == "Check-in"
    assert slack.violations == []
    # Submitting it is a check-in answer like any other, and then the home is redrawn.
    await post(http, home_event_for_ana())
    await slack.wait_for(lambda: slack.called("views.publish"))
    typed = {"value.0": {"value": {"type": "plain_text_input", "value": "4"}}}
    await post(http, submission(call["view"], typed))
    await slack.wait_for(lambda: len(slack.called("views.publish")) == 2)
    assert service.recorded == 1


async def test_a_refused_home_update_says_why_and_opens_nothing(http, slack, service):
    refusal = ErrorReply("prompt_closed", "The check-in for the week of 16 Nov has closed.", "x")
    service.answer = lambda c: Outcome(refusal) if isinstance(c, OpenForm) else answered(c)
    await post(http, home_click("p-old"))
    await slack.wait_for(lambda: slack.called("chat.postEphemeral"))
    assert slack.called("views.open") == []
    assert "has closed" in slack.called("chat.postEphemeral")[0]["text"]


async def test_recording_republishes_only_a_home_that_was_opened(http, slack, service):
    service.answer = lambda c: recorded(c) if not isinstance(c, OpenHome) else answered(c)
    await post(http, dm_event("deals: 4", event_id="EvBefore"))
    await slack.wait_for(lambda: slack.called("chat.postMessage"))
    assert slack.called("views.publish") == []  # never opened: nothing to keep fresh
    await post(http, home_event_for_ana())
    await slack.wait_for(lambda: slack.called("views.publish"))
    await post(http, dm_event("deals: 5", event_id="EvAfter"))
    await slack.wait_for(lambda: len(slack.called("views.publish")) == 2)
    assert [type(c).__name__ for c in service.commands] == [
        "TextMessage", "OpenHome", "TextMessage", "OpenHome",
    ]  # fmt: skip


def home_event_for_ana():
    return home_event(event_id="EvOpen")


async def test_each_waiting_prompt_gets_its_own_update_button(http, slack, service):
    waiting = (
        WaitingPrompt("p-kpi", "kpi_review", "2026-11"),
        WaitingPrompt("p-okr", "checkin", "2026-W48"),
    )
    service.answer = lambda c: Outcome(HomeAnswer(ANA, (kr(0),), (), waiting))
    await post(http, home_event())
    await slack.wait_for(lambda: slack.called("views.publish"))
    blocks = slack.called("views.publish")[0]["view"]["blocks"]
    buttons = [e for b in blocks if b["type"] == "actions" for e in b["elements"]]
    assert [(b["text"]["text"], b["value"], b.get("style")) for b in buttons] == [
        ("KPI review for November 2026", "p-kpi", "primary"),
        ("Check-in for the week of 23 Nov", "p-okr", None),
    ]
    assert {b["action_id"] for b in buttons} == {"checkin.update"}
    assert slack.violations == []
