from pathlib import Path

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "plan.yaml"


def test_an_admin_records_an_update_and_health_shows_it(cli):
    cli("plan", "import", EXAMPLE)
    result = cli("update", "mrr", "1.25M", "--comment", "two renewals")
    assert result.exit_code == 0 and "$1.25M" in result.stdout
    assert result.stdout.startswith("Thanks Maya Okafor,")  # a terminal is no chat: no @
    health = cli("health", "--team", "sales")
    assert health.exit_code == 0
    assert "KPIs scored this period" in health.stdout and "100%" in health.stdout


def test_a_bad_value_is_refused_and_nothing_is_recorded(cli):
    cli("plan", "import", EXAMPLE)
    result = cli("update", "big-deals", "-1")
    assert result.exit_code == 1 and "whole number" in result.stderr
    assert "0%" in cli("health", "--team", "sales").stdout


def test_only_an_admin_may_record_from_the_terminal(cli):
    cli("plan", "import", EXAMPLE)
    result = cli("update", "mrr", "1M", "--by", "dan")
    assert result.exit_code == 1 and "not a plan admin" in result.stderr


def test_health_names_an_unknown_team(cli):
    cli("plan", "import", EXAMPLE)
    result = cli("health", "--team", "nope")
    assert result.exit_code == 1 and "the teams are: sales" in result.stderr


def test_a_negative_value_is_a_value_not_an_option(cli):
    cli("plan", "import", EXAMPLE)
    result = cli("update", "mrr", "-5", "--comment", "a refund month")
    assert result.exit_code == 0 and "-$5" in result.stdout


def _csv_plan(tmp_path, admin_cells: tuple[str, str]) -> Path:
    plan = tmp_path / "plan.csv"
    plan.write_text(
        "type,key,title,team,owner,owner_email,owner_admin,target,green,amber\n"
        f"kpi,mrr,MRR,sales,ana,ana@example.com,{admin_cells[0]},5,5,4\n"
        f"kpi,arr,ARR,sales,ben,ben@example.com,{admin_cells[1]},5,5,4\n"
    )
    return plan


def test_a_plan_without_admins_says_so_and_how_to_name_them(cli, tmp_path):
    cli("plan", "import", _csv_plan(tmp_path, ("", "no")))
    for args in (("update", "mrr", "6"), ("update", "mrr", "6", "--by", "ana")):
        result = cli(*args)
        assert result.exit_code == 1
        assert result.stderr.strip() == (
            "error: the plan names no admins, and only an admin may record from the terminal; "
            "name them under `admins:` in a YAML plan or with the owner_admin column of a CSV "
            "plan, then import it again"
        )


def test_csv_admins_record_and_several_need_by(cli, tmp_path):
    cli("plan", "import", _csv_plan(tmp_path, ("yes", "yes")))
    unnamed = cli("update", "mrr", "6")
    assert unnamed.exit_code == 1
    assert "say who records it with --by PERSON; the plan's admins are ana, ben" in unnamed.stderr
    assert cli("update", "mrr", "6", "--by", "ben").exit_code == 0
