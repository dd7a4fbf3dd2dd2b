"""Plan people matched to Slack users: read by routing every tick, written by the Slack
directory sync after each start and each plan import."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete
from sqlmodel import Session, col, select

from storage.action_repo import insert_for
from storage.tables.runtime import UnreachableRow
from storage.tables.slack import SlackPersonRow

_CHUNK = 500  # keys per IN list


@dataclass(frozen=True, slots=True)
class SlackMatch:
    """One person found in the workspace, and the plan entry they were found by."""

    person_key: str
    user_id: str
    timezone: str | None
    matched_slack_id: str | None
    matched_email: str | None


def slack_ids(*, session: Session) -> dict[str, str]:
    """Person key -> Slack user id, for every matched person."""
    rows = session.exec(select(SlackPersonRow.person_key, SlackPersonRow.user_id))
    return dict(rows.all())


def matched_by(*, session: Session) -> dict[str, tuple[str | None, str | None]]:
    """Person key -> the (slack_id, email) of the plan entry each match was made from."""
    rows = session.exec(
        select(
            SlackPersonRow.person_key,
            SlackPersonRow.matched_slack_id,
            SlackPersonRow.matched_email,
        )
    )
    return {key: (slack_id, email) for key, slack_id, email in rows}


def save_matches(*, session: Session, matches: Iterable[SlackMatch], now: datetime) -> None:
    """Insert or replace each person's match."""
    table = SlackPersonRow.__table__  # type: ignore[attr-defined]
    rows = [
        {
            "person_key": m.person_key,
            "user_id": m.user_id,
            "timezone": m.timezone,
            "matched_slack_id": m.matched_slack_id,
            "matched_email": m.matched_email,
            "resolved_at": now,
        }
        for m in matches
    ]
    if not rows:
        return
    statement = insert_for(session)(table)
    statement = statement.on_conflict_do_update(
        index_elements=["person_key"],
        set_={name: statement.excluded[name] for name in rows[0] if name != "person_key"},
    )
    session.connection().execute(statement, rows)


def forget_matches(*, session: Session, person_keys: Collection[str]) -> None:
    """Drop the matches of people no longer found (or no longer in the plan)."""
    for chunk in _chunks(person_keys):
        session.connection().execute(
            delete(SlackPersonRow).where(col(SlackPersonRow.person_key).in_(chunk))
        )


def forget_refusals(*, session: Session, platform: str, keys: Collection[str]) -> None:
    """The platform reaches these people or teams now: stop routing around them."""
    for chunk in _chunks(keys):
        session.connection().execute(
            delete(UnreachableRow).where(
                col(UnreachableRow.platform) == platform,
                col(UnreachableRow.person_key).in_(chunk),
            )
        )


def _chunks(keys: Collection[str]) -> Iterable[list[str]]:
    ordered = sorted(keys)
    for start in range(0, len(ordered), _CHUNK):
        yield ordered[start : start + _CHUNK]
