"""`cadence-bot teams …`: what an admin needs from the terminal to set up Microsoft Teams."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from bot.cli.context import CliContext, fail
from bot.teams.package import app_package

app = typer.Typer(help="Microsoft Teams setup.", no_args_is_help=True)


@app.command()
def package(
    ctx: typer.Context,
    output: Annotated[Path, typer.Option(help="Where to write the zip.", dir_okay=False)] = Path(
        "cadence-teams-app.zip"
    ),
) -> None:
    """Write the Teams app package (manifest and icons) for MICROSOFT_APP_ID, to upload."""
    cli: CliContext = ctx.obj
    app_id = cli.settings.microsoft_app_id
    if not app_id:
        raise fail(
            "MICROSOFT_APP_ID is not set: register the bot in Azure first and set it to the "
            "bot's Microsoft App ID (docs/teams.md)"
        )
    try:
        data = app_package(app_id)
    except ValueError as error:
        raise fail(str(error)) from None
    if not output.parent.is_dir():
        raise fail(f"no folder {output.parent} to write {output.name} into")
    output.write_bytes(data)
    typer.echo(
        f"Wrote {output} for app {app_id}. Upload it in the Teams admin center "
        "(Teams apps > Manage apps > Upload new app), then install it for owners and teams."
    )
