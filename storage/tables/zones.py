"""Timezones chat platforms reported for the plan's people."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column
from sqlmodel import Field, SQLModel

from storage.tables.plan import KEY
from storage.types import UtcDateTime


class ReportedZoneRow(SQLModel, table=True):
    """The IANA zone a person's chat client last reported on one platform (Teams'
    localTimezone, Slack's users.info tz), used where the plan sets none."""

    __tablename__ = "reported_timezones"

    person_key: str = Field(primary_key=True, max_length=KEY)
    platform: str = Field(primary_key=True, max_length=20)
    timezone: str = Field(max_length=64)
    reported_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))
