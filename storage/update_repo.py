"""Recording and reading updates. Writes are append-only and idempotent by key, so a
platform's retry or a double click can never record a value twice."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from cadence.updates import Confidence, Source, Update
from storage.action_repo import insert_for
from storage.tables.updates import UpdateRow


@dataclass(frozen=True, slots=True)
class Recorded:
    """The stored update, and whether this call wrote it or found it already written."""

    update: Update
    duplicate: bool


def record_update(session: Session, update: Update, *, idempotency_key: str | None) -> Recorded:
    """Append one update; a repeated idempotency key returns the first write unchanged.

    One INSERT .. ON CONFLICT DO NOTHING on the key: a single round trip, and two
    concurrent deliveries of one answer (a retry racing its original) cannot both write,
    whatever the isolation level."""
    values = {
        "measure_key": update.measure,
        "period": update.period,
        "value": update.value,
        "no_change": update.no_change,
        "confidence": update.confidence.value if update.confidence else None,
        "comment": update.comment,
        "blockers": update.blockers,
        "raw_text": update.raw_text,
        "author": update.author,
        "source": update.source.value,
        "recorded_at": update.recorded_at,
        "supersedes": update.supersedes,
        "idempotency_key": idempotency_key,
    }
    table = UpdateRow.__table__  # type: ignore[attr-defined]
    statement = insert_for(session)(table).values(values).returning(table.c.id)
    if idempotency_key is not None:
        statement = statement.on_conflict_do_nothing(index_elements=["idempotency_key"])
    new_id = session.connection().execute(statement).scalar_one_or_none()
    if new_id is not None:
        return Recorded(replace(update, id=new_id), duplicate=False)
    earlier = _by_idempotency(session, idempotency_key) if idempotency_key else None
    if earlier is None:
        raise RuntimeError(f"update {idempotency_key} was neither written nor found")
    return Recorded(earlier, duplicate=True)


def latest_updates(
    session: Session, measure_keys: Collection[str] | None = None
) -> dict[str, Update]:
    """The newest update of each measure (a correction is newer than what it corrects)."""
    newest = select(func.max(UpdateRow.id).label("id")).group_by(UpdateRow.measure_key)
    if measure_keys is not None:
        newest = newest.where(col(UpdateRow.measure_key).in_(list(measure_keys)))
    ids = newest.subquery()
    rows = session.exec(select(UpdateRow).join(ids, col(UpdateRow.id) == ids.c.id))
    return {row.measure_key: _to_update(row) for row in rows}


def updates_between(
    session: Session,
    start: datetime,
    end: datetime,
    measure_keys: Collection[str] | None = None,
) -> list[Update]:
    """Updates recorded in [start, end), oldest first."""
    query = select(UpdateRow).where(
        UpdateRow.recorded_at >= start,  # type: ignore[arg-type]
        UpdateRow.recorded_at < end,  # type: ignore[arg-type]
    )
    if measure_keys is not None:
        query = query.where(col(UpdateRow.measure_key).in_(list(measure_keys)))
    return [_to_update(row) for row in session.exec(query.order_by(col(UpdateRow.id)))]


def history(session: Session, measure_key: str, *, limit: int = 20) -> list[Update]:
    """A measure's updates, newest first."""
    query = (
        select(UpdateRow)
        .where(UpdateRow.measure_key == measure_key)
        .order_by(col(UpdateRow.id).desc())
        .limit(limit)
    )
    return [_to_update(row) for row in session.exec(query)]


def recent_by_author(session: Session, author: str, *, limit: int = 10) -> list[Update]:
    """The updates a person recorded, newest first: their home's "recent updates"."""
    query = (
        select(UpdateRow)
        .where(UpdateRow.author == author)
        .order_by(col(UpdateRow.id).desc())
        .limit(limit)
    )
    return [_to_update(row) for row in session.exec(query)]


def authors_ever(session: Session) -> set[str]:
    """Everyone who has recorded at least one update."""
    return set(session.exec(select(UpdateRow.author).distinct()))


def _by_idempotency(session: Session, key: str) -> Update | None:
    row = session.exec(select(UpdateRow).where(UpdateRow.idempotency_key == key)).first()
    return _to_update(row) if row is not None else None


def _to_update(row: UpdateRow) -> Update:
    return Update(
        measure=row.measure_key,
        value=row.value,
        period=row.period,
        recorded_at=row.recorded_at,
        author=row.author,
        source=Source(row.source),
        confidence=Confidence(row.confidence) if row.confidence else None,
        comment=row.comment,
        blockers=row.blockers,
        raw_text=row.raw_text,
        no_change=row.no_change,
        supersedes=row.supersedes,
        id=row.id,
    )
