from datetime import UTC, datetime, timedelta

from cadence.engine.index import PlanIndex
from cadence.model import Kpi, Person, Plan, Team
from cadence.units import Unit
from cadence.updates import Confidence, Source, Update
from storage.database import transaction
from storage.history_repo import load_histories
from storage.plan_repo import save_plan
from storage.update_repo import record_update

NOW = datetime(2026, 11, 23, 9, tzinfo=UTC)
PLAN = Plan(
    people=(Person("ana", "Ana", timezone="Pacific/Auckland"),),
    teams=(Team("ops", "Ops"),),
    kpis=tuple(Kpi(f"m{i}", f"M{i}", "ops", "ana", Unit(), 1.0, None) for i in range(3)),
)


def test_histories_summarise_value_changes_periods_and_trend(db):
    values = [(40, 5.0, "2026-10"), (20, 7.0, "2026-10"), (10, 7.0, "2026-11"), (1, 7.0, "2026-11")]
    with transaction(db) as session:
        save_plan(session, PLAN, now=NOW)
        for days_ago, value, period in values:
            at = NOW - timedelta(days=days_ago)
            update = Update("m0", value, period, at, "ana", Source.CLI, Confidence.AT_RISK, "c")
            record_update(session, update, idempotency_key=None)
        old = Update("m1", 3.0, "2026-03", NOW - timedelta(days=250), "ana", Source.CLI)
        record_update(session, old, idempotency_key=None)
    with transaction(db) as session:
        found = load_histories(session, PlanIndex(PLAN), NOW)
    assert set(found) == {"m0", "m1"}
    m0 = found["m0"]
    assert m0.last_value == 7.0 and m0.confidence is Confidence.AT_RISK and m0.comment == "c"
    assert m0.value_since == NOW - timedelta(days=20)
    assert m0.trend == (5.0, 7.0, 7.0, 7.0)
    assert m0.scored_periods == {"2026-10", "2026-11", "2026-Q4"}
    m1 = found["m1"]
    assert m1.scored_periods == frozenset() and m1.value_since == NOW - timedelta(days=250)
    assert m1.trend == (3.0,)


def test_histories_can_be_limited_to_some_measures(db):
    with transaction(db) as session:
        save_plan(session, PLAN, now=NOW)
        for key in ("m0", "m2"):
            update = Update(key, 1.0, "2026-11", NOW, "ana", Source.CLI)
            record_update(session, update, idempotency_key=None)
        assert set(load_histories(session, PlanIndex(PLAN), NOW, ["m2"])) == {"m2"}
