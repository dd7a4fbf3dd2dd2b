"""Views as Teams message activities: one Adaptive Card attachment, held to Teams' limits,
and beside it the trend charts when the message has some (a /metric answer, a digest).

The chart goes as an inline image attachment whose contentUrl is a base64 data URI: Teams
renders it in the chat (1:1, group or channel) without the bot hosting anything, a
private measure's chart never sits behind a URL, and base64 images do not count towards
the 100 KB bot message limit. Teams asks for inline images under 1 MB and 1024 x 1024 px;
messages/charts.py draws 640 x 320.
"""

from __future__ import annotations

import base64
import logging
from collections.abc import Sequence
from typing import Any

from botbuilder.core import CardFactory
from botbuilder.schema import Activity, ActivityTypes, Attachment
from jinja2 import Environment

from cadence.views import View
from messages import limits
from messages.teams import render_teams

log = logging.getLogger(__name__)
IMAGE_BYTES = 1_000_000


class CardTooLarge(ValueError):
    """A card over the Teams limit even after fitting: sending it would fail anyway."""


def card_for(view: View, env: Environment) -> dict[str, Any]:
    """The Adaptive Card for a view, refused if Teams would refuse it."""
    card = render_teams(view, env)
    problems = limits.teams_card_problems(card)
    if problems:
        raise CardTooLarge(f"{type(view).__name__}: {'; '.join(problems)}")
    return card


def card_activity(view: View, env: Environment, *, charts: Sequence[bytes] = ()) -> Activity:
    """A message carrying the view's card, and each chart as an inline image."""
    attachments = [CardFactory.adaptive_card(card_for(view, env))]
    for png in charts:
        if len(png) < IMAGE_BYTES:
            attachments.append(chart_attachment(png))
        else:
            log.warning("teams: a %d-byte chart is over Teams' 1 MB; left it out", len(png))
    return Activity(type=ActivityTypes.message, attachments=attachments)


def chart_attachment(png: bytes) -> Attachment:
    """A PNG as Teams' inline image: an image attachment holding a base64 data URI."""
    data = base64.b64encode(png).decode("ascii")
    return Attachment(
        content_type="image/png", content_url=f"data:image/png;base64,{data}", name="trend.png"
    )
