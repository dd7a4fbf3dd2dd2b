"""A trend chart inside the `/metric` answer: uploaded to Slack, shown by its file id.

files_upload_v2 without a channel (files.getUploadURLExternal, the upload, then
files.completeUploadExternal) shares the file nowhere: only the bot can read it, and an
image block's `slack_file` needs exactly that, "the user posting these blocks must have
access to this file". So the chart appears in the ephemeral answer and in no channel.
"""

from __future__ import annotations

import logging
from dataclasses import replace

from slack_sdk.errors import SlackRequestError
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.port import FAILURES
from cadence.outcomes import Outcome
from cadence.views import MetricAnswer

log = logging.getLogger(__name__)
UPLOAD_FAILURES = (*FAILURES, SlackRequestError)


async def with_chart(client: AsyncWebClient, outcome: Outcome, user_id: str) -> object | None:
    """The answer with its chart as an uploaded file, or None when there is no chart or
    the upload failed (the answer then goes out as text alone)."""
    reply = outcome.reply
    if outcome.chart_png is None or not isinstance(reply, MetricAnswer):
        return None
    try:
        response = await client.files_upload_v2(
            file=outcome.chart_png,
            filename="trend.png",
            title=f"{reply.measure.title}: trend"[:250],
            alt_txt=f"{reply.measure.title} over time"[:1000],
        )
    except UPLOAD_FAILURES as error:
        log.warning("slack: could not upload the chart for %s: %s", user_id, error)
        return None
    file_id = (response.get("file") or {}).get("id")
    return replace(reply, chart_file=file_id) if file_id else None
