"""Views as Teams message activities: one Adaptive Card attachment, held to Teams' limits."""

from __future__ import annotations

from typing import Any

from botbuilder.core import CardFactory
from botbuilder.schema import Activity, ActivityTypes
from jinja2 import Environment

from cadence.views import View
from messages import limits
from messages.teams import render_teams


class CardTooLarge(ValueError):
    """A card over the Teams limit even after fitting: sending it would fail anyway."""


def card_for(view: View, env: Environment) -> dict[str, Any]:
    """The Adaptive Card for a view, refused if Teams would refuse it."""
    card = render_teams(view, env)
    problems = limits.teams_card_problems(card)
    if problems:
        raise CardTooLarge(f"{type(view).__name__}: {'; '.join(problems)}")
    return card


def card_activity(view: View, env: Environment) -> Activity:
    """A message carrying the view's card."""
    return Activity(
        type=ActivityTypes.message,
        attachments=[CardFactory.adaptive_card(card_for(view, env))],
    )
