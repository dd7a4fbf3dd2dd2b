"""Claiming outbox rows: which due rows a sender takes, and what becomes of the others.

A claim takes rows with `SELECT ... FOR UPDATE SKIP LOCKED` on PostgreSQL, so concurrent
senders never take the same row. SQLite has no row locks (and pysqlite reads outside the
transaction), so each row is then changed by an UPDATE guarded by the attempt count every
claim bumps: of two senders that read the same row, one gets it. A sending row whose lease
ran out belonged to a sender that died mid-delivery, and an `uncertain` row's last attempt
lost the platform's answer: either is claimed again as `recovering`, and the sender asks
the platform whether the message went out before sending it again.

Only rows that may go now are handed out (cadence.delivery): a row whose period is over
expires (its action, if nothing else of it went out, becomes missed: silence), a row whose
action was answered, missed or cancelled is withdrawn, a direct message outside its
recipient's working hours waits for their next working moment, and a reply waits for the
prompt it replies under; none of that uses an attempt.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, or_, update
from sqlmodel import Session, col, select

from cadence.delivery import SendWindow, WorkingHours
from storage.tables.runtime import ActionRow, OutboxRow

PENDING, SENDING, SENT, FAILED = "pending", "sending", "sent", "failed"
CANCELLED, EXPIRED = "cancelled", "expired"
# Actions whose messages may still go out.
OPEN_ACTIONS = ("planned", "sent")
# How long a reply waits before looking again for the prompt it replies under.
REPLY_WAIT = timedelta(minutes=1)


@dataclass(frozen=True, slots=True)
class Claimed:
    """A row this sender now holds; `recovering` means an earlier attempt may have reached
    the platform (a dead sender held it, or the platform's answer was lost)."""

    id: int
    action_key: str
    kind: str
    platform: str
    address: str
    recipient_key: str
    payload: dict[str, Any]
    thread_ref: str | None
    replaces_ref: str | None
    attempts: int
    recovering: bool
    window: SendWindow = field(default_factory=SendWindow)


def claim(
    *,
    session: Session,
    worker: str,
    now: datetime,
    lease: timedelta,
    limit: int,
    platforms: Sequence[str],
) -> list[Claimed]:
    """Take up to `limit` rows on `platforms` that may go now (or whose earlier attempt
    may have gone: those the sender reconciles first). Rows that may not go now are
    expired, withdrawn or moved to their next moment on the way."""
    claimed: list[Claimed] = []

    def take(row: OutboxRow, thread_ref: str | None) -> bool:
        return _take(
            session, row, worker=worker, until=now + lease, into=claimed, thread_ref=thread_ref
        )

    while len(claimed) < limit:
        rows = list(session.exec(_ready(now, platforms, limit - len(claimed))))
        if not rows:
            break
        closed = _closed_actions(session, rows)
        parents = _parents(session, rows)
        moved = False
        for row in rows:
            if row.state == SENDING or row.uncertain:
                # Whatever else holds, the platform is asked first whether it went out.
                moved |= take(row, row.thread_ref)
            elif row.replaces_ref is None and row.action_key in closed:
                reason = f"withdrawn: its action was {closed[row.action_key]} first"
                moved |= _settle(session, row, state=CANCELLED, last_error=reason)
            elif (opens := window_of(row).opens_at(now)) is None:
                moved |= _expire(session, row, now=now)
            elif opens > now:
                moved |= _settle(session, row, next_attempt_at=opens)
            else:
                thread_ref, wait = _reply_to(row, parents=parents, now=now)
                if wait is not None:
                    moved |= _settle(session, row, next_attempt_at=wait)
                else:
                    moved |= take(row, thread_ref)
        if not moved:
            break  # every row read was taken by another sender in the meantime
    return claimed


def window_of(row: OutboxRow) -> SendWindow:
    """When a stored row may go out."""
    hours = WorkingHours.from_data(row.working_hours) if row.working_hours else None
    return SendWindow(row.expires_at, hours)


def _ready(now: datetime, platforms: Sequence[str], limit: int) -> Any:
    ready = or_(
        and_(col(OutboxRow.state) == PENDING, col(OutboxRow.next_attempt_at) <= now),
        and_(col(OutboxRow.state) == SENDING, col(OutboxRow.claimed_until) < now),
    )
    return (
        select(OutboxRow)
        .where(ready, col(OutboxRow.platform).in_(list(platforms)))
        .order_by(col(OutboxRow.next_attempt_at), col(OutboxRow.id))
        .limit(limit)
        .with_for_update(skip_locked=True)
        # Rows this claim already changed are read as they are now, not as first read.
        .execution_options(populate_existing=True)
    )


def _closed_actions(session: Session, rows: Sequence[OutboxRow]) -> dict[str, str]:
    """The state of each of these rows' actions that is no longer open."""
    keys = {row.action_key for row in rows}
    query = select(ActionRow.key, ActionRow.state).where(
        col(ActionRow.key).in_(keys), col(ActionRow.state).not_in(OPEN_ACTIONS)
    )
    return dict(session.exec(query).all())


def _parents(session: Session, rows: Sequence[OutboxRow]) -> dict[str, list[OutboxRow]]:
    """The outbox rows of the prompts these rows still have to find their thread under."""
    keys = {row.thread_of for row in rows if row.thread_of and not row.thread_ref}
    if not keys:
        return {}
    found: dict[str, list[OutboxRow]] = {}
    for parent in session.exec(select(OutboxRow).where(col(OutboxRow.action_key).in_(keys))):
        found.setdefault(parent.action_key, []).append(parent)
    return found


def _reply_to(
    row: OutboxRow, *, parents: dict[str, list[OutboxRow]], now: datetime
) -> tuple[str | None, datetime | None]:
    """The message a reply goes under (None: it stands alone), or when to look again while
    the prompt it replies under is still on its way to the same conversation."""
    if row.thread_ref or row.thread_of is None:
        return row.thread_ref, None
    same = [
        p
        for p in parents.get(row.thread_of, [])
        if p.platform == row.platform and p.address == row.address
    ]
    sent = next((p.platform_message_id for p in same if p.state == SENT), None)
    if sent:
        return sent, None
    coming = [p.next_attempt_at for p in same if p.state == PENDING]
    if coming or any(p.state == SENDING for p in same):
        return None, max([now + REPLY_WAIT, *coming])
    return None, None  # the prompt never went out there: the reminder stands alone


def _take(
    session: Session,
    row: OutboxRow,
    *,
    worker: str,
    until: datetime,
    into: list[Claimed],
    thread_ref: str | None,
) -> bool:
    """Claim one row read by this claim, unless another sender took it since."""
    recovering = row.state == SENDING or row.uncertain
    taken = _settle(
        session,
        row,
        state=SENDING,
        claimed_by=worker,
        claimed_until=until,
        thread_ref=thread_ref,
        attempts=row.attempts + 1,  # a recovery counts too: a poison row must end
    )
    if taken:
        into.append(
            _claimed(row, recovering=recovering, attempts=row.attempts + 1, thread_ref=thread_ref)
        )
    return taken


def _settle(session: Session, row: OutboxRow, **values: Any) -> bool:
    """Change a row as this claim read it; False when another sender changed it since.
    Guarded by the attempt count, which every claim bumps: without row locks (SQLite) a
    row someone else claimed since our read is simply not ours."""
    done = session.exec(  # type: ignore[call-overload]
        update(OutboxRow)
        .where(
            col(OutboxRow.id) == row.id,
            col(OutboxRow.attempts) == row.attempts,
            col(OutboxRow.state) == row.state,
        )
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    return bool(done.rowcount == 1)


def _expire(session: Session, row: OutboxRow, *, now: datetime) -> bool:
    reason = "expired: its period was over before it could go out"
    if not _settle(session, row, state=EXPIRED, last_error=reason):
        return False
    miss_if_undelivered(session, action_key=row.action_key, now=now)
    return True


def miss_if_undelivered(session: Session, *, action_key: str, now: datetime) -> None:
    """Close a planned action as missed when none of its messages went out or still may."""
    delivered = session.exec(
        select(OutboxRow.id).where(
            col(OutboxRow.action_key) == action_key,
            col(OutboxRow.state).in_([PENDING, SENDING, SENT]),
        )
    ).first()
    if delivered is None:
        session.exec(  # type: ignore[call-overload]
            update(ActionRow)
            .where(col(ActionRow.key) == action_key)
            .where(col(ActionRow.state) == "planned")
            .values(state="missed", closed_at=now)
        )


def _claimed(row: OutboxRow, *, recovering: bool, attempts: int, thread_ref: str | None) -> Claimed:
    assert row.id is not None
    return Claimed(
        id=row.id,
        action_key=row.action_key,
        kind=row.kind,
        platform=row.platform,
        address=row.address,
        recipient_key=row.recipient_key,
        payload=row.payload,
        thread_ref=thread_ref,
        replaces_ref=row.replaces_ref,
        attempts=attempts,
        recovering=recovering,
        window=window_of(row),
    )
