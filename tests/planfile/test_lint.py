from pathlib import Path

import pytest

from cadence.lint import LintSeverity, lint_plan
from cadence.model import KeyResult, Kpi, Objective, Person, Plan, Team, Thresholds
from cadence.planfile import Severity, load_plan, load_yaml_text
from cadence.units import Unit

from .base import BASE, with_lines

EXAMPLE = Path(__file__).parents[2] / "examples" / "plan.yaml"
ANA = Person("ana", "Ana", email="ana@example.com", timezone="Europe/Lisbon")


def _kr(
    key: str, *, baseline: float | None = 0, target: float | None = 1, title: str = ""
) -> KeyResult:
    return KeyResult(key, title or f"Ship {key}", "o", "ana", Unit(), baseline, target)


def _plan(*krs: KeyResult, people=(ANA,), teams=(), kpis=(), objectives=None) -> Plan:
    objective = Objective("o", "Grow", "sales", "ana", "2026-Q4", key_results=krs)
    return Plan(people=people, teams=teams, kpis=kpis, objectives=objectives or (objective,))


def _found(plan: Plan) -> list[tuple[str, str, str, str]]:
    return [(w.code, w.severity.value, w.subject, w.message) for w in lint_plan(plan)]


def test_a_healthy_plan_has_no_warnings():
    assert lint_plan(_plan(_kr("a"), _kr("b"), _kr("c"))) == []


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (4, [("too-many-measures", "warning")]),
        (6, [("too-many-measures", "warning"), ("too-many-key-results", "warning")]),
        (11, [("too-many-measures", "warning"), ("too-many-key-results", "warning")]),
        (12, [("too-many-measures", "strong"), ("too-many-key-results", "warning")]),
    ],
)
def test_measures_per_objective(count, expected):
    found = lint_plan(_plan(*(_kr(f"k{i}") for i in range(count))))
    assert [(w.code, w.severity.value) for w in found] == expected
    assert found[0].message.startswith(f"{count} measures on one objective")


def test_objective_without_key_results():
    assert _found(_plan()) == [
        ("objective-without-krs", "warning", "o", "has no key results, so nothing proves it")
    ]


def test_too_many_objectives_for_a_team_in_one_quarter():
    objectives = (
        *(
            Objective(f"o{i}", "x", "sales", "ana", "2026-Q4", key_results=(_kr(f"k{i}"),))
            for i in range(4)
        ),
        Objective("later", "x", "sales", "ana", "2027-Q1", key_results=(_kr("z"),)),
    )
    assert _found(_plan(objectives=objectives)) == [
        ("too-many-objectives", "warning", "sales",
         "4 objectives in 2026-Q4; a team keeps at most 3 alive in one quarter")
    ]  # fmt: skip


def test_kr_without_baseline_or_target():
    found = _found(_plan(_kr("a", baseline=None), _kr("b", baseline=None, target=None)))
    assert [(code, subject, message) for code, _, subject, message in found] == [
        ("kr-without-baseline-or-target", "a",
         "has no baseline, so its progress cannot be computed"),
        ("kr-without-baseline-or-target", "b",
         "has no baseline and no target, so its progress cannot be computed"),
    ]  # fmt: skip


def test_kpi_dressed_as_okr():
    found = _found(_plan(_kr("flat", baseline=4, target=4), _kr("m", title="Keep NPS above 40")))
    assert [m.split(":")[0] for *_, m in found] == [
        "its target equals its baseline (4)",
        "it only keeps a level",
    ]
    assert all(code == "kpi-dressed-as-okr" for code, *_ in found)


def test_kpi_without_target_or_thresholds():
    kpis = (
        Kpi("k1", "x", "sales", "ana", Unit(), None, Thresholds(1, 2)),
        Kpi("k2", "x", "sales", "ana", Unit(), 5, None),
        Kpi("k3", "x", "sales", "ana", Unit(), 5, Thresholds(5, 4)),
    )
    found = _found(_plan(_kr("a"), kpis=kpis))
    assert [(s, m.split(",")[0]) for _, _, s, m in found] == [
        ("k1", "has no target"),
        ("k2", "has no thresholds"),
    ]


def test_owner_named_like_a_team_and_owner_without_chat_identity():
    group = Person("sales", "Sales (shared)")
    quiet = Person("ghost", "Ghost")
    plan = _plan(_kr("a"), people=(ANA, group, quiet), teams=(Team("sales", "Sales"),))
    plan = Plan(
        people=plan.people,
        teams=plan.teams,
        objectives=(
            Objective("o", "Grow", "sales", "sales", "2026-Q4", key_results=(_kr("a"), _kr("b"))),
        ),
    )
    assert _found(plan) == [
        ("owner-is-a-team", "warning", "sales",
         "owns 1 of the plan's objectives and measures but is named like the team 'sales'; "
         "every measure needs one named person, not a group"),
        ("no-chat-identity", "warning", "sales",
         "owns 1 of the plan's objectives and measures but has no email, Slack or Teams id, "
         "so the bot can never ask them"),
        ("no-chat-identity", "warning", "ghost",
         "has no email, Slack or Teams id, so the bot can never ask them"),
    ]  # fmt: skip


def test_example_plan_warns_only_about_the_strategy_office():
    result = load_plan(EXAMPLE)
    assert result.errors == []
    assert result.plan is not None
    strategy = {"teams.strategy", "people.strategy", "people.consultant", "kpis[3]"}
    strategy |= {f"objectives[{i}]" for i in (3, 4)}
    found = [(w.line, w.field, w.severity) for w in result.warnings]
    assert all(field.split(".key_results")[0] in strategy for _, field, _ in found)
    assert found[0] == (190, "objectives[3]", Severity.STRONG)
    assert len(found) == 12
    codes = {w.code for w in lint_plan(result.plan)}
    assert codes == {
        "too-many-measures", "too-many-key-results", "too-many-objectives", "owner-is-a-team",
        "no-chat-identity", "kr-without-baseline-or-target", "kpi-dressed-as-okr",
        "kpi-without-target-or-thresholds", "objective-without-krs",
    }  # fmt: skip
    assert {w.severity for w in lint_plan(result.plan)} == set(LintSeverity)


def test_loader_places_each_warning_on_its_subject(tmp_path):
    plan = tmp_path / "plan.yaml"
    plan.write_text(
        "people:\n  ana: {name: Ana}\nteams:\n  t: {name: T}\n"
        "objectives:\n  - {key: o, title: O, team: t, owner: ana, period: 2026-Q4}\n"
    )
    result = load_plan(plan)
    assert [str(w) for w in result.warnings] == [
        f"{plan}:6 objectives[0]: has no key results, so nothing proves it",
        f"{plan}:2 people.ana: owns 1 of the plan's objectives and measures but has no email, "
        "Slack or Teams id, so the bot can never ask them",
    ]
    assert [w.severity for w in result.warnings] == [Severity.WARNING, Severity.WARNING]


def test_a_person_the_bot_asks_without_a_known_timezone_is_named():
    nowhere = Person("ana", "Ana", email="ana@example.com")
    reported = Person("ana", "Ana", email="ana@example.com", reported_timezone="Asia/Kolkata")
    (warning,) = lint_plan(_plan(_kr("a"), people=(nowhere,)))
    assert (warning.code, warning.subject) == ("no-timezone", "ana")
    assert "09:00 UTC" in warning.message and "add timezone" in warning.message
    assert lint_plan(_plan(_kr("a"), people=(reported,))) == []


def _beyond_zones(warnings):
    """BASE's people set no timezone, which earns each a warning of its own (tested above)."""
    return [w for w in warnings if "has no timezone in the plan" not in w.message]


def _extra_krs(count: int) -> str:
    """BASE with `count` more well-formed key results on its objective."""
    krs = "".join(
        f"      - key: k{i}\n        title: Ship {i}\n        owner: ana\n"
        "        baseline: 0\n        target: 5\n"
        for i in range(count)
    )
    return BASE.replace("kpis:\n", krs + "kpis:\n")


def _extra_objectives(count: int) -> str:
    objectives = "".join(
        f"  - key: o{i}\n    title: O{i}\n    team: sales\n    owner: ana\n    period: 2026-Q4\n"
        f"    key_results: [{{key: ok{i}, title: Ok {i}, owner: ana, baseline: 0, target: 1}}]\n"
        for i in range(count)
    )
    return BASE.replace("kpis:\n", objectives + "kpis:\n")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (_extra_krs(2),
         "plan.yaml:13 objectives[0]: 4 measures on one objective; plans that stay alive "
         "average about 2, so keep it to 3 [warning]"),
        (_extra_krs(10),
         ["plan.yaml:13 objectives[0]: 12 measures on one objective: plans with 12 or more per "
          "objective score about one in six of them; keep the 3 that prove it [strong]",
          "plan.yaml:13 objectives[0]: 12 key results; an objective takes 2 to 5 [warning]"]),
        (_extra_objectives(3),
         "plan.yaml:9 teams.sales: 4 objectives in 2026-Q4; a team keeps at most 3 alive in one "
         "quarter [warning]"),
        (with_lines({3: "    name: Sales team", 4: "    email: sales-team@example.com"}),
         "plan.yaml:2 people.ana: owns 3 of the plan's objectives and measures but looks like a "
         "group (its name is 'Sales team'); every measure needs one named person, not a group "
         "[warning]"),
        (with_lines({4: "    email: ops@example.com"}),
         "plan.yaml:2 people.ana: owns 3 of the plan's objectives and measures but looks like a "
         "group (its email is ops@example.com); every measure needs one named person, not a "
         "group [warning]"),
        (with_lines({7: None}),
         "plan.yaml:5 people.ben: owns 1 of the plan's objectives and measures but has no email, "
         "Slack or Teams id, so the bot can never ask them [warning]"),
        (with_lines({23: None}),
         "plan.yaml:19 objectives[0].key_results[0]: has no baseline, so its progress cannot be "
         "computed [warning]"),
        (with_lines({24: "        target: 0"}),
         "plan.yaml:19 objectives[0].key_results[0]: its target equals its baseline (0): that "
         "is a KPI dressed as an OKR; make it a KPI with thresholds, or set a target that moves "
         "[warning]"),
        (with_lines({20: "        title: Maintain deal flow"}),
         "plan.yaml:19 objectives[0].key_results[0]: it only maintains a level: that is a KPI "
         "dressed as an OKR; make it a KPI with thresholds, or set a target that moves "
         "[warning]"),
        (with_lines({38: None}),
         "plan.yaml:32 kpis[0]: has no thresholds, so its status can never be green, amber or "
         "red [warning]"),
        (with_lines({n: None for n in range(18, 31)}),
         "plan.yaml:13 objectives[0]: has no key results, so nothing proves it [warning]"),
    ],
)  # fmt: skip
def test_each_lint_rule_warns_on_a_broken_file_at_its_subject(text, expected):
    result = load_yaml_text(text, file="plan.yaml")
    assert result.errors == []
    lines = [expected] if isinstance(expected, str) else expected
    assert [f"{w} [{w.severity}]" for w in _beyond_zones(result.warnings)] == lines


@pytest.mark.parametrize(
    ("name", "email"),
    [("Maya Okafor", "maya@example.com"), ("Allison Boardman", "allison.b@example.com"),
     ("Teamu Ops", "teamu@example.com")],
)  # fmt: skip
def test_people_whose_names_merely_contain_group_words_are_not_warned(name, email):
    result = load_yaml_text(with_lines({3: f"    name: {name}", 4: f"    email: {email}"}))
    assert result.errors == [] and _beyond_zones(result.warnings) == []
