from datetime import timedelta

from runtime_fakes import NOW, daily_checkins, person, seed, small_plan
from sqlmodel import select

from bot.runtime.clock import ManualClock
from bot.runtime.tick import tick
from cadence.view_codec import decode_view
from storage.database import transaction
from storage.engine_state import load_engine_state
from storage.tables import ActionRow, OutboxRow


def rows(engine, model):
    with transaction(engine) as session:
        return list(session.exec(select(model)))


def test_before_a_plan_is_imported_a_tick_plans_nothing(db):
    report = tick(db, ManualClock(NOW), platforms=["slack"], decide=daily_checkins)
    assert report.planned == 0
    assert rows(db, ActionRow) == []


def test_a_tick_writes_each_action_with_its_outbox_row_routed_to_the_platform(db):
    seed(db, small_plan())
    clock = ManualClock(NOW + timedelta(hours=1))
    report = tick(db, clock, platforms=["slack"], decide=daily_checkins)
    assert (report.planned, report.enqueued) == (2, 2)
    outbox = {row.address: row for row in rows(db, OutboxRow)}
    assert set(outbox) == {"UANA", "UBO"}
    assert outbox["UANA"].platform == "slack"
    assert outbox["UANA"].next_attempt_at == NOW + timedelta(hours=1)
    assert decode_view(outbox["UANA"].payload).recipient.key == "ana"
    assert {row.subject for row in rows(db, ActionRow)} == {"ana", "bo"}


def test_ticking_again_or_after_downtime_plans_nothing_twice(db):
    seed(db, small_plan())
    clock = ManualClock(NOW + timedelta(hours=1))
    tick(db, clock, platforms=["local"], decide=daily_checkins)
    clock.advance(timedelta(minutes=1))
    assert tick(db, clock, platforms=["local"], decide=daily_checkins).planned == 0
    assert len(rows(db, OutboxRow)) == 2


def test_the_database_key_stops_a_second_planner_that_did_not_see_the_first(db):
    seed(db, small_plan())
    clock = ManualClock(NOW + timedelta(hours=1))
    tick(db, clock, platforms=["local"], decide=daily_checkins)

    def blind(state, now):
        return daily_checkins(type(state)(state.plan, unreachable=state.unreachable), now)

    assert tick(db, clock, platforms=["local"], decide=blind).planned == 0
    assert len(rows(db, ActionRow)) == 2
    assert len(rows(db, OutboxRow)) == 2


def test_local_mode_addresses_people_by_key(db):
    seed(db, small_plan())
    tick(db, ManualClock(NOW + timedelta(hours=1)), platforms=["local"], decide=daily_checkins)
    assert {row.address for row in rows(db, OutboxRow)} == {"person:ana", "person:bo"}


def test_someone_no_enabled_platform_reaches_is_unreachable_and_never_queued(db):
    seed(db, small_plan(person("ana", slack_id="UANA"), person("cy", teams_id="29:cy")))
    seen = []

    def spy(state, now):
        seen.append(state.unreachable)
        return daily_checkins(state, now)

    tick(db, ManualClock(NOW + timedelta(hours=1)), platforms=["slack"], decide=spy)
    assert "cy" in seen[0] and "ana" not in seen[0]
    assert {row.address for row in rows(db, OutboxRow)} == {"UANA"}


def test_an_action_planned_for_someone_without_a_route_is_closed_as_missed(db):
    seed(db, small_plan(person("ana", slack_id="UANA"), person("cy")))

    def ignores_reachability(state, now):
        return daily_checkins(type(state)(state.plan, actions=state.actions), now)

    clock = ManualClock(NOW + timedelta(hours=1))
    report = tick(db, clock, platforms=["slack"], decide=ignores_reachability)
    assert report.unroutable == ("checkin:cy:2026-11-23",)
    states = {row.recipient_key: row.state for row in rows(db, ActionRow)}
    assert states == {"ana": "planned", "cy": "missed"}


def test_a_missed_prompt_is_not_sent_late(db):
    seed(db, small_plan())
    clock = ManualClock(NOW + timedelta(hours=1))
    tick(db, clock, platforms=["local"], decide=daily_checkins)
    clock.advance(timedelta(days=1, hours=1))
    report = tick(db, clock, platforms=["local"], decide=daily_checkins)
    assert report.missed == 2
    old = [row for row in rows(db, OutboxRow) if row.action_key.endswith("2026-11-23")]
    assert {row.state for row in old} == {"cancelled"}


def test_the_engine_reads_back_what_was_planned(db):
    seed(db, small_plan())
    clock = ManualClock(NOW + timedelta(hours=1))
    tick(db, clock, platforms=["local"], decide=daily_checkins)
    with transaction(db) as session:
        state = load_engine_state(session, clock.now())
    assert {(a.recipient, a.subject, a.measures) for a in state.actions} == {
        ("ana", "ana", ("kr-ana",)),
        ("bo", "bo", ("kr-bo",)),
    }
