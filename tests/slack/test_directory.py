"""The plan matched to the workspace: owners found by Slack id or email and stored, those
Slack cannot reach recorded with what to do, team channels joined, and routing using it."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from bot.runtime.clock import ManualClock
from bot.runtime.tick import tick
from bot.slack.directory import DirectorySync
from cadence.engine.decisions import Decisions, PlannedAction
from cadence.engine.state import ActionKind, ActionState, RecipientKind
from cadence.model import KeyResult, Objective, Person, Plan, Team
from cadence.units import Unit
from cadence.views import CheckinPrompt, PersonRef
from storage import slack_people_repo
from storage.database import transaction
from storage.outbox_repo import refusals
from storage.plan_repo import save_plan
from storage.tables import OutboxRow, SlackPersonRow, UnreachableRow

NOW = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
ANA = Person("ana", "Ana", slack_id="U0ANA")
BEN = Person("ben", "Ben", email="Ben@X.org")
CY = Person("cy", "Cy", email="cy@x.org")


def plan(*people: Person, channel: str | None = "C0SALES") -> Plan:
    krs = tuple(
        KeyResult(f"kr-{p.key}", f"KR {p.key}", "o1", p.key, Unit(), 0.0, 10.0) for p in people
    )
    objective = Objective("o1", "Grow", "sales", people[0].key, "2026-Q4", krs)
    team = Team("sales", "Sales", managers=(people[0].key,), slack_channel=channel)
    return Plan(people=people, teams=(team,), objectives=(objective,))


def imported(db, the_plan: Plan, at: datetime = NOW) -> None:
    with transaction(db) as session:
        save_plan(session, the_plan, now=at)


def stored(db) -> dict[str, SlackPersonRow]:
    with transaction(db) as session:
        return {r.person_key: r for r in session.exec(select(SlackPersonRow))}


def unreachable(db) -> dict[str, str]:
    with transaction(db) as session:
        return {r.person_key: r.reason for r in session.exec(select(UnreachableRow))}


@pytest.fixture
def directory(db, surface):
    return DirectorySync(engine=db, workspace=surface.workspace, clock=ManualClock(NOW))


@pytest.fixture(autouse=True)
def sales_channel(slack):
    slack.channels["C0SALES"] = {"is_private": False, "is_member": False}


async def test_owners_are_matched_by_id_or_email_and_stored_with_their_timezone(
    db, slack, directory
):
    imported(db, plan(ANA, BEN))
    report = await directory.sync()
    assert (report.matched, report.unreachable) == (2, ())
    found = stored(db)
    assert (found["ana"].user_id, found["ana"].timezone) == ("U0ANA", "Europe/Lisbon")
    assert (found["ben"].user_id, found["ben"].timezone) == ("U0BEN", "Africa/Lagos")
    assert slack.called("users.lookupByEmail") == [{"email": "ben@x.org"}]


async def test_someone_slack_cannot_find_is_recorded_with_what_to_do(db, slack, directory):
    imported(db, plan(ANA, CY, Person("dee", "Dee", slack_id="U0GONE")))
    report = await directory.sync()
    assert set(report.unreachable) == {"cy", "dee"}
    reasons = unreachable(db)
    assert reasons["cy"] == "no Slack user with email cy@x.org; add slack_id to the plan"
    assert "no Slack user U0GONE" in reasons["dee"] and "fix slack_id for dee" in reasons["dee"]
    assert set(stored(db)) == {"ana"}


async def test_a_deactivated_account_is_unreachable(db, slack, directory):
    slack.users["U0OLD"] = {"id": "U0OLD", "deleted": True, "profile": {}}
    imported(db, plan(ANA, Person("old", "Old Timer", slack_id="U0OLD")))
    await directory.sync()
    assert "U0OLD of Old Timer is deactivated" in unreachable(db)["old"]


async def test_a_missing_scope_is_recorded_and_a_slack_hiccup_is_put_off(db, slack, directory):
    imported(db, plan(ANA, BEN, CY))
    slack.fail("users.lookupByEmail", "missing_scope")
    slack.fail("users.lookupByEmail", "internal_error")
    report = await directory.sync()
    assert report.put_off == 1
    refused = [key for key, reason in unreachable(db).items() if "missing_scope" in reason]
    assert len(refused) == 1 and "users:read.email" in unreachable(db)[refused[0]]


async def test_an_unchanged_person_is_not_looked_up_again_but_a_changed_one_is(
    db, slack, directory
):
    imported(db, plan(ANA, BEN))
    await directory.sync()
    assert (await directory.sync()).matched == 0
    assert len(slack.called("users.lookupByEmail")) == 1
    slack.users["U0BEN2"] = {"id": "U0BEN2", "tz": "UTC", "profile": {"email": "ben2@x.org"}}
    imported(db, plan(ANA, Person("ben", "Ben", email="ben2@x.org")), NOW + timedelta(hours=1))
    assert (await directory.sync()).matched == 1
    assert stored(db)["ben"].user_id == "U0BEN2"


async def test_someone_who_joins_slack_later_is_reached_after_the_next_sync(db, slack, directory):
    imported(db, plan(ANA, CY))
    await directory.sync()
    assert ("slack", "cy") in _refusals(db)
    slack.users["U0CY"] = {"id": "U0CY", "tz": "Asia/Tokyo", "profile": {"email": "cy@x.org"}}
    await directory.sync()
    assert ("slack", "cy") not in _refusals(db)
    assert stored(db)["cy"].user_id == "U0CY"


async def test_people_who_leave_the_plan_are_forgotten(db, slack, directory):
    imported(db, plan(ANA, BEN))
    await directory.sync()
    imported(db, plan(ANA), NOW + timedelta(hours=1))
    await directory.sync()
    assert set(stored(db)) == {"ana"}


async def test_it_syncs_at_start_and_after_each_import_only(db, slack, directory):
    assert await directory.ensure_current() is None  # no plan yet
    imported(db, plan(ANA, BEN))
    assert (await directory.ensure_current()).matched == 2
    assert await directory.ensure_current() is None
    calls = len(slack.calls)
    imported(db, plan(ANA, BEN, CY), NOW + timedelta(hours=1))
    assert (await directory.ensure_current()).unreachable == ("cy",)
    assert len(slack.calls) > calls


@pytest.mark.parametrize(
    ("channel", "said"),
    [
        ({"is_private": True, "is_member": False}, "invite the bot there (/invite @cadence)"),
        ({"is_archived": True}, "is archived; unarchive it"),
    ],
)
async def test_a_channel_the_bot_cannot_post_in_is_recorded_for_the_team(
    db, slack, directory, channel, said
):
    slack.channels["C0SALES"] = channel
    imported(db, plan(ANA))
    assert (await directory.sync()).unreachable == ("sales",)
    assert said in unreachable(db)["sales"]
    assert slack.called("conversations.join") == []


async def test_a_public_channel_is_joined_and_an_old_refusal_forgotten(db, slack, directory):
    imported(db, plan(ANA))
    with transaction(db) as session:
        session.add(UnreachableRow(platform="slack", person_key="sales", reason="x", since=NOW))
    await directory.sync()
    assert slack.called("conversations.join") == [{"channel": "C0SALES"}]
    assert unreachable(db) == {}


def checkins(state, now):
    """Ask every reachable person once, as a tick would."""
    actions = tuple(
        PlannedAction(
            key=f"checkin:{p.key}",
            kind=ActionKind.CHECKIN,
            recipient_kind=RecipientKind.PERSON,
            recipient=p.key,
            subject=p.key,
            period="2026-Q4",
            measures=(f"kr-{p.key}",),
            due_at=now,
            state=ActionState.PLANNED,
            view=CheckinPrompt(f"checkin:{p.key}", PersonRef(p.key, p.name), "2026-Q4", ()),
        )
        for p in state.plan.people
        if p.key not in state.unreachable
    )
    return Decisions(planned=actions)


async def test_a_tick_reaches_an_owner_the_plan_names_only_by_email(db, slack, directory):
    imported(db, plan(ANA, BEN, CY))
    await directory.sync()
    tick(db, ManualClock(NOW), platforms=["slack"], decide=checkins)
    with transaction(db) as session:
        outbox = {r.recipient_key: r.address for r in session.exec(select(OutboxRow))}
    assert outbox == {"ana": "U0ANA", "ben": "U0BEN"}


def _refusals(db):
    with transaction(db) as session:
        return refusals(session=session)


def test_the_repository_reads_ids_for_routing(db):
    with transaction(db) as session:
        slack_people_repo.save_matches(
            session=session,
            matches=[slack_people_repo.SlackMatch("ana", "U1", None, None, "a@x.org")],
            now=NOW,
        )
        assert slack_people_repo.slack_ids(session=session) == {"ana": "U1"}
