from datetime import UTC, datetime
from pathlib import Path

from bot.runtime.clock import ManualClock
from bot.runtime.tick import tick
from storage.database import open_engine

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "plan.yaml"


def test_due_lists_monday_check_ins_at_nine_local_and_sends_nothing(cli):
    cli("plan", "import", EXAMPLE)
    result = cli("due", "--at", "2026-11-30T09:00")
    assert result.exit_code == 0
    assert "Tom Hale" in result.stdout and "Mon 30 Nov 09:00" in result.stdout
    assert "Nothing was sent." in result.stdout
    again = cli("due", "--at", "2026-11-30T09:00")
    assert again.stdout == result.stdout


def rows_of(stdout: str) -> list[str]:
    """The first line of each table row (a row's later lines only wrap long cells)."""
    return [line for line in stdout.splitlines() if line.startswith("│ ") and line[2:5].strip()]


def test_prompts_whose_week_ended_are_shown_as_missed_and_not_counted_as_sends(cli, tmp_path):
    """The bot ran on Friday 20 November and then stopped: a tick on Monday 30 November
    records the week-48 prompts as missed and sends only what is due now."""
    cli("plan", "import", EXAMPLE)
    engine = open_engine(f"sqlite:///{tmp_path / 'cli.db'}")
    tick(engine, ManualClock(datetime(2026, 11, 20, 12, tzinfo=UTC)), platforms=["local"])
    engine.dispose()
    result = cli("due", "--at", "2026-11-30T09:00")
    assert result.exit_code == 0
    rows = rows_of(result.stdout)
    missed = [row for row in rows if "record as missed" in row]
    sends = [row for row in rows if row.rstrip(" │").endswith("send")]
    assert len(missed) + len(sends) == len(rows)
    assert missed and all("23 Nov" in row for row in missed)
    assert any("Priya Raman" in row for row in missed)
    assert sends and not any("23 Nov" in row for row in sends)
    summary = " ".join(result.stdout.split())
    assert f"{len(sends)} to send, {len(missed)} to record as missed" in summary


def test_due_refuses_a_time_it_cannot_read(cli):
    cli("plan", "import", EXAMPLE)
    result = cli("due", "--at", "monday")
    assert result.exit_code == 2 and "is not a time" in result.stderr


def test_due_refuses_an_empty_time_instead_of_meaning_now(cli):
    cli("plan", "import", EXAMPLE)
    result = cli("due", "--at", "")
    assert result.exit_code == 2 and "give a time" in result.stderr
