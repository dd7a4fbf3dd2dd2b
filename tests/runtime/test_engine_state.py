from datetime import timedelta

from runtime_fakes import NOW, daily_checkins, seed, small_plan

from bot.runtime.clock import ManualClock
from bot.runtime.tick import tick
from cadence.engine.state import ActionState
from cadence.updates import Source, Update
from storage import action_repo, outbox_repo
from storage.database import transaction
from storage.engine_state import LOOKBACK, load_engine_state
from storage.grade_repo import Grade, record_grade
from storage.tables import SnoozeRow
from storage.update_repo import record_update


def state_at(db, now):
    with transaction(db) as session:
        return load_engine_state(session, now)


def test_nothing_to_decide_from_before_a_plan_exists(db):
    assert state_at(db, NOW) is None


def test_the_state_holds_history_grades_snoozes_and_refusals(db):
    seed(db, small_plan())
    with transaction(db) as session:
        update = Update("kr-ana", 3.0, "2026-W48", NOW, "ana", Source.LOCAL)
        record_update(session, update, idempotency_key="u1")
        grade = Grade("o1", "2026-Q3", 0.7, "ana", "local", NOW)
        record_grade(session, grade, idempotency_key="g1")
        session.add(
            SnoozeRow(person_key="bo", period="2026-W48", prompt_key="p", until=NOW, created_at=NOW)
        )
        outbox_repo.record_unreachable(
            session=session, platform="slack", recipient_key="bo", reason="gone", now=NOW
        )
    state = state_at(db, NOW + timedelta(hours=1))
    assert state.history["kr-ana"].last_value == 3.0
    assert "2026-W48" in state.history["kr-ana"].scored_periods
    assert state.ever_updated == {"ana"}
    assert state.grades == {"o1": 0.7}
    assert state.snoozes == {("bo", "p"): NOW}
    assert state.unreachable == {"bo"}


def test_old_closed_actions_are_left_out_but_open_ones_never(db):
    seed(db, small_plan())
    clock = ManualClock(NOW + timedelta(hours=1))
    tick(db, clock, platforms=["local"], decide=daily_checkins)
    with transaction(db) as session:
        action_repo.close_actions(
            session=session, keys=["checkin:ana:2026-11-23"], state=ActionState.ANSWERED, now=NOW
        )
    later = state_at(db, clock.now() + LOOKBACK + timedelta(days=1))
    assert [a.key for a in later.actions] == ["checkin:bo:2026-11-23"]


def test_the_schedule_runs_from_the_first_tick_and_a_restart_does_not_move_it(db):
    seed(db, small_plan())
    first = NOW + timedelta(hours=1)
    assert state_at(db, first).active_since == first, "not yet switched on: it would be now"
    tick(db, ManualClock(first), platforms=["local"], decide=daily_checkins)
    tick(db, ManualClock(first + timedelta(days=2)), platforms=["local"], decide=daily_checkins)
    assert state_at(db, first + timedelta(days=3)).active_since == first
