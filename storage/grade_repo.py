"""Objective grades from quarter close: append-only, idempotent by key like updates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from storage.tables.updates import GradeRow


@dataclass(frozen=True, slots=True)
class Grade:
    objective: str
    period: str
    grade: float
    author: str
    source: str
    recorded_at: datetime
    comment: str | None = None


def record_grade(session: Session, grade: Grade, *, idempotency_key: str | None) -> bool:
    """Append a grade; False when this idempotency key was already recorded."""
    if idempotency_key is not None:
        seen = select(GradeRow.id).where(GradeRow.idempotency_key == idempotency_key)
        if session.exec(seen).first() is not None:
            return False
    session.add(
        GradeRow(
            objective_key=grade.objective,
            period=grade.period,
            grade=grade.grade,
            comment=grade.comment,
            author=grade.author,
            source=grade.source,
            recorded_at=grade.recorded_at,
            idempotency_key=idempotency_key,
        )
    )
    session.flush()
    return True


def latest_grades(session: Session, period: str | None = None) -> dict[str, float]:
    """The newest grade of each objective (for one quarter when `period` is given)."""
    newest = select(func.max(GradeRow.id).label("id")).group_by(GradeRow.objective_key)
    if period is not None:
        newest = newest.where(GradeRow.period == period)
    ids = newest.subquery()
    rows = session.exec(select(GradeRow).join(ids, col(GradeRow.id) == ids.c.id))
    return {row.objective_key: row.grade for row in rows}
