"""Reported timezones: kept per person and platform, folded into the people storage hands
out, never into what the plan itself stores or exports."""

from datetime import UTC, datetime, timedelta

from sqlmodel import select

from cadence.model import Person, Plan
from cadence.planfile import dump_plan_yaml
from storage import zone_repo
from storage.database import transaction
from storage.plan_cache import ZONES_REFRESH, PlanCache
from storage.plan_repo import load_plan, save_plan
from storage.slack_people_repo import SlackMatch, save_matches
from storage.tables.plan import PersonRow

NOW = datetime(2026, 11, 23, 9, tzinfo=UTC)
PLAN = Plan(
    people=(
        Person("sofia", "Sofia Marsh", teams_id="29:sofia"),
        Person("ravi", "Ravi Menon", slack_id="U0RAVI", timezone="Asia/Kolkata"),
        Person("helen", "Helen Park", slack_id="U0HELEN"),
    )
)


def saved(db) -> None:
    with transaction(db) as session:
        save_plan(session, PLAN, now=NOW)


def report(db, person: str, platform: str, zone: str, at: datetime = NOW) -> bool:
    with transaction(db) as session:
        return zone_repo.report_zone(
            session=session, person_key=person, platform=platform, zone=zone, now=at
        )


def people(db) -> dict[str, Person]:
    with transaction(db) as session:
        plan = load_plan(session)
    assert plan is not None
    return {p.key: p for p in plan.people}


def test_a_reported_zone_is_what_the_person_is_asked_in_unless_the_plan_says(db):
    saved(db)
    assert report(db, "sofia", "teams", "Europe/London")
    assert report(db, "ravi", "teams", "Europe/Berlin")
    found = people(db)
    assert (found["sofia"].timezone, found["sofia"].zone) == (None, "Europe/London")
    assert (found["ravi"].timezone, found["ravi"].zone) == ("Asia/Kolkata", "Asia/Kolkata")
    assert (found["helen"].zone, found["helen"].zone_known) == ("UTC", False)


def test_the_same_zone_again_writes_nothing_and_a_new_one_replaces_it(db):
    saved(db)
    assert report(db, "sofia", "teams", "Europe/London")
    assert not report(db, "sofia", "teams", "Europe/London", NOW + timedelta(days=1))
    assert report(db, "sofia", "teams", "America/New_York", NOW + timedelta(days=2))
    assert people(db)["sofia"].reported_timezone == "America/New_York"


def test_the_latest_report_wins_and_the_slack_directory_comes_last(db):
    saved(db)
    with transaction(db) as session:
        save_matches(
            session=session,
            matches=[SlackMatch("helen", "U0HELEN", "America/Chicago", "U0HELEN", None)],
            now=NOW,
        )
    assert people(db)["helen"].zone == "America/Chicago"
    report(db, "helen", "teams", "America/Denver", NOW + timedelta(hours=1))
    report(db, "helen", "slack", "America/New_York", NOW + timedelta(hours=2))
    assert people(db)["helen"].zone == "America/New_York"
    report(db, "helen", "teams", "Europe/Paris", NOW + timedelta(hours=3))
    assert people(db)["helen"].zone == "Europe/Paris"


def test_the_plan_keeps_only_its_own_zones(db):
    saved(db)
    report(db, "sofia", "teams", "Europe/London")
    with transaction(db) as session:
        stored = load_plan(session)
        assert stored is not None
        assert save_plan(session, stored, now=NOW + timedelta(days=1)).untouched
        specs = {row.key: row.spec for row in session.exec(select(PersonRow))}
    assert specs["sofia"]["timezone"] is None and "reported_timezone" not in specs["sofia"]
    exported = dump_plan_yaml(stored)
    assert "Europe/London" not in exported and "Asia/Kolkata" in exported


def test_a_long_running_process_sees_new_zones_within_the_refresh_not_at_every_read(db):
    saved(db)
    cache = PlanCache()
    with transaction(db) as session:
        first = cache.plan(session, NOW)
    report(db, "sofia", "teams", "Europe/London", NOW)
    with transaction(db) as session:
        soon = cache.plan(session, NOW + ZONES_REFRESH - timedelta(seconds=1))
        later = cache.plan(session, NOW + ZONES_REFRESH)
        steady = cache.plan(session, NOW + 3 * ZONES_REFRESH)
    assert soon is first
    assert later is not first and later is not None
    assert {p.key: p.zone for p in later.people}["sofia"] == "Europe/London"
    assert steady is later  # nothing new was reported: the index and histories stay
