"""Updates: append-only. A correction is a new row naming the one it supersedes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, ForeignKey, Index, String, Text
from sqlmodel import Field, SQLModel

from storage.tables.plan import KEY
from storage.types import UtcDateTime


class UpdateRow(SQLModel, table=True):
    """(measure_key, id) makes "latest per measure" an index-only max per measure;
    (recorded_at, measure_key) serves "updates in a period" as one range scan; (author,
    id) serves a person's latest updates and who has ever recorded one."""

    __tablename__ = "updates"
    __table_args__ = (
        Index("ix_updates_measure_latest", "measure_key", "id"),
        Index("ix_updates_recorded", "recorded_at", "measure_key"),
        Index("ix_updates_period", "period", "measure_key"),
        Index("ix_updates_author", "author", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    measure_key: str = Field(
        sa_column=Column(String(KEY), ForeignKey("measures.key"), nullable=False)
    )
    period: str = Field(max_length=20)
    value: float
    no_change: bool = False
    confidence: str | None = Field(default=None, max_length=20)
    comment: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    blockers: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    raw_text: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    author: str = Field(max_length=KEY)
    source: str = Field(max_length=30)
    recorded_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))
    supersedes: int | None = Field(default=None, foreign_key="updates.id")
    idempotency_key: str | None = Field(default=None, max_length=300, unique=True)


class GradeRow(SQLModel, table=True):
    """An objective's grade at quarter close (0.0-1.0); append-only like updates."""

    __tablename__ = "grades"
    __table_args__ = (Index("ix_grades_objective_latest", "objective_key", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    objective_key: str = Field(
        sa_column=Column(String(KEY), ForeignKey("objectives.key"), nullable=False)
    )
    period: str = Field(max_length=20)
    grade: float
    comment: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    author: str = Field(max_length=KEY)
    source: str = Field(max_length=30)
    recorded_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))
    idempotency_key: str | None = Field(default=None, max_length=300, unique=True)
