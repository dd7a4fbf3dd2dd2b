"""Many rows at once, on both databases: only new rows are written, and only their keys
come back, with every column read back as it went in (JSON, NULLs, aware times)."""

from datetime import UTC, datetime, timedelta, timezone

from sqlmodel import select

from storage.bulk_insert import insert_new
from storage.database import transaction
from storage.tables.runtime import ActionRow

NOW = datetime(2026, 11, 30, 9, tzinfo=UTC)
TABLE = ActionRow.__table__


def action(key: str, **fields) -> dict:
    return {"key": key, "kind": "checkin", "recipient_kind": "person", "recipient_key": "ana",
            "subject": "ana", "period": "2026-W49", "measure_keys": ["kr-1", 'say "hi"'],
            "state": "planned", "due_at": NOW, "created_at": NOW, "closed_at": None,
            **fields}  # fmt: skip


def test_only_new_rows_are_written_and_their_keys_returned(db):
    with transaction(db) as session:
        assert insert_new(session, TABLE, [action("a"), action("b")], unique=["key"],
                          returning=TABLE.c.key) == ["a", "b"]  # fmt: skip
    later = NOW + timedelta(hours=1)
    rows = [action("b", state="missed", created_at=later), action("c"), action("c")]
    with transaction(db) as session:
        assert insert_new(session, TABLE, rows, unique=["key"], returning=TABLE.c.key) == ["c"]
    with transaction(db) as session:
        stored = {row.key: row for row in session.exec(select(ActionRow))}
    assert sorted(stored) == ["a", "b", "c"]
    assert stored["b"].state == "planned" and stored["b"].created_at == NOW


def test_every_column_reads_back_as_it_went_in(db):
    kolkata = timezone(timedelta(hours=5, minutes=30))
    closed = datetime(2026, 11, 30, 15, 0, 0, 123456, tzinfo=kolkata)
    with transaction(db) as session:
        insert_new(session, TABLE, [action("x", closed_at=closed, measure_keys=[])],
                   unique=["key"], returning=TABLE.c.key)  # fmt: skip
        insert_new(session, TABLE, [action("y")], unique=["key"])
    with transaction(db) as session:
        x, y = session.exec(select(ActionRow).order_by(ActionRow.key)).all()
    assert x.closed_at == closed and x.closed_at.tzinfo == UTC
    assert x.measure_keys == [] and x.due_at == NOW
    assert y.measure_keys == ["kr-1", 'say "hi"'] and y.closed_at is None


def test_no_rows_write_nothing(db):
    with transaction(db) as session:
        assert insert_new(session, TABLE, [], unique=["key"], returning=TABLE.c.key) == []
        assert session.exec(select(ActionRow)).all() == []
