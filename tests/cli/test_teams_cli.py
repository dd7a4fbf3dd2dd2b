"""`cadence-bot teams package` and `cadence-bot run --teams-dev`."""

import io
import json
import zipfile
from types import SimpleNamespace

import pytest

import bot.cli.run as run_command

APP_ID = "5b2f9c3e-8d41-4a6b-9e7f-1c2d3e4f5a6b"


@pytest.fixture(autouse=True)
def no_teams_settings(monkeypatch):
    for name in ("MICROSOFT_APP_ID", "CADENCE_TEAMS_DEV", "SLACK_BOT_TOKEN"):
        monkeypatch.delenv(name, raising=False)


def test_package_writes_the_zip_for_this_app_id(cli, monkeypatch, tmp_path):
    monkeypatch.setenv("MICROSOFT_APP_ID", APP_ID)
    monkeypatch.setenv("MICROSOFT_APP_PASSWORD", "pw")
    target = tmp_path / "cadence.zip"
    result = cli("teams", "package", "--output", target)
    assert result.exit_code == 0 and "Upload it in the Teams admin center" in result.stdout
    with zipfile.ZipFile(io.BytesIO(target.read_bytes())) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        assert set(archive.namelist()) == {"manifest.json", "color.png", "outline.png"}
    assert manifest["id"] == manifest["bots"][0]["botId"] == APP_ID


@pytest.mark.parametrize(
    ("app_id", "problem"),
    [(None, "MICROSOFT_APP_ID is not set"), ("my-bot", "must be the bot's Microsoft App ID")],
)
def test_package_without_a_guid_app_id_says_so_and_writes_nothing(
    cli, monkeypatch, tmp_path, app_id, problem
):
    if app_id:
        monkeypatch.setenv("MICROSOFT_APP_ID", app_id)
        monkeypatch.setenv("MICROSOFT_APP_PASSWORD", "pw")
    target = tmp_path / "cadence.zip"
    result = cli("teams", "package", "--output", target)
    assert result.exit_code == 1 and problem in result.stderr
    assert not target.exists()


def test_package_into_a_missing_folder_is_refused(cli, monkeypatch, tmp_path):
    monkeypatch.setenv("MICROSOFT_APP_ID", APP_ID)
    monkeypatch.setenv("MICROSOFT_APP_PASSWORD", "pw")
    result = cli("teams", "package", "--output", tmp_path / "nope" / "cadence.zip")
    assert result.exit_code == 1 and "no folder" in result.stderr


@pytest.mark.parametrize("flag", [True, False])
def test_run_with_teams_dev_serves_teams_as_the_environment_switch_would(cli, monkeypatch, flag):
    built = []

    def build_app(settings, **_kwargs):
        built.append(settings)
        return SimpleNamespace(platforms=settings.platforms, web=None)

    monkeypatch.setattr(run_command, "build_app", build_app)
    # `run` binds its port before it starts anything: any free one will do here.
    monkeypatch.setenv("CADENCE_PORT", "0")
    monkeypatch.setattr(run_command.web, "run_app", lambda *_a, sock, **_k: sock.close())
    result = cli("run", *(["--teams-dev"] if flag else []))
    assert result.exit_code == 0
    (settings,) = built
    assert settings.teams_dev is flag
    assert settings.platforms == (("teams",) if flag else ("local",))
    assert ("cadence-bot on teams" in result.stdout) is flag
