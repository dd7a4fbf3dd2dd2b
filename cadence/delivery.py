"""When a planned message may still go out, decided when it is planned and checked again
when it is sent, however late that is: never after its period is over (a prompt whose
period ended counts as silence, not as a late ask), and a direct message only inside the
recipient's working hours (PRODUCT.md: no DM outside working hours, on non-working days or
on public holidays). Channel messages have no working hours but expire all the same.

An escalation reports silence in its period, which stays true, and worth telling, while
the next period runs (the engine may well plan it after its own period ended, four working
days after a prompt sent on the period's last day), so it expires one period later.

A reminder (a nudge, a snooze reminder) also says which prompt's thread it belongs in.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, time
from typing import Any

from cadence.calendar import NeverReachable, at_local, next_messageable
from cadence.engine.decisions import PlannedAction
from cadence.engine.state import ActionKind, RecipientKind
from cadence.model import Person
from cadence.periods import parse_period

_ESCALATIONS = frozenset({ActionKind.TEAM_ESCALATION, ActionKind.MANAGER_ESCALATION})


@dataclass(frozen=True, slots=True)
class WorkingHours:
    """A recipient's working time, carried by each of their outbox rows so the sender can
    check it without the plan."""

    timezone: str
    days: frozenset[int]
    start: time
    end: time
    country: str | None = None
    subdivision: str | None = None

    @classmethod
    def of(cls, person: Person) -> WorkingHours:
        """The hours the engine asks this person in."""
        return cls(
            person.zone,
            person.working_days,
            person.work_start,
            person.work_end,
            person.country,
            person.subdivision,
        )

    def next_open(self, moment: datetime) -> datetime | None:
        """The first instant at or after `moment` inside these hours (public holidays
        excluded), None when the calendar finds none at all."""
        # The calendar reads working time off a Person; one with only that is enough.
        person = Person(
            "", "", timezone=self.timezone, working_days=self.days, work_start=self.start,
            work_end=self.end, country=self.country, subdivision=self.subdivision,
        )  # fmt: skip
        try:
            return next_messageable(person, moment)
        except NeverReachable:
            return None

    def to_data(self) -> dict[str, Any]:
        """Plain JSON values, for the outbox row."""
        return {
            "timezone": self.timezone,
            "days": sorted(self.days),
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "country": self.country,
            "subdivision": self.subdivision,
        }

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> WorkingHours:
        """The hours to_data() wrote."""
        return cls(
            str(data["timezone"]),
            frozenset(int(d) for d in data["days"]),
            time.fromisoformat(data["start"]),
            time.fromisoformat(data["end"]),
            data.get("country"),
            data.get("subdivision"),
        )


@dataclass(frozen=True, slots=True)
class SendWindow:
    """When one message may go out: before `expires_at`, and inside `hours` when set."""

    expires_at: datetime | None = None
    hours: WorkingHours | None = None

    def opens_at(self, now: datetime) -> datetime | None:
        """`now` when the message may go now, the next moment it may otherwise, or None
        when it never may (its period is over before the recipient's next working moment)."""
        moment = now if self.hours is None else self.hours.next_open(now)
        if moment is None or (self.expires_at is not None and moment >= self.expires_at):
            return None
        return moment


def window_for(action: PlannedAction, people: Mapping[str, Person]) -> SendWindow:
    """A new action's window: until its period ends on its subject's clock (else its
    recipient's, else UTC's), the same end the engine marks unsent prompts missed at (an
    escalation: the next period's end); within the recipient's working hours when the
    recipient is a person."""
    subject = people.get(action.subject) or people.get(action.recipient)
    try:
        period = parse_period(action.period)
    except ValueError:
        expires_at = None
    else:
        end = (period.following() if action.kind in _ESCALATIONS else period).end
        expires_at = (
            at_local(subject, end, time()) if subject else datetime.combine(end, time(), UTC)
        )
    direct = action.recipient_kind is RecipientKind.PERSON
    recipient = people.get(action.recipient) if direct else None
    return SendWindow(expires_at, WorkingHours.of(recipient) if recipient else None)


def thread_of(action: PlannedAction) -> str | None:
    """The prompt whose thread this message belongs in: every reminder's view names the
    prompt it is about (prompt_key); a prompt names itself and starts its own thread."""
    prompt = getattr(action.view, "prompt_key", None)
    return prompt if isinstance(prompt, str) and prompt != action.key else None
