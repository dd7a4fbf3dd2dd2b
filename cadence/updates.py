"""Updates: the append-only record of what an owner reported for a measure."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime


class Confidence(enum.StrEnum):
    """How a KR owner rates the chance of hitting the target this period."""

    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"


class Source(enum.StrEnum):
    """Where an update came from, kept for audit and for the digest."""

    SLACK_BUTTON = "slack_button"
    SLACK_MODAL = "slack_modal"
    SLACK_TEXT = "slack_text"
    SLACK_COMMAND = "slack_command"
    TEAMS_CARD = "teams_card"
    TEAMS_TEXT = "teams_text"
    LOCAL = "local"
    CLI = "cli"
    IMPORT = "import"


@dataclass(frozen=True, slots=True)
class Update:
    """One recorded value. A correction is a new Update naming the one it supersedes."""

    measure: str
    value: float
    period: str
    recorded_at: datetime
    author: str
    source: Source
    confidence: Confidence | None = None
    comment: str | None = None
    blockers: str | None = None
    raw_text: str | None = None
    no_change: bool = False
    supersedes: int | None = None
    id: int | None = None
