"""Measure histories and the authors list, kept between ticks and brought up to date from
the updates written since.

Reading a year of history for 33,000 measures takes seconds; updates are append-only, so
a process that read them once only needs the rows with higher ids on each tick. It reads
everything again when the plan changes (owners and their time zones decide the quarter an
update counts for) or when the window of counted updates moves at a quarter's start.

Ids are not always committed in order on PostgreSQL: a transaction may take id 100, and
commit after another's id 101 was read. So the rows read on each tick start after the
highest id read while no transaction older than that read was still running (the
snapshot's xmin says when), ids already applied are skipped, and an update older than the
newest one applied for its measure re-reads that measure. After reading everything, the
row count up to the highest id is checked once those transactions are over; a
difference reads everything again. SQLite commits one writer at a time, in id order.

Read it in a transaction that has not itself written updates: what it reads is taken as
committed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from threading import Lock

from sqlalchemy import Integer, func, select, text, type_coerce
from sqlmodel import Session, col

from cadence.engine.index import PlanIndex
from cadence.engine.state import MeasureHistory
from storage.history_repo import (
    LocalQuarters,
    Summary,
    apply_update,
    newer_updates,
    read_summaries,
    window_start,
)
from storage.tables.updates import UpdateRow


@dataclass(frozen=True, slots=True)
class RecentHistory:
    """What the engine state takes from the updates: every measure's history and everyone
    who has ever recorded an update."""

    measures: dict[str, MeasureHistory]
    authors: frozenset[str]


@dataclass(frozen=True, slots=True)
class _Settling:
    """Ids up to `top` may still be joined by late commits until the oldest running
    transaction is at least `xmax`; `rows` is how many ids up to `top` a full read saw."""

    top: int
    xmax: int
    rows: int | None = None


class HistoryCache:
    """One per process, like PlanCache: the histories of every measure, kept current."""

    def __init__(self) -> None:
        self._lock = Lock()
        self._index: PlanIndex | None = None
        self._cutoff: datetime | None = None
        self._summaries: dict[str, Summary] = {}
        self._histories: dict[str, MeasureHistory] = {}
        self._authors: frozenset[str] = frozenset()
        self._read_to = 0  # every id up to here is applied
        self._applied: set[int] = set()  # ids above _read_to already applied
        self._settling: list[_Settling] = []

    def read(self, session: Session, index: PlanIndex, now: datetime) -> RecentHistory:
        """The histories at `now` for the plan `index` covers, and the authors."""
        with self._lock:
            if index is not self._index or window_start(now) != self._cutoff:
                self._read_all(session, index, now)
            else:
                self._catch_up(session, index, now)
            return RecentHistory(dict(self._histories), self._authors)

    def _read_all(self, session: Session, index: PlanIndex, now: datetime) -> None:
        before = _snapshot(session)
        highest = type_coerce(func.coalesce(func.max(UpdateRow.id), 0), Integer)
        count: int | None
        if before is None:
            count, top = None, session.connection().execute(select(highest)).scalar_one()
        else:  # counted in the same snapshot, to find late commits later
            count, top = session.connection().execute(select(func.count(), highest)).one()
        self._summaries = read_summaries(session, index, now, upto=top)
        self._histories = {key: s.history for key, s in self._summaries.items()}
        authors = select(col(UpdateRow.author)).where(col(UpdateRow.id) <= top).distinct()
        self._authors = frozenset(session.connection().execute(authors).scalars())
        self._index, self._cutoff = index, window_start(now)
        self._read_to, self._applied = top, set()
        self._settling = [] if before is None else [_Settling(top, _snapshot_xmax(session), count)]

    def _catch_up(self, session: Session, index: PlanIndex, now: datetime) -> None:
        before = _snapshot(session)
        quarters = LocalQuarters(index)
        assert self._cutoff is not None
        stale: set[str] = set()
        authors: set[str] = set()
        top = self._read_to
        for row in session.connection().execute(newer_updates(self._read_to)):
            top = max(top, row.id)
            if row.id in self._applied:
                continue
            self._applied.add(row.id)
            authors.add(row.author)
            summary = self._summaries.get(row.measure_key)
            if summary is not None and row.id <= summary.last_id:
                stale.add(row.measure_key)  # committed late, behind a newer update
                continue
            summary = apply_update(summary, row, index=index, quarters=quarters,
                                   cutoff=self._cutoff)  # fmt: skip
            self._summaries[row.measure_key] = summary
            self._histories[row.measure_key] = summary.history
        if stale:
            fresh = read_summaries(session, index, now, stale)
            self._summaries.update(fresh)
            self._histories.update((key, s.history) for key, s in fresh.items())
        if not authors <= self._authors:
            self._authors = self._authors | authors
        if before is None:
            self._read_to, self._applied = top, set()
            return
        if top > (self._settling[-1].top if self._settling else self._read_to):
            self._settling.append(_Settling(top, _snapshot_xmax(session)))
        self._settle(session, index, now, xmin=before)

    def _settle(self, session: Session, index: PlanIndex, now: datetime, *, xmin: int) -> None:
        """Move past the ids whose writers have all finished by this tick's read."""
        while self._settling and self._settling[0].xmax <= xmin:
            done = self._settling.pop(0)
            if done.rows is not None:
                counted = (
                    session.connection()
                    .execute(select(func.count()).where(col(UpdateRow.id) <= done.top))
                    .scalar_one()
                )
                if counted != done.rows:  # late commits under the full read
                    self._read_all(session, index, now)
                    return
            self._read_to = max(self._read_to, done.top)
        self._applied = {i for i in self._applied if i > self._read_to}


def _snapshot(session: Session) -> int | None:
    """The oldest transaction still running (PostgreSQL), None where commits are in order."""
    if session.get_bind().dialect.name != "postgresql":
        return None
    query = text("select pg_snapshot_xmin(pg_current_snapshot())::text::bigint")
    return int(session.connection().execute(query).scalar_one())


def _snapshot_xmax(session: Session) -> int:
    """The first transaction id not yet started (PostgreSQL)."""
    query = text("select pg_snapshot_xmax(pg_current_snapshot())::text::bigint")
    return int(session.connection().execute(query).scalar_one())
