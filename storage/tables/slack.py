"""Slack users the plan's people were matched to, kept so routing needs no API call."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column
from sqlmodel import Field, SQLModel

from storage.tables.plan import KEY
from storage.types import UtcDateTime


class SlackPersonRow(SQLModel, table=True):
    """A plan person found in the workspace: by the plan's slack_id (users.info) or its
    email (users.lookupByEmail). `matched_slack_id` and `matched_email` are the plan's
    entry when the match was made, so an unchanged person is not looked up again."""

    __tablename__ = "slack_people"

    person_key: str = Field(primary_key=True, max_length=KEY)
    user_id: str = Field(max_length=64)
    timezone: str | None = Field(default=None, max_length=64)
    matched_slack_id: str | None = Field(default=None, max_length=64)
    matched_email: str | None = Field(default=None, max_length=320)
    resolved_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))
