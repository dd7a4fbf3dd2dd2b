"""`cadence-bot health` says who the bot cannot reach on the enabled platforms, and what
an admin does about each."""

import asyncio
import os
from datetime import UTC, datetime
from pathlib import Path

from storage import outbox_repo
from storage.chat_ref_repo import SqlConversationStore
from storage.database import open_engine, transaction

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "plan.yaml"
APP_ID = "00000000-0000-4000-8000-000000000001"


def refuse(platform: str, key: str, reason: str) -> None:
    engine = open_engine(os.environ["CADENCE_DATABASE_URL"])
    with transaction(engine) as session:
        outbox_repo.record_unreachable(
            session=session,
            platform=platform,
            recipient_key=key,
            reason=reason,
            now=datetime(2026, 11, 20, 9, tzinfo=UTC),
        )
    engine.dispose()


def reach_section(stdout: str) -> str:
    return stdout[stdout.index("Who the bot cannot reach") :]


def test_in_local_mode_everyone_is_reachable(cli):
    cli("plan", "import", EXAMPLE)
    assert "Who the bot cannot reach: nobody." in cli("health").stdout


def test_on_teams_a_plan_with_only_slack_ids_names_everyone_with_what_to_add(cli, monkeypatch):
    cli("plan", "import", EXAMPLE)
    monkeypatch.setenv("MICROSOFT_APP_ID", APP_ID)
    monkeypatch.setenv("MICROSOFT_APP_PASSWORD", "pw")
    section = reach_section(cli("health").stdout)
    assert "- Dan Whitaker (dan) on teams: no address on teams" in section
    assert "- team Sales (sales) on teams: no channel on teams" in section
    assert "What to do: Teams: add teams_id (Teams user id, AAD object id or email)" in section
    assert "What to do: Teams: add teams_channel" in section


def test_a_refusal_shows_its_reason_and_date_and_the_rest_are_reachable(cli, monkeypatch):
    cli("plan", "import", EXAMPLE)
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-test")
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "secret")
    refuse("slack", "tom", "Slack account U0SALES03 of Tom Hale is deactivated")
    section = reach_section(cli("health").stdout)
    assert (
        "- Tom Hale (tom) on slack, since 2026-11-20: Slack account U0SALES03 of Tom Hale "
        "is deactivated" in section
    )
    assert "What to do: Fix what the problem names" in section
    assert "Dan Whitaker" not in section


def test_a_person_refused_on_one_platform_but_reached_on_another_says_so(cli, monkeypatch):
    cli("plan", "import", EXAMPLE)
    monkeypatch.setenv("MICROSOFT_APP_ID", APP_ID)
    monkeypatch.setenv("MICROSOFT_APP_PASSWORD", "pw")
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-test")
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "secret")
    refuse("teams", "maya", "bot not installed for maya@example.com")
    section = reach_section(cli("health").stdout)
    assert "bot not installed for maya@example.com (reached on slack meanwhile)" in section
    assert "What to do: Install cadence-bot for them in Teams" in section


def test_one_teams_health_lists_only_that_teams_people(cli, monkeypatch):
    cli("plan", "import", EXAMPLE)
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-test")
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "secret")
    refuse("slack", "liam", "no Slack user U0SUPPORT02; fix slack_id for liam in the plan")
    refuse("slack", "tom", "Slack account U0SALES03 of Tom Hale is deactivated")
    section = reach_section(cli("health", "--team", "sales").stdout)
    assert "Tom Hale (tom)" in section and "Liam" not in section


def test_on_teams_whoever_has_not_installed_the_app_is_named_until_they_do(cli, monkeypatch):
    cli("plan", "import", EXAMPLE)
    monkeypatch.setenv("MICROSOFT_APP_ID", APP_ID)
    monkeypatch.setenv("MICROSOFT_APP_PASSWORD", "pw")
    section = reach_section(cli("health").stdout)
    assert "(sofia) on teams: the app is not installed for them yet" in section
    assert "- team People (people-team) on teams: the app is not installed" in section
    assert "What to do: Install cadence-bot for them" in section
    engine = open_engine(os.environ["CADENCE_DATABASE_URL"])
    asyncio.run(SqlConversationStore(engine).put("29:1a2b3c-sofia", {"conversation": {}}))
    engine.dispose()
    section = reach_section(cli("health").stdout)
    assert "(sofia)" not in section and "(people-team) on teams: the app" in section


def test_a_teams_refusal_is_forgotten_once_the_app_is_installed_for_them(cli, monkeypatch):
    cli("plan", "import", EXAMPLE)
    monkeypatch.setenv("MICROSOFT_APP_ID", APP_ID)
    monkeypatch.setenv("MICROSOFT_APP_PASSWORD", "pw")
    refuse("teams", "sofia", "bot not installed for 29:1a2b3c-sofia")
    section = reach_section(cli("health").stdout)
    assert "(sofia) on teams, since 2026-11-20: bot not installed" in section
    assert "the bot tries them again by itself" in section and "delete" not in section
    engine = open_engine(os.environ["CADENCE_DATABASE_URL"])
    reference = {"conversation": {"id": "a:1sofia"}}
    asyncio.run(SqlConversationStore(engine).put_all(["29:1a2b3c-sofia"], reference))
    engine.dispose()
    assert "(sofia)" not in reach_section(cli("health").stdout)
