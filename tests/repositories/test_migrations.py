from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect
from sqlmodel import SQLModel

import storage.tables  # noqa: F401
from storage.migrate import current_revision, head_revision, upgrade


def test_an_empty_database_migrates_to_head_and_matches_the_models(db):
    assert current_revision(db) == head_revision()
    with db.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": False})
        assert compare_metadata(context, SQLModel.metadata) == []


def test_upgrading_twice_is_harmless(db):
    upgrade(db)
    assert "updates" in inspect(db).get_table_names()


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(tmp_path):
    from storage.database import open_engine

    engine = open_engine(f"sqlite:///{tmp_path / 'x.db'}")
    with engine.connect() as connection:
        assert connection.exec_driver_sql("pragma journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("pragma busy_timeout").scalar() == 5000
    engine.dispose()
