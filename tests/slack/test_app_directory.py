"""The running app with Slack on: the first tick matches the plan to the workspace, routes
an email-only owner to their Slack id, and the DM channels it opens are stored."""

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from mock_slack import TOKEN
from requests_slack import SECRET
from sqlmodel import select

from bot.app import build_app
from bot.runtime.clock import ManualClock
from bot.settings import Settings
from cadence.planfile import load_plan
from storage.database import open_engine, transaction
from storage.migrate import upgrade
from storage.plan_repo import save_plan
from storage.tables import ChatRefRow, OutboxRow, SlackPersonRow, UnreachableRow

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "plan.yaml"
MONDAY = datetime(2026, 11, 30, 8, tzinfo=UTC)


async def test_the_first_tick_matches_people_and_routes_by_the_match(tmp_path, slack):
    plan = load_plan(EXAMPLE).plan
    people = tuple(replace(p, slack_id=None) if p.key == "dan" else p for p in plan.people)
    for person in people:
        if person.key != "tom":
            user_id = person.slack_id or f"U0{person.key.upper()}"
            slack.users[user_id] = {"id": user_id, "profile": {"email": person.email}}
    for team in plan.teams:
        slack.channels[team.slack_channel] = {"is_private": False, "is_member": False}
    settings = Settings(
        CADENCE_DATABASE_URL=f"sqlite:///{tmp_path / 'app.db'}",
        SLACK_BOT_TOKEN=TOKEN,
        SLACK_SIGNING_SECRET=SECRET,
        SLACK_API_URL=slack.api_url,
    )
    engine = open_engine(settings.database_url)
    upgrade(engine)
    with transaction(engine) as session:
        save_plan(session, replace(plan, people=people), now=MONDAY)
    bot = build_app(settings, engine=engine, clock=ManualClock(MONDAY))

    await bot.runtime.run_tick()
    assert bot.slack is not None
    await bot.slack.port.channel_for("U0DAN")

    with transaction(engine) as session:
        matched = {r.person_key: r.user_id for r in session.exec(select(SlackPersonRow))}
        refused = {r.person_key: r.reason for r in session.exec(select(UnreachableRow))}
        addresses = {r.recipient_key: r.address for r in session.exec(select(OutboxRow))}
        dms = {r.subject for r in session.exec(select(ChatRefRow)) if r.platform == "slack-dm"}
    assert matched["dan"] == "U0DAN" and "tom" not in matched
    assert refused == {
        "tom": "no Slack user U0SALES03 or by email tom@example.com; "
        "fix slack_id for tom in the plan"
    }
    assert addresses.get("dan") == "U0DAN"
    assert "tom" not in addresses
    assert dms == {"U0DAN"}
    assert len(slack.called("conversations.join")) == len(plan.teams)
    await bot.stop()
    engine.dispose()
