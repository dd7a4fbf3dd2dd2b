"""`cadence-bot db ...`: the schema."""

from __future__ import annotations

import typer

from bot.cli.context import CliContext, unreachable_database

app = typer.Typer(help="Database schema.", no_args_is_help=True)


@app.command("upgrade")
def upgrade_(ctx: typer.Context) -> None:
    """Apply every pending migration (the bot also does this when it starts)."""
    from storage.database import open_engine
    from storage.migrate import current_revision, head_revision, upgrade

    cli: CliContext = ctx.obj
    url = cli.settings.database_url
    engine = open_engine(url)
    with unreachable_database(url):
        before = current_revision(engine)
        upgrade(engine)
        after = current_revision(engine)
    engine.dispose()
    if before == after:
        typer.echo(f"already at {after}")
    else:
        typer.echo(f"upgraded {before or 'empty database'} -> {after} (head {head_revision()})")
