from cadence.lookup import find_measures
from cadence.metric_command import Verb, parse_metric_command
from cadence.model import KeyResult, Kpi, Objective, Person, Plan, Team
from cadence.permissions import may_update, may_view
from cadence.units import Unit

PLAN = Plan(
    people=(
        Person("ana", "Ana", delegate="ben"),
        Person("ben", "Ben"),
        Person("cy", "Cy"),
        Person("dee", "Dee"),
        Person("root", "Root"),
    ),
    teams=(Team("sales", "Sales", managers=("dee",)), Team("ops", "Ops")),
    objectives=(
        Objective(
            "ent", "Enterprise", "sales", "ana", "2026-Q4",
            key_results=(KeyResult("deals", "Close 8 deals", "ent", "ana", Unit(), 0, 8),),
            private=True,
        ),
    ),
    kpis=(
        Kpi("mrr", "Monthly recurring revenue", "sales", "ana", Unit(), 1.2e6, None),
        Kpi("uptime", "Uptime", "ops", "cy", Unit(), 99.9, None),
    ),
    admins=("root",),
)  # fmt: skip


def test_owner_delegate_and_admin_may_update_nobody_else():
    deals = PLAN.objectives[0].key_results[0]
    assert may_update(PLAN, person="ana", measure=deals)
    assert may_update(PLAN, person="ben", measure=deals)
    assert may_update(PLAN, person="root", measure=deals)
    assert not may_update(PLAN, person="cy", measure=deals)
    assert not may_update(PLAN, person="dee", measure=deals)


def test_private_objective_hides_its_krs_outside_the_team():
    deals = PLAN.objectives[0].key_results[0]
    assert may_view(PLAN, person="dee", measure=deals)
    assert may_view(PLAN, person="root", measure=deals)
    assert not may_view(PLAN, person="cy", measure=deals)
    assert not may_view(PLAN, person=None, measure=deals)
    assert may_view(PLAN, person="cy", measure=PLAN.kpis[0])


def test_metric_words():
    assert parse_metric_command("").verb is Verb.HELP
    assert parse_metric_command("mine").verb is Verb.MINE
    assert parse_metric_command("metric silent").verb is Verb.SILENT
    update = parse_metric_command("update mrr $1.2M closed two renewals")
    assert (update.verb, update.query, update.value_text) == (Verb.UPDATE, "mrr", "$1.2M")
    assert update.comment == "closed two renewals"
    assert parse_metric_command("update mrr").value_text == ""
    shown = parse_metric_command("recurring revenue")
    assert (shown.verb, shown.query) == (Verb.SHOW, "recurring revenue")
    assert parse_metric_command("mine please").verb is Verb.SHOW


def test_find_by_key_then_title_words():
    assert [m.key for m in find_measures(PLAN, "MRR")] == ["mrr"]
    assert [m.key for m in find_measures(PLAN, "recurring revenue")] == ["mrr"]
    assert [m.key for m in find_measures(PLAN, "deals")] == ["deals"]
    assert find_measures(PLAN, "churn") == []
