"""The local inbox repository on SQLite and PostgreSQL (the shared `db` fixture)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from storage import local_repo

T0 = datetime(2026, 10, 5, 9, 0, tzinfo=UTC)


@pytest.fixture
def engine(db: sa.Engine) -> sa.Engine:
    """The root suite's migrated database, SQLite and PostgreSQL alike."""
    return db


def test_messages_come_back_in_order_per_conversation(engine: sa.Engine) -> None:
    with Session(engine) as session, session.begin():
        for i in range(3):
            local_repo.add_message(
                session=session,
                conversation="person:ana",
                author="bot",
                kind="checkin",
                at=T0 + timedelta(minutes=i),
                payload={"n": i},
            )
        local_repo.add_message(
            session=session, conversation="team:sales", author="bot", kind="digest", at=T0
        )
    with Session(engine) as session:
        shown = local_repo.list_messages(session=session, conversation="person:ana", limit=2)
        assert [m.payload for m in shown] == [{"n": 1}, {"n": 2}]
        assert shown[0].created_at.replace(
            tzinfo=shown[0].created_at.tzinfo or UTC
        ) == T0 + timedelta(minutes=1)
        assert local_repo.message_counts(session=session) == {"person:ana": 3, "team:sales": 1}


def test_one_outbox_entry_is_stored_once(engine: sa.Engine) -> None:
    with Session(engine) as session, session.begin():
        first = local_repo.add_message(
            session=session, conversation="person:ana", author="bot", kind="x", at=T0, outbox_id=7
        )
        first_id = first.id
    with Session(engine) as session:
        found = local_repo.find_by_outbox(session=session, outbox_id=7)
        assert found is not None and found.id == first_id
        assert local_repo.find_by_outbox(session=session, outbox_id=8) is None
    with pytest.raises(IntegrityError), Session(engine) as session, session.begin():
        local_repo.add_message(
            session=session, conversation="person:ana", author="bot", kind="x", at=T0, outbox_id=7
        )


def test_an_edit_replaces_the_payload_and_marks_it(engine: sa.Engine) -> None:
    with Session(engine) as session, session.begin():
        message = local_repo.add_message(
            session=session,
            conversation="person:ana",
            author="bot",
            kind="x",
            at=T0,
            payload={"v": 1},
        )
        message_id = message.id
    with Session(engine) as session, session.begin():
        edited = local_repo.replace_payload(
            session=session, message_id=message_id, payload={"v": 2}, at=T0 + timedelta(hours=1)
        )
        assert edited is not None
        assert (
            local_repo.replace_payload(session=session, message_id=999, payload={}, at=T0) is None
        )
    with Session(engine) as session:
        stored = local_repo.get_message(session=session, message_id=message_id)
        assert stored is not None and stored.payload == {"v": 2} and stored.edited_at is not None


def test_a_page_request_is_found_by_its_reference(engine: sa.Engine) -> None:
    with Session(engine) as session, session.begin():
        local_repo.add_message(
            session=session,
            conversation="person:ana",
            author="ana",
            kind="text",
            at=T0,
            text="42",
            request_ref="local:ana:c1#in",
        )
    with Session(engine) as session:
        found = local_repo.find_by_request(session=session, request_ref="local:ana:c1#in")
        assert found is not None and found.text == "42"
        assert local_repo.find_by_request(session=session, request_ref="local:ana:c2#in") is None
