"""The local workspace inbox: what the bot sent to a person or a team channel in local mode."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Text
from sqlmodel import Field, SQLModel

from storage.types import UtcDateTime


class LocalMessageBase(SQLModel):
    """One message in a local conversation: a bot message (a view payload) or a person's text."""

    conversation: str = Field(max_length=200, index=True)
    author: str = Field(max_length=200)
    kind: str = Field(max_length=50)
    payload: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    text: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    thread_ref: str | None = Field(default=None, max_length=64)
    outbox_id: int | None = Field(default=None, unique=True)
    request_ref: str | None = Field(default=None, max_length=200, unique=True)
    created_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))
    edited_at: datetime | None = Field(default=None, sa_column=Column(UtcDateTime, nullable=True))


class LocalMessage(LocalMessageBase, table=True):
    """A stored local message; its id is the platform message id the outbox keeps."""

    __tablename__ = "local_messages"

    id: int | None = Field(default=None, primary_key=True)
