"""Where people are, when the plan does not say: the timezones their chat platforms
report, kept per person and platform, and folded into the plan's people as storage hands
them to the engine and the command service (cadence.model.Person.reported_timezone).

A zone a person's own client reported with a message (Teams' localTimezone, Slack's tz on
the user who wrote) wins, the most recent first; else the tz the Slack directory sync read
from users.info when it matched them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime

from sqlmodel import Session, col, select

from cadence.model import Plan
from storage.tables.slack import SlackPersonRow
from storage.tables.zones import ReportedZoneRow


def report_zone(
    *, session: Session, person_key: str, platform: str, zone: str, now: datetime
) -> bool:
    """Remember the zone a platform reported for a person; False when it already had."""
    row = session.get(ReportedZoneRow, (person_key, platform))
    if row is None:
        row = ReportedZoneRow(
            person_key=person_key, platform=platform, timezone=zone, reported_at=now
        )
    elif row.timezone != zone:
        row.timezone, row.reported_at = zone, now
    else:
        return False
    session.add(row)
    return True


def reported_zones(*, session: Session) -> dict[str, str]:
    """Person key -> the zone reported for them, by the rule above."""
    zones = {
        key: zone
        for key, zone in session.exec(
            select(SlackPersonRow.person_key, SlackPersonRow.timezone).where(
                col(SlackPersonRow.timezone).is_not(None)
            )
        )
        if zone
    }
    reports = session.exec(
        select(ReportedZoneRow.person_key, ReportedZoneRow.timezone).order_by(
            col(ReportedZoneRow.reported_at), col(ReportedZoneRow.platform)
        )
    )
    zones.update((key, zone) for key, zone in reports)  # oldest first: the latest stays
    return zones


def with_reported_zones(plan: Plan, zones: Mapping[str, str]) -> Plan:
    """The plan with each person's reported zone; the same plan when none changed, so
    caches keyed on it stay valid."""
    if all(p.reported_timezone == zones.get(p.key) for p in plan.people):
        return plan
    people = tuple(replace(p, reported_timezone=zones.get(p.key)) for p in plan.people)
    return replace(plan, people=people)
