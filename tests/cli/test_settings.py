"""Settings that make no sense together, or a database that cannot be used, stop the CLI at
start with one clear line each and exit 2, before anything runs."""

import pytest

from bot.settings import Settings

CHAT = (
    "SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN", "MICROSOFT_APP_ID",
    "MICROSOFT_APP_PASSWORD", "MICROSOFT_APP_TENANT_ID", "MICROSOFT_APP_TYPE",
    "CADENCE_TEAMS_DEV",
)  # fmt: skip


@pytest.fixture(autouse=True)
def _no_chat_settings(monkeypatch):
    for name in CHAT:
        monkeypatch.delenv(name, raising=False)


@pytest.mark.parametrize(
    ("variables", "expected"),
    [
        ({"SLACK_BOT_TOKEN": "xoxb-1"},
         "error: SLACK_BOT_TOKEN is set, but neither SLACK_SIGNING_SECRET (HTTP mode) nor "
         "SLACK_APP_TOKEN (Socket Mode) is: set one of them"),
        ({"SLACK_SIGNING_SECRET": "s"},
         "error: SLACK_SIGNING_SECRET is set without SLACK_BOT_TOKEN: set the bot token too"),
        ({"MICROSOFT_APP_ID": "00000000-0000-0000-0000-000000000001"},
         "error: MICROSOFT_APP_ID is set without MICROSOFT_APP_PASSWORD (the bot's client "
         "secret): set it too"),
        ({"MICROSOFT_APP_TYPE": "Bogus"},
         "error: MICROSOFT_APP_TYPE: must be MultiTenant or SingleTenant, not 'Bogus'"),
        ({"MICROSOFT_APP_ID": "00000000-0000-0000-0000-000000000001",
          "MICROSOFT_APP_PASSWORD": "pw", "MICROSOFT_APP_TYPE": "SingleTenant"},
         "error: MICROSOFT_APP_TYPE is SingleTenant, which needs MICROSOFT_APP_TENANT_ID "
         "(the Azure tenant the bot is registered in)"),
        ({"SLACK_BOT_TOKEN": "xapp-1-A1-secret", "SLACK_APP_TOKEN": "xapp-1-A1-other"},
         "error: SLACK_BOT_TOKEN holds an app-level token (xapp-…): put it in SLACK_APP_TOKEN, "
         "and the Bot User OAuth Token (xoxb-…, OAuth & Permissions) in SLACK_BOT_TOKEN"),
        ({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xoxb-2-secret"},
         "error: SLACK_APP_TOKEN must be an app-level token (xapp-…), not one starting "
         "'xoxb-': create one with the connections:write scope under Basic Information, "
         "App-Level Tokens"),
        ({"SLACK_BOT_TOKEN": "xoxp-1-secret", "SLACK_SIGNING_SECRET": "s"},
         "error: SLACK_BOT_TOKEN holds a user token (xoxp-…): use the Bot User OAuth Token "
         "(xoxb-…, OAuth & Permissions)"),
        ({"CADENCE_DATABASE_URL": "mysql://x"},
         "error: CADENCE_DATABASE_URL: must be a sqlite:/// or postgresql:// URL"),
    ],
)  # fmt: skip
def test_settings_that_make_no_sense_together_stop_the_start(cli, monkeypatch, variables, expected):
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    result = cli("db", "upgrade")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [expected]


@pytest.mark.parametrize(
    "variables",
    [
        {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s"},
        {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1"},
        {"MICROSOFT_APP_ID": "a", "MICROSOFT_APP_PASSWORD": "pw",
         "MICROSOFT_APP_TYPE": "singletenant", "MICROSOFT_APP_TENANT_ID": "t"},
    ],
)  # fmt: skip
def test_settings_that_fit_together_are_accepted(variables):
    settings = Settings(**variables)
    assert settings.microsoft_app_type in ("MultiTenant", "SingleTenant")
    assert settings.slack_enabled == ("SLACK_BOT_TOKEN" in variables)
    assert settings.local_mode == (settings.platforms == ("local",))


@pytest.mark.parametrize(
    ("url", "shown", "reason"),
    [
        ("sqlite:////nonexistent/folder/cadence.db", "sqlite:////nonexistent/folder/cadence.db",
         "unable to open database file"),
        ("postgresql://postgres:secret@127.0.0.1:1/test",
         "postgresql+psycopg://postgres:***@127.0.0.1:1/test", "Connection refused"),
    ],
)  # fmt: skip
@pytest.mark.parametrize("command", [("db", "upgrade"), ("plan", "show")])
def test_a_database_that_cannot_be_used_is_one_line(cli, monkeypatch, url, shown, reason, command):
    monkeypatch.setenv("CADENCE_DATABASE_URL", url)
    result = cli(*command)
    assert result.exit_code == 2
    [line] = result.stderr.splitlines()
    assert line.startswith(f"error: cannot use the database {shown} (CADENCE_DATABASE_URL): ")
    assert reason in line and "secret" not in line
