"""The plan as loaded: one row per person, team, objective and measure.

Each row keeps the whole definition as JSON (`spec`, via cadence.codec) plus the columns
that queries filter on. Rows are archived, never deleted, so history keeps its measure.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Index
from sqlmodel import Field, SQLModel

from cadence.limits import EMAIL, KEY, NAME, SLACK_ID, TEAMS_ID, TITLE
from storage.types import UtcDateTime


def _spec() -> Any:
    return Field(sa_column=Column(JSON, nullable=False))


def _archived() -> Any:
    return Field(default=None, sa_column=Column(UtcDateTime, nullable=True))


class PersonRow(SQLModel, table=True):
    __tablename__ = "people"

    key: str = Field(primary_key=True, max_length=KEY)
    name: str = Field(max_length=NAME)
    email: str | None = Field(default=None, max_length=EMAIL, index=True)
    slack_id: str | None = Field(default=None, max_length=SLACK_ID, index=True)
    teams_id: str | None = Field(default=None, max_length=TEAMS_ID, index=True)
    position: int = 0
    spec: dict[str, Any] = _spec()
    archived_at: datetime | None = _archived()


class TeamRow(SQLModel, table=True):
    __tablename__ = "teams"

    key: str = Field(primary_key=True, max_length=KEY)
    name: str = Field(max_length=NAME)
    position: int = 0
    spec: dict[str, Any] = _spec()
    archived_at: datetime | None = _archived()


class ObjectiveRow(SQLModel, table=True):
    """An objective without its key results, which live in `measures`."""

    __tablename__ = "objectives"

    key: str = Field(primary_key=True, max_length=KEY)
    team: str = Field(max_length=KEY, index=True)
    owner: str = Field(max_length=KEY, index=True)
    period: str = Field(max_length=20, index=True)
    position: int = 0
    spec: dict[str, Any] = _spec()
    archived_at: datetime | None = _archived()


class MeasureRow(SQLModel, table=True):
    """A key result or a KPI: what updates point at."""

    __tablename__ = "measures"
    __table_args__ = (Index("ix_measures_owner_active", "owner", "archived_at"),)

    key: str = Field(primary_key=True, max_length=KEY)
    kind: str = Field(max_length=10)
    title: str = Field(max_length=TITLE)
    objective: str | None = Field(default=None, max_length=KEY, index=True)
    team: str = Field(max_length=KEY, index=True)
    owner: str = Field(max_length=KEY)
    position: int = 0
    spec: dict[str, Any] = _spec()
    archived_at: datetime | None = _archived()


class PlanSettingsRow(SQLModel, table=True):
    """Plan-wide settings; a single row with id 1. imported_at moves whenever an import
    changed anything, so readers can cache the plan until it does."""

    __tablename__ = "plan_settings"

    id: int = Field(default=1, primary_key=True)
    spec: dict[str, Any] = _spec()
    imported_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))
    source: str | None = Field(default=None, max_length=1000)
