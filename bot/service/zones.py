"""The timezone a person's chat client reports with each command, kept for scheduling
where the plan sets none (issue 5.2 for Slack, 6.6 for Teams)."""

from __future__ import annotations

import logging
from datetime import datetime

from sqlmodel import Session

from cadence.commands import Actor
from cadence.model import Person
from cadence.planfile.geography import check_timezone
from storage.zone_repo import report_zone

log = logging.getLogger(__name__)


def note_reported_zone(session: Session, person: Person, actor: Actor, now: datetime) -> None:
    """Store the actor's zone for the person when it is a real IANA zone and not the one
    already known; in the command's transaction, so a refused command records nothing."""
    reported = actor.timezone
    if not reported or reported == person.reported_timezone:
        return
    try:
        zone = check_timezone(reported)
    except ValueError:
        log.warning(
            "%s reported %r for %s, not an IANA zone; ignored", actor.platform, reported, person.key
        )
        return
    report_zone(session=session, person_key=person.key, platform=actor.platform, zone=zone, now=now)
