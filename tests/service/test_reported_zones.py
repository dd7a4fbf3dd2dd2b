"""Issue 5.2 / 6.6: a person the plan gives no timezone is asked in the zone their chat
client reports with their messages, once it has, and in UTC until then."""

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from bot.runtime.due import due_at
from cadence.commands import Actor, MetricCommand
from cadence.engine.state import ActionKind
from cadence.updates import Source
from cadence.views import ErrorReply
from storage.database import transaction
from storage.engine_state import switch_on
from storage.plan_repo import load_plan
from storage.tables.zones import ReportedZoneRow

NOW = datetime(2026, 11, 24, 10, tzinfo=UTC)  # the service fixture's clock
SOFIA = Actor("teams", "29:1a2b3c-sofia", timezone="Asia/Kolkata")
# Monday of the next week, one minute after 09:00 in Kolkata (03:30 UTC).
KOLKATA_NINE = datetime(2026, 11, 30, 3, 31, tzinfo=UTC)


@pytest.fixture
def plan(plan):
    """The example plan, with Sofia's timezone taken out."""
    people = tuple(replace(p, timezone=None) if p.key == "sofia" else p for p in plan.people)
    return replace(plan, people=people)


def ask(service, text: str, actor: Actor = SOFIA, key: str = "k1"):
    return service.handle_now(MetricCommand(actor, text, Source.TEAMS_TEXT, f"teams:{key}"))


def zones(db) -> list[tuple[str, str, str]]:
    with transaction(db) as session:
        rows = session.exec(select(ReportedZoneRow))
        return [(r.person_key, r.platform, r.timezone) for r in rows]


def sofia_zone(db) -> str:
    with transaction(db) as session:
        stored = load_plan(session)
    assert stored is not None
    return next(p.zone for p in stored.people if p.key == "sofia")


def checkins_for_sofia(db, at: datetime) -> list:
    with transaction(db) as session:
        switch_on(session, NOW)
        found = due_at(session, at, ["teams"])
    assert found is not None
    return [
        a
        for a in found.decisions.planned
        if a.recipient == "sofia" and a.kind == ActionKind.CHECKIN
    ]


def test_a_teams_message_with_its_local_timezone_sets_where_sofia_is_asked(db, service):
    assert sofia_zone(db) == "UTC"
    assert checkins_for_sofia(db, KOLKATA_NINE) == []
    assert not isinstance(ask(service, "mine").reply, ErrorReply)
    assert zones(db) == [("sofia", "teams", "Asia/Kolkata")]
    assert sofia_zone(db) == "Asia/Kolkata"
    assert checkins_for_sofia(db, KOLKATA_NINE - timedelta(minutes=2)) == []
    assert len(checkins_for_sofia(db, KOLKATA_NINE)) == 1


def test_the_plans_own_zone_stays_in_charge(db, service):
    ravi = Actor("slack", "U0PEOPLE02", timezone="Europe/Paris")
    ask(service, "mine", actor=ravi)
    with transaction(db) as session:
        stored = load_plan(session)
    ravi_person = next(p for p in stored.people if p.key == "ravi")
    assert (ravi_person.reported_timezone, ravi_person.zone) == ("Europe/Paris", "Asia/Kolkata")


def test_a_zone_that_is_not_an_iana_name_is_ignored(db, service, caplog):
    ask(service, "mine", actor=replace(SOFIA, timezone="Mars/Olympus_Mons"))
    assert zones(db) == [] and "not an IANA zone" in caplog.text


def test_a_refused_command_records_no_zone_either(db, service):
    outcome = ask(service, "update engagement 150")  # outside 0..100
    assert isinstance(outcome.reply, ErrorReply)
    assert zones(db) == []


def test_the_same_zone_again_is_not_written_again(db, service, clock):
    ask(service, "mine")
    clock.advance(timedelta(minutes=5))
    ask(service, "help", key="k2")
    with transaction(db) as session:
        (row,) = session.exec(select(ReportedZoneRow))
    assert row.reported_at == NOW
