"""Every table, imported here so SQLModel.metadata (and Alembic) sees them all."""

from storage.tables.chat import ChatRefRow
from storage.tables.local import LocalMessage
from storage.tables.plan import MeasureRow, ObjectiveRow, PersonRow, PlanSettingsRow, TeamRow
from storage.tables.runtime import ActionRow, OutboxRow, ScheduleRow, SnoozeRow, UnreachableRow
from storage.tables.slack import SlackPersonRow
from storage.tables.updates import GradeRow, UpdateRow
from storage.tables.zones import ReportedZoneRow

__all__ = [
    "ActionRow",
    "ChatRefRow",
    "GradeRow",
    "LocalMessage",
    "MeasureRow",
    "ObjectiveRow",
    "OutboxRow",
    "PersonRow",
    "PlanSettingsRow",
    "ReportedZoneRow",
    "ScheduleRow",
    "SlackPersonRow",
    "SnoozeRow",
    "TeamRow",
    "UnreachableRow",
    "UpdateRow",
]
