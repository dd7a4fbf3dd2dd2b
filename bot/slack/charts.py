"""A trend chart inside the `/metric` answer: uploaded to Slack, shown by its file id.

files_upload_v2 without a channel (files.getUploadURLExternal, the upload, then
files.completeUploadExternal) shares the file nowhere: only the bot can read it, and an
image block's `slack_file` needs exactly that, "the user posting these blocks must have
access to this file". So the chart appears in the private answer and in no channel.

Slack finishes an upload asynchronously (it scans the file first), and a block naming a
file it has not finished is refused as "invalid slack file". The file's `mimetype` in
files.info stays empty until then, so the answer waits for it, briefly: a chart that is
not ready in about three seconds is left out, and the answer goes as text.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import replace

from slack_sdk.errors import SlackRequestError
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.port import FAILURES
from cadence.outcomes import Outcome
from cadence.views import MetricAnswer

log = logging.getLogger(__name__)
UPLOAD_FAILURES = (*FAILURES, SlackRequestError)
# Pauses between files.info checks: 3 s in all, well inside the response_url's 30 minutes
# and short enough that the asker is still looking.
READY_PAUSES = (0.2, 0.4, 0.8, 1.6)
Pause = Callable[[float], Awaitable[None]]


async def with_chart(
    client: AsyncWebClient, outcome: Outcome, user_id: str, *, pause: Pause = asyncio.sleep
) -> MetricAnswer | None:
    """The answer with its chart as an uploaded file, or None when there is no chart, the
    upload failed or Slack has not finished it (the answer then goes out as text alone)."""
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
    if not file_id or not await _ready(client, file_id, pause):
        return None
    return replace(reply, chart_file=file_id)


async def _ready(client: AsyncWebClient, file_id: str, pause: Pause) -> bool:
    """Whether Slack has finished the file; an unanswerable files.info (an app installed
    before files:read was asked for) counts as ready, and a refusal then means text."""
    for wait in (0.0, *READY_PAUSES):
        if wait:
            await pause(wait)
        try:
            info = await client.files_info(file=file_id)
        except FAILURES as error:
            log.info(
                "slack: files.info for %s failed (%s); trying the chart anyway", file_id, error
            )
            return True
        if (info.get("file") or {}).get("mimetype"):
            return True
    log.warning(
        "slack: chart %s still processing after %.1f s; answering without it",
        file_id,
        sum(READY_PAUSES),
    )
    return False
