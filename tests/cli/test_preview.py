import hashlib
import json
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.cli.context import CliContext
from bot.runtime.clock import SystemClock

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "rendering"))
from validate import slack_message, teams_card

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "plan.yaml"
# A Thursday in the example plan's quarter: this week's check-ins went out on Monday.
NOW = datetime(2026, 11, 26, 15, 0, tzinfo=UTC)

PERSON_KINDS = [
    "checkin", "kpi-review", "nudge", "confirmation", "quarter-close", "metric", "mine", "help"
]  # fmt: skip
TEAM_KINDS = ["escalation", "digest"]


@pytest.fixture
def run(cli, monkeypatch):
    """The CLI at NOW, on the example plan with October's KPI values for Dan and Sofia."""
    monkeypatch.setattr(CliContext, "now", staticmethod(lambda: NOW))
    assert cli("plan", "import", EXAMPLE).exit_code == 0
    for day, key, value in ((5, "mrr", "1.1M"), (20, "mrr", "1.25M"), (20, "attrition", "9%")):
        monkeypatch.setattr(
            SystemClock, "now", lambda self, day=day: NOW.replace(month=10, day=day)
        )
        assert cli("update", key, value, "--comment", f"as of {day} Oct").exit_code == 0
    monkeypatch.setattr(SystemClock, "now", lambda self: NOW)
    return cli


def _subject(kind: str, person: str, team: str) -> tuple[str, str]:
    return ("--team", team) if kind in TEAM_KINDS else ("--person", person)


@pytest.mark.parametrize("kind", PERSON_KINDS + TEAM_KINDS)
def test_every_kind_prints_the_slack_message_as_chat_post_message_takes_it(run, kind):
    result = run("preview", kind, *_subject(kind, "dan", "sales"), "--as", "slack")
    assert result.exit_code == 0, result.stderr
    message = json.loads(result.stdout)
    assert set(message) == {"channel", "text", "blocks"}
    assert message["channel"] == ("C0SALES" if kind in TEAM_KINDS else "U0SALES01")
    slack_message({"text": message["text"], "blocks": message["blocks"]})


@pytest.mark.parametrize("kind", PERSON_KINDS + TEAM_KINDS)
def test_every_kind_prints_the_teams_activity_with_a_valid_card(run, card_schema, kind):
    result = run("preview", kind, *_subject(kind, "sofia", "people-team"), "--as", "teams")
    assert result.exit_code == 0, result.stderr
    activity = json.loads(result.stdout)
    assert activity["type"] == "message"
    [attachment] = activity["attachments"]
    assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
    teams_card(attachment["content"], card_schema)


@pytest.mark.parametrize("kind", PERSON_KINDS + TEAM_KINDS)
def test_every_kind_prints_plain_text_by_default(run, kind):
    result = run("preview", kind, *_subject(kind, "dan", "sales"))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() and "None" not in result.stdout


def test_the_views_come_from_the_plan_and_the_recorded_data(run):
    checkin = run("preview", "checkin", "--person", "dan").stdout
    assert "the week of 23 Nov" in checkin and "Land 2 logos above 5,000 employees" in checkin
    assert "Hi Dan Whitaker, here is 1 key result to check in on." in checkin
    assert "Monthly recurring revenue" not in checkin
    confirmation = run("preview", "confirmation", "--person", "dan").stdout
    assert "Monthly recurring revenue" in confirmation and "$1.25M" in confirmation
    assert "$1.1M" in confirmation
    review = run("preview", "kpi-review", "--person", "dan").stdout
    assert "KPI review for November 2026" in review and "$1.25M" in review
    metric = run("preview", "metric", "--person", "dan", "--measure", "mrr")
    assert "as of 20 Oct" in metric.stdout and "chart" in metric.stderr
    nudge = run("preview", "nudge", "--person", "dan").stdout
    assert "Mon 23 Nov" in nudge and "Land 2 logos" in nudge
    grades = run("preview", "quarter-close", "--person", "dan").stdout
    assert "Closing Q4 2026" in grades and "Break into the enterprise segment" in grades
    assert "/metric" in run("preview", "help", "--person", "dan", "--as", "slack").stdout


def test_the_escalation_names_only_owners_still_silent(run):
    before = run("preview", "escalation", "--team", "sales").stdout
    assert "Dan Whitaker" in before and "Tom Hale" in before
    assert run("update", "big-logos", "1").exit_code == 0
    after = run("preview", "escalation", "--team", "sales").stdout
    assert "Dan Whitaker" not in after and "Tom Hale" in after


def test_a_digest_goes_to_the_teams_channel(run):
    message = json.loads(run("preview", "digest", "--team", "sales", "--as", "slack").stdout)
    assert message["channel"] == "C0SALES"
    assert "Monthly recurring revenue" in message["text"]


def test_while_the_owner_is_away_the_delegate_is_the_one_asked(run, tmp_path):
    away = EXAMPLE.read_text().replace(
        "    delegate: priya\n",
        "    delegate: priya\n    away:\n      - {from: 2026-11-23, to: 2026-11-30}\n",
    )
    (tmp_path / "plan.yaml").write_text(away)
    assert run("plan", "import", tmp_path / "plan.yaml").exit_code == 0
    result = run("preview", "checkin", "--person", "dan", "--as", "slack")
    message = json.loads(result.stdout)
    assert message["channel"] == "U0SALES02"
    assert "while Dan Whitaker is away you're answering for them. Here is 1" in message["text"]


def test_previewing_changes_nothing(run, tmp_path):
    database = tmp_path / "cli.db"
    before = hashlib.sha256(database.read_bytes()).hexdigest()
    for kind in PERSON_KINDS + TEAM_KINDS:
        assert run("preview", kind, *_subject(kind, "dan", "sales")).exit_code == 0
    assert hashlib.sha256(database.read_bytes()).hexdigest() == before


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (["checkin", "--person", "zed"], "no person 'zed' in the plan"),
        (["digest", "--team", "nope"], "no team 'nope'; the teams are: sales, support"),
        (["checkin", "--team", "sales"], "checkin goes to a person: say which with --person"),
        (["escalation", "--person", "dan"], "escalation goes to a team: say which with --team"),
        (["mine", "--person", "dan", "--team", "sales"], "with --team, not both"),
        (["kpi-review", "--person", "priya"], "Priya Raman owns no KPIs, so there is no KPI"),
        (["quarter-close", "--person", "tom"], "Tom Hale owns no objectives"),
        (["confirmation", "--person", "tom"], "nothing has been recorded for Tom Hale's"),
        (["checkin", "--person", "consultant", "--as", "slack"], "cannot reach Outside consultant"),
        (["metric", "--person", "maya"], "Maya Okafor owns no measures; name one"),
        (["metric", "--person", "dan", "--measure", "zzz"], "No measure matches “zzz”"),
        (["checkin", "--person", "dan", "--as", "teams"], "cannot reach Dan Whitaker"),
        (["escalation", "--team", "sales", "--as", "teams"], "Sales has no Teams channel"),
    ],
)
def test_what_cannot_be_previewed_is_said_plainly(run, args, error):
    result = run("preview", *args)
    assert result.exit_code == 1 and error in result.stderr and not result.stdout


def test_an_answered_check_in_has_nothing_to_preview(run):
    assert run("update", "big-logos", "1").exit_code == 0
    result = run("preview", "checkin", "--person", "dan")
    assert result.exit_code == 1
    assert "already updated every one of their key results for 2026-W48" in result.stderr


def test_without_a_plan_it_says_how_to_import_one(cli):
    result = cli("preview", "help", "--person", "dan")
    assert result.exit_code == 1 and "cadence-bot plan import" in result.stderr


def test_the_confirmation_does_not_list_what_it_confirms_as_still_open(run):
    for day in (16, 17):  # last week: the KR is due again this week
        when = NOW.replace(day=day)
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(SystemClock, "now", lambda self, when=when: when)
            assert run("update", "big-logos", "1").exit_code == 0
    confirmation = run("preview", "confirmation", "--person", "dan").stdout
    assert "Land 2 logos above 5,000 employees: still 1" in confirmation
    assert "1 → 1" not in confirmation and "Still open" not in confirmation
