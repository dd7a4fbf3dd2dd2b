"""The admin's view of timezones the plan leaves out: health names whoever the bot would
ask on UTC time, and an export never writes a zone the plan did not have."""

import os
from datetime import UTC, datetime
from pathlib import Path

import yaml

from storage import zone_repo
from storage.database import open_engine, transaction

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "plan.yaml"


def without_sofias_zone(tmp_path: Path) -> Path:
    data = yaml.safe_load(EXAMPLE.read_text())
    del data["people"]["sofia"]["timezone"]
    edited = tmp_path / "plan.yaml"
    edited.write_text(yaml.safe_dump(data))
    return edited


def teams_reports(zone: str) -> None:
    engine = open_engine(os.environ["CADENCE_DATABASE_URL"])
    with transaction(engine) as session:
        zone_repo.report_zone(
            session=session,
            person_key="sofia",
            platform="teams",
            zone=zone,
            now=datetime(2026, 11, 23, 9, tzinfo=UTC),
        )
    engine.dispose()


def test_health_names_whoever_has_no_known_timezone_until_a_platform_reports_one(cli, tmp_path):
    imported = cli("plan", "import", without_sofias_zone(tmp_path))
    assert "sofia" in imported.stdout and "has no timezone in the plan" in imported.stdout
    warning = "has no timezone in the plan and none reported by Slack or Teams yet"
    assert warning in cli("health").stdout
    teams_reports("Europe/Dublin")
    assert warning not in cli("health").stdout


def test_export_writes_only_the_zones_the_plan_had(cli, tmp_path):
    cli("plan", "import", without_sofias_zone(tmp_path))
    teams_reports("Europe/Dublin")
    exported = yaml.safe_load(cli("plan", "export").stdout)
    assert "timezone" not in exported["people"]["sofia"]
    assert exported["people"]["ravi"]["timezone"] == "Asia/Kolkata"
    again = tmp_path / "again.yaml"
    again.write_text(yaml.safe_dump(exported))
    assert "nothing changed" in cli("plan", "import", again).stdout
