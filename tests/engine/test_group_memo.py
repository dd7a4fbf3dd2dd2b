"""The prompt groups a long-lived plan index keeps between ticks: regrouped as soon as any
owner's local date changes (a re-imported plan gets a new index: tests/runtime)."""

from datetime import timedelta

from builders import at, kr, objective, person, plan, state

from cadence.engine.context import Context
from cadence.engine.decide import decide
from cadence.engine.groups import prompt_groups
from cadence.engine.index import PlanIndex


def _state(*people):
    objectives = [objective(f"o-{p.key}", p.key, [kr(f"{p.key}-kr", p.key, f"o-{p.key}")])
                  for p in people]  # fmt: skip
    return state(plan(people, objectives))


def _periods(index, s, now, **options):
    return {(g.owner.key, g.period.key) for g in prompt_groups(Context(s, now, index), **options)}


def test_a_new_local_date_in_one_zone_regroups_that_owner():
    s = _state(person("akl", "Pacific/Auckland"), person("la", "America/Los_Angeles"))
    index = PlanIndex(s.plan)
    # Sunday 29 Nov 10:59 UTC is Sunday 23:59 in Auckland: both owners are still in W48
    assert _periods(index, s, at("2026-11-29 10:59"), current_only=True) == {
        ("akl", "2026-W48"),
        ("la", "2026-W48"),
    }
    # A minute later Auckland's Monday has begun; Los Angeles is still on Saturday
    assert _periods(index, s, at("2026-11-29 11:00"), current_only=True) == {
        ("akl", "2026-W49"),
        ("la", "2026-W48"),
    }
    assert _periods(index, s, at("2026-11-30 08:00"), current_only=True) == {
        ("akl", "2026-W49"),
        ("la", "2026-W49"),
    }


def test_both_kinds_of_grouping_are_kept_apart():
    s = _state(person("ber", "Europe/Berlin"))
    index = PlanIndex(s.plan)
    now = at("2026-12-01 10:00")
    current = _periods(index, s, now, current_only=True)
    both = _periods(index, s, now)
    assert current == {("ber", "2026-W49")}
    assert both == {("ber", "2026-W49"), ("ber", "2026-W48")}
    assert _periods(index, s, now, current_only=True) == current


def test_a_kept_index_decides_as_a_fresh_one_hour_by_hour_across_a_week():
    s = _state(person("akl", "Pacific/Auckland"), person("lhw", "Australia/Lord_Howe"),
               person("ny", "America/New_York"), person("kol", "Asia/Kolkata"))  # fmt: skip
    kept = PlanIndex(s.plan)
    now = at("2026-11-27 00:00")
    while now < at("2026-12-05 00:00"):
        assert decide(s, now, index=kept) == decide(s, now), now
        now += timedelta(hours=1)
