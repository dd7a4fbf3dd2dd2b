"""What every command needs: validated settings and, on demand, a migrated database."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from bot.settings import Settings


@dataclass
class CliContext:
    settings: Settings
    _engine: Engine | None = field(default=None, repr=False)

    def engine(self) -> Engine:
        """The database, migrated to the current schema (the bot migrates on start too)."""
        from storage.database import open_engine
        from storage.migrate import upgrade

        if self._engine is None:
            engine = open_engine(self.settings.database_url)
            with unreachable_database(self.settings.database_url):
                upgrade(engine)
            self._engine = engine
        return self._engine

    @staticmethod
    def now() -> datetime:
        return datetime.now(UTC)


@contextmanager
def unreachable_database(url: str) -> Iterator[None]:
    """Turn a database that cannot be reached or written into one line and exit 2, instead
    of SQLAlchemy's traceback: a wrong URL, a server that is down, a read-only file."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import OperationalError

    try:
        yield
    except OperationalError as error:
        reason = str(error.orig or error).strip().splitlines()[0]
        shown = make_url(url).render_as_string(hide_password=True)
        raise fail(f"cannot use the database {shown} (CADENCE_DATABASE_URL): {reason}", 2) from None


def load_settings() -> Settings:
    """Settings from the environment, or exit 2 naming each bad variable."""
    from pydantic import ValidationError

    from bot.settings import Settings

    try:
        return Settings()
    except ValidationError as error:
        for problem in error.errors():
            name = ".".join(str(part) for part in problem["loc"])
            message = str(problem["msg"]).removeprefix("Value error, ")
            for line in message.splitlines():
                typer.secho(f"error: {name + ': ' if name else ''}{line}", err=True, fg="red")
        raise typer.Exit(2) from None


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print an error the way every command does and return the exit to raise."""
    typer.secho(f"error: {message}", err=True, fg="red")
    return typer.Exit(code)
