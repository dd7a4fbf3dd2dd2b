from pathlib import Path

import pytest

from cadence.planfile import load_csv_text, load_plan
from cadence.units import UnitKind

EXAMPLES = Path(__file__).parents[2] / "examples"
HEADER = "type,key,title,objective_key,period,team,owner,owner_email,unit,baseline,target\n"
ROW = "kr,deals,Close deals,grow,2026-Q4,sales,ana,ana@example.com,count,0,8\n"


def _errors(text: str) -> list[str]:
    return [str(e) for e in load_csv_text(text).errors]


def test_example_csv_holds_the_same_measures_as_the_yaml():
    csv_plan = load_plan(EXAMPLES / "plan.csv")
    yaml_plan = load_plan(EXAMPLES / "plan.yaml").plan
    assert csv_plan.errors == [] and csv_plan.warnings == []
    assert csv_plan.plan is not None and yaml_plan is not None
    from_yaml = {m.key: m for m in yaml_plan.measures()}
    assert len(csv_plan.plan.measures()) == 12
    for measure in csv_plan.plan.measures():
        assert measure == from_yaml[measure.key]
    assert [(o.key, o.team, o.owner) for o in csv_plan.plan.objectives] == [
        (o.key, o.team, o.owner) for o in yaml_plan.objectives[:3]
    ]
    liam = next(p for p in csv_plan.plan.people if p.key == "liam")
    assert (liam.email, liam.timezone, liam.country) == (
        "liam@example.com", "Australia/Lord_Howe", "AU",
    )  # fmt: skip


def test_byte_order_mark_semicolons_and_decimal_commas(tmp_path):
    path = tmp_path / "plan.csv"
    text = (
        "type;key;title;objective_key;period;team;owner;unit;currency;baseline;target\n"
        "kr;acv;ACV;grow;2026-Q4;Sales;ana;currency;EUR;1.200,50;€30.000\n"
        "kr;csat;CSAT;grow;2026-Q4;Sales;ana;number;;4,1;4,6\n"
    )
    path.write_bytes(b"\xef\xbb\xbf" + text.encode())
    result = load_plan(path)
    assert result.errors == []
    acv, csat = result.plan.objectives[0].key_results
    assert (acv.baseline, acv.target, acv.unit.currency) == (1200.5, 30000, "EUR")
    assert (csat.baseline, csat.target) == (4.1, 4.6)
    assert result.plan.teams[0].key == "sales" and result.plan.teams[0].name == "Sales"


@pytest.mark.parametrize(
    ("cells", "value", "kind"),
    [("1,200.50", 1200.5, UnitKind.NUMBER), ("30%", 30, UnitKind.PERCENT),
     ("$1.2M", 1_200_000, UnitKind.CURRENCY), ("2h", 2, UnitKind.DURATION)],
)  # fmt: skip
def test_spreadsheet_number_formats_and_the_unit_they_announce(cells, value, kind):
    result = load_csv_text(f'type,key,title,team,owner,target\nkpi,k,K,ops,ana,"{cells}"\n')
    assert result.errors == []
    kpi = result.plan.kpis[0]
    assert (kpi.target, kpi.unit.kind) == (value, kind)


def test_owner_by_email_joins_the_person_by_key():
    text = HEADER + ROW + "kr,more,More deals,grow,2026-Q4,sales,ana@example.com,,count,0,3\n"
    plan = load_csv_text(text).plan
    assert [p.key for p in plan.people] == ["ana"]
    assert [kr.owner for kr in plan.objectives[0].key_results] == ["ana", "ana"]


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ("kr,deals,Close deals,grow,2026-Q4,sales,ana,,count,0,-2\n",
         "plan.csv:2 target: '-2' doesn't fit: the value must be a whole number of zero or more"),
        ("kr,deals,Close deals,grow,2026-Q4,sales,sales,,count,0,8\n",
         "plan.csv:2 owner: 'sales' is a team, not a person"),
        ("kr,deals,Close deals,grow,2026-Q4,sales,,,count,0,8\n",
         "plan.csv:2 owner: is required: every measure needs one named person who is asked for it"),
        ("okr,deals,Close deals,grow,2026-Q4,sales,ana,,count,0,8\n",
         "plan.csv:2 type: 'okr' is not a measure type; use kr or kpi"),
        ("kr,deals,Close deals,grow,Q4,sales,ana,,count,0,8\n",
         "plan.csv:2 period: 'Q4' is not a quarter; write it like 2026-Q4"),
        ("kr,deals,Close deals,grow,2026-Q4,sales,ana,,count,0,NaN\n",
         "plan.csv:2 target: 'NaN' is not a number I can read; try something like 42 or 1,200.50"),
        (ROW + "kpi,deals,Deals,,,sales,ana,,count,,8\n",
         "plan.csv:3 key: 'deals' is already the key of the key result on line 2; keys must be "
         "unique across objectives, key results and KPIs"),
        (ROW + "kr,more,More,grow,2026-Q4,sales,ana,bob@example.com,count,0,3\n",
         "plan.csv:3 owner_email: 'bob@example.com' differs from 'ana@example.com' given for "
         "the same person on line 2"),
        (ROW + "kr,more,More,grow,2026-Q1,sales,ana,,count,0,3\n",
         "plan.csv:3 period: '2026-Q1' differs from '2026-Q4' given for this objective on line 2"),
    ],
)  # fmt: skip
def test_row_errors_name_the_line_and_column(rows, expected):
    assert _errors(HEADER + rows) == [expected]


def test_unknown_column_and_mixed_decimal_styles():
    assert _errors(HEADER.replace("target", "targt") + ROW) == [
        "plan.csv:1 targt: unknown column 'targt' (did you mean 'target'?)"
    ]
    mixed = (
        HEADER
        + ROW.replace(",0,8", ',"1,5",8')
        + ROW.replace("deals", "d2").replace(",0,8", ",0,8.25")
    )
    assert _errors(mixed.replace("count", "number")) == [
        "plan.csv:2 baseline: writes a decimal comma, but line 3 (target) writes a decimal point; "
        "use one style through the file"
    ]


def test_kpi_columns_on_a_kr_row_and_notes_columns():
    header = HEADER.strip() + ",green,# notes\n"
    assert _errors(header + ROW.strip() + ",5,ask Ana\n") == [
        "plan.csv:2 green: is not used on a kr row; leave it empty"
    ]
    assert _errors(header + ROW.strip() + ",,ask Ana\n") == []


def test_a_file_that_is_not_utf8(tmp_path):
    path = tmp_path / "plan.csv"
    path.write_bytes((HEADER + ROW.replace("Close", "Clôse")).encode("cp1252"))
    assert [str(e) for e in load_plan(path).errors] == [
        f"{path}:2: is not UTF-8 text; save it as UTF-8 (in Excel: CSV UTF-8)"
    ]


def test_two_owners_cannot_share_a_chat_identity():
    header = "type,key,title,objective_key,period,team,owner,owner_email,owner_slack_id\n"
    rows = (
        "kr,deals,Deals,grow,2026-Q4,sales,ana,ana@example.com,U0ANA\n"
        "kr,more,More,grow,2026-Q4,sales,anna,Ana@Example.com,U0ANA\n"
    )
    assert _errors(header + rows) == [
        "plan.csv:3 owner_email: 'Ana@Example.com' is already the email of ana on line 2; "
        "each person needs their own",
        "plan.csv:3 owner_slack_id: 'U0ANA' is already the slack_id of ana on line 2; "
        "each person needs their own",
    ]


KPI_HEADER = "type,key,title,team,owner,unit,target,green,amber,direction,min,max\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (HEADER + ROW.replace("deals,Close", ",Close"),
         "plan.csv:2 key: is required: every measure needs a stable key"),
        (HEADER + ROW.replace("Close deals", ""), "plan.csv:2 title: is required"),
        (HEADER + ROW.replace(",sales,", ",,"), "plan.csv:2 team: is required for a key result"),
        (HEADER + ROW.replace("2026-Q4", ""),
         "plan.csv:2 period: is required for a key result, like 2026-Q4"),
        (HEADER + ROW.replace("grow", ""),
         "plan.csv:2 objective_key: is required: name the objective this key result proves"),
        ("type,key,title,objective_title,period,team,owner,target\n"
         "kr,deals,Deals,***,2026-Q4,sales,ana,5\n",
         "plan.csv:2 objective_title: '***' makes no key; give the objective an objective_key"),
        (HEADER + ROW.replace(",ana,ana@", ",big deals,ana@"),
         "plan.csv:2 owner: 'big deals' is not a usable key; keys are typed in chat commands, "
         "so use one word of letters, digits, '-', '_' or '.'"),
        (HEADER + ROW.replace("ana@example.com", "ana-at-example"),
         "plan.csv:2 owner_email: 'ana-at-example' is not an email address"),
        (HEADER.strip() + ",weight\n" + ROW.strip() + ",0\n",
         "plan.csv:2 weight: must be above 0; leave a KR out rather than weigh it 0"),
        (KPI_HEADER + "kpi,mrr,MRR,,ana,number,5,5,4,,,\n",
         "plan.csv:2 team: is required for a KPI"),
        (KPI_HEADER + "kpi,mrr,MRR,ops,ana,number,5,5,,,,\n",
         "plan.csv:2 amber: is required: thresholds need both green and amber"),
        (KPI_HEADER + "kpi,mrr,MRR,ops,ana,number,5,,4,,,\n",
         "plan.csv:2 green: is required: thresholds need both green and amber"),
        (KPI_HEADER + "kpi,mrr,MRR,ops,ana,number,5,5,4,,9,1\n",
         "plan.csv:2 max: min 9 is above max 1"),
        (KPI_HEADER + "kpi,mrr,MRR,ops,ana,number,5,5,4,down,,\n",
         "plan.csv:2 direction: is 'down', but the green 5 is above the amber 4"),
        (HEADER + ROW.strip() + ",extra\n",
         "plan.csv:2: has more cells than the header has columns (11)"),
        (HEADER.strip() + ",Target\n" + ROW.strip() + ",9\n",
         "plan.csv:1 target: columns K and L are both 'target'; keep one"),
        ("", "plan.csv:1: the file is empty; the first line must name the columns"),
        (" ; \n", "plan.csv:1: the file is empty; the first line must name the columns"),
        (HEADER, "plan.csv:1: the file holds no measures; add a row per key result or KPI"),
        (HEADER.strip() + ",private\n" + ROW.strip() + ",maybe\n",
         "plan.csv:2 private: 'maybe' is not yes or no"),
        (HEADER + ROW.replace("2026-Q4", "0026-Q4"),
         "plan.csv:2 period: '0026-Q4' is not a quarter a plan can mean; write it like 2026-Q4, "
         "with a year from 2000 to 2099"),
    ],
)  # fmt: skip
def test_each_file_error_names_its_line_and_column(text, expected):
    assert _errors(text) == [expected]


def test_a_record_spanning_lines_is_placed_on_its_first_line():
    text = HEADER + ROW.replace("Close deals", '"Close\ndeals"') + ROW.replace("deals", "d2")
    assert _errors(text.replace(",8\n", ",-8\n")) == [
        "plan.csv:2 target: '-8' doesn't fit: the value must be a whole number of zero or more",
        "plan.csv:4 target: '-8' doesn't fit: the value must be a whole number of zero or more",
    ]


def test_an_owner_close_to_a_known_person_is_warned_as_a_likely_typo():
    rows = ROW + "kr,more,More deals,grow,2026-Q4,sales,anna,,count,0,5\n"
    result = load_csv_text(HEADER + rows)
    assert result.errors == []
    assert str(result.warnings[0]) == (
        "plan.csv:3 owner: 'anna' makes a new person with no email, Slack or Teams id "
        "(did you mean 'ana'?)"
    )
    distinct = ROW + "kr,more,More deals,grow,2026-Q4,sales,bob,bob@example.com,count,0,5\n"
    assert not [w for w in load_csv_text(HEADER + distinct).warnings if "did you mean" in str(w)]


def test_owner_admin_names_the_plan_admins():
    header = "type,key,title,team,owner,owner_admin,target\n"
    rows = "kpi,a,A,ops,ana,yes,5\nkpi,b,B,ops,ben,,5\nkpi,c,C,ops,ana,Y,5\n"
    assert load_csv_text(header + rows).plan.admins == ("ana",)
    assert _errors(header + rows.replace(",Y,", ",no,")) == [
        "plan.csv:4 owner_admin: 'no' differs from 'yes' given for the same person on line 2"
    ]
