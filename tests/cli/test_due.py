from pathlib import Path

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "plan.yaml"


def test_due_lists_monday_check_ins_at_nine_local_and_sends_nothing(cli):
    cli("plan", "import", EXAMPLE)
    result = cli("due", "--at", "2026-11-30T09:00")
    assert result.exit_code == 0
    assert "Tom Hale" in result.stdout and "Mon 30 Nov 09:00" in result.stdout
    assert "Nothing was sent." in result.stdout
    again = cli("due", "--at", "2026-11-30T09:00")
    assert again.stdout == result.stdout


def test_due_refuses_a_time_it_cannot_read(cli):
    cli("plan", "import", EXAMPLE)
    result = cli("due", "--at", "monday")
    assert result.exit_code == 2 and "is not a time" in result.stderr
