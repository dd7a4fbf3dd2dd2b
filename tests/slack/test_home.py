"""App Home: the person's measures, published when they open the tab."""

from requests_slack import home_event, post
from samples import views

from cadence.outcomes import Outcome
from cadence.views import MineAnswer


async def test_opening_home_publishes_my_measures(http, slack, service):
    mine = next(v for v in views(30) if isinstance(v, MineAnswer))
    service.answer = lambda c: Outcome(mine)
    assert (await post(http, home_event())).status == 200
    await slack.wait_for(lambda: slack.called("views.publish"))
    assert service.commands[0].text == "mine"
    (call,) = slack.called("views.publish")
    assert call["user_id"] == "U0ANA" and call["view"]["type"] == "home"
    assert "Your measures" in str(call["view"]["blocks"])
    assert slack.violations == []


async def test_the_messages_tab_publishes_nothing(http, slack, service):
    await post(http, home_event(tab="messages", event_id="EvTab"))
    await post(http, home_event(event_id="EvHome2"))
    await slack.wait_for(lambda: slack.called("views.publish"))
    assert len(service.commands) == 1
