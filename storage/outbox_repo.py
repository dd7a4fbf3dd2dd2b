"""The outbox: messages waiting to be sent, and what became of each.

Row states: pending (waiting for its time), sending (claimed; claimed_by holds the lease
until claimed_until), sent, failed, cancelled (withdrawn: its action closed first) and
expired (its period ended first). storage.outbox_claim hands rows out; every write after
the claim is fenced by claimed_by, so a sender that lost its lease cannot overwrite the row.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, case, func, update
from sqlmodel import Session, col, select

from cadence.delivery import SendWindow
from storage.action_repo import insert_for
from storage.bulk_insert import insert_new
from storage.outbox_claim import FAILED, PENDING, SENDING, SENT, miss_if_undelivered
from storage.tables.runtime import ActionRow, OutboxRow, UnreachableRow
from storage.types import UtcDateTime


@dataclass(frozen=True, slots=True)
class NewMessage:
    """One message an action sends: where to, and the encoded view it says."""

    action_key: str
    kind: str
    platform: str
    address: str
    recipient_key: str
    payload: dict[str, Any]
    due_at: datetime
    thread_ref: str | None = None
    replaces_ref: str | None = None
    thread_of: str | None = None
    window: SendWindow = field(default_factory=SendWindow)


def enqueue(*, session: Session, messages: Sequence[NewMessage], now: datetime) -> None:
    """Add outbox rows, each sent no earlier than its action's due time and only inside its
    window; a row already queued for the same action and address is left as it is."""
    if not messages:
        return
    rows = [
        {
            "action_key": m.action_key,
            "kind": m.kind,
            "platform": m.platform,
            "address": m.address,
            "recipient_key": m.recipient_key,
            "payload": m.payload,
            "thread_ref": m.thread_ref,
            "replaces_ref": m.replaces_ref,
            "thread_of": m.thread_of,
            "expires_at": m.window.expires_at,
            "working_hours": m.window.hours.to_data() if m.window.hours else None,
            "uncertain": False,
            "state": PENDING,
            "attempts": 0,
            "next_attempt_at": m.due_at,
            "created_at": now,
        }
        for m in messages
    ]
    table = OutboxRow.__table__  # type: ignore[attr-defined]
    insert_new(session, table, rows, unique=["action_key", "platform", "address"])


def enqueue_edit(*, session: Session, message: NewMessage, now: datetime) -> None:
    """Queue an edit of the message `message.replaces_ref`: an edit of it still waiting
    takes the new payload instead (an edit replaces the whole message, so only the
    latest matters); one already claimed goes out, and this one follows it."""
    waiting = session.exec(  # type: ignore[call-overload]
        update(OutboxRow)
        .where(
            col(OutboxRow.platform) == message.platform,
            col(OutboxRow.address) == message.address,
            col(OutboxRow.replaces_ref) == message.replaces_ref,
            col(OutboxRow.state) == PENDING,
        )
        .values(payload=message.payload)
        .execution_options(synchronize_session=False)
    )
    if waiting.rowcount == 0:
        enqueue(session=session, messages=[message], now=now)


@dataclass(frozen=True, slots=True)
class Sent:
    """The platform's acknowledgement of one claimed row."""

    outbox_id: int
    platform_message_id: str
    channel: str


def mark_all_sent(
    *, session: Session, worker: str, sent: Sequence[Sent], now: datetime
) -> set[int]:
    """Record the platform's acknowledgements, and their actions as sent, in one statement
    per table; the ids this worker still held, and so recorded (a row whose lease expired
    and another sender took is left alone). The held rows are locked as they are read
    (PostgreSQL; SQLite's transactions hold the write lock from their start), and the
    update stays fenced."""
    if not sent:
        return set()
    rows = session.exec(  # type: ignore[call-overload]
        select(OutboxRow.id, OutboxRow.action_key)
        .where(
            col(OutboxRow.id).in_([s.outbox_id for s in sent]),
            col(OutboxRow.state) == SENDING,
            col(OutboxRow.claimed_by) == worker,
        )
        .with_for_update()
    ).all()
    held = {outbox_id: key for outbox_id, key in rows if outbox_id is not None}
    if not held:
        return set()
    session.connection().execute(
        _MARK_SENT,
        [
            {
                "b_id": s.outbox_id,
                "b_worker": worker,
                "b_now": now,
                "b_message": s.platform_message_id,
                "b_channel": s.channel,
            }
            for s in sent
            if s.outbox_id in held
        ],
    )
    session.exec(  # type: ignore[call-overload]
        update(ActionRow)
        .where(col(ActionRow.key).in_(set(held.values())))
        .values(
            sent_at=func.coalesce(col(ActionRow.sent_at), now),
            state=case((col(ActionRow.state) == "planned", "sent"), else_=col(ActionRow.state)),
        )
    )
    return set(held)


# One executemany for a group of acknowledgements (Core: the ORM would build a statement
# per row); fenced like _release, so a lease lost meanwhile still leaves the row alone.
_OUTBOX = OutboxRow.__table__  # type: ignore[attr-defined]
_MARK_SENT = (
    update(_OUTBOX)
    .where(
        _OUTBOX.c.id == bindparam("b_id"),
        _OUTBOX.c.state == SENDING,
        _OUTBOX.c.claimed_by == bindparam("b_worker"),
    )
    .values(
        state=SENT,
        sent_at=bindparam("b_now", type_=UtcDateTime()),
        platform_message_id=bindparam("b_message"),
        channel=bindparam("b_channel"),
        last_error=None,
        uncertain=False,
        claimed_by=None,
        claimed_until=None,
    )
)


def retry(
    *, session: Session, outbox_id: int, worker: str, at: datetime, error: str, uncertain: bool
) -> bool:
    """Put a held row back to wait until `at`; `uncertain` when the attempt may have
    reached the platform, so the next one asks it first."""
    released = _release(
        session,
        outbox_id,
        worker,
        state=PENDING,
        next_attempt_at=at,
        last_error=error,
        uncertain=uncertain,
    )
    return released is not None


def hand_back(*, session: Session, outbox_id: int, worker: str, now: datetime) -> bool:
    """Return a held row, known not to have gone out, to be claimed again at once, giving
    back the attempt its claim counted: a recovered row the platform never saw, or one whose
    moment passed while it waited its turn. The next claim checks it like any other."""
    released = _release(
        session,
        outbox_id,
        worker,
        state=PENDING,
        next_attempt_at=now,
        uncertain=False,
        attempts=col(OutboxRow.attempts) - 1,
    )
    return released is not None


def postpone(*, session: Session, outbox_id: int, worker: str, at: datetime) -> bool:
    """Put a held row back unsent until `at`, giving back the attempt its claim counted:
    waiting for a rate limit's turn is not a failed delivery."""
    released = _release(
        session,
        outbox_id,
        worker,
        state=PENDING,
        next_attempt_at=at,
        attempts=col(OutboxRow.attempts) - 1,
    )
    return released is not None


def fail(
    *, session: Session, outbox_id: int, worker: str, error: str, now: datetime, unreachable: bool
) -> bool:
    """Give up on a held row. When the platform refused the recipient, remember that, and
    close the action as missed if none of its messages got through, so the engine reads it
    as silence and escalates instead of asking again."""
    row = session.exec(
        select(OutboxRow).where(
            col(OutboxRow.id) == outbox_id,
            col(OutboxRow.state) == SENDING,
            col(OutboxRow.claimed_by) == worker,
        )
    ).first()
    if row is None or _release(session, outbox_id, worker, state=FAILED, last_error=error) is None:
        return False
    if unreachable:
        record_unreachable(
            session=session,
            platform=row.platform,
            recipient_key=row.recipient_key,
            reason=error,
            now=now,
        )
    miss_if_undelivered(session, action_key=row.action_key, now=now)
    return True


def record_unreachable(
    *, session: Session, platform: str, recipient_key: str, reason: str, now: datetime
) -> None:
    """Note that a platform refused a person or channel (kept from the first refusal)."""
    table = UnreachableRow.__table__  # type: ignore[attr-defined]
    statement = insert_for(session)(table).on_conflict_do_nothing(
        index_elements=["platform", "person_key"]
    )
    session.connection().execute(
        statement,
        [{"platform": platform, "person_key": recipient_key, "reason": reason, "since": now}],
    )


def refusals(*, session: Session) -> set[tuple[str, str]]:
    """(platform, recipient key) pairs a platform has refused."""
    rows = session.exec(select(UnreachableRow.platform, UnreachableRow.person_key))
    return {(platform, key) for platform, key in rows}


@dataclass(frozen=True, slots=True)
class Refusal:
    """A platform's refusal of a person or team, as first recorded."""

    platform: str
    recipient_key: str
    reason: str
    since: datetime


def refusal_details(*, session: Session) -> list[Refusal]:
    """Every refusal with its reason, oldest first, for `cadence-bot health`."""
    query = select(UnreachableRow).order_by(
        col(UnreachableRow.since), col(UnreachableRow.person_key)
    )
    return [
        Refusal(row.platform, row.person_key, row.reason, row.since) for row in session.exec(query)
    ]


def counts(*, session: Session) -> dict[str, int]:
    """Rows per state, for health checks and tests."""
    query = select(OutboxRow.state, func.count()).group_by(col(OutboxRow.state))
    return {state: int(n) for state, n in session.exec(query)}


def _release(session: Session, outbox_id: int, worker: str, **values: Any) -> str | None:
    """Set `values` on a row this worker still holds and end the claim, in one statement
    fenced by claimed_by; the row's action key, or None when the lease was lost."""
    statement = (
        update(OutboxRow)
        .where(
            col(OutboxRow.id) == outbox_id,
            col(OutboxRow.state) == SENDING,
            col(OutboxRow.claimed_by) == worker,
        )
        .values(claimed_by=None, claimed_until=None, **values)
        .returning(col(OutboxRow.action_key))
    )
    return session.exec(statement).scalar_one_or_none()  # type: ignore[call-overload]
