from pathlib import Path

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "plan.yaml"


def test_an_admin_records_an_update_and_health_shows_it(cli):
    cli("plan", "import", EXAMPLE)
    result = cli("update", "mrr", "1.25M", "--comment", "two renewals")
    assert result.exit_code == 0 and "$1.25M" in result.stdout
    health = cli("health", "--team", "sales")
    assert health.exit_code == 0
    assert "KPIs scored this period" in health.stdout and "100%" in health.stdout


def test_a_bad_value_is_refused_and_nothing_is_recorded(cli):
    cli("plan", "import", EXAMPLE)
    result = cli("update", "big-deals", "--", "-1")
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
