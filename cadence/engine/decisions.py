"""What decide() returns: actions to write (with the view each one sends) and state
changes for actions already written."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from cadence.engine.state import ActionKind, ActionRecord, ActionState, RecipientKind
from cadence.views import View


def action_key(kind: ActionKind, recipient: str, period: str, measures: tuple[str, ...]) -> str:
    """The deterministic identity of an action: the same inputs always give the same key,
    so a unique constraint on it makes re-planning a no-op."""
    digest = hashlib.sha256("\n".join(sorted(measures)).encode()).hexdigest()[:16]
    return f"{kind}:{recipient}:{period}:{digest}"


@dataclass(frozen=True, slots=True)
class PlannedAction:
    """A new action. PLANNED ones go to the outbox to be sent at `due_at` (UTC); MISSED
    ones record a prompt whose period ended before it could be sent (it counts as silence)."""

    key: str
    kind: ActionKind
    recipient: str
    recipient_kind: RecipientKind
    subject: str
    period: str
    measures: tuple[str, ...]
    due_at: datetime
    view: View
    state: ActionState = ActionState.PLANNED

    def record(self) -> ActionRecord:
        """The row storage keeps for this action."""
        return ActionRecord(
            key=self.key,
            kind=self.kind,
            recipient=self.recipient,
            recipient_kind=self.recipient_kind,
            subject=self.subject,
            period=self.period,
            measures=self.measures,
            state=self.state,
            due_at=self.due_at,
        )


@dataclass(frozen=True, slots=True)
class Decisions:
    """One tick's outcome: new actions, and keys of existing ones that change state."""

    planned: tuple[PlannedAction, ...] = ()
    missed: tuple[str, ...] = ()
    answered: tuple[str, ...] = ()
    cancelled: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.planned or self.missed or self.answered or self.cancelled)
