"""Chat conversation references: where a platform lets the bot reach a person or channel."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from storage.types import UtcDateTime


class ChatRefRow(SQLModel, table=True):
    """Teams needs a stored conversation reference for proactive messages; the key is the
    platform's user or channel id."""

    __tablename__ = "chat_refs"

    platform: str = Field(primary_key=True, max_length=20)
    subject: str = Field(primary_key=True, max_length=300)
    reference: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    updated_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))
