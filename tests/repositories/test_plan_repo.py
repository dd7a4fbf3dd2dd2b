from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlmodel import select

from cadence.model import Plan
from cadence.planfile import load_plan as read_plan_file
from cadence.updates import Source, Update
from storage.database import transaction
from storage.plan_repo import load_plan, save_plan
from storage.tables import MeasureRow
from storage.update_repo import history, record_update

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "plan.yaml"
NOW = datetime(2026, 11, 23, 9, tzinfo=UTC)


def example() -> Plan:
    plan = read_plan_file(EXAMPLE).plan
    assert plan is not None
    return plan


def test_a_saved_plan_loads_back_equal(db):
    plan = example()
    with transaction(db) as session:
        summary = save_plan(session, plan, now=NOW, source="plan.yaml")
    assert len(summary.added) > 20
    with transaction(db) as session:
        assert load_plan(session) == plan


def test_nothing_is_stored_before_the_first_import(db):
    with transaction(db) as session:
        assert load_plan(session) is None


def test_reimporting_the_same_plan_changes_nothing(db):
    plan = example()
    with transaction(db) as session:
        save_plan(session, plan, now=NOW)
    with transaction(db) as session:
        assert save_plan(session, plan, now=NOW + timedelta(days=1)).untouched


def test_reimport_updates_by_key_archives_the_missing_and_keeps_history(db):
    plan = example()
    kpi = plan.kpis[0]
    with transaction(db) as session:
        save_plan(session, plan, now=NOW)
        update = Update(kpi.key, 1.0, "2026-11", NOW, kpi.owner, Source.CLI)
        record_update(session, update, idempotency_key="k1")
    retitled = replace(plan.kpis[1], title="Renamed")
    edited = replace(plan, kpis=(retitled, *plan.kpis[2:]))
    with transaction(db) as session:
        summary = save_plan(session, edited, now=NOW + timedelta(days=1))
    assert summary.archived == (f"measure {kpi.key}",)
    assert summary.changed == (f"measure {retitled.key}",)
    with transaction(db) as session:
        assert load_plan(session) == edited
        row = session.get(MeasureRow, kpi.key)
        assert row is not None and row.archived_at == NOW + timedelta(days=1)
        assert [u.value for u in history(session, kpi.key)] == [1.0]
    with transaction(db) as session:
        summary = save_plan(session, plan, now=NOW + timedelta(days=2))
    assert summary.restored == (f"measure {kpi.key}",)
    with transaction(db) as session:
        assert load_plan(session) == plan
        assert len(session.exec(select(MeasureRow)).all()) == len(plan.measures())


def test_a_failed_import_changes_nothing(db):
    plan = example()
    with transaction(db) as session:
        save_plan(session, plan, now=NOW)
    try:
        with transaction(db) as session:
            save_plan(session, replace(plan, kpis=()), now=NOW)
            raise RuntimeError("disk full")
    except RuntimeError:
        pass
    with transaction(db) as session:
        assert load_plan(session) == plan


def test_a_changed_address_lets_the_platforms_try_the_person_again(db):
    from storage.tables import UnreachableRow

    plan = example()
    with transaction(db) as session:
        save_plan(session, plan, now=NOW)
        for key in ("dan", "tom"):
            session.add(
                UnreachableRow(platform="slack", person_key=key, reason="user_not_found", since=NOW)
            )
    dan = next(p for p in plan.people if p.key == "dan")
    people = tuple(replace(p, slack_id="U0NEWDAN") if p is dan else p for p in plan.people)
    with transaction(db) as session:
        save_plan(session, replace(plan, people=people), now=NOW)
    with transaction(db) as session:
        assert [r.person_key for r in session.exec(select(UnreachableRow))] == ["tom"]
