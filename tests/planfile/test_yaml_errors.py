from pathlib import Path

import pytest
import yaml

from cadence.planfile import load_plan, yaml_nodes

from .base import BASE, errors, load, with_lines

FIXTURES = Path(__file__).parent.parent / "fixtures" / "plans"
EXAMPLES = Path(__file__).parents[2] / "examples"
KR0 = "objectives[0].key_results[0]"


def test_base_plan_loads_clean():
    result = load(BASE)
    # Its people set no timezone: the one warning it earns, until a chat platform reports one.
    assert result.errors == []
    assert [(w.field, w.message.split(",")[0]) for w in result.warnings] == [
        ("people.ana", "has no timezone in the plan and none reported by Slack or Teams yet"),
        ("people.ben", "has no timezone in the plan and none reported by Slack or Teams yet"),
    ]
    assert result.plan is not None
    acv = result.plan.objectives[0].key_results[1]
    assert (acv.baseline, acv.target, acv.unit.currency) == (18_000, 30_000, "USD")


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        (
            {21: "        owner: sales"},
            f"plan.yaml:21 {KR0}.owner: 'sales' is a team, not a person",
        ),
        (
            {21: "        owner: bne"},
            f"plan.yaml:21 {KR0}.owner: 'bne' is not one of the plan's people "
            "(did you mean 'ben'?)",
        ),
        (
            {15: "    team: sals"},
            "plan.yaml:15 objectives[0].team: 'sals' is not one of the plan's teams "
            "(did you mean 'sales'?)",
        ),
        (
            {34: "    team: ana"},
            "plan.yaml:34 kpis[0].team: 'ana' is a person, not a team",
        ),
        (
            {11: "    managers: [ann]"},
            "plan.yaml:11 teams.sales.managers[0]: 'ann' is not one of the plan's people "
            "(did you mean 'ana'?)",
        ),
        (
            {24: "        targt: 8"},
            f"plan.yaml:24 {KR0}.targt: unknown field 'targt' (did you mean 'target'?)",
        ),
        (
            {12: "objectivs:"},
            "plan.yaml:12 objectivs: unknown field 'objectivs' (did you mean 'objectives'?)",
        ),
        (
            {23: "        baseline: [1, 2]"},
            f"plan.yaml:23 {KR0}.baseline: expected a number, got a list",
        ),
        (
            {24: "        target: -3"},
            f"plan.yaml:24 {KR0}.target: -3 makes no sense here: "
            "the value must be a whole number of zero or more",
        ),
        (
            {23: "        baseline: .nan"},
            f"plan.yaml:23 {KR0}.baseline: nan makes no sense here: "
            "the value must be a finite number",
        ),
        (
            {24: "        target: .inf"},
            f"plan.yaml:24 {KR0}.target: inf makes no sense here: "
            "the value must be a finite number",
        ),
        (
            {24: "        target: lots"},
            f"plan.yaml:24 {KR0}.target: 'lots' is not a number I can read; "
            "try something like 42 or 1,200.50",
        ),
        (
            {24: '        target: "30%"'},
            f"plan.yaml:24 {KR0}.target: '30%' is a percentage, but this measure is a count; "
            "write it like 12",
        ),
        (
            {21: None},
            f"plan.yaml:19 {KR0}.owner: is required: "
            "every measure needs one named person who is asked for it",
        ),
        (
            {35: None},
            "plan.yaml:32 kpis[0].owner: is required: "
            "every measure needs one named person who is asked for it",
        ),
        (
            {25: "      - key: deals"},
            "plan.yaml:25 objectives[0].key_results[1].key: 'deals' is already the key of the "
            "key result on line 19; keys must be unique across objectives, key results and KPIs",
        ),
        (
            {32: "  - key: grow"},
            "plan.yaml:32 kpis[0].key: 'grow' is already the key of the objective on line 13; "
            "keys must be unique across objectives, key results and KPIs",
        ),
        (
            {19: "      - key: big deals"},
            f"plan.yaml:19 {KR0}.key: 'big deals' is not a usable key; keys are typed in chat "
            "commands, so use one word of letters, digits, '-', '_' or '.'",
        ),
        (
            {23: "        target: 0"},
            f"plan.yaml:24 {KR0}.target: 'target' appears twice in this mapping "
            "(first on line 23); YAML would silently keep only the last",
        ),
        (
            {5: "  ana:", 21: "        owner: ana"},
            "plan.yaml:5 people.ana: 'ana' appears twice in this mapping (first on line 2); "
            "YAML would silently keep only the last",
        ),
        (
            {4: "    timezone: Europe/Londn"},
            "plan.yaml:4 people.ana.timezone: 'Europe/Londn' is not an IANA timezone like "
            "Europe/London (did you mean 'Europe/London'?)",
        ),
        (
            {4: "    country: XX"},
            "plan.yaml:4 people.ana.country: 'XX' is not a country code with a holiday "
            "calendar; use ISO codes like GB, US, IN",
        ),
        (
            {4: "    subdivision: ENG"},
            "plan.yaml:4 people.ana.subdivision: needs a country alongside it",
        ),
        (
            {4: "    manager: ana"},
            "plan.yaml:4 people.ana.manager: 'ana' cannot be their own manager",
        ),
        (
            {7: "    working_hours: 17:30-09:00"},
            "plan.yaml:7 people.ben.working_hours: '17:30-09:00' ends before it starts; "
            "write it like 09:00-17:30",
        ),
        (
            {7: "    working_days: [mon, fry]"},
            "plan.yaml:7 people.ben.working_days[1]: 'fry' is not a weekday; "
            "use one of mon, tue, wed, thu, fri, sat, sun",
        ),
        (
            {17: "    period: 2026-Q5"},
            "plan.yaml:17 objectives[0].period: '2026-Q5' is not a quarter; write it like 2026-Q4",
        ),
        (
            {22: "        cadence: weekley"},
            f"plan.yaml:22 {KR0}.cadence: 'weekley' is not a cadence; use one of weekly, "
            "biweekly, monthly, quarterly (did you mean 'weekly'?)",
        ),
        (
            {22: "        cadence: {every: monthly, hour: 25}"},
            f"plan.yaml:22 {KR0}.cadence.hour: '25' is not a whole number from 0 to 23",
        ),
        (
            {22: "        unit: percnt"},
            f"plan.yaml:22 {KR0}.unit: 'percnt' is not a unit; use one of number, count, "
            "percent, currency, duration, ratio (did you mean 'percent'?)",
        ),
        (
            {28: "        unit: {currency: dollars}"},
            "plan.yaml:28 objectives[0].key_results[1].unit.currency: 'dollars' is not a "
            "currency code; use three letters like USD or EUR",
        ),
        (
            {22: "        direction: down"},
            f"plan.yaml:22 {KR0}.direction: is 'down', but the target 8 is above the baseline 0",
        ),
        (
            {38: '    thresholds: {green: "$1.2M", amber: "$1.3M"}\n    direction: up'},
            "plan.yaml:39 kpis[0].direction: is 'up', but the green 1,200,000 is below "
            "the amber 1,300,000",
        ),
        (
            {38: '    thresholds: {green: "$1.2M"}'},
            "plan.yaml:38 kpis[0].thresholds.amber: is required: thresholds need both green "
            "and amber",
        ),
        (
            {37: '    target: "€1.2M"'},
            "plan.yaml:37 kpis[0].target: '€1.2M' is in EUR, but this measure is in USD",
        ),
        (
            {14: "    title: [Grow]"},
            "plan.yaml:14 objectives[0].title: expected a single value, got a list",
        ),
        (
            {17: "    period: 2026-Q4\n    private: maybe"},
            "plan.yaml:18 objectives[0].private: expected true or false, got 'maybe'",
        ),
        (
            {4: "    away: [{from: 2026-12-21, to: 2026-12-01}]"},
            "plan.yaml:4 people.ana.away[0].to: 2026-12-01 is before 2026-12-21",
        ),
        (
            {4: "    away: [{from: tomorrow, to: 2026-12-01}]"},
            "plan.yaml:4 people.ana.away[0].from: expected a date like 2026-12-24",
        ),
        (
            {4: "    away: [{from: 2026-12-21}]"},
            "plan.yaml:4 people.ana.away[0].to: is required",
        ),
        (
            {4: "    away: 2026-12-21"},
            "plan.yaml:4 people.ana.away: expected a list, got '2026-12-21'",
        ),
        (
            {4: "    country: US\n    subdivision: ZZ"},
            "plan.yaml:5 people.ana.subdivision: 'ZZ' is not a subdivision of US; it has AK, AL, "
            "AR, AS, AZ, CA, CO, CT, …",
        ),
        (
            {4: "    country: AF\n    subdivision: KAB"},
            "plan.yaml:5 people.ana.subdivision: 'KAB' is not a subdivision of AF; it has none",
        ),
        (
            {7: "    working_hours: nine-to-five"},
            "plan.yaml:7 people.ben.working_hours: 'nine-to-five' is not a span of working hours; "
            "write it like 09:00-17:30",
        ),
        (
            {7: "    working_hours: 09:00-24:30"},
            "plan.yaml:7 people.ben.working_hours: '09:00-24:30' is not a span of working hours; "
            "write it like 09:00-17:30",
        ),
        (
            {4: "    email: not-an-email"},
            "plan.yaml:4 people.ana.email: 'not-an-email' is not an email address",
        ),
        (
            {4: "    delegate: zed"},
            "plan.yaml:4 people.ana.delegate: 'zed' is not one of the plan's people",
        ),
        (
            {7: "    slack_id: U0BEN\n  [carl]: {name: Carl}"},
            "plan.yaml:8 people: a field name must be a plain word, not a list or mapping",
        ),
        (
            {11: "    managers: ana"},
            "plan.yaml:11 teams.sales.managers: expected a list, got 'ana'",
        ),
        (
            {22: "        weight: 0"},
            f"plan.yaml:22 {KR0}.weight: must be above 0; leave a KR out rather than weigh it 0",
        ),
        (
            {22: "        weight: -1"},
            f"plan.yaml:22 {KR0}.weight: -1 makes no sense here: the value must be at least 0",
        ),
        (
            {22: "        unit: {kind: count, min: 5, max: 1}"},
            f"plan.yaml:22 {KR0}.unit.max: min 5 is above max 1",
        ),
        (
            {
                36: "    unit: duration",
                37: "    target: -2",
                38: "    thresholds: {green: 2, amber: 4}",
            },
            "plan.yaml:37 kpis[0].target: -2 makes no sense here: the value cannot be negative",
        ),
        (
            {36: "    unit: ratio", 37: "    target: -0.5", 38: "    direction: up"},
            "plan.yaml:37 kpis[0].target: -0.5 makes no sense here: the value cannot be negative",
        ),
        (
            {17: "    period: 0026-Q4"},
            "plan.yaml:17 objectives[0].period: '0026-Q4' is not a quarter a plan can mean; "
            "write it like 2026-Q4, with a year from 2000 to 2099",
        ),
        (
            {38: '    thresholds: {green: "$1.2M", amber: "$1.1M"}\nadmins: [zed]'},
            "plan.yaml:39 admins[0]: 'zed' is not one of the plan's people",
        ),
        (
            {38: '    thresholds: {green: "$1.2M", amber: "$1.1M"}\nadmins: [sales]'},
            "plan.yaml:39 admins[0]: 'sales' is a team, not a person",
        ),
        (
            {4: "    away: [{from: 2026-13-45, to: 2026-12-01}]"},
            "plan.yaml:4 people.ana.away[0].from: expected a date like 2026-12-24",
        ),
        (
            {24: "        target: 2026-13-45"},
            f"plan.yaml:24 {KR0}.target: expected a number, got '2026-13-45'",
        ),
        ({3: "    name: ''"}, "plan.yaml:3 people.ana.name: is empty"),
        (
            {3: "    name: {first: Ana}"},
            "plan.yaml:3 people.ana.name: expected a single value, got a mapping",
        ),
        (
            {22: "        unit: count USD"},
            f"plan.yaml:22 {KR0}.unit: 'count USD' is not a unit; only currency takes a code, "
            "as in currency: USD",
        ),
        (
            {22: "        unit: {kind: count, max: 5}"},
            f"plan.yaml:24 {KR0}.target: 8 makes no sense here: the value must be at most 5",
        ),
        (
            {22: "        direction: sideways"},
            f"plan.yaml:22 {KR0}.direction: 'sideways' is not a direction; use up or down",
        ),
    ],
)
def test_each_error_names_its_line_field_and_problem(changes, expected):
    result = load(with_lines(changes))
    assert [str(e) for e in result.errors] == [expected]
    assert result.plan is None


def test_a_leading_zero_is_a_decimal_number_not_yaml_octal():
    plan = load(with_lines({23: "        baseline: 007", 24: "        target: 010"})).plan
    deals = plan.objectives[0].key_results[0]
    assert (deals.baseline, deals.target) == (7, 10)


@pytest.mark.parametrize(
    ("changes", "written"),
    [
        ({24: "        target: 0x10"}, "0x10"),
        ({24: "        target: 1_000"}, "1_000"),
        ({22: "        unit: duration", 24: "        target: 1:30"}, "1:30"),
    ],
)
def test_numbers_yaml_would_retype_are_refused_not_converted(changes, written):
    assert errors(with_lines(changes)) == [
        f"plan.yaml:24 {KR0}.target: '{written}' is not a number I can read; "
        "try something like 42 or 1,200.50"
    ]


@pytest.mark.parametrize(
    ("line", "tag"),
    [
        ("    name: !!binary aGVsbG8=", "!!binary"),
        ("    name: !!python/object/apply:os.system ['echo pwned']",
         "!!python/object/apply:os.system"),
        ("    name: !local Ana", "!local"),
    ],
)  # fmt: skip
def test_tags_beyond_plain_yaml_are_refused(line, tag):
    assert errors(with_lines({3: line})) == [
        f"plan.yaml:3 people.ana.name: the tag '{tag}' has no place in a plan; "
        "write the value without it"
    ]


@pytest.mark.parametrize(
    ("changes", "place"),
    [
        ({11: "    managers: !!set {ana}"}, "11 teams.sales.managers"),
        ({22: "        unit: !!omap [{kind: count}]"}, f"22 {KR0}.unit"),
        ({24: "        target: !!binary OA=="}, f"24 {KR0}.target"),
        ({17: "    period: 2026-Q4\n    private: !!binary eWVz"}, "18 objectives[0].private"),
        ({4: "    away: [{from: !!binary eA==, to: 2026-12-01}]"}, "4 people.ana.away[0].from"),
        ({7: "    slack_id: U0BEN\n    !!binary bmFtZQ==: Ben"}, "8 people.ben"),
    ],
)  # fmt: skip
def test_tags_are_refused_wherever_they_stand(changes, place):
    tag = next(iter(changes.values())).split("!!")[1].split()[0]
    assert errors(with_lines(changes)) == [
        f"plan.yaml:{place}: the tag '!!{tag}' has no place in a plan; write the value without it"
    ]


def test_a_character_yaml_forbids_names_its_line():
    assert errors(BASE.replace("Grow", "Gr\x00ow")) == [
        "plan.yaml:14: this is not valid YAML: it holds the character #x0000, "
        "which YAML does not allow"
    ]


def test_a_standard_tag_reads_as_usual():
    plan = load(with_lines({3: "    name: !!str 007", 24: "        target: !!int 9"})).plan
    assert plan.people[0].name == "007" and plan.objectives[0].key_results[0].target == 9


def test_malformed_yaml_names_the_line():
    # libyaml ends the sentence "in this context", PyYAML "here".
    [found] = errors(with_lines({20: "        title: Close: deals"}))
    assert found.startswith("plan.yaml:20: this is not valid YAML: mapping values are not allowed")


def test_a_tab_in_the_indentation_is_named():
    [found] = errors(BASE.replace("    name: Ana", "\tname: Ana", 1))
    assert found.startswith("plan.yaml:3: this is not valid YAML: found character")
    assert found.endswith("(a tab: YAML indents with spaces)")


@pytest.mark.skipif(not hasattr(yaml, "CSafeLoader"), reason="PyYAML was built without libyaml")
def test_the_fast_loader_reads_what_pyyaml_reads(monkeypatch):
    broken = (FIXTURES / "many_errors.yaml").read_text()
    fast = [load((EXAMPLES / "plan.yaml").read_text()), load(broken)]
    monkeypatch.setattr(yaml_nodes, "_LOADER", yaml.SafeLoader)
    slow = [load((EXAMPLES / "plan.yaml").read_text()), load(broken)]
    assert fast[0].plan is not None and fast[0].plan == slow[0].plan
    assert fast[1].errors and fast[1].errors == slow[1].errors
    assert fast[0].warnings == slow[0].warnings


def test_empty_file_and_wrong_top_level():
    assert errors("") == ["plan.yaml:1: the file is empty; a plan needs at least `people:`"]
    assert errors("- a\n- b\n") == ["plan.yaml:1: expected a mapping of fields, got a list"]
    assert errors("teams: {}\n") == [
        "plan.yaml:1 people: is required: a plan needs the people who own its measures"
    ]


def test_every_error_is_reported_not_just_the_first():
    result = load_plan(FIXTURES / "many_errors.yaml")
    file = str(FIXTURES / "many_errors.yaml")
    assert [str(e).removeprefix(file) for e in result.errors] == [
        ":4 people.ana.timezone: 'Mars/Olympus' is not an IANA timezone like Europe/London",
        ":5 people.ana.country: 'ZZ' is not a country code with a holiday calendar; "
        "use ISO codes like GB, US, IN",
        ":13 objectives[0].owner: 'sales' is a team, not a person",
        ":14 objectives[0].period: 'Q4 2026' is not a quarter; write it like 2026-Q4",
        ":19 objectives[0].key_results[0].owner: 'bob' is not one of the plan's people",
        ":20 objectives[0].key_results[0].unit: 'widgets' is not a unit; use one of number, "
        "count, percent, currency, duration, ratio",
        ":22 objectives[0].key_results[0].target: 'NaN' is not a number I can read; "
        "try something like 42 or 1,200.50",
        ":23 objectives[0].key_results[1].key: 'deals' is already the key of the key result "
        "on line 17; keys must be unique across objectives, key results and KPIs",
        ":23 objectives[0].key_results[1].title: is required",
        ":23 objectives[0].key_results[1].owner: is required: "
        "every measure needs one named person who is asked for it",
        ":25 objectives[0].key_results[1].colour: unknown field 'colour'",
        ":26 objectives[0].key_results[1].baseline: 'baseline' appears twice in this mapping "
        "(first on line 24); YAML would silently keep only the last",
        ":30 kpis[0].owner: 'sales' is a team, not a person",
    ]


def test_missing_file_and_unknown_suffix(tmp_path):
    missing = load_plan(tmp_path / "nope.yaml")
    assert [e.message for e in missing.errors] == ["cannot be read: No such file or directory"]
    other = tmp_path / "plan.json"
    other.write_text("{}")
    assert [str(e) for e in load_plan(other).errors] == [
        f"{other}: plan files end in .yaml, .yml or .csv, not '.json'"
    ]


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({7: "    email: ANA@example.com"},
         "plan.yaml:7 people.ben.email: 'ANA@example.com' is already the email of ana on line 4; "
         "each person needs their own"),
        ({4: "    slack_id: U0BEN"},
         "plan.yaml:7 people.ben.slack_id: 'U0BEN' is already the slack_id of ana on line 4; "
         "each person needs their own"),
        ({4: "    teams_id: 29:1abc", 7: "    teams_id: 29:1abc"},
         "plan.yaml:7 people.ben.teams_id: '29:1abc' is already the teams_id of ana on line 4; "
         "each person needs their own"),
    ],
)  # fmt: skip
def test_two_people_cannot_share_a_chat_identity(changes, expected):
    assert errors(with_lines(changes)) == [expected]
