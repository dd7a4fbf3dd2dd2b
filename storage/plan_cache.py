"""The plan and its lookups, kept between ticks until an import changes them.

Decoding a 33,000-measure plan and indexing it is most of a tick's cost, and a plan
changes only on import. Every import that changes anything moves
`plan_settings.imported_at` (and storage/plan_repo.py is the only writer of plan rows),
so one indexed read of that stamp tells a process whether its copy is still current,
including a copy made before another replica imported. The process's HistoryCache rides
along, so whoever holds the plan cache also keeps the measure histories between ticks.

The zones chat platforms report for people come with the plan and are read again at most
every ZONES_REFRESH: a new zone changes the people, so the index and the histories are
built again, and a wave of first reports must not do that once per report.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session, select

from cadence.engine.index import PlanIndex
from cadence.model import Plan
from storage.history_cache import HistoryCache
from storage.plan_repo import load_plan
from storage.tables.plan import PlanSettingsRow
from storage.zone_repo import reported_zones, with_reported_zones

ZONES_REFRESH = timedelta(hours=1)


class PlanCache:
    """One per process: the stored plan and a PlanIndex over it, reloaded on change, and
    the measure histories read for that index."""

    def __init__(self) -> None:
        self.histories = HistoryCache()
        self._stamp: datetime | None = None
        self._plan: Plan | None = None
        self._index: PlanIndex | None = None
        self._zones_read: datetime | None = None

    def plan(self, session: Session, now: datetime | None = None) -> Plan | None:
        """The stored plan, decoded again only if an import moved its stamp; given `now`,
        with the reported zones read again when ZONES_REFRESH has passed."""
        stamp = session.exec(
            select(PlanSettingsRow.imported_at).where(PlanSettingsRow.id == 1)
        ).first()
        if stamp is None:
            return None
        if stamp != self._stamp or self._plan is None:
            # Read the stamp first: an import landing in between only causes a reload.
            self._plan, self._index, self._stamp = load_plan(session), None, stamp
            self._zones_read = now
        elif now is not None and (
            self._zones_read is None or now - self._zones_read >= ZONES_REFRESH
        ):
            self._zones_read = now
            zoned = with_reported_zones(self._plan, reported_zones(session=session))
            if zoned is not self._plan:
                self._plan, self._index = zoned, None
        return self._plan

    def index(self, plan: Plan) -> PlanIndex:
        """The lookups for `plan`, built once per cached plan (a fresh one for any other)."""
        if plan is not self._plan:
            return PlanIndex(plan)
        if self._index is None:
            self._index = PlanIndex(plan)
        return self._index
