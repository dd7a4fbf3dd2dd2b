"""What every command needs: validated settings and, on demand, a migrated database."""

from __future__ import annotations

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
            self._engine = open_engine(self.settings.database_url)
            upgrade(self._engine)
        return self._engine

    @staticmethod
    def now() -> datetime:
        return datetime.now(UTC)


def load_settings() -> Settings:
    """Settings from the environment, or exit 2 naming each bad variable."""
    from pydantic import ValidationError

    from bot.settings import Settings

    try:
        return Settings()
    except ValidationError as error:
        for problem in error.errors():
            name = ".".join(str(part) for part in problem["loc"]) or "settings"
            typer.secho(f"error: {name}: {problem['msg']}", err=True, fg="red")
        raise typer.Exit(2) from None


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print an error the way every command does and return the exit to raise."""
    typer.secho(f"error: {message}", err=True, fg="red")
    return typer.Exit(code)
