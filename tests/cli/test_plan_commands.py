import subprocess
import sys
from pathlib import Path

import typer
import yaml

from bot.cli.main import COMMANDS, app
from cadence.planfile import load_plan
from storage.migrate import head_revision

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "plan.yaml"
BROKEN = ROOT / "tests" / "fixtures" / "plans" / "many_errors.yaml"


def test_validate_reports_every_error_with_its_line_and_exits_1(cli):
    result = cli("plan", "validate", BROKEN)
    assert result.exit_code == 1
    located = [line for line in result.stderr.splitlines() if "many_errors.yaml:" in line]
    assert len(located) >= 5
    assert all(line.split(":")[1].split()[0].isdigit() for line in located)


def test_validate_lists_lint_warnings_of_an_accepted_plan(cli):
    result = cli("plan", "validate", EXAMPLE)
    assert result.exit_code == 0
    assert "[strong warning]" in result.stdout
    assert "0 errors, 12 warnings" in result.stdout


def test_import_is_idempotent_and_export_round_trips(cli, tmp_path):
    first = cli("plan", "import", EXAMPLE)
    assert first.exit_code == 0 and "added" in first.stdout
    again = cli("plan", "import", EXAMPLE)
    assert "nothing changed" in again.stdout
    exported = tmp_path / "exported.yaml"
    assert cli("plan", "export", "-o", exported).exit_code == 0
    assert "nothing changed" in cli("plan", "import", exported).stdout


def test_a_removed_measure_is_archived_on_reimport(cli, tmp_path):
    cli("plan", "import", EXAMPLE)
    data = yaml.safe_load(EXAMPLE.read_text())
    removed = data["kpis"].pop(0)["key"]
    edited = tmp_path / "edited.yaml"
    edited.write_text(yaml.safe_dump(data))
    result = cli("plan", "import", edited)
    assert f"archived 1: measure {removed}" in result.stdout
    assert removed not in cli("plan", "show").stdout


def test_a_refused_import_changes_nothing(cli):
    cli("plan", "import", EXAMPLE)
    before = cli("plan", "export").stdout
    result = cli("plan", "import", BROKEN)
    assert result.exit_code == 1 and "nothing was imported" in result.stderr
    assert cli("plan", "export").stdout == before


def test_show_before_any_import_says_what_to_do(cli):
    result = cli("plan", "show")
    assert result.exit_code == 1
    assert "cadence-bot plan import FILE" in result.stderr


def test_a_bad_database_url_is_named_at_start(cli, monkeypatch):
    monkeypatch.setenv("CADENCE_DATABASE_URL", "mysql://x")
    result = cli("db", "upgrade")
    assert result.exit_code == 2
    assert "CADENCE_DATABASE_URL" in result.stderr


def test_db_upgrade_reports_the_revision(cli):
    head = head_revision()
    assert f"empty database -> {head}" in cli("db", "upgrade").stdout
    assert f"already at {head}" in cli("db", "upgrade").stdout


def _command_paths(command, ctx, path=()):
    """Every command and subcommand of the CLI, as the words that name it."""
    yield path, command
    for name in getattr(command, "list_commands", lambda _ctx: [])(ctx):
        yield from _command_paths(command.get_command(ctx, name), ctx, (*path, name))


def test_every_command_has_help(cli):
    root = typer.main.get_command(app)
    found = list(_command_paths(root, typer.Context(root)))
    assert len(found) > 15 and ("plan", "import") in dict(found)
    for path, command in found:
        result = cli(*path, "--help")
        assert result.exit_code == 0, path
        summary = command.help.strip().splitlines()[0]
        assert summary[:40] in " ".join(result.stdout.split()), path
        if len(path) == 1:
            assert COMMANDS[path[0]][2] == summary, f"main.COMMANDS['{path[0]}'] is stale"


def test_help_loads_neither_adapters_nor_the_database():
    shown = subprocess.run(
        [sys.executable, "-c", "import sys\nfrom bot.cli.main import app\n"
         "app(['--help'], prog_name='cadence-bot', standalone_mode=False)\n"
         "print(*sorted(sys.modules))"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    loaded = {name.split(".")[0] for name in shown.stdout.split()}
    assert "Commands" in shown.stdout
    heavy = {"aiohttp", "botbuilder", "slack_bolt", "slack_sdk", "sqlalchemy", "alembic"}
    assert loaded & heavy == set()


def test_a_file_that_would_archive_every_measure_needs_archive_all(cli, tmp_path):
    cli("plan", "import", EXAMPLE)
    before = cli("plan", "export").stdout
    data = yaml.safe_load(EXAMPLE.read_text())
    del data["objectives"], data["kpis"]
    people_only = tmp_path / "people.yaml"
    people_only.write_text(yaml.safe_dump(data))
    plan = load_plan(EXAMPLE).plan
    measures = len(plan.measures())
    refused = cli("plan", "import", people_only)
    assert refused.exit_code == 1
    assert f"keeps none of the {measures} measures stored now" in refused.stderr
    assert f"cadence-bot plan import {people_only} --archive-all" in refused.stderr
    assert cli("plan", "export").stdout == before
    accepted = cli("plan", "import", people_only, "--archive-all")
    archived = measures + len(plan.objectives)
    assert accepted.exit_code == 0 and f"archived {archived}: objective" in accepted.stdout


def test_a_csv_with_only_its_header_is_refused(cli, tmp_path):
    cli("plan", "import", EXAMPLE)
    header = tmp_path / "plan.csv"
    header.write_text((ROOT / "examples" / "plan.csv").read_text().splitlines()[0] + "\n")
    result = cli("plan", "import", header)
    assert result.exit_code == 1
    assert f"{header}:1: the file holds no measures" in result.stderr
